"""member_profiles: provider profiles from providers/*.yaml into member pages and the directory.

Loading, validation and status live in their own modules; this file only wires Pelican signals.
"""

from pelican import signals

from . import settings
from .generator import ProvidersGenerator


def get_generators(pelican):
    return ProvidersGenerator


def register():
    signals.initialized.connect(settings.initialized)
    signals.get_generators.connect(get_generators)
