"""Settings of the search_index plugin: defaults in one place, read where they are used."""

import posixpath

from validation.defaults import apply_defaults

DEFAULTS = {
    # The search page.
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    # Folder of the index files (members.json, content.json), relative to the output.
    "SEARCH_INDEX_PATH": "search",
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="search_index")


def is_inside_output(folder):
    """Whether a relative output folder stays inside the output (no absolute path, no '..')."""
    if not isinstance(folder, str) or not folder.strip("/"):
        return False
    normal = posixpath.normpath(folder.replace("\\", "/"))
    return not posixpath.isabs(normal) and normal != ".." and not normal.startswith("../")
