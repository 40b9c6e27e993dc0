"""Incremental builds cannot go stale: a page's inputs are what its render read (recorded as it
read them: plugins/batch_render/reads.py), and BUILD_REUSE_CHECK renders every reused file again.

Every build here is of the fixture site (tests/incremental.py's FixtureSite: the small fixture
site, synthetic members, articles of our own, office_notes' data file), with BUILD_DATE pinned.
The template edits read site-wide data the way a new feature would, with no declaration
anywhere; after each edit, the incremental build equals a cold build byte for byte, and the
self-check passes.
"""

import os
import random
import subprocess
import sys

import pytest
from batch_render import ReuseMismatch
from batch_render.inputs import library_versions, plugin_packages
from conftest import ROOT
from incremental import FixtureSite, differences, linked, stale, tree
from jinja2.exceptions import UndefinedError
from pelican.settings import read_settings

MEMBERS = 30
CHECK = {"BUILD_REUSE_CHECK": True}

# Template edits a developer makes for a new feature: each reads something site-wide.
FOOTER_COUNT = ("partials/footer.html", "</footer>",
                "<p>{{ directory.members | length }} members listed.</p>\n</footer>")
NEWEST = ("provider.html", "<h1>{{ member.name }}</h1>",
          "<h1>{{ member.name }}</h1>\n<p>Newest member: {{ directory.newest[0].name }}</p>")
VERIFIED_COUNT = ("provider.html", '<p class="lead"',
                  '<p>{{ directory.verified | length }} verified members.</p>\n<p class="lead"')
ARTICLES_COUNT = ("verify.html", "<h2 id=\"signatures-heading\">",
                  "<p>{{ articles | length }} guides.</p>\n<h2 id=\"signatures-heading\">")
OFFICE_HOURS = ("provider.html", '<h2 id="contact-heading">',
                '<p>Office hours: {{ office.hours }}</p>\n<h2 id="contact-heading">')
OFFICE_NEWEST = ("verify.html", '<h2 id="records-heading">',
                 '<p>Welcome: {{ office.newest | default("") }}</p>\n<h2 id="records-heading">')
HISTORY_COUNT = ("provider.html", '<p class="profile__actions">',
                 '<p>{{ trust.history(member).changes | length }} changes.</p>\n'
                 '<p class="profile__actions">')
FOUNDED = ("provider.html", "<h1>{{ member.name }}</h1>",
           "<h1>{{ member.name }}</h1> <span>founded {{ member.founded }}</span>")
SETTING = ("provider.html", "<h1>{{ member.name }}</h1>",
           "<h1>{{ member.name }}</h1> <span>{{ OFFICE_PHONE }}</span>")
TEMPLATE_EDITS = (FOOTER_COUNT, NEWEST, VERIFIED_COUNT, ARTICLES_COUNT, OFFICE_HOURS, FOUNDED)


def _git(folder, *args, date="2026-01-10T12:00:00+00:00"):
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=folder, env=env, check=True,
                   capture_output=True)


class Chain:
    """Builds of one site, each incremental from the last (with the self-check on) and
    compared with a cold build of the same sources."""

    def __init__(self, site, folder, **settings):
        self.site, self.folder, self.settings, self.count = site, folder, settings, 0
        self.previous = site.build(folder / "start", **settings)

    def step(self, **settings):
        """The incremental build after an edit; returns how many of its files are stale."""
        self.count += 1
        settings = {**self.settings, **settings}
        incremental = self.site.build(self.folder / f"build-{self.count}",
                                      previous=self.previous, **CHECK, **settings)
        cold = self.site.build(self.folder / f"cold-{self.count}", **settings)
        found = stale(incremental, cold)
        assert not found, differences(incremental, cold)
        self.previous = incremental
        return found


