"""Security round 2 (issue 23), input hardening: each attack a pull request could make with
content alone, built into a fixture site (never the association's own content) on a pinned
BUILD_DATE, and what the build and `make check` do with it now."""

import datetime
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import xml.dom.minidom
import xml.parsers.expat

import pytest

from conftest import (
    FIXTURE_CONTENT, MEMBER_SITE_PLUGINS, ROOT, SAMPLE_CONTENT, VALID_PROFILE, member_site,
    new_providers_dir,
    run_check, sign_profile, variant, write_profile,
)
from editorial.files import image_problems
from htmlcheck import parse_html, text_of
from association.gazetteer import reserved_words
from validation.text import character_problems

# Characters no page, feed or JSON may carry from a contributor's text.
HOSTILE = ("\u202e", "\x07")
# 10000-01-01T00:00:00Z (the issue's @253402300800, with a zone as git 2.39 wants it): git
# accepts it, Python's datetime cannot hold it
YEAR_10000 = "@253402300800 +0000"


def git(repo, *args, date="2026-03-01T12:00:00+00:00"):
    env = dict(os.environ, GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.org",
               GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.org",
               GIT_AUTHOR_DATE="2026-03-01T12:00:00+00:00", GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", str(repo), *args], check=True, env=env,
                          capture_output=True, text=True).stdout


def commit(repo, message, date="2026-03-01T12:00:00+00:00"):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


# --- 2 and 12: git history cannot break or poison a build ------------------------------------

@pytest.fixture(scope="module")
def hostile_history(tmp_path_factory):
    """providers/testfjord.yaml with an intermediate commit whose report id carries U+202E and
    BEL, and a last commit dated in the year 10000; built as `make html` builds."""
    repo = tmp_path_factory.mktemp("hostile-history")
    folder = new_providers_dir(repo / "providers")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Add Testfjord")
    profile = folder / "testfjord.yaml"
    profile.write_text(VALID_PROFILE.replace(
        "report_id: UCS-2025-0001", 'report_id: "UCS-2025-0001\\u202E\\a-LIVE"'), encoding="utf-8")
    commit(repo, "An intermediate report id with an override and a bell",
           date="2026-04-01T12:00:00+00:00")
    profile.write_text(VALID_PROFILE, encoding="utf-8")
    commit(repo, "Back to the signed record", date="2026-04-02T12:00:00+00:00")
    profile.write_text(VALID_PROFILE.replace("city: Bergen", "city: Stavanger"), encoding="utf-8")
    sign_profile(folder, "testfjord")
    commit(repo, "Dated in the year 10000", date=YEAR_10000)
    assert "10000-01-01" in git(repo, "log", "-1", "--format=%cs")
    return member_site(tmp_path_factory.mktemp("hostile-history-out"), folder)


def test_a_commit_dated_in_the_year_10000_builds_and_says_history_unavailable(hostile_history):
    build = hostile_history
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output and "isoformat" not in build.output
    page = parse_html(build.page("verify/testfjord/index.html"))
    changes = [text_of(item) for item in page.iterfind(".//ol[@class='history__changes']/li")]
    assert changes[0].endswith(": profile added")
    assert changes[-1] == "Date unknown: History unavailable"
    record = json.loads(build.page("api/providers/testfjord.json"))["provider"]
    assert record["history"]["changes"][-1] == {"date": None, "change": "History unavailable"}
    assert record["history"]["changes_available"] is True


def test_text_from_history_passes_the_text_rules(hostile_history):
    build = hostile_history
    verify = build.page("verify/testfjord/index.html")
    document = build.page("api/providers/testfjord.json")
    for character in HOSTILE:
        assert character not in verify and character not in json.loads(document).__repr__()
    assert "\\u202e" not in document.lower() and "\\u0007" not in document
    changes = json.loads(document)["provider"]["history"]["changes"]
    # the intermediate record's added and removed entries are unreadable text, said as such
    assert {"date": "2026-04-01", "change": "History unavailable"} in changes
    assert {"date": "2026-04-01", "change": "record UCS-2025-0001 removed"} in changes
    assert {"date": "2026-04-02", "change": "record UCS-2025-0001 added"} in changes


