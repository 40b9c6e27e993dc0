"""Pelican settings for developing the MSP Directory site (publishconf.py adds production values)."""

import logging
import os
import sys

from jinja2 import FileSystemBytecodeCache

HERE = os.path.dirname(os.path.abspath(__file__))
# The project's plugins import each other (member_profiles uses safe_markup), and the make
# targets import them as modules, so the plugins folder is importable as a whole.
if os.path.join(HERE, "plugins") not in sys.path:
    sys.path.insert(0, os.path.join(HERE, "plugins"))

AUTHOR = "MSP Directory editors"
SITENAME = "MSP Directory"
SITE_TAGLINE = "Certified managed service providers, verified against a published standard"
ASSOCIATION_NAME = "Association of Verified Managed Service Providers"
# The association as member badges name it: "AVMSP verified · valid until ..." (plugins/trust)
BADGE_ASSOCIATION = "AVMSP"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# The languages of the site (plugins/i18n): the first at the root, each other under /<code>/.
SITE_LANGUAGES = ["en", "nb"]
DEFAULT_DATE_FORMAT = "%-d %B %Y"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# Each plugin declares its settings and defaults in its own settings.py (or __init__.py) and
# applies them on Pelican's `initialized` signal; this file sets only what the site changes.
# Order matters where a plugin reads another's context: member_profiles publishes
# context["directory"] before trust, association, newsletter and search_index read it.
PLUGINS = [
    # `outputs` first: every file the build writes is claimed in its registry (one owner per
    # path, paths under OUTPUTS_RESERVED never written by content; see plugins/outputs/).
    "outputs",
    # records: the certification registry's settings (rules, keyring, signatures), which
    # member_profiles applies while loading profiles
    # fragments: the page shell rendered once per build (a Jinja extension; see its docstring)
    "fragments",
    # the site's languages: gettext catalogues (Babel) in every template environment, dates and
    # numbers per locale (plugins/i18n/)
    "i18n",
    "assets", "safe_markup", "records", "member_profiles", "hosting", "precompress",
    # verify pages, badges, open data, compare page, JSON-LD
    "trust",
    # make devserver only (off unless BUILD_PREVIEW is set; see plugins/dev_preview/): the
    # profiles just saved are rendered as soon as the member and trust generators have read
    # their content (its generator comes right after trust's)
    "dev_preview",
    # /statistics/ and /api/statistics.json (reads context["directory"]); /embed/ lists
    "profession_stats", "embeds",
    # education articles, MSP News, the association's pages
    "editorial", "newsletter", "association",
    # the prebuilt lunr index and the search page
    "search_index",
    # sitemap.xml of the whole site (reads context["directory"] and context["trust"])
    "sitemap",
    # the browser editor at /admin/ (off unless CMS_ENABLED; see plugins/cms/)
    "cms",
    # last: stops a build that found problems (before writing, or after it), with the problem
    # lines and one summary line, exit status 1 and no traceback; prints the success summary
    "build_gate",
]

# Contributors' text is untrusted: every template variable is escaped unless marked safe.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    # Templates are loaded afresh by every build (make devserver runs each build in a new
    # process), so Jinja need not stat each template file on every render.
    "auto_reload": False,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    # Compiled templates are kept between builds (in the user's temporary folder, keyed by the
    # template's source), so a rebuild in make devserver does not compile them again.
    "bytecode_cache": FileSystemBytecodeCache(),
}

# Provider profiles (plugins/member_profiles/settings.py has every setting and default).
PROVIDERS_PATH = os.path.join(HERE, "providers")
BUILD_DATE = None  # None: the day of the build. Set YYYY-MM-DD for a reproducible build.
CERTIFICATION_EXPIRING_DAYS = 60
# Certification registry (plugins/records/settings.py): accredited auditors and programme rules in
# content/data/auditors.yaml, the association's public keys in content/data/signing-keys.yaml,
# signatures in providers/signatures/. This development configuration WARNS (once, with a count
# and the files) about unsigned or tampered records and shows them as unsigned, so editors can
# preview a profile before staff sign it; publishconf.py refuses them.
RECORD_SIGNATURES = "warn"

# Pretty URLs everywhere: folder/index.html, so any static host serves them.
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# The education hub (a direct template; its URL is the editorial plugin's EDUCATION_URL).
DIRECT_TEMPLATES = ["index", "education", "tags", "authors"]
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = False
PAGINATED_TEMPLATES = {"index": None, "directory": 48, "facet": 48}

TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = False
# Output is built fresh each time so that no stale page survives a removed profile.
DELETE_OUTPUT_DIRECTORY = True
# Incremental builds (plugins/batch_render): a previous build's output folder, whose files are
# reused (hard-linked) where their recorded inputs are unchanged; everything else is rendered.
# `make html`, `make publish` and `make devserver` set it to output/ while they build into a
# staging folder; None means a cold build.
INCREMENTAL_FROM = os.environ.get("MSP_INCREMENTAL_FROM") or None
# ... and the folder the staging folder becomes when the build succeeds, for the summary line.
BUILD_OUTPUT_SHOWN = os.environ.get("MSP_OUTPUT_SHOWN") or None
# BUILD_REUSE_CHECK=1: every file an incremental build would reuse is rendered again, and the
# build stops, naming the file and the read its recording missed, when they differ.
BUILD_REUSE_CHECK = os.environ.get("BUILD_REUSE_CHECK", "") not in ("", "0")
# Worker processes that render member pages; None means one per core.
BUILD_WORKERS = None
# Reading caches never hide a changed profile: profiles are read by our plugin on every build.
LOAD_CONTENT_CACHE = False

# Canonical URLs, og:url, sitemap.xml and the badge embed snippet are absolute only when
# SITEURL is (publishconf.py); with SITEURL = "" they are paths from the root.

# --- Education articles, MSP News and the association's pages ---
# Education articles live in content/articles/, the association's pages in content/pages/. MSP News
# issues (content/newsletter/) are read by the newsletter plugin's own generator, so they never
# appear among the articles, their listings or their feeds.
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
AUTHOR_URL = "education/authors/{slug}/"
AUTHOR_SAVE_AS = "education/authors/{slug}/index.html"
CATEGORY_URL = "education/categories/{slug}/"
CATEGORY_SAVE_AS = "education/categories/{slug}/index.html"
TAG_URL = "education/tags/{slug}/"
TAG_SAVE_AS = "education/tags/{slug}/index.html"
TAGS_URL = "education/tags/"
TAGS_SAVE_AS = "education/tags/index.html"
AUTHORS_URL = "education/authors/"
AUTHORS_SAVE_AS = "education/authors/index.html"
# Atom feeds: every article, and one per category. Links are absolute when SITEURL is.
FEED_ALL_ATOM = "feeds/articles.atom.xml"
CATEGORY_FEED_ATOM = "feeds/education/{slug}.atom.xml"
FEED_MAX_ITEMS = 50
# Editors pick a category from this list (content/data/categories.yaml); `make check` enforces it.
ARTICLE_CATEGORIES_PATH = "data/categories.yaml"
RELATED_ARTICLES_MAX = 3
# MSP News: a form posting here when set; otherwise the form is hidden and the address is shown.
NEWSLETTER_SIGNUP_URL = None
NEWSLETTER_EMAIL = "news@msp-directory.example"
# Contact page: a form posting here when set; otherwise a mailto fallback.
CONTACT_FORM_URL = None
CONTACT_EMAIL = "office@msp-directory.example"
CONTACT_PHONE = "+44 20 7946 0000"
CONTACT_ADDRESS = "Association of Verified Managed Service Providers, 1 Example Row, London EC1A 0AA, United Kingdom"
# Media: embeds load only after a click, from this base (the sample data uses a fictional host).
MEDIA_EMBED_BASE = "https://video.example/embed/"
MEDIA_WATCH_BASE = "https://video.example/watch/"
# The hosting plugin's Content-Security-Policy must let the embeds' frames in (frame-src).
HOSTING_FRAME_ORIGINS = [MEDIA_EMBED_BASE]
# Addresses come from file names, so retitling an article never breaks a link to it.
SLUGIFY_SOURCE = "basename"
# Drafts get pretty URLs too (they are written but not listed).
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"

# Development builds have no domain (SITEURL = ""), so feed links are paths; production builds
# (publishconf.py) have an absolute SITEURL. Pelican's warning about it says nothing an editor
# can act on, so it is filtered (Pelican's own LOG_FILTER).
LOG_FILTER = [(logging.WARNING,
               "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]

# make devserver sets this to True for its builds: each page then reloads itself when a build lands
# (plugins/sitetools/livereload.py). Never set it to True here; publishconf.py pins False.
DEV_LIVE_RELOAD = False
