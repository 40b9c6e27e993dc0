"""Production settings, complete in themselves: `make publish` builds with this file alone.

It never imports pelicanconf.py. Anything the development settings set is copied here, and the
settings that decide what the build trusts are pinned here, relative to this file's own folder:
the providers folder, the registry of auditors, the keyring, the signature files, the revocation
list and the signature policy. The keys a production build accepts come from the publish
environment, outside the repository (MSP_TRUSTED_KEY_FINGERPRINTS), so a pull request that adds a
key to the keyring, or points a setting at a folder of its own, changes nothing
(docs/staff-revocation.md). Staff only (.github/CODEOWNERS).

tests/test_attacks_trust.py checks that every other value equals pelicanconf.py's: when you add a
setting there, copy it here.
"""

import logging
import os
import sys

from jinja2 import FileSystemBytecodeCache

HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.join(HERE, "plugins") not in sys.path:
    sys.path.insert(0, os.path.join(HERE, "plugins"))

AUTHOR = "MSP Directory editors"
SITENAME = "MSP Directory"
SITE_TAGLINE = "Certified managed service providers, verified against a published standard"
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
    # numbers per locale (plugins/i18n/); the templates need its gettext functions and filters
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

CERTIFICATION_EXPIRING_DAYS = 60

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
CONTACT_PHONE = "+44 20 7946 0000"
CONTACT_ADDRESS = "Association of Verified Managed Service Providers, 1 Example Row, London EC1A 0AA, United Kingdom"
# Media: embeds load only after a click, from this base (the sample data uses a fictional host).
MEDIA_EMBED_BASE = "https://video.example/embed/"
MEDIA_WATCH_BASE = "https://video.example/watch/"
# The hosting plugin's Content-Security-Policy must let the embeds' frames in (frame-src).
HOSTING_FRAME_ORIGINS = [MEDIA_EMBED_BASE]
# Addresses come from file names, so retitling an article never breaks a link to it.
SLUGIFY_SOURCE = "basename"

# Pelican's warning about feeds without SITEURL says nothing an editor can act on (development
# builds have no domain), so it is filtered (Pelican's own LOG_FILTER).
LOG_FILTER = [(logging.WARNING,
               "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]

# --- Production only ---------------------------------------------------------------------------
# The site's name and addresses as published (one `NAME = "value"` line each: make adopt
# rewrites them). SITEURL is absolute and may include a subpath: https://example.org/directory;
# the environment's SITEURL (the publish workflow's repository variable) wins when set.
ASSOCIATION_NAME = "Association of Verified Managed Service Providers"
BADGE_ASSOCIATION = "AVMSP"
CONTACT_EMAIL = "office@msp-directory.example"
SITEURL = "https://msp-directory.example"
SITEURL = os.environ.get("SITEURL") or SITEURL
RELATIVE_URLS = False
# Drafts are never published (Pelican writes them only where DRAFT_SAVE_AS says; here nowhere).
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# .gz and .br beside every text file, for hosts that serve precompressed files.
PRECOMPRESS = True
# The day statuses are computed for: the publish workflow sets BUILD_DATE to the day it runs
# (YYYY-MM-DD); unset, the build uses its own date, which is the same thing.
BUILD_DATE = os.environ.get("BUILD_DATE") or None

# --- What a production build trusts: pinned here, never inherited ---------------------------
# (the profile schema, the logos and the signature files are the providers folder's own)
PROVIDERS_PATH = os.path.join(HERE, "providers")
RECORD_AUDITORS_PATH = os.path.join(HERE, "content", "data", "auditors.yaml")
RECORD_KEYRING_PATH = os.path.join(HERE, "content", "data", "signing-keys.yaml")
RECORD_REVOCATIONS_PATH = os.path.join(HERE, "content", "data", "revocations.yaml")
# Every audit record must carry a valid signature by the association: unsigned, edited after
# signing, or signed by a revoked, retired (after its date) or untrusted key is an error.
RECORD_SIGNATURES = "required"
# The SHA-256 fingerprints (hex, as the certification page shows them) of the keys this build
# accepts, from the publish environment: the publish workflow passes the repository variable
# MSP_TRUSTED_KEY_FINGERPRINTS. Unset, no key is trusted (a site with no members still builds).
RECORD_TRUSTED_KEY_FINGERPRINTS = os.environ.get("MSP_TRUSTED_KEY_FINGERPRINTS", "")
# The lowest version of the signed revocation list this build accepts (rollback protection:
# docs/staff-revocation.md); make revoke prints the value to set.
RECORD_REVOCATIONS_MIN_VERSION = os.environ.get("MSP_REVOCATIONS_MIN_VERSION", "")
# Records signed with the SAMPLE key (tests/keys/, public on purpose) are refused, unless
# ALLOW_SAMPLE_SIGNING_KEY=1 is set in the environment, for a demo of the sample site; the
# tests pass -e RECORD_ALLOW_SAMPLE_KEYS=true. Either also trusts the SAMPLE key's fingerprint.
RECORD_ALLOW_SAMPLE_KEYS = os.environ.get("ALLOW_SAMPLE_SIGNING_KEY") == "1"
# Articles and newsletter issues dated after BUILD_DATE are never published before their day
# (plugins/editorial/schedule.py); only make devserver shows them, marked "Scheduled for".
SHOW_SCHEDULED = False
# Only make devserver's builds carry the live-reload script (plugins/sitetools/livereload.py).
DEV_LIVE_RELOAD = False
# Nothing deployed is a reuse: the published site (make publish, and the deploy targets and the
# publish workflow, which run it) is built cold, unless every reuse is checked by rendering it
# again (BUILD_REUSE_CHECK=1, plugins/batch_render).
INCREMENTAL_FROM = INCREMENTAL_FROM if BUILD_REUSE_CHECK else None