# --- 3: logos and content images are inert ----------------------------------------------------

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
# The attacks: no script, no on* attribute, no href, and each one navigates or fetches.
SVG_ATTACKS = {
    "xhtml-meta-refresh": SVG_OPEN + '<meta xmlns="http://www.w3.org/1999/xhtml" '
    'http-equiv="refresh" content="0;url=https://evil.example/"/><rect width="10" height="10"/>'
    '</svg>',
    "xhtml-img": SVG_OPEN + '<img xmlns="http://www.w3.org/1999/xhtml" '
    'src="https://evil.example/pixel.png"/></svg>',
    "fill-url": SVG_OPEN + '<rect width="10" height="10" '
    'fill="url(https://evil.example/paint.svg#p)"/></svg>',
    "style-import": SVG_OPEN + '<style>@import "https://evil.example/x.css";</style>'
    '<rect width="10" height="10"/></svg>',
    "foreign-object": SVG_OPEN + '<foreignObject width="10" height="10"><div '
    'xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>',
    "stylesheet-pi": '<?xml-stylesheet href="https://evil.example/x.css"?>' + SVG_OPEN
    + '<rect width="10" height="10"/></svg>',
    "css-escape": SVG_OPEN + '<rect width="10" height="10" style="fill: u\\72l(https://evil.'
    'example/p)"/></svg>',
    "xlink-base": SVG_OPEN.replace("<svg ", '<svg xml:base="https://evil.example/" ')
    + '<use href="#a"/></svg>',
}
SVG_WORDS = {
    "xhtml-meta-refresh": "<meta> from the foreign namespace http://www.w3.org/1999/xhtml",
    "xhtml-img": "<img> from the foreign namespace http://www.w3.org/1999/xhtml",
    "fill-url": "<rect> fill loads an external resource",
    "style-import": "<style> loads an external resource or runs code ('@import')",
    "foreign-object": "contains a <foreignObject> element",
    "stylesheet-pi": "processing instruction",
    "css-escape": "<rect> style uses a CSS escape",
    "xlink-base": "<svg> has the attribute base from http://www.w3.org/XML/1998/namespace",
}


@pytest.mark.parametrize("attack", SVG_ATTACKS)
def test_svg_logo_attacks_fail_the_logo_check(providers_dir, attack):
    (providers_dir / "logos" / "testfjord.svg").write_text(SVG_ATTACKS[attack], encoding="utf-8")
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1, output
    line = next(line for line in output.splitlines() if "testfjord.yaml" in line)
    assert line.startswith(f"{providers_dir / 'testfjord.yaml'}:7: logo: "), line
    assert SVG_WORDS[attack] in line, line
    assert "expected" in line and "Traceback" not in output


def test_a_redirecting_logo_is_never_published(providers_dir, tmp_path):
    (providers_dir / "logos" / "testfjord.svg").write_text(SVG_ATTACKS["xhtml-meta-refresh"],
                                                           encoding="utf-8")
    build = member_site(tmp_path / "out", providers_dir)
    assert build.returncode != 0
    assert "testfjord.yaml:7: logo: " in build.output
    assert not list((tmp_path / "out").rglob("logo.svg"))


def test_inert_drawings_still_pass(providers_dir):
    (providers_dir / "logos" / "testfjord.svg").write_text(
        SVG_OPEN + '<defs><linearGradient id="g"><stop offset="0" stop-color="#123"/>'
        '</linearGradient></defs><title>Testfjord</title><rect width="10" height="10" '
        'fill="url(#g)" style="stroke: #000"/><use href="#g"/></svg>', encoding="utf-8")
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert "testfjord.yaml" not in output


