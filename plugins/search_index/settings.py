"""Settings of the search_index plugin: defaults in one place, read where they are used."""

from validation.defaults import Rule, apply_defaults

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
    # The stemmer and stop words of the stemmed indexes, per site language (SITE_LANGUAGE):
    # "en" is lunr.js's own English; another value names a lunr-languages language that
    # languages.py has a Python twin of and theme/static/vendor/lunr-languages/ the script of
    # ("no": Norwegian). A language not listed or not supported is indexed unstemmed (lower-cased
    # and folded words, no stop words), with a warning.
    "SEARCH_LANGUAGES": {"en": "en", "nb": "no"},
}


RULES = {
    "SEARCH_LANGUAGES": Rule(
        lambda value: isinstance(value, dict) and all(
            isinstance(key, str) and isinstance(code, str) for key, code in value.items()),
        "a mapping of site language codes to 'en' or a lunr-languages code, "
        "such as {'en': 'en', 'nb': 'no'}"),
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    settings = pelican.settings
    apply_defaults(settings, DEFAULTS, RULES, owner="search_index")
    # The search page's bytes come before the first result (issue 26's budget): precompress
    # gives it the best brotli quality, as it does the scripts and the index.
    best = list(settings.get("PRECOMPRESS_BEST_HTML") or [])
    if settings["SEARCH_SAVE_AS"] and settings["SEARCH_SAVE_AS"] not in best:
        settings["PRECOMPRESS_BEST_HTML"] = [*best, settings["SEARCH_SAVE_AS"]]