def test_a_seeded_sequence_of_template_and_content_edits_matches_cold_builds(tmp_path):
    site = FixtureSite(tmp_path / "site", MEMBERS)
    chain = Chain(site, tmp_path, BUILD_WORKERS=1)
    rng = random.Random(24)
    templates = list(TEMPLATE_EDITS)
    rng.shuffle(templates)
    done = []
    for template in templates:
        done.append(site.edit_template_text(*template))
        assert chain.step() == 0, done
        for _ in range(2):
            done.append(getattr(site, rng.choice(site.CONTENT_EDITS))())
            assert chain.step(BUILD_WORKERS=1 + len(done) % 2) == 0, done
    # the last incremental build reused most member pages: reuse still happens
    assert len([path for path in linked(chain.previous) if path.startswith("providers/")]) > 20


def test_a_build_with_nothing_changed_renders_no_page_again(tmp_path):
    """Every recorded read of every page can be evaluated by the next build: with no edit, no
    page of the batches is rendered again. (A gettext call given a translated title, Markup,
    was once recorded as an argument no build could evaluate: every listing page after the
    first was rendered on every build.)"""
    site = FixtureSite(tmp_path / "site", MEMBERS)
    small = {"PAGINATED_TEMPLATES": {"index": None, "directory": 4, "facet": 4}}
    first = site.build(tmp_path / "first", **small)
    again = site.build(tmp_path / "again", previous=first, **CHECK, **small)
    assert not differences(first, again)
    pages = [path for path in tree(again)
             if path.endswith((".html", ".svg")) and path.startswith(("providers/", "verify/"))]
    listings = [path for path in pages if "/page/" in path or "/newest/" in path]
    assert len(listings) > 10, listings
    assert sorted(set(pages) - linked(again)) == []


def test_the_issues_table_has_no_stale_file(tmp_path, capsys):
    """The six rows of issue 24's table: a template change, then a content edit, each built
    incrementally (self-check on) and compared with a cold build."""
    site = FixtureSite(tmp_path / "site", MEMBERS)
    _git(site.providers, "init", "-q")
    _git(site.providers, "add", "-A")
    _git(site.providers, "commit", "-q", "-m", "members")
    chain = Chain(site, tmp_path, OFFICE_PHONE="+47 22 00 00 00")
    rows = []

    # 1. `{{ founded }}` (a name nothing defines) stops the build instead of rendering empty;
    # the field the developer meant, `member.founded`, then follows its edits.
    site.edit_template_text("provider.html", "<h1>{{ member.name }}</h1>",
                            "<h1>{{ member.name }}</h1> {{ founded }}")
    with pytest.raises(UndefinedError, match="founded"):
        site.build(tmp_path / "refused", previous=chain.previous, **CHECK)
    site.edit_template_text("provider.html", " {{ founded }}", "")
    site.edit_template_text(*FOUNDED)
    rows.append(("{{ member.founded }} in the profile header", chain.step()))
    site.edit_founded()
    rows[-1] += (chain.step(),)
    # 2. a new setting read by the profile page, then its value
    site.edit_template_text(*SETTING)
    rows.append(("a new setting read by the profile page", chain.step()))
    rows[-1] += (chain.step(OFFICE_PHONE="+47 22 11 11 11"),)
    chain.settings["OFFICE_PHONE"] = "+47 22 11 11 11"
    # 3. the number of verified members on the profile page, then a member expires
    site.edit_template_text(*VERIFIED_COUNT)
    rows.append(("{{ directory.verified | length }} on the profile page", chain.step()))
    site.expire_member()
    rows[-1] += (chain.step(),)
    # 4. the number of history changes on the profile page; an edit, built, then committed
    site.edit_template_text(*HISTORY_COUNT)
    rows.append(("the number of history changes on the profile page", chain.step()))
    site.edit_summary()
    assert chain.step() == 0
    _git(site.providers, "commit", "-q", "-a", "-m", "summary", date="2026-02-10T12:00:00+00:00")
    rows[-1] += (chain.step(),)
    # 5. the newest member on every profile, then a member's member_since
    site.edit_template_text(*NEWEST)
    rows.append(("Newest member: {{ directory.newest[0].name }}", chain.step()))
    site.edit_member_since()
    rows[-1] += (chain.step(),)
    # 6. a field a plugin reads from a new data file, then that file
    site.edit_template_text(*OFFICE_HOURS)
    rows.append(("a field read by a plugin from a new data file", chain.step()))
    site.edit_office()
    rows[-1] += (chain.step(),)

    with capsys.disabled():
        print("\nchange to a template | stale after it | stale after the content edit")
        for row in rows:
            print(" | ".join(map(str, row)))
    assert [row[1:] for row in rows] == [(0, 0)] * 6


