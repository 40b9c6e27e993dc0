"""Settings of the cms plugin: defaults in one place, read where they are used."""

import os

from validation.defaults import apply_defaults

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

DEFAULTS = {
    # The browser editor at /admin/ is written only when this is true.
    "CMS_ENABLED": False,
    # Its folder in the site (left out of the sitemap, the search index and robots).
    "CMS_SAVE_AS": "admin/",
    # Decap CMS's bundle, installed by `make cms-deps` (npm ci from package-lock.json).
    "CMS_BUNDLE_PATH": os.path.join(PROJECT, "node_modules", "decap-cms", "dist"),
    # The YAML library cms.js edits profiles with (its browser build, ES modules).
    "CMS_YAML_PATH": os.path.join(PROJECT, "node_modules", "yaml", "browser", "dist"),
    # Production: the GitHub backend with the editorial workflow (a save is a pull request).
    "CMS_GITHUB_REPO": None,          # "owner/name"
    "CMS_GITHUB_BRANCH": "main",
    # The OAuth client the association runs for GitHub logins (docs/editor-cms.md).
    "CMS_AUTH_BASE_URL": None,
    "CMS_AUTH_ENDPOINT": None,
    # A clone: decap-server (npm) serves the working tree's files; `make cms-local` sets it.
    "CMS_LOCAL_BACKEND": False,
    "CMS_LOCAL_BACKEND_URL": "http://localhost:8081/api/v1",
    # Where the editor writes, relative to the repository.
    "CMS_PROVIDERS_FOLDER": "providers",
    "CMS_CONTENT_FOLDER": "content",
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults; /admin/ reserved for it when it is on."""
    settings = apply_defaults(pelican.settings, DEFAULTS, owner="cms")
    reserved = settings.get("OUTPUTS_RESERVED")
    if settings["CMS_ENABLED"] and isinstance(reserved, list):
        settings["OUTPUTS_RESERVED"] = [*reserved, settings["CMS_SAVE_AS"]]
