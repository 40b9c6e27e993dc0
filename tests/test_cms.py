"""The browser editor at /admin/ (plugins/cms, Decap CMS): off unless CMS_ENABLED; its
configuration generated from providers/schema.json, the vocabulary, the categories and the
metadata allowlists; its own Content-Security-Policy; never in the sitemap, search or robots'
allowed paths; served from our own origin, up to the login button with the production config."""

import contextlib
import json
import subprocess
import urllib.parse

import pytest
import yaml
from conftest import MEMBER_SITE_PLUGINS, ROOT, member_site, record_problems

from cms.config import SIGNED, cms_config
from cms.settings import DEFAULTS
from editorial.rules import ARTICLE_FIELDS, ARTICLE_REQUIRED, PAGE_FIELDS, PAGE_REQUIRED
from member_profiles.profiles import Term
from newsletter.issues import FIELDS as ISSUE_FIELDS
from newsletter.issues import REQUIRED as ISSUE_REQUIRED

SCHEMA = json.loads((ROOT / "providers" / "schema.json").read_text(encoding="utf-8"))
DATA = ROOT / "content" / "data"
CMS_PLUGINS = [*MEMBER_SITE_PLUGINS[:-1], "hosting", "sitemap", "cms", MEMBER_SITE_PLUGINS[-1]]
# A vocabulary of our own, so that the options are known here.
VOCABULARY = {
    "services": {"night-desk": Term("night-desk", "Night desk", "Answers the phone at night.")},
    "industries": {"fishing": Term("fishing", "Fishing fleets", "Boats and their offices.")},
    "standards": {"ucs": Term("ucs", "Unified Standard", "The standard.")},
    "programs": {"msp-verify": Term("msp-verify", "MSP Verify", "The programme.")},
}
TABLES = {"article": (ARTICLE_FIELDS, ARTICLE_REQUIRED), "page": (PAGE_FIELDS, PAGE_REQUIRED),
          "issue": (ISSUE_FIELDS, ISSUE_REQUIRED)}


def config(**settings):
    return cms_config({**DEFAULTS, "SITEURL": "", **settings}, SCHEMA, VOCABULARY,
                      {"Security": "About security", "Operations": "Running things"}, TABLES)


def collection(generated, name):
    return next(c for c in generated["collections"] if c["name"] == name)


def by_name(fields):
    return {field["name"]: field for field in fields}


def test_the_profile_form_is_the_schema_with_its_help_texts():
    fields = by_name(collection(config(), "providers")["fields"])
    # every property but the staff-only notes, in the schema's order
    assert list(fields) == [name for name in SCHEMA["properties"] if name != "private"]
    for name, schema in SCHEMA["properties"].items():
        if name == "private":
            continue
        expected = schema.get("x-expected") or SCHEMA["$defs"].get(
            schema.get("$ref", "#/$defs/-").rsplit("/", 1)[1], {}).get("x-expected", "")
        assert fields[name]["hint"].startswith(expected), name
        assert fields[name].get("required", True) == (name in SCHEMA["required"]), name
    # choices come from the vocabulary and the schema's enums
    assert fields["services"]["options"] == [{"label": "Night desk", "value": "night-desk"}]
    assert fields["services"]["multiple"] is True
    assert fields["industries"]["options"] == [{"label": "Fishing fleets", "value": "fishing"}]
    assert fields["company_size"]["options"] == SCHEMA["properties"]["company_size"]["enum"]
    assert {"label": "NO · Norway", "value": "NO"} in by_name(
        fields["headquarters"]["fields"])["country"]["options"]
    records = by_name(fields["certifications"]["fields"])
    assert collection(config(), "providers")["format"] == "msp-yaml"
    assert records["standard"]["options"] == [{"label": "Unified Standard", "value": "ucs"}]
    assert records["report_id"]["pattern"][0] == SCHEMA["properties"]["certifications"][
        "items"]["properties"]["report_id"]["pattern"]
    assert records["expires"]["widget"] == "datetime" and records["expires"]["format"] == \
        "YYYY-MM-DD"
    # signed fields say so, and are read-only once the profile exists (the "signed" widget)
    for (name,) in SIGNED:
        assert fields[name]["hint"].endswith("(signed: staff change it with make sign-records)")
        assert fields[name]["widget"] == "signed"
    assert fields["name"]["signed_widget"] == "string"
    assert fields["certifications"]["signed_widget"] == "list"


