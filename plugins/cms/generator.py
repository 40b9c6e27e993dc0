"""The /admin/ folder: the editor's page, its generated configuration, our script, the bundle."""

import glob
import json
import logging
import os
import shutil
from urllib.parse import urlsplit

import jinja2
import yaml
from editorial.rules import ARTICLE_FIELDS, ARTICLE_REQUIRED, PAGE_FIELDS, PAGE_REQUIRED, \
    load_categories
from member_profiles.profiles import load_vocabulary
from member_profiles.settings import schema_path, vocabulary_path
from newsletter.issues import FIELDS as ISSUE_FIELDS
from newsletter.issues import REQUIRED as ISSUE_REQUIRED
from outputs import registry
from pelican.generators import Generator
from validation.problems import Problem, log_problems

from .config import cms_config, field_order

logger = logging.getLogger(__name__)
HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = "decap-cms.js"
OWNER = "cms"


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def admin_policy(settings, header=False):
    """The editor's own Content-Security-Policy: what Decap CMS needs, and no more. `header`:
    as a response header, with what a meta tag cannot carry (no framing of the editor)."""
    connect = ["'self'"]
    if settings["CMS_LOCAL_BACKEND"]:
        connect.append(_origin(settings["CMS_LOCAL_BACKEND_URL"]))
    else:
        connect.append("https://api.github.com")
        auth = _origin(settings["CMS_AUTH_BASE_URL"])
        if auth:
            connect.append(auth)
    directives = [
        ("default-src", ["'self'"]),
        # Decap CMS compiles its configuration's JSON Schema into functions (ajv): 'unsafe-eval'
        ("script-src", ["'self'", "'unsafe-eval'"]),
        # the editor's components set their styles at run time (emotion)
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:", "blob:", "https://avatars.githubusercontent.com",
                     "https://raw.githubusercontent.com"]),
        ("connect-src", list(dict.fromkeys(connect))),
        ("worker-src", ["'self'", "blob:"]),
        ("frame-src", ["'none'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'none'"]),
    ]
    if header:
        directives.append(("frame-ancestors", ["'none'"]))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


class CmsGenerator(Generator):
    """Writes CMS_SAVE_AS (admin/) when CMS_ENABLED: nothing at all otherwise."""

    def generate_context(self):
        if self.settings["CMS_ENABLED"]:
            base = urlsplit(self.settings.get("SITEURL") or "").path.rstrip("/")
            self.context["cms_robots_path"] = f"{base}/{self.settings['CMS_SAVE_AS']}"
            # the hosting plugin's _headers: this folder gets these headers and not the site's.
            # The GitHub login is a pop-up on the OAuth client's origin that answers through
            # window.opener, which `Cross-Origin-Opener-Policy: same-origin` would cut.
            self.context["cms_header_rule"] = (self.settings["CMS_SAVE_AS"], [
                ("Content-Security-Policy", admin_policy(self.settings, header=True)),
                ("Cross-Origin-Opener-Policy", "same-origin-allow-popups")])

    def _config(self):
        with open(schema_path(self.settings), encoding="utf-8") as handle:
            profile_schema = json.load(handle)
        vocabulary, problems = load_vocabulary(vocabulary_path(self.settings))
        categories, category_problems = load_categories(self.settings)
        log_problems(logger, problems + category_problems)
        tables = {"article": (ARTICLE_FIELDS, ARTICLE_REQUIRED),
                  "page": (PAGE_FIELDS, PAGE_REQUIRED), "issue": (ISSUE_FIELDS, ISSUE_REQUIRED)}
        return cms_config(self.settings, profile_schema, vocabulary, categories, tables)

    def _claim(self, name):
        return registry(self.context).claim(os.path.join(self.settings["CMS_SAVE_AS"], name),
                                            OWNER)

    def generate_output(self, writer):
        if not self.settings["CMS_ENABLED"]:
            return
        bundle = self.settings["CMS_BUNDLE_PATH"]
        needed = [os.path.join(bundle, BUNDLE),
                  os.path.join(self.settings["CMS_YAML_PATH"], "index.js")]
        missing = [Problem(path, 0, "CMS_ENABLED", "the browser editor is not installed",
                           "`make cms-deps` (npm ci) before a build with CMS_ENABLED")
                   for path in needed if not os.path.isfile(path)]
        if missing:
            log_problems(logger, missing)
            return
        templates = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(HERE,
                                                                                   "templates")),
                                       autoescape=True)
        config = self._config()
        profiles = next(c for c in config["collections"] if c["name"] == "providers")
        page = templates.get_template("admin.html").render(
            policy=admin_policy(self.settings), bundle=BUNDLE, sitename=self.settings["SITENAME"],
            profile_order=field_order(profiles["fields"]))
        files = {"index.html": page.encode("utf-8"),
                 "config.yml": yaml.safe_dump(config, sort_keys=False,
                                              allow_unicode=True).encode("utf-8")}
        for name, data in files.items():
            target = self._claim(name)
            if target:
                with open(target, "wb") as handle:
                    handle.write(data)
        # our script, Decap's bundle and the chunks it loads from beside it (no source maps),
        # and the YAML library our script imports (yaml/)
        sources = {os.path.basename(path): path for path in [
            os.path.join(HERE, "static", "cms.js"),
            *sorted(glob.glob(os.path.join(glob.escape(bundle), "*decap-cms.js")))]}
        library = self.settings["CMS_YAML_PATH"]
        for folder, _, names in os.walk(library):
            for name in sorted(names):
                if name.endswith(".js"):
                    path = os.path.join(folder, name)
                    sources[os.path.join("yaml", os.path.relpath(path, library))] = path
        for name, source in sources.items():
            target = self._claim(name)
            if target:
                shutil.copyfile(source, target)
