"""search_index: a prebuilt lunr index of every content type and the search page.

The builder (builder.py) is a plain class; this file only wires Pelican signals.
"""

from pelican import signals

from . import settings
from .generator import SearchGenerator


def get_generators(pelican):
    return SearchGenerator


def collect_entries(generators):
    for generator in generators:
        if isinstance(generator, SearchGenerator):
            generator.collect()


def register():
    signals.initialized.connect(settings.initialized)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(collect_entries)
