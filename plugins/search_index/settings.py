"""Settings of the search_index plugin: defaults in one place, read where they are used."""

from validation.defaults import apply_defaults

from .chunks import CHUNK_TARGET

DEFAULTS = {
    # The search page.
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    # Folder of the index files (index.json and its folder of chunks), relative to the output.
    "SEARCH_INDEX_PATH": "search",
    # Characters of postings per index chunk (plugins/search_index/chunks.py): smaller chunks
    # mean fewer bytes per query, more files and a longer entry file (the chunk boundaries).
    "SEARCH_CHUNK_SIZE": CHUNK_TARGET,
    # The gazetteer (places and the country each is in), relative to Pelican's content PATH:
    # a place name typed in search finds the members serving its country.
    "SEARCH_GAZETTEER_PATH": "data/gazetteer.yaml",
    # Words buyers use for each service and industry, per language (synonyms.py), relative to
    # PATH: a typed synonym finds the members of its term. A missing file means no synonyms.
    "SEARCH_SYNONYMS_PATH": "data/synonyms.yaml",
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="search_index")

