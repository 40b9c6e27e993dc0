"""Settings of the association plugin: defaults in one place, read where they are used."""

from validation.defaults import apply_defaults

DEFAULTS = {
    # YAML lists behind the channel partners, leadership and media pages, relative to content/.
    "ASSOCIATION_PARTNERS_PATH": "data/partners.yaml",
    "ASSOCIATION_LEADERSHIP_PATH": "data/leadership.yaml",
    "ASSOCIATION_MEDIA_PATH": "data/media.yaml",
    # Videos and podcasts are embedded from here, only after a visitor clicks.
    "MEDIA_EMBED_BASE": "https://video.example/embed/",
    # Where each media item can be opened without embedding (JavaScript off).
    "MEDIA_WATCH_BASE": "https://video.example/watch/",
    # Contact page: a form posting here when set; otherwise a mailto link to CONTACT_EMAIL.
    "CONTACT_FORM_URL": None,
    "CONTACT_EMAIL": None,
    "CONTACT_PHONE": None,
    "CONTACT_ADDRESS": None,
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="association")
