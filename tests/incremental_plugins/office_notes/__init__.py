"""office_notes: a plugin as a developer adds one, for tests/test_incremental_reads.py.

It reads a new data file, content/data/office.yaml, and publishes it in the context as `office`
(page data every template can read). When the file says `show_newest: true`, the data also
names the newest member (a site-wide value the plugin starts to read with no other file
changed). `office_direct` is a filter that opens the same file itself while a page renders: a
read that no recording can see, which BUILD_REUSE_CHECK must catch.
"""

import os

import yaml
from pelican import signals


def _path(settings):
    return os.path.join(settings["PATH"], "data", "office.yaml")


def _load(settings):
    try:
        with open(_path(settings), encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}
    except OSError:
        return {}


def publish(generators):
    """all_generators_finalized: `office` in the build's context."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    office = dict(_load(settings))
    directory = context.get("directory")
    if office.get("show_newest") and directory is not None and directory.newest:
        office["newest"] = directory.newest[0].name
    context["office"] = office


def add_filter(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        settings = generator.settings
        env.filters["office_direct"] = lambda value: f"{value}: {_load(settings).get('hours')}"


def register():
    signals.all_generators_finalized.connect(publish)
    signals.generator_init.connect(add_filter)
