"""An editor's small frictions (issue 22.7): the provider scaffold and its placeholder messages,
and how an article links to a member or to the directory (editorial/sitelinks.py)."""

import re
import shutil

import pytest

from conftest import ROOT, run_check, run_pelican, run_tool
from validation.placeholders import placeholder_problems

ARTICLE = """\
Title: Choosing well
Date: 2026-03-01
Authors: Test Author
Category: Buying guides
Summary: A test article that links to a member and to the directory.

Read [the member's page]({link}) before you call.
"""


@pytest.fixture
def small_site(tmp_path, providers_dir):
    """content/ with one page, the data files (people and partners lists empty) and an articles
    folder; providers/ with one signed member, `testfjord`."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "sample_site" / "content" / "data", content / "data")
    for name, lists in (("leadership", ("advisory_board", "leadership_council")),
                        ("partners", ("partners",)), ("media", ("videos", "podcasts")),
                        ("partner-embeds", ("embeds",))):
        (content / "data" / f"{name}.yaml").write_text("".join(f"{key}: []\n" for key in lists))
    shutil.copytree(ROOT / "tests" / "fixture_site" / "content" / "pages", content / "pages")
    (content / "articles").mkdir()
    return content, providers_dir


def _write_article(content, link):
    path = content / "articles" / "choosing-well.md"
    path.write_text(ARTICLE.format(link=link))
    return path


def _check(content, providers):
    return run_check(PATH=str(content), PROVIDERS_PATH=str(providers))


@pytest.mark.parametrize(("link", "problem"), [
    ("/providers/testfjord/", "'/providers/testfjord/' is a path from the server's root, which "
                              "breaks when the site is served under a subpath; expected "
                              "{member}<slug> for a member's page"),
    ("{member}no-such-member", "'{member}no-such-member': no member profile "
                               "providers/no-such-member.yaml; expected {member}<slug> with the "
                               "slug of an existing member"),
    ("{directory}services/", "'{directory}services/' names a page after {directory}; expected "
                             "{directory} alone"),
    ("{members}testfjord", "'{members}testfjord' is not a link form the site knows; expected "
                           "{member}<slug>"),
])
def test_check_refuses_links_that_break_or_lead_nowhere(small_site, link, problem):
    content, providers = small_site
    path = _write_article(content, link)
    code, output = _check(content, providers)
    assert code == 1, output
    assert f"{path}:7: link: {problem}" in output, output


def test_member_and_directory_links_resolve_under_a_subpath(small_site, tmp_path):
    content, providers = small_site
    path = _write_article(content, "{member}testfjord")
    path.write_text(path.read_text() + "\nOr browse [every member]({directory}#list).\n")
    (content / "newsletter").mkdir()
    (content / "newsletter" / "2026-03-02.md").write_text(
        "Title: News issue 1\nDate: 2026-03-02\nNumber: 1\nSummary: The first issue.\n\n"
        "## A new member\n\nWelcome to [Testfjord]({member}testfjord).\n")
    code, output = _check(content, providers)
    assert code == 0, output
    siteurl = "https://example.org/directory"
    build = run_pelican(tmp_path / "out", PATH=str(content), PROVIDERS_PATH=str(providers),
                        SITEURL=siteurl)
    assert build.returncode == 0, build.output
    page = build.page("articles/choosing-well/index.html")
    assert f'href="{siteurl}/providers/testfjord/"' in page
    assert f'href="{siteurl}/providers/#' in page
    assert "{member}" not in page and "{directory}" not in page
    for issue in ("news/1/index.html", "news/1/email.html"):
        assert f'href="{siteurl}/providers/testfjord/"' in build.page(issue), issue
    assert (tmp_path / "out/providers/testfjord/index.html").is_file()


def test_provider_scaffold_lists_only_its_values_and_offers_the_buyers_filters(tmp_path,
                                                                             providers_dir):
    from sitetools.scaffold import main

    made = run_tool(main, ["provider", "--name", "Zephyr Fjell IT AS", "-s",
                           str(ROOT / "pelicanconf.py"), "-e",
                           f'PROVIDERS_PATH="{providers_dir}"'])
    assert made.returncode == 0, made.stderr
    profile = providers_dir / "zephyr-fjell-it-as.yaml"
    text = profile.read_text()
    assert re.search(r"^industries: \[[a-z-]+\]  # PLACEHOLDER: ", text, re.M)
    assert re.search(r"^languages: \[en\]  # PLACEHOLDER: ", text, re.M)
    code, output = run_check(PROVIDERS_PATH=str(providers_dir))
    lines = [line for line in output.splitlines() if str(profile) in line]
    # one problem per made-up value, each naming its field and saying what to write
    assert lines and all(": placeholder value; replace it with " in line for line in lines), lines
    fields = [line.split(": ")[1] for line in lines]
    assert "industries" in fields and "languages" in fields
    assert not any(field.startswith("(") or field == "comment" for field in fields), lines
    assert not any("`" in line or "…" in line for line in lines), lines


def test_a_marker_in_a_comment_is_reported_as_one_not_as_a_garbled_instruction():
    text = "# Delete the `# PLACEHOLDER: …` comment when done\nname: Acme\n"
    [problem] = placeholder_problems("providers/acme.yaml", text, lambda line: "(comment)")
    assert str(problem) == ("providers/acme.yaml:1: comment: placeholder marker in a comment; "
                            "expected the comment deleted, or the marker moved to the end of the "
                            "line whose value it describes")
    [heading] = placeholder_problems("content/articles/a.md", "## PLACEHOLDER: a heading\n",
                                     lambda line: "text")
    assert str(heading) == ("content/articles/a.md:1: text: placeholder value; replace it with "
                            "a heading")
    [odd] = placeholder_problems("content/articles/a.md", "Tags: PLACEHOLDER: `x`\n",
                                 lambda line: "tags")
    assert str(odd).endswith("tags: placeholder value; replace it with the real value")
