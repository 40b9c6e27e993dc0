"""profession_stats: the statistics page (/statistics/) and its open data (/api/statistics.json).

(Not named `statistics`: on the plugins path that would hide the standard library's module.)
The figures (figures.py) are counted from `context["directory"]`, which member_profiles
publishes in its generate_context, so this plugin comes after member_profiles in PLUGINS. The charts are SVG drawn by the theme's templates at build time (statistics.html and
partials/bar_chart.svg): no script, no remote host, the same bytes from the same sources. Pages
are written with Pelican's writer; the JSON through the outputs registry.
"""

import json
import logging

import i18n

from trust.export import SCHEMA_VERSION
from outputs import registry
from pelican import signals
from pelican.generators import Generator
from validation.defaults import apply_defaults

from .figures import statistics_document, statistics_figures

logger = logging.getLogger(__name__)

DEFAULTS = {
    "STATISTICS_URL": "statistics/",
    "STATISTICS_SAVE_AS": "statistics/index.html",
    "STATISTICS_JSON_SAVE_AS": "api/statistics.json",
    # its address, relative to SITEURL (the statistics page links to it)
    "STATISTICS_JSON_URL": "api/statistics.json",
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="profession_stats")


class StatisticsGenerator(Generator):
    """Counts in generate_context, writes in generate_output."""

    def generate_context(self):
        directory = self.context.get("directory")
        self.figures = statistics_figures(directory) if directory is not None else None
        self.document = (statistics_document(directory, self.figures)
                         if directory is not None else None)
        # the page in the build's language; statistics.json stays in the source language
        self.page_figures = statistics_figures(
            directory, i18n.translations(self.settings),
            lambda day: i18n.date_local(self.settings, day, "LLLL y"),
            lambda place: i18n.country_name(self.settings, place)) if directory is not None else None

    def generate_output(self, writer):
        if self.figures is None or not self.settings["STATISTICS_SAVE_AS"]:
            return
        json_save_as = self.settings["STATISTICS_JSON_SAVE_AS"]
        writer.write_file(self.settings["STATISTICS_SAVE_AS"],
                          self.get_template("statistics"), self.context,
                          figures=self.page_figures,
                          statistics_json_url=self.settings["STATISTICS_JSON_URL"],
                          nav_section="statistics",
                          url=self.settings["STATISTICS_URL"])
        path = registry(self.context).claim(json_save_as, "profession_stats")
        if path is None:
            return
        # the open data format's version and schema, which the trust plugin publishes
        trust = self.context.get("trust")
        schema = trust.schema_urls.get("statistics") if trust is not None else None
        document = {**({"$schema": schema} if schema else {}),
                    "schema_version": SCHEMA_VERSION, **self.document}
        text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text + "\n")


def get_generators(pelican):
    return StatisticsGenerator


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
