"""hosting: the files a static host reads beside the site: `_headers` (Netlify and Cloudflare
Pages syntax) with caching and security headers, and `robots.txt`.

The header values are built here once, from settings, so `_headers`, the nginx example in
`deploy/` (checked by a test) and the README describe one policy. Hosts that send no headers
(GitHub Pages, S3) get the policy from a `<meta http-equiv="Content-Security-Policy">` in every
page: the same directives but those a meta tag cannot carry (`meta_policy`, template global
`content_security_policy_meta`).

Files contributors put on the site (content/images/, member logos) and the newsletter's e-mail
copies are served with `Content-Security-Policy: sandbox` as well (HOSTING_SANDBOX_PATHS):
whatever they contain runs in a unique origin with no scripts, forms or pop-ups. The e-mail
copies carry inline styles for mail programs, so their own meta policy (`EMAIL_POLICY`) allows
inline styles and nothing executable; nginx serves them with that policy alone. Netlify and
Cloudflare Pages join the headers of every matching rule, so there the site-wide policy still
applies to them too: the copy is inert and its HTML complete, but shown without its inline styles.

The browser editor (plugins/cms, CMS_ENABLED) needs a policy of its own ('unsafe-eval', inline
styles, the GitHub API), and a browser enforces every policy a response carries. Netlify and
Cloudflare Pages join the headers of every rule that matches, so a `/*` rule would add the site's
policy to /admin/ too. When the cms plugin publishes its rule (`context["cms_header_rule"]`: the
folder and its headers, the policy and a Cross-Origin-Opener-Policy that keeps its login pop-up),
the site's values of those headers are written instead on one rule per top-level path the build
wrote (`/`, `/<file>`, `/<folder>/*`) other than the editor's folder, which gets its own alone.
A missing page (404) at a top-level path nothing wrote gets no policy header; its page carries
the meta policy. Cloudflare's `! Content-Security-Policy` (detach) is not used: Netlify does
not know it. This generator runs after every other plugin's (its `get_generators` receiver is
connected on `initialized`), so the outputs registry already lists every path. Without the
editor, `_headers` is unchanged.

The embeddable member lists (plugins/embeds) are split off the same way: each
HOSTING_FRAMEABLE_PATHS folder the build wrote gets the policy with `frame-ancestors *` and no
X-Frame-Options, while every other top-level path keeps `frame-ancestors 'none'` and
`X-Frame-Options: DENY` (so with embeds, those two are on the per-path rules, not on /*).

A site in more than one language (plugins/i18n) has one `_headers`, written by the root
language's run, for every language: each other language's folder (`/nb/`) is the same site below
its root, so the rules of paths that are not the root's alone (I18N_ROOT_ONLY: open data, the
editor, ...) are repeated below each language's folder (the sandboxed files, the assets'
caching, and with per-path rules every top-level path).
"""

import logging
from urllib.parse import urlsplit

from outputs import registry
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
    # Paths (from the site root, * for any characters) served with `Content-Security-Policy:
    # sandbox` too: contributors' files (content images, member logos at the member plugin's
    # PROVIDER_LOGO_SAVE_AS) and the newsletter's e-mail copies.
    "HOSTING_SANDBOX_PATHS": ["images/*", "providers/*/logo.svg", "providers/*/logo.png",
                              "news/*/email.html"],
    # Open data a page on any origin may read (a procurement tool in a browser): served with
    # `Access-Control-Allow-Origin: *` (the trust plugin's JSON, schemas, CSV and signing keys).
    "HOSTING_CORS_PATHS": ["api/*", "providers.csv", ".well-known/msp-directory-keys.json"],
    # Top-level folders other sites may frame (the embeddable member lists, plugins/embeds):
    # served with `frame-ancestors *` and without X-Frame-Options; every other path refuses
    # framing. A folder the build wrote nothing in changes nothing.
    "HOSTING_FRAMEABLE_PATHS": ["embed/"],
}
# Directives a <meta http-equiv="Content-Security-Policy"> cannot carry (CSP 3, section 3.3).
META_IGNORED_DIRECTIVES = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})
# The e-mail copies: inline styles (mail programs drop stylesheets), images, nothing executable.
EMAIL_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox")
# Cloudflare Pages reads at most this many rules from `_headers`.
MAX_HEADER_RULES = 100


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="hosting")


