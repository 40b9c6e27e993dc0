"""Settings of the editorial plugin: defaults in one place, read where they are used."""

import os

from validation.defaults import apply_defaults, whole_number

from .schedule import DEFAULTS as SCHEDULE_DEFAULTS

# Articles and pages are read from Pelican's ARTICLE_PATHS and PAGE_PATHS.
DEFAULTS = {
    # The education hub, a direct template (theme/templates/education.html).
    "EDUCATION_URL": "education/",
    "EDUCATION_SAVE_AS": "education/index.html",
    # The controlled list of article categories, relative to content/.
    "ARTICLE_CATEGORIES_PATH": "data/categories.yaml",
    # How many related articles an article page shows.
    "RELATED_ARTICLES_MAX": 3,
    # Reading speed used for the "n min read" estimate.
    "READING_WORDS_PER_MINUTE": 220,
    # Longest summary accepted, in characters.
    "ARTICLE_SUMMARY_MAX": 300,
    # SHOW_SCHEDULED (see schedule.py, which the newsletter plugin shares)
    **SCHEDULE_DEFAULTS,
    # Largest Markdown source of an article or page, in bytes (a longer one is not read).
    "EDITORIAL_SOURCE_MAX_BYTES": 512 * 1024,
    # Most tags one article may give (each tag is a page and a feed of its own).
    "ARTICLE_TAGS_MAX": 20,
}


RULES = {
    "RELATED_ARTICLES_MAX": whole_number(0),
    "READING_WORDS_PER_MINUTE": whole_number(1),
    "ARTICLE_SUMMARY_MAX": whole_number(1),
    "EDITORIAL_SOURCE_MAX_BYTES": whole_number(1),
    "ARTICLE_TAGS_MAX": whole_number(0),
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, RULES, owner="editorial")


def categories_path(settings):
    return os.path.join(settings["PATH"], settings["ARTICLE_CATEGORIES_PATH"])
