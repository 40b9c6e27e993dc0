"""Settings of the search_index plugin: defaults in one place, read where they are used."""

DEFAULTS = {
    # The search page.
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    # Folder of the index files (members.json, content.json), relative to the output.
    "SEARCH_INDEX_PATH": "search",
}


def setting(settings, key):
    return settings.get(key, DEFAULTS[key])
