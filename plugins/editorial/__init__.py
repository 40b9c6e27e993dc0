"""editorial: education articles and the association's pages.

Checks every article's and page's metadata (an allowlist) and the files under STATIC_PATHS before
Pelican reads them (so an editor sees
`file:line: field: problem; expected ...` rather than a generic reader error), then gives articles
their reading time, related articles and older/newer neighbours, and the education hub its list of
categories. The same checks run in `make check` (`check_editorial_content`). An article dated after
BUILD_DATE is held back until its day (`schedule`).
"""

import logging
import os

from pelican import signals

from . import settings
from .enrich import (
    hub_categories, link_neighbours, navigation_links, reading_minutes, related_articles,
)
from .files import image_problems, relative
from .rules import check_editorial_content, load_categories
from .schedule import hold_back_articles
from .sitelinks import resolve_site_links
from validation.paths import symbolic_links
from validation.problems import log_problems

logger = logging.getLogger(__name__)


def leave_links_unwalked(pelican):
    """`initialized`: Pelican walks ARTICLE_PATHS, PAGE_PATHS and STATIC_PATHS following links
    (os.walk(followlinks=True)), so two links to `.` would keep it walking for ever; each linked
    folder under PATH is added to the three *_EXCLUDES (new lists, the user's are not changed).
    The links themselves are reported by check_before_reading, which stops the build."""
    settings = pelican.settings
    root = settings["PATH"]
    linked = [os.path.relpath(link, root) for link in symbolic_links(root)
              if link != root and os.path.isdir(link)]
    if linked:
        for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
            settings[key] = [*settings.get(key, []), *linked]


def check_before_reading(generator):
    """article_generator_init (once a build, before anything is read): one error for all."""
    problems, _ = check_editorial_content(generator.settings)
    log_problems(logger, problems)


def publish_checked_files_only(generator):
    """static_generator_finalized: only images under STATIC_PATHS that pass `image_problems` are
    copied (a devserver build, which goes on after errors, must not publish the others either)."""
    root = os.path.realpath(generator.path)
    folders = [os.path.join(root, folder) for folder in generator.settings["STATIC_PATHS"]]
    kept = []
    for static in generator.staticfiles:
        source = os.path.realpath(os.path.join(generator.path, static.source_path))
        inside = any(source == folder or source.startswith(os.path.join(folder, ""))
                     for folder in folders)
        if not inside:
            logger.error("editorial: %s: file: linked with {static} but not under %s; expected "
                         "%s", relative(source), ", ".join(map(relative, folders)),
                         "an image under " + ", ".join(map(relative, folders)))
        elif not image_problems(source):  # problems were reported before reading
            kept.append(static)
    generator.staticfiles[:] = kept


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
    signals.initialized.connect(leave_links_unwalked)
    signals.article_generator_init.connect(check_before_reading)
    signals.article_generator_pretaxonomy.connect(hold_back_articles)
    signals.article_generator_finalized.connect(enrich_articles)
    signals.static_generator_finalized.connect(publish_checked_files_only)
    signals.content_object_init.connect(resolve_site_links)
    signals.page_generator_finalized.connect(order_pages)