def test_logos_are_sandboxed_like_contributors_images(tmp_path, providers_dir):
    build = member_site(tmp_path / "out", providers_dir,
                        PLUGINS=[*MEMBER_SITE_PLUGINS, "hosting"])
    assert build.returncode == 0, build.output
    assert (tmp_path / "out" / "providers" / "testfjord" / "logo.svg").exists()
    headers = build.page("_headers")
    for pattern in ("/providers/*/logo.svg", "/providers/*/logo.png", "/images/*"):
        assert f"\n{pattern}\n  Content-Security-Policy: sandbox\n" in headers, headers
    # deploy/nginx.conf: the logos' location sends the images' policy, sandbox included
    server = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    locations = dict(re.findall(r"\n    location (.+?) \{\n        add_header "
                                r"Content-Security-Policy \"([^\"]+)\"", server))
    logos = next(key for key in locations if "logo" in key)
    pattern = logos.removeprefix("~ ").replace("__PREFIX__", "")
    assert re.match(pattern, "/providers/testfjord/logo.svg")
    assert re.match(pattern, "/providers/testfjord/logo.png")
    assert not re.match(pattern, "/providers/testfjord/badge.svg")
    assert locations[logos] == locations["__PREFIX__/images/"]
    assert locations[logos].endswith(", sandbox")