def test_the_markdown_forms_are_the_metadata_allowlists():
    generated = config()
    articles = by_name(collection(generated, "articles")["fields"])
    assert [name for name in articles if name != "body"] == [
        key for key in ARTICLE_FIELDS if key != "slug"]
    for key, hint in ARTICLE_FIELDS.items():
        if key in articles:
            assert articles[key]["hint"] == hint
            assert articles[key].get("required", True) == (key in ARTICLE_REQUIRED)
    assert articles["category"]["options"] == ["Operations", "Security"]
    assert articles["status"]["options"] == ["published", "draft", "hidden"]
    assert articles["status"]["required"] is False
    issues = by_name(collection(generated, "newsletter")["fields"])
    assert [name for name in issues if name != "body"] == list(ISSUE_FIELDS)
    for name in ("articles", "newsletter", "pages"):
        assert collection(generated, name)["format"] == "pelican-markdown"


def test_production_uses_github_with_the_editorial_workflow_and_a_clone_decap_server():
    production = config(CMS_GITHUB_REPO="association/msp-directory",
                        CMS_AUTH_BASE_URL="https://auth.association.example")
    assert production["backend"] == {"name": "github", "repo": "association/msp-directory",
                                     "branch": "main",
                                     "base_url": "https://auth.association.example"}
    assert production["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in production
    local = config(CMS_LOCAL_BACKEND=True)
    assert local["local_backend"] == {"url": "http://localhost:8081/api/v1"}
    assert "publish_mode" not in local


def cms_site(output, providers, **settings):
    return member_site(output, providers, PLUGINS=CMS_PLUGINS,
                       ARTICLE_CATEGORIES_PATH=str(DATA / "categories.yaml"), **settings)


def test_the_editor_is_off_unless_cms_enabled(providers_dir, tmp_path):
    build = cms_site(tmp_path / "off", providers_dir)
    assert build.returncode == 0, build.output
    assert not (build.path / "admin").exists()
    assert "Disallow" not in build.page("robots.txt")


def need_npm_packages():
    if not (ROOT / "node_modules" / ".package-lock.json").exists():
        pytest.fail("the browser editor's npm packages are not installed: run `make cms-deps`")


@pytest.fixture(scope="module")
def enabled_site(tmp_path_factory):
    from conftest import new_providers_dir

    need_npm_packages()
    folder = tmp_path_factory.mktemp("cms")
    build = cms_site(folder / "site", new_providers_dir(folder / "providers"), CMS_ENABLED=True,
                     CMS_GITHUB_REPO="association/msp-directory",
                     CMS_AUTH_BASE_URL="https://auth.association.example")
    assert build.returncode == 0, build.output
    return build


def test_the_editor_has_its_own_policy_and_stays_out_of_sitemap_search_and_robots(enabled_site):
    page = enabled_site.page("admin/index.html")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert ("script-src &#39;self&#39; &#39;unsafe-eval&#39;; style-src &#39;self&#39; "
            "&#39;unsafe-inline&#39;") in page
    assert "connect-src &#39;self&#39; https://api.github.com https://auth.association.example;" \
        in page
    # the site's own pages keep the site's policy, without what the editor needs
    assert "unsafe-eval" not in enabled_site.page("providers/testfjord/index.html")
    # served from our origin: the page names no other host for code
    assert '<script src="decap-cms.js"></script>' in page and "https://unpkg" not in page
    assert (enabled_site.path / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    assert not list((enabled_site.path / "admin").glob("*.map"))
    generated = yaml.safe_load(enabled_site.page("admin/config.yml"))
    assert generated["backend"]["repo"] == "association/msp-directory"
    assert "admin" not in enabled_site.page("sitemap.xml")
    assert "Disallow: /admin/" in enabled_site.page("robots.txt")
    # no other file of the site names the editor (the search index, the sitemap, the pages);
    # _headers, which hosts read and never serve, gives it its own policy
    naming = [str(path.relative_to(enabled_site.path)) for path in enabled_site.files()
              if b"admin/" in path.read_bytes()]
    assert [path for path in naming if not path.startswith("admin/")] == ["_headers",
                                                                           "robots.txt"]


def test_a_missing_bundle_is_one_problem_line(providers_dir, tmp_path):
    build = cms_site(tmp_path / "site", providers_dir, CMS_ENABLED=True,
                     CMS_BUNDLE_PATH=str(tmp_path / "nowhere"))
    assert build.returncode == 1
    assert (f"{tmp_path / 'nowhere' / 'decap-cms.js'}: CMS_ENABLED: the browser editor is not "
            "installed; expected `make cms-deps` (npm ci) before a build with CMS_ENABLED"
            ) in build.output
    assert "Traceback" not in build.output


def test_the_production_editor_loads_up_to_the_login_button(enabled_site, serve, page):
    base = serve(enabled_site.path)
    hosts = set()
    page.on("request", lambda request: hosts.add(urllib.parse.urlsplit(request.url).netloc))
    page.goto(base + "/admin/")
    page.get_by_role("button", name="Login with GitHub").wait_for(timeout=30_000)
    # everything came from our origin (no CDN), and nothing broke the page's policy
    assert hosts == {urllib.parse.urlsplit(base).netloc}
    assert page.problems == []


# --- The editor against its local backend (decap-server) on a temporary clone ---------------

def _field(page, label):
    """The input a form label of the editor points at."""
    found = page.locator("label", has_text=label).first
    found.wait_for()
    target = found.get_attribute("for")
    return page.locator(f"[id='{target}']")


def _choose(page, label, text):
    box = _field(page, label)
    box.click()
    box.fill(text)
    page.keyboard.press("Enter")


def _publish(page):
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Entry saved").first.wait_for(timeout=15_000)


@contextlib.contextmanager
def _editor(browser, url, collection, entry="new"):
    """A page of the editor, logged in to the local backend, on a collection's new entry (or
    `entries/<slug>`), in a browser context of its own; no console error or failed request."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = record_problems(context.new_page())
    try:
        page.goto(url)
        page.get_by_role("button", name="Login").click()
        page.goto(f"{url}#/collections/{collection}/{entry}")
        yield page
        assert page.problems == []
    finally:
        context.close()


def _git(clone, *words):
    return subprocess.run(["git", *words], cwd=clone, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def local_editor(tmp_path, serve):
    """(editor URL, clone): a git clone of a small site (the mail fixture content, one signed
    profile), decap-server serving it, and /admin/ built for the local backend."""
    from conftest import new_providers_dir
    from mailtools import copy_content, free_port

    need_npm_packages()
    clone = tmp_path / "clone"
    copy_content(clone / "content")
    new_providers_dir(clone / "providers")
    _git(clone, "init", "-q")
    _git(clone, "add", "-A")
    _git(clone, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-qm",
         "start")
    port = free_port()
    build = cms_site(tmp_path / "site", clone / "providers", CMS_ENABLED=True,
                     CMS_LOCAL_BACKEND=True,
                     CMS_LOCAL_BACKEND_URL=f"http://localhost:{port}/api/v1")
    assert build.returncode == 0, build.output
    server = subprocess.Popen(
        [str(ROOT / "node_modules" / ".bin" / "decap-server")], cwd=clone,
        env={"PATH": "/usr/bin:/bin", "GIT_REPO_DIRECTORY": str(clone), "PORT": str(port),
             "MODE": "fs"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert "listening on port" in server.stdout.readline() + server.stdout.readline()
        # the local backend answers pages on localhost only
        yield serve(build.path).replace("127.0.0.1", "localhost") + "/admin/", clone
    finally:
        server.terminate()
        server.wait(timeout=10)


def check_clone(clone, *extra):
    """`make check` on the clone (sitetools.check as make runs it), in this process."""
    from conftest import REFERENCE_DATE, run_tool
    from mailtools import site_overrides

    from sitetools.check import main

    overrides = site_overrides(clone / "content", clone / "providers", BUILD_DATE=REFERENCE_DATE)
    argv = ["-s", str(ROOT / "pelicanconf.py"), "-e", *extra,
            *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    return run_tool(main, argv)


def test_the_editor_writes_a_profile_an_article_and_an_issue_that_make_check_accepts(
        local_editor, browser):
    url, clone = local_editor
    with _editor(browser, url, "providers") as page:
        _field(page, "Name").fill("Nattvakt Drift AS")
        _field(page, "Summary").fill("A fictional provider that keeps small offices running "
                                     "at night.")
        _field(page, "Website").fill("https://nattvakt.example")
        _field(page, "City").fill("Tromsø")
        _choose(page, "Country", "Norway")
        _choose(page, "Service areas", "Norway")
        _choose(page, "Services", "Managed IT support")
        _field(page, "Member since").fill("2026-11-02")
        _field(page, "Ethics signed").fill("2026-11-02")
        page.get_by_role("button", name="Add certifications").click()
        _choose(page, "Standard", "Unified")
        _choose(page, "Program", "MSP Verify")
        _field(page, "Issued").fill("2026-10-01")
        _field(page, "Expires").fill("2028-09-30")
        _field(page, "Report id").fill("UCS-2026-0777")
        _field(page, "Auditor").fill("Nordlicht Audit Partners")
        _field(page, "Email (optional)").fill("night@nattvakt.example")
        _publish(page)
    with _editor(browser, url, "articles") as page:
        _field(page, "Title").fill("Night shifts without burnout")
        _field(page, "Date").fill("2026-11-20")
        _field(page, "Authors").fill("Ingrid Testmoen")
        _choose(page, "Category", "Operations")
        _field(page, "Tags").fill("rota, night desk")
        _field(page, "Summary").fill("A fictional note on a night desk people can keep up.")
        page.locator("[data-slate-editor='true']").first.click()
        page.keyboard.type("Rotate the night desk every week, and write down every call.")
        _publish(page)
    with _editor(browser, url, "newsletter") as page:
        _field(page, "Title").fill("The night desk issue")
        _field(page, "Date").fill("2026-12-15")
        _field(page, "Number").fill("4")
        _field(page, "Summary").fill("A fictional issue about answering the phone at night.")
        page.locator("[data-slate-editor='true']").first.click()
        page.keyboard.type("## Who answers at night")
        _publish(page)
    profile = (clone / "providers" / "nattvakt-drift-as.yaml").read_text(encoding="utf-8")
    # the same format editors write by hand: the modeline, the schema's key order, flow lists
    assert profile.startswith("# yaml-language-server: $schema=schema.json\nname: Nattvakt "
                              "Drift AS\nsummary: ")
    assert "service_areas: [NO]\nservices: [managed-it]\nmember_since: 2026-11-02\n" in profile
    assert "  - standard: ucs\n    program: msp-verify\n    issued: 2026-10-01\n" in profile
    article = (clone / "content" / "articles" / "night-shifts-without-burnout.md").read_text(
        encoding="utf-8")
    assert article == ("Title: Night shifts without burnout\nDate: 2026-11-20\n"
                       "Authors: Ingrid Testmoen\nCategory: Operations\nTags: rota, night desk\n"
                       "Summary: A fictional note on a night desk people can keep up.\n\n"
                       "Rotate the night desk every week, and write down every call.\n")
    # an issue's file is named by its date, as `make check` requires
    issue = (clone / "content" / "newsletter" / "2026-12-15.md").read_text(encoding="utf-8")
    assert issue.startswith("Title: The night desk issue\nDate: 2026-12-15\nNumber: 4\n")
    result = check_clone(clone)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: 2 provider profiles, 1 articles, 1 pages, 4 newsletter issues" in result.stdout


def test_editing_a_signed_profile_changes_one_line_and_the_record_still_verifies(local_editor,
                                                                               browser):
    url, clone = local_editor
    with _editor(browser, url, "providers", "entries/testfjord") as page:
        # the signed fields are shown, not editable
        name = _field(page, "Name")
        assert name.evaluate("node => node.tagName") == "PRE"
        assert name.inner_text() == "Testfjord Drift AS"
        records = _field(page, "Certifications")
        assert "report_id: UCS-2025-0001" in records.inner_text()
        assert page.get_by_role("button", name="Add certifications").count() == 0
        _field(page, "Summary").fill("A fictional provider that also answers the phone at night.")
        _publish(page)
    diff = _git(clone, "diff", "--unified=0", "--", "providers/testfjord.yaml")
    changed = [line for line in diff.splitlines()
               if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert changed == [
        "-summary: A fictional provider used by the test suite to keep offices running.",
        "+summary: A fictional provider that also answers the phone at night."]
    result = check_clone(clone, 'RECORD_SIGNATURES="required"', "RECORD_ALLOW_SAMPLE_KEYS=true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not signed" not in result.stdout + result.stderr
