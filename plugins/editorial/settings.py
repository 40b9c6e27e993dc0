"""Settings of the editorial plugin: defaults in one place, read where they are used."""

import os

DEFAULTS = {
    # Folders of education articles and of the association's pages, relative to content/.
    "ARTICLE_PATHS": ["articles"],
    "PAGE_PATHS": ["pages"],
    # The controlled list of article categories, relative to content/.
    "ARTICLE_CATEGORIES_PATH": "data/categories.yaml",
    # How many related articles an article page shows.
    "RELATED_ARTICLES_MAX": 3,
    # Reading speed used for the "n min read" estimate.
    "READING_WORDS_PER_MINUTE": 220,
    # Longest summary accepted, in characters.
    "ARTICLE_SUMMARY_MAX": 300,
}


def setting(settings, key):
    """The value of `key`, or its default."""
    return settings.get(key, DEFAULTS[key])


def content_path(settings, *parts):
    return os.path.join(settings["PATH"], *parts)


def categories_path(settings):
    return content_path(settings, setting(settings, "ARTICLE_CATEGORIES_PATH"))
