"""Settings of the search_index plugin: defaults in one place, read where they are used."""

import posixpath

DEFAULTS = {
    # The search page.
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    # Folder of the index files (index.json and its folder of chunks), relative to the output.
    "SEARCH_INDEX_PATH": "search",
    # Characters of postings per index chunk (plugins/search_index/chunks.py): smaller chunks
    # mean fewer bytes per query and more files.
    "SEARCH_CHUNK_SIZE": 12000,
}


def setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def is_inside_output(folder):
    """Whether a relative output folder stays inside the output (no absolute path, no '..')."""
    if not isinstance(folder, str) or not folder.strip("/"):
        return False
    normal = posixpath.normpath(folder.replace("\\", "/"))
    return not posixpath.isabs(normal) and normal != ".." and not normal.startswith("../")
