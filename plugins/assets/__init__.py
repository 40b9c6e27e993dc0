"""assets: fingerprinted theme static files and Subresource Integrity hashes for templates.

Templates call `asset('css/site.css')` for the fingerprinted path (`assets/css/site.1a2b3c4d5e.css`;
the folder is ASSETS_OUTPUT_DIR, which hosts may cache for a year)
and `asset_integrity('js/search.js')` for its `sha384-...` value. The fingerprinted copies are
written by a small generator (the theme's own scripts and style sheets minified,
ASSETS_COMPACT_SCRIPTS and ASSETS_COMPACT_STYLES; see compact.py); Pelican's own copy of the theme's static folder is kept too, under
the plain names, for anything that refers to a file by its plain name (a worker, a licence).
The fingerprinted scripts are in the build's language: their gettext("...") calls are replaced
by the translations (messages.py), so each language's pages load their own copies.
"""

import base64
import dataclasses
import hashlib
import logging
import os

import i18n
from outputs import registry
from pelican import signals
from pelican.generators import Generator
from validation.defaults import apply_defaults

from .compact import OWN_SCRIPT, OWN_STYLE, compact_script, compact_style
from .messages import localise_script

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Folder of the fingerprinted copies, relative to the output; hosts may cache it for a year.
    "ASSETS_OUTPUT_DIR": "assets",
    # Copy the theme's own scripts (js/*.js) and style sheets (css/*.css) minified.
    "ASSETS_COMPACT_SCRIPTS": True,
    "ASSETS_COMPACT_STYLES": True,
}


@dataclasses.dataclass(frozen=True)
class Asset:
    source: str
    path: str  # output path relative to the site root, fingerprinted
    integrity: str
    data: bytes  # what is written: the source's bytes, or a minified script or style sheet


class AssetManifest:
    """Fingerprints of every file in the theme's static folder, computed once per build."""

    def __init__(self, static_dir, output_prefix, compact_scripts=True, compact_styles=True,
                 translations=None):
        self._assets = {}
        for folder, _, files in os.walk(static_dir):
            for name in sorted(files):
                source = os.path.join(folder, name)
                relative = os.path.relpath(source, static_dir).replace(os.sep, "/")
                with open(source, "rb") as handle:
                    data = handle.read()
                if OWN_SCRIPT.fullmatch(relative):
                    text = data.decode("utf-8")
                    if translations is not None:
                        text = localise_script(text, translations, source)
                    if compact_scripts:
                        text = compact_script(text)
                    data = text.encode("utf-8")
                elif compact_styles and OWN_STYLE.fullmatch(relative):
                    data = compact_style(data.decode("utf-8")).encode("utf-8")
                stem, ext = os.path.splitext(relative)
                digest = hashlib.sha256(data).hexdigest()[:10]
                sri = base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")
                self._assets[relative] = Asset(
                    source, f"{output_prefix}/{stem}.{digest}{ext}", f"sha384-{sri}", data
                )

    def __iter__(self):
        return iter(sorted(self._assets.values(), key=lambda asset: asset.path))

    def _get(self, name):
        try:
            return self._assets[name]
        except KeyError:
            raise KeyError(f"assets: no file {name!r} in the theme's static folder") from None

    def path(self, name):
        return self._get(name).path

    def integrity(self, name):
        return self._get(name).integrity


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="assets")


def _manifest(settings):
    return AssetManifest(os.path.join(settings["THEME"], "static"), settings["ASSETS_OUTPUT_DIR"],
                         settings["ASSETS_COMPACT_SCRIPTS"] is not False,
                         settings["ASSETS_COMPACT_STYLES"] is not False,
                         i18n.translations(settings))


class AssetsGenerator(Generator):
    """Writes the fingerprinted copies; long-cached by hosts since their names change with them."""

    def generate_output(self, writer):
        for asset in self.context["ASSET_MANIFEST"]:
            target = registry(self.context).claim(asset.path, f"assets: {asset.source}")
            if target:
                with open(target, "wb") as handle:
                    handle.write(asset.data)


def add_template_helpers(generator):
    manifest = generator.context.get("ASSET_MANIFEST")
    if manifest is None:
        manifest = generator.context["ASSET_MANIFEST"] = _manifest(generator.settings)
    generator.env.globals["asset"] = manifest.path
    generator.env.globals["asset_integrity"] = manifest.integrity


def get_generators(pelican):
    return AssetsGenerator


def register():
    signals.initialized.connect(initialized)
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(get_generators)