def _origin(url):
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def content_security_policy(settings, frame_ancestors="'none'"):
    """The CSP: the site's own files only, no inline code or styles, no framing of the site
    (`frame_ancestors` "*" for HOSTING_FRAMEABLE_PATHS)."""
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
        ("frame-ancestors", [frame_ancestors]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def meta_policy(policy):
    """`policy` without the directives a meta tag cannot carry."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    return "; ".join(d for d in directives if d.split()[0] not in META_IGNORED_DIRECTIVES)


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


def frameable_headers(settings):
    """The headers a folder other sites may frame sends in place of the site's: its policy with
    `frame-ancestors *`, and no X-Frame-Options (None: not sent)."""
    return [("Content-Security-Policy", content_security_policy(settings, "*")),
            ("X-Frame-Options", None)]


def site_path(settings):
    """The path part of SITEURL ('' or '/directory'), which every header rule is under."""
    return urlsplit(settings.get("SITEURL") or "").path.rstrip("/")


def language_folders(settings):
    """The folders of the site's other languages ('nb', ...) that this run's `_headers` covers:
    those the build writes (I18N_BUILT_LANGUAGES) after the first of SITE_LANGUAGES, in the
    root language's run (plugins/i18n)."""
    languages = list(settings.get("SITE_LANGUAGES") or [])
    built = settings.get("I18N_BUILT_LANGUAGES") or []
    if len(languages) < 2 or settings.get("SITE_LANGUAGE") not in (None, languages[0]):
        return []
    return [code for code in languages[1:] if code in built]


def in_every_language(settings, path):
    """Whether `path` (relative to the site root) is below each language's root too, not only
    the root language's (I18N_ROOT_ONLY)."""
    path = path.lstrip("/")
    for entry in settings.get("I18N_ROOT_ONLY") or ():
        entry = entry.lstrip("/")
        if path == entry.rstrip("/") or (entry.endswith("/") and path.startswith(entry)):
            return False
    return True


class HostingGenerator(Generator):
    def generate_output(self, writer):
        if not self.settings["HOSTING_FILES"]:
            return
        base = site_path(self.settings)
        # the root and each other language's folder (the same site below it)
        roots = [base, *(f"{base}/{code}" for code in language_folders(self.settings))]
        # No Cache-Control under /*: both hosts join the values of every matching rule, and
        # their default for other files (max-age=0, must-revalidate) is already short.
        headers = security_headers(self.settings)
        folders = self._folders_with_own_headers()
        if folders:
            rules = self._rules_beside_own_folders(roots, headers, folders)
        else:
            rules = [(f"{base}/*", headers)]
        # ASSETS_OUTPUT_DIR is the assets plugin's setting: set when that plugin is on.
        asset_dir = self.settings.get("ASSETS_OUTPUT_DIR")
        if asset_dir:
            rules += [(f"{root}/{asset_dir}/*",
                       [("Cache-Control", self.settings["HOSTING_ASSET_CACHE"])])
                      for root in self._roots_of(roots, asset_dir + "/")]
        rules += [(f"{root}/{path.lstrip('/')}", [("Content-Security-Policy", "sandbox")])
                  for path in self.settings["HOSTING_SANDBOX_PATHS"]
                  for root in self._roots_of(roots, path)]
        rules += [(f"{root}/{path.lstrip('/')}", [("Access-Control-Allow-Origin", "*")])
                  for path in self.settings["HOSTING_CORS_PATHS"]
                  for root in self._roots_of(roots, path)]
        if len(rules) > MAX_HEADER_RULES:
            logger.warning("hosting: _headers has %d rules; Cloudflare Pages reads the first %d "
                           "only (fewer top-level files or folders, or CMS_ENABLED off)",
                           len(rules), MAX_HEADER_RULES)
        for save_as, template in (("_headers", "hosting/_headers"), ("robots.txt", "hosting/robots.txt")):
            # env.get_template: these are not .html templates, so Pelican's lookup would miss them
            writer.write_file(save_as, self.env.get_template(template), self.context,
                              header_rules=rules, sitemap_url=self._sitemap_url())

    def _folders_with_own_headers(self):
        """[(top-level folder, headers)] of the folders whose values of some headers replace
        the site's: the editor's (cms), and each HOSTING_FRAMEABLE_PATHS folder the build wrote
        files in (the embeds), which other sites may frame."""
        folders = []
        cms = self.context.get("cms_header_rule")
        if cms:
            folders.append((cms[0].strip("/"), list(cms[1])))
        written = {path.partition("/")[0] for path in registry(self.context).paths() if "/" in path}
        folders += [(folder.strip("/"), frameable_headers(self.settings))
                    for folder in self.settings["HOSTING_FRAMEABLE_PATHS"]
                    if folder.strip("/") in written]
        return folders

    def _roots_of(self, roots, path):
        """Of `roots` (the root's, then each other language's), those below which `path` is."""
        return roots if in_every_language(self.settings, path) else roots[:1]

    def _rules_beside_own_folders(self, roots, headers, folders):
        """Each folder of `folders` gets its own values of the headers it names (None: not
        sent), and the site's values of the headers other such folders name; every other
        top-level path gets the site's values of all of those; the remaining security headers
        stay on /* (the same everywhere). Below each root of `roots`: the root's first, then
        each other language's folder, which holds the same paths but the root's alone."""
        base = roots[0]
        own = {name for _, folder_headers in folders for name, _ in folder_headers}
        site = [(name, value) for name, value in headers if name in own]
        files, tops = {"index.html", "robots.txt"}, set()  # robots.txt: written below
        for path in registry(self.context).paths():
            first, _, rest = path.partition("/")
            (tops if rest else files).add(first)
        files.discard("_headers")  # read by the host, never served
        tops -= {folder for folder, _ in folders}
        tops -= {root.rsplit("/", 1)[1] for root in roots[1:]}  # the languages' folders
        rules = [(f"{base}/*", [(name, value) for name, value in headers if name not in own])]
        for root in roots:
            rules.append((f"{root}/", site))
            rules += [(f"{root}/{name}", site) for name in sorted(files)
                      if root == base or in_every_language(self.settings, name)]
            rules += [(f"{root}/{name}/*", site) for name in sorted(tops)
                      if root == base or in_every_language(self.settings, name + "/")]
            for folder, folder_headers in folders:
                if root != base and not in_every_language(self.settings, folder + "/"):
                    continue
                named = {name for name, _ in folder_headers}
                values = folder_headers + [(name, value) for name, value in site
                                           if name not in named]
                rules.append((f"{root}/{folder}/*", [(n, v) for n, v in values if v is not None]))
        return rules

    def _sitemap_url(self):
        """The sitemap's address when the sitemap plugin is on (its SITEMAP_SAVE_AS is set)."""
        save_as = self.settings.get("SITEMAP_SAVE_AS")
        return f"{self.settings['SITEURL']}/{save_as}" if save_as else None


def add_template_helpers(generator):
    """The policies every page and e-mail copy repeats in a meta tag."""
    policy = content_security_policy(generator.settings)
    generator.env.globals["content_security_policy_meta"] = meta_policy(policy)
    generator.env.globals["email_security_policy_meta"] = meta_policy(EMAIL_POLICY)


def get_generators(pelican):
    return HostingGenerator


def initialized_late(pelican):
    """`initialized`: this plugin's generator after every other plugin's, whose receivers were
    connected when the plugins were registered (so `_headers` sees every path claimed)."""
    signals.get_generators.connect(get_generators)


def register():
    signals.initialized.connect(initialized)
    signals.initialized.connect(initialized_late)
    signals.generator_init.connect(add_template_helpers)
