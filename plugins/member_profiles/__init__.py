"""member_profiles: provider profiles from providers/*.yaml into member pages and the directory.

Loading, validation and status live in their own modules; this file only wires Pelican signals.
"""

from pelican import signals


def get_generators(pelican):
    # Imported here, not at the top: the records package imports member_profiles.validation, and
    # importing the package must not pull in the generator (which imports records) half-way.
    from .generator import ProvidersGenerator

    return ProvidersGenerator


def register():
    signals.get_generators.connect(get_generators)
