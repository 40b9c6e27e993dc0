"""hosting: the files a static host reads beside the site: `_headers` (Netlify and Cloudflare
Pages syntax) with caching and security headers, and `robots.txt`.

The header values are built here once, from settings, so `_headers`, the nginx example in
`deploy/` (checked by a test) and the README describe one policy.
"""

import logging
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator
from validation.defaults import apply_defaults

logger = logging.getLogger(__name__)

DEFAULTS = {
    "HOSTING_FILES": True,
    # Cache-Control for fingerprinted assets (the assets plugin's output folder).
    "HOSTING_ASSET_CACHE": "public, max-age=31536000, immutable",
    "HOSTING_REFERRER_POLICY": "strict-origin-when-cross-origin",
    "HOSTING_PERMISSIONS_POLICY": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    ),
    # Extra origins allowed as CSP frame-src (video embeds) and form-action (form services);
    # the form-action also gets the origins of CONTACT_FORM_URL and NEWSLETTER_SIGNUP_URL.
    "HOSTING_FRAME_ORIGINS": [],
    "HOSTING_FORM_ORIGINS": [],
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="hosting")


def _origin(url):
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def content_security_policy(settings):
    """The CSP: the site's own files only, no inline code or styles, no framing of the site."""
    forms = ["'self'"] + [o for o in (_origin(settings.get("CONTACT_FORM_URL")),
                                      _origin(settings.get("NEWSLETTER_SIGNUP_URL"))) if o]
    forms += [o for o in map(_origin, settings["HOSTING_FORM_ORIGINS"]) if o]
    frames = [o for o in map(_origin, settings["HOSTING_FRAME_ORIGINS"]) if o]
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'"]),
        ("style-src", ["'self'"]),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("frame-src", frames or ["'none'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", list(dict.fromkeys(forms))),
        ("frame-ancestors", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def security_headers(settings):
    """(name, value) pairs sent with every response."""
    return [
        ("Content-Security-Policy", content_security_policy(settings)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings["HOSTING_REFERRER_POLICY"]),
        ("Permissions-Policy", settings["HOSTING_PERMISSIONS_POLICY"]),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]


def site_path(settings):
    """The path part of SITEURL ('' or '/directory'), which every header rule is under."""
    return urlsplit(settings.get("SITEURL") or "").path.rstrip("/")


class HostingGenerator(Generator):
    def generate_output(self, writer):
        if not self.settings["HOSTING_FILES"]:
            return
        base = site_path(self.settings)
        # No Cache-Control under /*: both hosts join the values of every matching rule, and
        # their default for other files (max-age=0, must-revalidate) is already short.
        rules = [(f"{base}/*", security_headers(self.settings))]
        # ASSETS_OUTPUT_DIR is the assets plugin's setting: set when that plugin is on.
        asset_dir = self.settings.get("ASSETS_OUTPUT_DIR")
        if asset_dir:
            rules.append((f"{base}/{asset_dir}/*",
                          [("Cache-Control", self.settings["HOSTING_ASSET_CACHE"])]))
        for save_as, template in (("_headers", "hosting/_headers"), ("robots.txt", "hosting/robots.txt")):
            # env.get_template: these are not .html templates, so Pelican's lookup would miss them
            writer.write_file(save_as, self.env.get_template(template), self.context,
                              header_rules=rules, sitemap_url=self._sitemap_url())

    def _sitemap_url(self):
        """The sitemap's address when the sitemap plugin is on (its SITEMAP_SAVE_AS is set)."""
        save_as = self.settings.get("SITEMAP_SAVE_AS")
        return f"{self.settings['SITEURL']}/{save_as}" if save_as else None


def get_generators(pelican):
    return HostingGenerator


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
