"""The theme's own scripts and style sheets are shipped minified (plugins/assets): each minified
script still compiles, the site serves exactly those copies (the scripts in the build's language),
and vendor files are copied byte for byte."""

from gettext import NullTranslations

import pytest

from assets.compact import compact_script, compact_style
from assets.messages import localise_script
from conftest import ROOT

SCRIPTS = sorted((ROOT / "theme" / "static" / "js").glob("*.js"))
STYLES = sorted((ROOT / "theme" / "static" / "css").glob("*.css"))


def test_minifying_drops_comments_and_keeps_code_strings_and_regular_expressions():
    text = ("/* a file comment\n * on two lines */\n'use strict';\n  // a line comment\n"
            "  var a = 1; // a comment after code\n  /* one line */\n"
            "  var b = '/* not a comment */';\n  var c = /[\\s\\-]+/gu;\n")
    assert compact_script(text) == ("'use strict';var a=1;var b='/* not a comment */';"
                                    "var c=/[\\s\\-]+/gu;\n")


def test_minifying_a_style_sheet_keeps_every_rule():
    text = "/* theme */\n:root {\n  --ink: #1b2430;\n}\n.a > .b { color: var(--ink); }\n"
    assert compact_style(text) == ":root{--ink:#1b2430}.a>.b{color:var(--ink)}\n"


@pytest.mark.browser
def test_every_minified_script_compiles_and_is_what_the_site_serves(page, sample_site):
    written = {path.name.split(".")[0]: path for path in (sample_site.path / "assets" / "js").glob("*.js")}
    for path in SCRIPTS:
        # the sample is built in English: the messages (gettext("...")) replaced by themselves
        minified = compact_script(localise_script(path.read_text(encoding="utf-8"),
                                                  NullTranslations()))
        assert written[path.stem].read_text(encoding="utf-8") == minified, path.name
        error = page.evaluate("(text) => { try { new Function(text); return ''; }"
                              " catch (e) { return String(e); } }", minified)
        assert error == "", (path.name, error)
    styles = {path.name.split(".")[0]: path for path in (sample_site.path / "assets" / "css").glob("*.css")}
    for path in STYLES:
        assert styles[path.stem].read_text(encoding="utf-8") == compact_style(
            path.read_text(encoding="utf-8")), path.name
    vendor = ROOT / "theme" / "static" / "vendor" / "lunr" / "lunr.min.js"
    [copy] = (sample_site.path / "assets" / "vendor" / "lunr").glob("lunr.min.*.js")
    assert copy.read_bytes() == vendor.read_bytes()
