"""newsletter: the MSP News archive from content/newsletter/<YYYY-MM-DD>.md.

Issues are read by this plugin's own generator (not as articles), so they stay out of the
education listings and feeds. Each issue gets previous/next links, a block of members new since
the previous issue, and an email-ready copy; the archive groups issues by year and has a feed.
An issue dated after BUILD_DATE is held back until its day, as articles are (`editorial.schedule`).
"""

from pelican import signals

from . import settings
from .generator import NewsletterGenerator


def get_generators(pelican):
    return NewsletterGenerator


def register():
    signals.initialized.connect(settings.initialized)
    signals.get_generators.connect(get_generators)
