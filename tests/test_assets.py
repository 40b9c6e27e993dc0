"""The theme's own scripts are shipped without comment lines and indentation (plugins/assets):
each compacted script still compiles, the site serves exactly that, and vendor files are
copied byte for byte."""

import re
from gettext import NullTranslations

import pytest

from assets.compact import compact_script
from assets.messages import localise_script
from conftest import ROOT

SCRIPTS = sorted((ROOT / "theme" / "static" / "js").glob("*.js"))


def _code(text):
    """A script's text outside comments (for the check below)."""
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_scripts_have_nothing_compacting_could_break(path):
    """Leaving lines out is safe only without template literals and multi-line strings."""
    code = _code(path.read_text(encoding="utf-8"))
    assert "`" not in code
    assert not re.search(r"\\\n", code)  # no string continued on the next line


def test_compacting_keeps_code_and_drops_comment_lines():
    text = ("/* a file comment\n * on two lines */\n'use strict';\n  // a line comment\n"
            "  var a = 1; // kept: it shares a line with code\n  /* one line */\n"
            "  var b = '/* not a comment */';\n")
    assert compact_script(text) == ("'use strict';\nvar a = 1; // kept: it shares a line with "
                                    "code\nvar b = '/* not a comment */';\n")


@pytest.mark.browser
def test_every_compacted_script_compiles_and_is_what_the_site_serves(page, sample_site):
    written = {path.name.split(".")[0]: path for path in (sample_site.path / "assets" / "js").glob("*.js")}
    for path in SCRIPTS:
        # the sample is built in English: the messages (gettext("...")) replaced by themselves
        compacted = compact_script(localise_script(path.read_text(encoding="utf-8"),
                                                   NullTranslations()))
        assert written[path.stem].read_text(encoding="utf-8") == compacted, path.name
        error = page.evaluate("(text) => { try { new Function(text); return ''; }"
                              " catch (e) { return String(e); } }", compacted)
        assert error == "", (path.name, error)
    vendor = ROOT / "theme" / "static" / "vendor" / "lunr" / "lunr.min.js"
    [copy] = (sample_site.path / "assets" / "vendor" / "lunr").glob("lunr.min.*.js")
    assert copy.read_bytes() == vendor.read_bytes()
