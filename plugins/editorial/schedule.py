"""Scheduled content: an article or a newsletter issue dated after the build's day goes live on
its day, not before.

Pelican's WITH_FUTURE_DATES = False compares a date with the wall clock and turns the article into
a draft, which a development build still writes (drafts/). Here the day is the build's BUILD_DATE
(`member_profiles.settings.build_date`: the day of the build when unset), the day statuses are
computed for, so a build for a given day is the same whenever it runs. A scheduled item is taken
out of its generator's lists before anything is made from them, so no page, listing, feed,
sitemap entry, search index entry or e-mail copy exists for it. The daily publish
(.github/workflows/publish.yml, with BUILD_DATE the day it runs) publishes it on its day.

SHOW_SCHEDULED (set by `make devserver`, never by publishconf.py) keeps scheduled items, so staff
can preview them: each then carries `scheduled_for`, which its page shows as a "Scheduled for
<date>" notice (theme/templates/partials/scheduled_notice.html). Every other item has
`scheduled_for = None`.
"""

import datetime

from member_profiles.settings import build_date

DEFAULTS = {
    # Keep articles and issues dated after BUILD_DATE, marked "Scheduled for <date>" (a preview
    # build: make devserver). Never in a published build.
    "SHOW_SCHEDULED": False,
}


def going_live(item, settings):
    """The day `item` (an article or an issue) goes live, when that is after the build's day;
    otherwise None."""
    day = item.date.date() if isinstance(item.date, datetime.datetime) else item.date
    return day if day > build_date(settings) else None


def hold_back(items, settings):
    """`items` without the scheduled ones (each item gets `scheduled_for`); with SHOW_SCHEDULED,
    every item."""
    kept = []
    for item in items:
        item.scheduled_for = going_live(item, settings)
        if item.scheduled_for is None or settings["SHOW_SCHEDULED"]:
            kept.append(item)
    return kept


def hold_back_articles(generator):
    """article_generator_pretaxonomy: scheduled articles out before categories, tags, authors,
    archives and feeds are made from the generator's lists."""
    for name in ("articles", "translations", "hidden_articles", "hidden_translations"):
        setattr(generator, name, hold_back(getattr(generator, name), generator.settings))
