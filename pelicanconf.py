"""Pelican settings for developing the MSP Directory site (publishconf.py adds production values)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The project's plugins import each other (member_profiles uses safe_markup), and the make
# targets import them as modules, so the plugins folder is importable as a whole.
if os.path.join(HERE, "plugins") not in sys.path:
    sys.path.insert(0, os.path.join(HERE, "plugins"))

AUTHOR = "MSP Directory editors"
SITENAME = "MSP Directory"
SITE_TAGLINE = "Certified managed service providers, verified against a published standard"
ASSOCIATION_NAME = "Association of Verified Managed Service Providers"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["assets", "safe_markup", "member_profiles"]

# Contributors' text is untrusted: every template variable is escaped unless marked safe.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}

# Provider profiles (see plugins/member_profiles/settings.py for every setting and default).
PROVIDERS_PATH = os.path.join(HERE, "providers")
BUILD_DATE = None  # None: the day of the build. Set YYYY-MM-DD for a reproducible build.
CERTIFICATION_EXPIRING_DAYS = 60

# Pretty URLs everywhere: folder/index.html, so any static host serves them.
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = ["index"]
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = False
PAGINATED_TEMPLATES = {"index": None, "directory": 48, "facet": 48}

STATIC_PATHS = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = False
# Output is built fresh each time so that no stale page survives a removed profile.
DELETE_OUTPUT_DIRECTORY = True
# Reading caches never hide a changed profile: profiles are read by our plugin on every build.
LOAD_CONTENT_CACHE = False

# Search (plugins/search_index/settings.py has every setting and default): a prebuilt lunr
# index under search/ and the search page at search/.
PLUGINS = PLUGINS + ["search_index"]
