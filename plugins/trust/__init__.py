"""trust: verify pages, status badges, open data, the compare page and JSON-LD.

Modules: `badge` (badge words and text widths), `export` (JSON and CSV records), `jsonld`
(Organization data and script-safe JSON), `history` (certification runs and profile changes) and
`generator` (writes them all). The sitemap is its own plugin (plugins/sitemap).
This file only wires Pelican signals. Put `trust` after `member_profiles` in PLUGINS.
"""

import batch_render
from pelican import signals

from . import settings
from .generator import TrustGenerator
from .jsonld import organization, script_json


def add_template_helpers(generator):
    """Helpers for every template: member pages are written by member_profiles' generator."""
    generator.env.filters["script_json"] = script_json
    # (reads only its arguments: part of the build's code for batch_render, as a filter is)
    generator.env.globals["organization_jsonld"] = batch_render.code(organization)


def get_generators(pelican):
    return TrustGenerator


def register():
    signals.initialized.connect(settings.initialized)
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(get_generators)
