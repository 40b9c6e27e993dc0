"""Hostile profiles: each is rejected with a clear error naming file and field, or rendered inert
(checked in the HTML and in headless Chromium: no dialog fires, no script runs)."""

import pytest

from conftest import (LOGO, SAMPLE_CONTENT, SAMPLE_PROVIDERS, run_check, run_pelican, variant,
                      write_profile)
from htmlcheck import page_problems

PAYLOAD = "<script>window.__xss=1;alert(1)</script><img src=x onerror=\"window.__xss=1;alert(2)\">"
QUOTED = PAYLOAD.replace("'", "''")


def _hostile_profile():
    """Every free-text field carries the payload; the profile itself is valid."""
    return variant("hostile", "Hostile AS", **{
        "name: Hostile AS": f"name: '{QUOTED} Hostile AS'",
        "summary: A fictional provider used by the test suite to keep offices running.":
            f"summary: '{QUOTED} A fictional provider.'",
        "  We look after **small offices** in western Norway.":
            f"  {PAYLOAD}\n\n  <a href=\"javascript:alert(3)\">x</a> [y](javascript:alert(4))"
            "\n\n  <iframe src=\"https://evil.example\"></iframe>",
        "city: Bergen": "city: '<svg onload=alert(5)>'",
        "region: Vestland": f"region: '{QUOTED}'",
        "auditor: Nordlicht Audit Partners": "auditor: '\"><script>alert(6)</script>'",
        "address: Strandkaien 1, 5013 Bergen": f"address: '{QUOTED}'",
    })


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import shutil
    base = tmp_path_factory.mktemp("hostile")
    folder = base / "providers"
    (folder / "logos").mkdir(parents=True)
    shutil.copy(SAMPLE_PROVIDERS / "schema.json", folder)
    write_profile(folder, "hostile", _hostile_profile())
    # The auditor's name comes from the staff-owned registry; accredit the payload there so it
    # reaches every page and its escaping is tested too.
    auditors = base / "auditors.yaml"
    auditors.write_text((SAMPLE_CONTENT / "data" / "auditors.yaml").read_text(encoding="utf-8")
                        + "  - name: '\"><script>alert(6)</script>'\n    programs: [msp-verify]\n",
                        encoding="utf-8")
    shutil.copy(SAMPLE_CONTENT / "data" / "auditors.schema.json", base)
    build = run_pelican(base / "out", PROVIDERS_PATH=str(folder), SITEURL="/directory",
                        RECORD_AUDITORS_PATH=str(auditors))
    assert build.returncode == 0, build.output
    return build


def test_payloads_are_escaped_in_every_page(hostile_site):
    pages = hostile_site.pages()
    assert len(pages) > 10
    for path in pages:
        html = path.read_text()
        assert page_problems(html) == [], path
        assert "<script>window.__xss" not in html, path
        assert "<img src=x" not in html, path
        assert "<svg onload" not in html, path
    profile = hostile_site.page("providers/hostile/index.html")
    assert "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;" in profile


@pytest.mark.browser
def test_no_script_runs_in_chromium(hostile_site, serve, page):
    base = serve(hostile_site.path, "/directory")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/providers/hostile/", "/providers/", "/", "/providers/countries/no/",
                 "/providers/services/managed-it/"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss === undefined"), path
    assert dialogs == []
    assert "Hostile AS" in page.goto(base + "/providers/hostile/").text()


REJECTED = [
    ("python-tag", "founded: 2010", "founded: !!python/object/apply:os.system ['true']",
     "yaml", "is not allowed"),
    ("alias-bomb", "industries: [healthcare, legal]",
     "industries: &a [x, x, x, x, x, x, x, x, x]\nlol: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
     "yaml", "anchor '&a' is not allowed"),
    ("javascript-website", "website: https://testfjord.example", "website: javascript:alert(1)",
     "website", "expected an http:// or https:// address"),
    ("javascript-social", "linkedin: https://social.example/testfjord",
     "linkedin: 'JaVaScRiPt:alert(1)'", "social.linkedin", "expected an http:// or https://"),
    ("data-url", "website: https://testfjord.example", "website: 'data:text/html,<script>x</script>'",
     "website", "expected an http:// or https:// address"),
    ("logo-traversal", "logo: hostile.svg", "logo: ../../../etc/passwd", "logo",
     "expected a file name in providers/logos/"),
    ("logo-absolute", "logo: hostile.svg", "logo: /etc/passwd.svg", "logo",
     "expected a file name in providers/logos/"),
    ("email-markup", "email: hello@testfjord.example", "email: '\"><script>@x.example'",
     "contact.email", "expected an email address"),
]


@pytest.mark.parametrize("old,new,field,words", [c[1:] for c in REJECTED],
                         ids=[c[0] for c in REJECTED])
def test_hostile_values_are_rejected(providers_dir, old, new, field, words):
    write_profile(providers_dir, "hostile", variant("hostile", "Hostile AS", **{old: new}))
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1, output
    line = next((text for text in output.splitlines()
                 if text.startswith(str(providers_dir / "hostile.yaml"))), "")
    assert f": {field}: " in line, output
    assert words in line, output


@pytest.mark.parametrize("name", ["..", ".hidden", "UPPER", "a..b", "white space", "ünïcode"])
def test_file_names_that_are_not_slugs_are_rejected(providers_dir, name):
    (providers_dir / f"{name}.yaml").write_text(variant("x", f"Other {name} AS"))
    (providers_dir / "logos" / "x.svg").write_text(LOGO)
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1, output
    assert f"{name}.yaml: file name: '{name}' cannot be a permalink" in output


SVGS = [
    ("script", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "contains a <script> element"),
    ("onload", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
     "event handler attribute onload"),
    ("external-image", '<svg xmlns="http://www.w3.org/2000/svg" '
     'xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="https://evil.example/a.svg#x"/></svg>',
     "outside the file"),
    ("entity", '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
     '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "declares a DTD or entities"),
    ("css-import", '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://e.example/x.css);</style></svg>',
     "loads an external resource"),
    ("foreign-object", '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
     "contains a <foreignObject> element"),
    ("not-xml", "<svg><unclosed></svg>", "not well-formed XML"),
]


@pytest.mark.parametrize("svg,words", [c[1:] for c in SVGS], ids=[c[0] for c in SVGS])
def test_unsafe_svg_logos_are_rejected(providers_dir, svg, words):
    write_profile(providers_dir, "badlogo", variant("badlogo", "Bad Logo AS"))
    (providers_dir / "logos" / "badlogo.svg").write_text(svg)
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1, output
    line = next(text for text in output.splitlines() if "badlogo.yaml" in text)
    assert line.startswith(f"{providers_dir / 'badlogo.yaml'}:7: logo: ")
    assert words in line


def test_png_logo_must_be_a_png(providers_dir):
    text = variant("pnglogo", "Png Logo AS").replace("logo: pnglogo.svg", "logo: pnglogo.png")
    write_profile(providers_dir, "pnglogo", text, logo=False)
    (providers_dir / "logos" / "pnglogo.png").write_bytes(b"<svg onload=alert(1)>")
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    assert "pnglogo.yaml:7: logo: " in output and "is not a PNG image" in output
