"""The browser editor at /admin/ (plugins/cms, Decap CMS): off unless CMS_ENABLED; its
configuration generated from providers/schema.json, the vocabulary, the categories and the
metadata allowlists; its own Content-Security-Policy; never in the sitemap, search or robots'
allowed paths; served from our own origin, up to the login button with the production config."""

import json
import urllib.parse

import pytest
import yaml
from conftest import MEMBER_SITE_PLUGINS, ROOT, member_site

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


@pytest.fixture(scope="module")
def enabled_site(tmp_path_factory):
    from conftest import new_providers_dir

    if not (ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").exists():
        pytest.fail("Decap CMS is not installed: run `make cms-deps` (npm ci)")
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
    # no other file of the site names the editor (the search index, the sitemap, the pages)
    naming = [str(path.relative_to(enabled_site.path)) for path in enabled_site.files()
              if b"admin/" in path.read_bytes()]
    assert [path for path in naming if not path.startswith("admin/")] == ["robots.txt"]


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