def test_content_images_get_the_same_allowlist(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    for name, svg in SVG_ATTACKS.items():
        (images / f"{name}.svg").write_text(svg, encoding="utf-8")
    for name, svg in SVG_ATTACKS.items():
        problems = image_problems(str(images / f"{name}.svg"))
        assert any(SVG_WORDS[name] in problem for problem in problems), (name, problems)


# --- articles and pages: a small editorial site of the tests' own ----------------------------

ARTICLE = """\
Title: {title}
Date: 2025-01-02
Authors: Ann Example
Category: Security
Tags: {tags}
Summary: A fictional article the attack tests change.

A short body about patching schedules.
"""


def editorial_tree(root, title="Patching schedules", tags="patching, basics"):
    """content/ (the fixture site's page, the controlled categories, one article) and a
    providers/ folder side by side under `root`; returns (content, providers)."""
    content = root / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for folder in ("data", "articles", "images"):
        (content / folder).mkdir(exist_ok=True)
    for name in ("categories.yaml", "categories.schema.json"):
        shutil.copy(SAMPLE_CONTENT / "data" / name, content / "data" / name)
    (content / "articles" / "patching.md").write_text(ARTICLE.format(title=title, tags=tags),
                                                      encoding="utf-8")
    return content, new_providers_dir(root / "providers")


def editorial_site(output, content, providers, **overrides):
    """member_site with the editorial plugin and its feeds (as pelicanconf.py sets them)."""
    settings = {"PATH": str(content),
                "PLUGINS": [*MEMBER_SITE_PLUGINS[:-1], "editorial", "build_gate"],
                "FEED_ALL_ATOM": "feeds/articles.atom.xml",
                "CATEGORY_FEED_ATOM": "feeds/education/{slug}.atom.xml"}
    return member_site(output, providers, **{**settings, **overrides})


def check_tree(content, providers, **overrides):
    """`make check` of an editorial tree, with the repository's vocabulary, registry and
    keyring (as member_site reads them): (exit code, output)."""
    data = SAMPLE_CONTENT / "data"
    return run_check(PATH=str(content), PROVIDERS_PATH=str(providers),
                     PROVIDER_VOCABULARY_PATH=str(data / "vocabulary.yaml"),
                     RECORD_AUDITORS_PATH=str(data / "auditors.yaml"),
                     RECORD_KEYRING_PATH=str(data / "signing-keys.yaml"), **overrides)


def well_formed(path):
    try:
        xml.dom.minidom.parse(str(path))
    except xml.parsers.expat.ExpatError:
        return False
    return True


# --- 14: characters XML does not allow ---------------------------------------------------------

@pytest.mark.parametrize("character", ["\ufffe", "\uffff", "\x0b", "\x1b"],
                         ids=["U+FFFE", "U+FFFF", "U+000B", "U+001B"])
def test_characters_xml_does_not_allow_are_refused_in_an_article_title(tmp_path, character):
    content, providers = editorial_tree(tmp_path, title=f"Patching {character}schedules")
    code, output = check_tree(content, providers)
    assert code == 1
    line = f"{content / 'articles' / 'patching.md'}:1: title: contains "
    assert line in output and f"U+{ord(character):04X}" in output, output
    build = editorial_site(tmp_path / "out", content, providers)
    assert build.returncode != 0 and line in build.output


def test_a_clean_title_gives_well_formed_feeds(tmp_path):
    content, providers = editorial_tree(tmp_path)
    build = editorial_site(tmp_path / "out", content, providers)
    assert build.returncode == 0, build.output
    feeds = sorted((tmp_path / "out" / "feeds").rglob("*.xml"))
    assert len(feeds) == 2 and all(map(well_formed, feeds))


@pytest.mark.parametrize("field,value", [
    ("tags", "patching, \ufffe"), ("summary", "A summary \uffff here."),
    ("authors", "Ann \x01Example"),
])
def test_characters_xml_does_not_allow_are_refused_in_every_field(tmp_path, field, value):
    content, providers = editorial_tree(tmp_path)
    article = content / "articles" / "patching.md"
    text = article.read_text(encoding="utf-8")
    prefix = f"{field.capitalize()}: "
    start = text.index(prefix)
    text = text[:start] + prefix + value + text[text.index("\n", start):]
    article.write_text(text, encoding="utf-8")
    code, output = check_tree(content, providers)
    assert code == 1 and f"patching.md:{text[:start].count(chr(10)) + 1}: {field}: contains " \
        in output, output


def test_a_lone_surrogate_is_refused(providers_dir):
    # the only way to write one is a YAML escape; the safe reader refuses the value, and the
    # text rules name it wherever else a str could carry one
    profile = providers_dir / "testfjord.yaml"
    profile.write_text(VALID_PROFILE.replace(
        "summary: A fictional provider used by the test suite to keep offices running.",
        'summary: "A \\uD800 fictional provider"'), encoding="utf-8")
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1 and f"{profile}:3: " in output, output
    assert character_problems("A \ud800 name") == ["contains U+D800, which XML does not allow"]


# --- 17: limits on size and tags ---------------------------------------------------------------

def test_an_oversized_article_is_refused_without_being_read(tmp_path):
    content, providers = editorial_tree(tmp_path)
    article = content / "articles" / "patching.md"
    article.write_text(article.read_text(encoding="utf-8") + "Filler line.\n" * 50_000,
                       encoding="utf-8")
    size = article.stat().st_size
    code, output = check_tree(content, providers)
    assert code == 1
    assert (f"{article}: file: is {size:,} bytes long; expected a source of at most 524,288 "
            "bytes (EDITORIAL_SOURCE_MAX_BYTES)") in output, output
    # the limit is a setting; a page is held to it too
    page = content / "pages" / "about.md"
    code, output = check_tree(content, providers, EDITORIAL_SOURCE_MAX_BYTES=100)
    assert f"{page}: file: is {page.stat().st_size:,} bytes long" in output


def test_more_than_twenty_tags_are_refused(tmp_path):
    tags = ", ".join(f"tag{number}" for number in range(21))
    content, providers = editorial_tree(tmp_path, tags=tags)
    code, output = check_tree(content, providers)
    assert code == 1
    assert (f"{content / 'articles' / 'patching.md'}:5: tags: 21 tags; expected at most 20 "
            "tags (ARTICLE_TAGS_MAX)") in output, output
    build = editorial_site(tmp_path / "out", content, providers)
    assert build.returncode != 0 and not (tmp_path / "out" / "tag").exists()


def test_twenty_tags_and_one_category_pass(tmp_path):
    tags = "; ".join(f"tag {number}, with a comma" for number in range(20))
    content, providers = editorial_tree(tmp_path, tags=tags)
    code, output = check_tree(content, providers)
    assert "patching.md" not in output, output


def test_an_article_has_one_category(tmp_path):
    content, providers = editorial_tree(tmp_path)
    article = content / "articles" / "patching.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "Category: Security", "Category: Security, Cloud, Operations"), encoding="utf-8")
    code, output = check_tree(content, providers)
    assert code == 1
    assert f"{article}:4: category: unknown category 'Security, Cloud, Operations'" in output


# --- 18: names compared after normalisation -----------------------------------------------------

@pytest.mark.parametrize("name", [
    "Testfjord  Drift AS", " Testfjord Drift AS", "Testfjord\u00a0Drift AS",
    "ＴＥＳＴＦＪＯＲＤ Drift AS", "Testfjord\u200b Drift AS", "TESTFJORD Drift  as",
], ids=["double-space", "leading-space", "nbsp", "full-width", "zero-width", "case"])
def test_a_name_that_differs_only_in_spacing_or_form_is_a_duplicate(providers_dir, name):
    # "twin" sorts after "testfjord", so twin.yaml is the profile reported
    write_profile(providers_dir, "twin", variant("twin", "Twin AS").replace(
        "name: Twin AS", f"name: {json.dumps(name)}"))
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    # (the name itself as the problem lines show it: they may escape invisible characters)
    line = next(line for line in output.splitlines()
                if line.startswith(f"{providers_dir / 'twin.yaml'}:2: name: "))
    assert line.endswith(f" is also the name in {providers_dir / 'testfjord.yaml'}; expected a "
                         "company name no other profile uses"), output


# --- 4 and 15: symbolic links are reported, never followed --------------------------------------

def in_process_with_timeout(function, *args, seconds=60):
    """function(*args) in a forked process, stopped after `seconds`: a walk that follows two
    links to `.` never ends, and the test must fail rather than hang."""
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        try:
            return pool.apply_async(function, args).get(seconds)
        except multiprocessing.TimeoutError:
            pytest.fail(f"still running after {seconds} s")


def _check(content, providers):
    return check_tree(content, providers)


def _build(output, content, providers):
    build = editorial_site(output, content, providers)
    return build.returncode, build.output


def test_two_links_to_the_images_folder_stop_check_and_build_at_once(tmp_path):
    content, providers = editorial_tree(tmp_path)
    images = content / "images"
    (images / "loop-a").symlink_to(".", target_is_directory=True)
    (images / "loop-b").symlink_to(".", target_is_directory=True)
    for code, output in (in_process_with_timeout(_check, content, providers),
                         in_process_with_timeout(_build, tmp_path / "out", content, providers)):
        assert code == 1
        for name in ("loop-a", "loop-b"):
            assert (f"{images / name}: file: is a symbolic link; expected a regular file or "
                    "folder inside the repository (symbolic links are not followed)") in output
        assert "Traceback" not in output


def test_a_linked_profile_is_reported_and_never_read(providers_dir, tmp_path):
    secret = tmp_path / "outside.yaml"
    secret.write_text("name: [CANARY-outside-the-repository\n", encoding="utf-8")
    (providers_dir / "leak.yaml").symlink_to(secret)
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    assert f"{providers_dir / 'leak.yaml'}: file: is a symbolic link; expected" in output, output
    assert "CANARY" not in output
    build = member_site(tmp_path / "out", providers_dir)
    assert build.returncode == 1 and "CANARY" not in build.output
    assert f"{providers_dir / 'leak.yaml'}: file: is a symbolic link" in build.output


def test_a_linked_logo_fails_incremental_and_cold_builds_alike(providers_dir, tmp_path):
    output = tmp_path / "out"
    assert member_site(output, providers_dir).returncode == 0
    logo = providers_dir / "logos" / "testfjord.svg"
    outside = tmp_path / "outside.svg"
    outside.write_bytes(logo.read_bytes())  # the very same bytes: only the link differs
    logo.unlink()
    logo.symlink_to(outside)
    for build in (member_site(tmp_path / "again", providers_dir,     # incremental
                              INCREMENTAL_FROM=str(output)),
                  member_site(tmp_path / "cold", providers_dir)):      # cold
        assert build.returncode == 1
        assert f"{logo}: file: is a symbolic link" in build.output, build.output


def test_a_linked_article_or_folder_in_content_is_reported(tmp_path):
    content, providers = editorial_tree(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("CANARY-outside: a line that is not metadata\n",
                                       encoding="utf-8")
    (content / "articles" / "leak.md").symlink_to(outside / "secret.md")
    (content / "pages" / "more").symlink_to(outside, target_is_directory=True)
    code, output = check_tree(content, providers)
    assert code == 1 and "CANARY" not in output
    for link in (content / "articles" / "leak.md", content / "pages" / "more"):
        assert f"{link}: file: is a symbolic link" in output, output


# --- 11 and 19: the gazetteer holds places, and `make check` checks what the build checks -----

HOSTILE_PLACES = {  # place -> what it really is
    "Testfjord Drift AS": "the member name 'Testfjord Drift AS'",
    "Testfjord  drift": "the member name 'Testfjord Drift AS'",
    "Testfjord": "the member name 'Testfjord Drift AS'",
    "Managed security": "the services term 'Managed security'",
    "cybersecurity": "the services term 'Managed security'",
    "Backup": "the services term 'Backup and disaster recovery'",
}


def hostile_tree(root):
    """An editorial tree with the repository's data files, a gazetteer whose Swedish places
    include HOSTILE_PLACES (the member is based in Norway), a tag and an author without a letter, and a linked folder."""
    content, providers = editorial_tree(root, tags="patching, !!!")
    shutil.rmtree(content / "data")
    shutil.copytree(SAMPLE_CONTENT / "data", content / "data")
    gazetteer = content / "data" / "gazetteer.yaml"
    places = ", ".join(json.dumps(place) for place in HOSTILE_PLACES)
    gazetteer.write_text("countries:\n  - country: NO\n    places: [Oslo, Bergen]\n"
                         f"  - country: SE\n    places: [Stockholm, Göteborg, {places}]\n",
                         encoding="utf-8")
    (content / "articles" / "second.md").write_text(ARTICLE.format(
        title="Second", tags="basics").replace("Ann Example", "???"), encoding="utf-8")
    (content / "pages" / "elsewhere").symlink_to(root / "outside", target_is_directory=True)
    (root / "outside").mkdir()
    return content, providers, gazetteer


def problem_lines(output):
    return {line for line in output.splitlines() if "; expected " in line}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(tree, check's output, build's output) of hostile_tree: `make check`, and the build
    with every plugin that reads what the tree holds (association and search_index too)."""
    root = tmp_path_factory.mktemp("hostile-inputs")
    content, providers, gazetteer = hostile_tree(root)
    code, checked = check_tree(content, providers)
    assert code == 1
    data = SAMPLE_CONTENT / "data"
    build = editorial_site(
        root / "out", content, providers,
        PLUGINS=[*MEMBER_SITE_PLUGINS[:-1], "editorial", "association", "search_index",
                 "build_gate"],
        DIRECT_TEMPLATES=["index", "tags", "authors"],
        PROVIDER_VOCABULARY_PATH=str(data / "vocabulary.yaml"))
    assert build.returncode == 1
    return content, gazetteer, checked, build.output


@pytest.mark.parametrize("place", HOSTILE_PLACES)
def test_gazetteer_places_cannot_be_member_names_or_service_words(hostile, place):
    content, gazetteer, checked, built = hostile
    for output in (checked, built):
        line = next((line for line in output.splitlines()
                     if line.startswith(f"{gazetteer}:5: ") and f"'{place}'" in line), "")
        assert line.endswith(f"'{place}' is {HOSTILE_PLACES[place]}, not a place; expected a "
                             "place name: not a member's name, nor a word of the services and "
                             "industries"), output
    # real places, the member's own city among them, pass
    for place in ("Oslo", "Bergen", "Stockholm", "Göteborg"):
        assert f"'{place}' is" not in checked


def test_the_first_word_of_a_name_may_be_a_place_in_the_members_own_country(hostile):
    # "Polska" in "Polska Heron s.r.o.", based in Poland: the word names the country it is in
    # and "Bergen" in "Bergen IT AS", based in Bergen: a city members are based in is a place
    members = [("Polska Heron s.r.o.", "Gdańsk", "PL"), ("Bergen IT AS", "Bergen", "NO")]
    reserved = reserved_words(members, {})
    assert reserved["polska"] == [("the member name 'Polska Heron s.r.o.'", "PL")]
    assert "bergen" not in reserved
    assert reserved["bergen it"] == [("the member name 'Bergen IT AS'", None)]


def test_check_reports_every_problem_the_build_reports(hostile):
    content, gazetteer, checked, built = hostile
    built_lines = problem_lines(built)
    assert f"{content / 'pages' / 'elsewhere'}: file: is a symbolic link; expected a regular " \
        "file or folder inside the repository (symbolic links are not followed)" in built_lines
    assert (f"{content / 'articles' / 'patching.md'}:5: tags: the tag '!!!' gives no address "
            "(no letter or digit); expected a tag with letters or digits") in built_lines
    assert (f"{content / 'articles' / 'second.md'}:3: authors: the author '???' gives no "
            "address (no letter or digit); expected an author with letters or digits") \
        in built_lines
    assert any(line.startswith(f"{gazetteer}:") for line in built_lines)
    assert built_lines <= problem_lines(checked), built_lines - problem_lines(checked)


# --- 16: the browser's re-check never revives a record ----------------------------------------

@pytest.fixture(scope="module")
def lapsed_site(tmp_path_factory, serve):
    """A member whose only record expired on 1 June 2026, built on REFERENCE_DATE."""
    folder = new_providers_dir(tmp_path_factory.mktemp("lapsed") / "providers")
    profile = folder / "testfjord.yaml"
    profile.write_text(VALID_PROFILE.replace("issued: 2025-01-10", "issued: 2024-06-02")
                       .replace("expires: 2028-01-09", "expires: 2026-06-01"), encoding="utf-8")
    sign_profile(folder, "testfjord")
    build = member_site(tmp_path_factory.mktemp("lapsed-out") / "output", folder)
    assert build.returncode == 0, build.output
    assert 'data-status="expired"' in build.page("verify/testfjord/index.html")
    return serve(build.path)


@pytest.mark.browser
@pytest.mark.parametrize("clock", ["2026-01-15", "2025-06-01"])
def test_a_clock_before_the_build_date_never_shows_an_expired_member_as_active(
        fresh_page, lapsed_site, clock):
    fresh_page.clock.set_fixed_time(datetime.datetime.fromisoformat(f"{clock}T12:00:00"))
    for path in ("/verify/testfjord/", "/providers/testfjord/"):
        fresh_page.goto(lapsed_site + path)
        badge = fresh_page.locator(".status[data-status-member][data-records]")
        badge.wait_for()
        fresh_page.wait_for_function(
            "document.querySelector('.status[data-status-member]').hasAttribute("
            "'data-status-now')")
        assert badge.get_attribute("data-status-now") == "expired", path
        assert badge.inner_text() == "Expired", path
        badges = fresh_page.locator(".status[data-records]")
        assert badges.count() >= 1
        assert {badges.nth(i).inner_text() for i in range(badges.count())} == {"Expired"}, path
        assert fresh_page.locator(".status-recheck").count() == 0, path
    assert fresh_page.problems == []
