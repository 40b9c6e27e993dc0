"""association: data behind the association's pages (channel partners, leadership, media).

The pages are Markdown in content/pages/ with a `Template:` that renders these lists; this plugin
loads and checks content/data/{partners,leadership,media}.yaml and adds them to the context.
"""

from pelican import signals

from . import settings
from .generator import AssociationGenerator


def get_generators(pelican):
    return AssociationGenerator


def register():
    signals.initialized.connect(settings.initialized)
    signals.get_generators.connect(get_generators)