def test_a_new_site_wide_read_needs_no_other_change(tmp_path):
    """A template starts to read the newest member, and a plugin's page data starts to read it
    too (office_notes, told so by its data file): no declaration anywhere, and incremental builds
    stay equal to cold ones with the self-check on."""
    site = FixtureSite(tmp_path / "site", MEMBERS)
    chain = Chain(site, tmp_path)
    site.edit_template_text(*FOOTER_COUNT)
    assert chain.step() == 0
    site.add_member()
    assert chain.step() == 0
    footer = (chain.previous / "providers" / "index.html").read_text(encoding="utf-8")
    assert f"{MEMBERS + 1} members listed." in footer
    # the plugin's page data reads something new: only its data file changes
    site.edit_template_text(*OFFICE_NEWEST)
    office = site.content / "data" / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8") + "show_newest: true\n",
                      encoding="utf-8")
    assert chain.step() == 0
    site.edit_member_since()
    assert chain.step() == 0
    page = next((chain.previous / "verify").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Welcome: " in page and "Welcome: </p>" not in page


def test_the_self_check_catches_a_read_that_bypasses_the_recording(tmp_path):
    """A filter that opens a data file itself while a page renders: nothing records that read,
    so an incremental build reuses stale profile pages, and BUILD_REUSE_CHECK stops the build
    naming the file and saying that no recorded read changed."""
    site = FixtureSite(tmp_path / "site", 5)
    site.edit_template_text("provider.html", "<h1>{{ member.name }}</h1>",
                            "<h1>{{ member.name }}</h1> {{ member.slug | office_direct }}")
    first = site.build(tmp_path / "first")
    site.edit_office()
    unchecked = site.build(tmp_path / "unchecked", previous=first)
    cold = site.build(tmp_path / "cold")
    assert [path for path in differences(unchecked, cold) if path.startswith("providers/")]
    with pytest.raises(ReuseMismatch) as caught:
        site.build(tmp_path / "checked", previous=first, **CHECK)
    message = str(caught.value)
    assert "providers/member-" in message and "/index.html" in message
    assert "every recorded read is unchanged" in message and "Office hours" not in message


def test_nothing_published_is_a_reuse(monkeypatch):
    """publishconf.py (make publish, the deploy targets and the publish workflow run it) builds
    cold even when make sets the previous output, unless every reuse is checked."""
    monkeypatch.setenv("MSP_INCREMENTAL_FROM", "output")
    monkeypatch.delenv("BUILD_REUSE_CHECK", raising=False)
    assert read_settings(str(ROOT / "publishconf.py"))["INCREMENTAL_FROM"] is None
    assert read_settings(str(ROOT / "pelicanconf.py"))["INCREMENTAL_FROM"] == "output"
    monkeypatch.setenv("BUILD_REUSE_CHECK", "1")
    monkeypatch.delitem(sys.modules, "pelicanconf", raising=False)  # (imported by publishconf)
    assert read_settings(str(ROOT / "publishconf.py"))["INCREMENTAL_FROM"] == "output"


def test_the_build_key_covers_the_code_the_build_runs_and_nothing_else():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    folders, imported = plugin_packages([str(ROOT / "plugins")], settings["PLUGINS"])
    names = {os.path.basename(folder) for folder in folders}
    # the loaded plugins and the libraries of plugins they import (batch_render, validation)
    assert {"member_profiles", "trust", "batch_render", "validation"} <= names
    # not the command-line tools, nor the benchmark (tests/bench/)
    assert "sitetools" not in names and "bench" not in names
    versions = " ".join(library_versions(imported | {"pelican"}))
    assert "pelican=" in versions and "jinja2=" in versions
    assert "pytest=" not in versions and "ruff=" not in versions


def test_a_template_is_parsed_again_only_when_its_source_changed():
    """What a template refers to is kept for the next build with its source's digest
    (.build-manifest/parsed-templates.json): the same source is not parsed again, a changed one
    is, whatever the kept entry says."""
    import jinja2
    from batch_render import Parsed, context_names_used
    from batch_render.inputs import sha

    sources = {"page.html": "{% include 'part.html' %}{{ directory.count }}",
               "part.html": "{{ office.hours }}"}
    env = jinja2.Environment(loader=jinja2.DictLoader(sources))
    parsed = []
    original_parse = env.parse
    env.parse = lambda source: parsed.append(source) or original_parse(source)
    first = Parsed()
    assert context_names_used(env, "page.html", first) == {"directory", "office"}
    assert len(parsed) == 2
    kept = {name: [digest, refs, sorted(names)] for name, (refs, names, digest) in first.items()}
    assert kept["part.html"][0] == sha(sources["part.html"])
    parsed.clear()
    assert context_names_used(env, "page.html", Parsed(kept)) == {"directory", "office"}
    assert parsed == []  # nothing changed: nothing parsed
    sources["part.html"] = "{{ office.hours }}{{ articles | length }}"
    assert context_names_used(env, "page.html", Parsed(kept)) == {"directory", "office",
                                                                   "articles"}
    assert parsed == [sources["part.html"]]  # the changed one alone


def test_a_schema_s_validators_are_compiled_once_per_process_for_the_same_schema():
    """SchemaValidator keeps its compiled validators under the schema's canonical JSON and
    formats (make devserver's builder compiles the site's schemas before its builds fork):
    an equal schema reuses them, another schema or other formats do not."""
    from validation.schema import FORMATS, SchemaValidator

    schema = {"type": "object", "properties": {"day": {"type": "string", "format": "date"}}}
    first = SchemaValidator(schema, FORMATS)
    same = SchemaValidator({"properties": {"day": {"format": "date", "type": "string"}},
                            "type": "object"}, FORMATS)
    assert same._fast is first._fast and same._validator is first._validator
    assert SchemaValidator(schema)._fast is not first._fast  # no formats asserted
    schema["properties"]["day"]["type"] = "integer"  # the caller's copy changes afterwards
    assert list(first.problems("a.yaml", {"day": "2026-12-05"}, {})) == []
    changed = SchemaValidator(schema, FORMATS)
    assert changed._fast is not first._fast
    assert [p.field for p in changed.problems("a.yaml", {"day": "2026-12-05"}, {})] == ["day"]


def test_library_versions_are_looked_up_again_when_a_folder_on_the_path_changes(tmp_path,
                                                                                monkeypatch):
    from batch_render import inputs

    calls = []
    monkeypatch.setattr(inputs, "_library_versions", lambda modules: calls.append(1) or ["x=1"])
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    assert inputs.library_versions({"jinja2"}) == ["x=1"]
    assert inputs.library_versions({"jinja2"}) == ["x=1"] and len(calls) == 1
    (tmp_path / "new_library-1.0.dist-info").mkdir()  # a distribution installed there
    os.utime(tmp_path, ns=(1, 1))  # (whatever the clock's resolution: another time)
    inputs.library_versions({"jinja2"})
    assert len(calls) == 2


@pytest.mark.scale
def test_template_and_content_edits_match_cold_builds_at_ten_thousand_members(tmp_path):
    """make test-scale: the same at 10,000 members (the fixture site's own, not scale_site): two
    features that read site-wide data, then the member_since edit that changes what they show,
    each built incrementally with the self-check on and compared with a cold build."""
    members = 10000
    site = FixtureSite(tmp_path / "site", members)
    chain = Chain(site, tmp_path)
    site.edit_template_text(*NEWEST)
    site.edit_template_text(*FOOTER_COUNT)
    assert chain.step() == 0
    site.edit_member_since()
    assert chain.step() == 0
    # every page shows the newest member, so the profiles render again; the rest is reused
    reused = linked(chain.previous)
    assert len([path for path in reused if path.startswith("verify/")]) > members - 10
