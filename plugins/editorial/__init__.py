"""editorial: education articles and the association's pages.

Checks every article's and page's metadata before Pelican reads them (so an editor sees
`file:line: field: problem; expected ...` rather than a generic reader error), then gives articles
their reading time, related articles and older/newer neighbours, and the education hub its list of
categories. The same checks run in `make check` (`check_editorial_content`).
"""

import logging

from pelican import signals

from . import settings
from .enrich import (
    hub_categories, link_neighbours, navigation_links, reading_minutes, related_articles,
)
from .rules import check_editorial_content, load_categories

logger = logging.getLogger(__name__)


def check_before_reading(generator):
    """article_generator_init (once a build, before anything is read): one error for all."""
    problems, _ = check_editorial_content(generator.settings)
    if problems:
        logger.error("editorial: %d problem(s) in articles and pages:\n%s", len(problems),
                     "\n".join(str(problem) for problem in problems))


def enrich_articles(generator):
    """article_generator_finalized: reading time, related, neighbours, hub categories."""
    limit = generator.settings["RELATED_ARTICLES_MAX"]
    speed = generator.settings["READING_WORDS_PER_MINUTE"]
    for article in generator.articles:
        article.search_type = "article"
        # the raw body: `article.content` is memoised, and reading it now would resolve
        # {filename} links before the pages they point to are known
        article.reading_time = reading_minutes(article._content, speed)
        article.related_articles = related_articles(article, generator.articles, limit)
    link_neighbours(generator.articles)
    controlled, _ = load_categories(generator.settings)
    generator.context["education_categories"] = hub_categories(controlled, generator.categories)


def order_pages(generator):
    """page_generator_finalized: `Nav_order` and `Order` as numbers, so 9 sorts before 10."""
    for page in generator.pages + generator.hidden_pages:
        for key in ("nav_order", "order"):
            value = getattr(page, key, None)
            if isinstance(value, str) and value.isdigit():
                setattr(page, key, int(value))
    generator.context["nav_pages"] = navigation_links(generator.pages)


def register():
    signals.initialized.connect(settings.initialized)
    signals.article_generator_init.connect(check_before_reading)
    signals.article_generator_finalized.connect(enrich_articles)
    signals.page_generator_finalized.connect(order_pages)
