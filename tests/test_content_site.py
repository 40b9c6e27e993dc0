"""Education articles, MSP News and the association's pages, built for real."""

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import (LOGO, REFERENCE_DATE, ROOT, SAMPLE_CONTENT, SAMPLE_PROVIDERS, run_check,
                      run_pelican, run_tool, variant, write_profile)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEURL = "https://example.org/directory"
ARTICLES = sorted((SAMPLE_CONTENT / "articles").glob("*.md"))
ISSUES = sorted((SAMPLE_CONTENT / "newsletter").glob("*.md"))


def _field(path, key):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            return None
        name, _, value = line.partition(":")
        if name.lower() == key:
            return value.strip()
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample content with an absolute SITEURL under a subpath, as published."""
    build = run_pelican(tmp_path_factory.mktemp("content") / "out", SITEURL=SITEURL)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of content/ and providers/ for tests that add or break files."""
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    shutil.copytree(SAMPLE_PROVIDERS, tmp_path / "providers")
    return tmp_path


def _feed(build, path):
    root = ET.fromstring((build.path / path).read_bytes())  # raises on invalid XML
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    return root, {e.find(f"{ATOM}title").text: e for e in entries}


def test_article_feed_has_every_article_and_no_newsletter(site):
    _, entries = _feed(site, "feeds/articles.atom.xml")
    assert set(entries) == {_field(p, "title") for p in ARTICLES}
    assert not set(entries) & {_field(p, "title") for p in ISSUES}
    for entry in entries.values():
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(f"{SITEURL}/articles/") and link.endswith("/")
        assert entry.find(f"{ATOM}content") is not None


def test_category_feeds_have_their_articles_only(site):
    categories = {_field(p, "category") for p in ARTICLES}
    assert len(categories) >= 4
    for category in categories:
        slug = category.lower().replace(" ", "-")
        root, entries = _feed(site, f"feeds/education/{slug}.atom.xml")
        assert set(entries) == {_field(p, "title") for p in ARTICLES
                                if _field(p, "category") == category}
        assert category in root.find(f"{ATOM}title").text


def test_newsletter_feed_has_every_issue(site):
    _, entries = _feed(site, "feeds/news.atom.xml")
    assert set(entries) == {_field(p, "title") for p in ISSUES}
    links = {e.find(f"{ATOM}link").get("href") for e in entries.values()}
    assert links == {f"{SITEURL}/news/{_field(p, 'number')}/" for p in ISSUES}


def test_sample_content_size():
    assert len(ARTICLES) >= 12
    assert len({_field(p, "category") for p in ARTICLES}) >= 4
    authors = {a.strip() for p in ARTICLES for a in _field(p, "authors").split(",")}
    assert len(authors) >= 3
    assert len(ISSUES) >= 8
    assert len({p.name[:4] for p in ISSUES}) >= 2


def test_archive_groups_issues_by_year_newest_first(site):
    html = site.page("news/index.html")
    years = re.findall(r'<h2 id="year-(\d{4})">', html)
    expected_years = sorted({p.name[:4] for p in ISSUES}, reverse=True)
    assert years == expected_years
    sections = re.split(r'<h2 id="year-\d{4}">', html)[1:]
    for year, section in zip(years, sections):
        numbers = [int(n) for n in re.findall(r'data-number="(\d+)"', section)]
        expected = sorted((int(_field(p, "number")) for p in ISSUES if p.name.startswith(year)),
                          reverse=True)
        assert numbers == expected
    # headline items are each issue's ## headings
    assert "<li>Quarterly restore tests become mandatory</li>" in html


def test_issue_pages_link_previous_and_next(site):
    numbers = sorted(int(_field(p, "number")) for p in ISSUES)
    first, last = numbers[0], numbers[-1]
    middle = site.page(f"news/{first + 1}/index.html")
    assert f'rel="prev" href="{SITEURL}/news/{first}/"' in middle
    assert f'rel="next" href="{SITEURL}/news/{first + 2}/"' in middle
    assert 'rel="next"' not in site.page(f"news/{last}/index.html")
    assert 'rel="prev"' not in site.page(f"news/{first}/index.html")


def test_email_copy_is_inline_styled_without_scripts(site):
    for path in ISSUES:
        number = _field(path, "number")
        email = site.page(f"news/{number}/email.html")
        assert "<script" not in email.lower()
        assert "<style" not in email  # every rule was inlined
        assert 'style="' in email
        assert re.search(r'<h2 style="[^"]*color: #07405f', email)  # the issue's own HTML too
        assert f'href="{SITEURL}/news/{number}/"' in email
        assert 'class="site-header"' not in email  # not a web page of the site
        assert _field(path, "title") in email


def test_web_pages_have_no_inline_styles_or_scripts(site):
    for path in site.files():
        if path.suffix != ".html" or path.name == "email.html":
            continue
        # (a <textarea>'s text is code for a reader to copy, such as the badge's embed code,
        # escaped: it is never markup of this page)
        html = re.sub(r"(?s)<textarea\b[^>]*>.*?</textarea>", "<textarea></textarea>",
                      path.read_text(encoding="utf-8"))
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html, re.I), path
        for script in re.findall(r"<script\b[^>]*>", html):
            # external code, or data blocks (JSON, JSON-LD) that browsers never execute
            assert "src=" in script or re.search(r'type="application/(ld\+)?json"', script), (
                path, script)


def test_articles_have_meta_related_and_neighbours(site):
    page = site.page("articles/choosing-a-provider-ten-questions/index.html")
    assert f'href="{SITEURL}/education/authors/ingrid-halvorsen/"' in page
    assert re.search(r"\d+ min read", page)
    assert 'id="related-heading"' in page
    assert 'rel="prev"' in page and 'rel="next"' in page
    assert f'href="{SITEURL}/education/tags/contracts/"' in page
    # the internal {filename} link was resolved
    assert f'href="{SITEURL}/articles/what-a-managed-service-provider-does/"' in page
    author = site.page("education/authors/owen-taggart/index.html")
    assert author.count('class="article-card"') == sum(
        "Owen Taggart" in _field(p, "authors") for p in ARTICLES)
    hub = site.page("education/index.html")
    assert f'href="{SITEURL}/education/categories/security/"' in hub
    assert f'href="{SITEURL}/feeds/articles.atom.xml"' in hub
    assert (site.path / "images/restore-cycle.svg").is_file()


def test_association_pages_and_navigation(site):
    home = site.page("index.html")
    for path in ("education/", "news/", "about/", "certification/", "contact/"):
        assert f'href="{SITEURL}/{path}"' in home, path
    about = site.page("about/index.html")
    for path in ("mission/", "code-of-ethics/", "certification/", "partners/", "leadership/",
                 "media/", "contact/", "privacy/"):
        assert f'href="{SITEURL}/{path}"' in about, path
    ethics = site.page("code-of-ethics/index.html")
    for topic in ("Client welfare", "Conflicts of interest", "Confidentiality", "The profession",
                  "Education", "Competence"):
        assert topic in ethics
    assert f'href="{SITEURL}/providers/"' in site.page("certification/index.html")
    leadership = site.page("leadership/index.html")
    assert f'<a href="{SITEURL}/providers/hollowell-managed/">Hollowell Managed Services Ltd</a>' \
        in leadership
    assert "<p class=\"person__company\">Association staff</p>" in leadership
    assert "Lanternfish Backup Systems" in site.page("partners/index.html")


def test_404_page_is_at_the_root_with_absolute_links(site):
    html = site.page("404.html")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs
    assert all(h.startswith(SITEURL + "/") or h.startswith("#") for h in hrefs), hrefs
    assert "Page not found" in html
    assert not (site.path / "404").exists()


def test_contact_and_signup_without_endpoints_show_addresses(site):
    contact = site.page("contact/index.html")
    main = contact.split("<main", 1)[1]  # the header's search form is on every page
    assert "<form" not in main
    assert 'href="mailto:office@msp-directory.example"' in contact
    assert "+44 20 7946 0000" in contact and "Privacy" in contact
    news = site.page("news/index.html")
    assert "<form" not in news.split("<main", 1)[1]
    assert 'mailto:news@msp-directory.example' in news


def test_forms_post_to_configured_endpoints_and_content_is_sanitised(content_copy, tmp_path):
    (content_copy / "content/articles/hostile.md").write_text(
        "Title: Hostile\nDate: 2025-01-01\nAuthors: Mallory\nCategory: Security\n"
        "Summary: Trying <script>alert(1)</script> things.\n\n"
        "Hi <script>alert(2)</script><iframe src=\"https://evil.example/\"></iframe>\n\n"
        "<p style=\"color:red\" onclick=\"alert(3)\">styled</p> [x](javascript:alert(4))\n",
        encoding="utf-8")
    build = run_pelican(tmp_path / "out", PATH=str(content_copy / "content"),
                        CONTACT_FORM_URL="https://forms.example/contact",
                        NEWSLETTER_SIGNUP_URL="https://lists.example/subscribe")
    assert build.returncode == 0, build.output
    page = build.page("articles/hostile/index.html")
    assert "alert(" not in page and "<iframe" not in page and "evil.example" not in page
    assert "styled" in page and 'style="' not in page
    contact = build.page("contact/index.html")
    assert 'action="https://forms.example/contact" method="post"' in contact
    for field in ("contact-name", "contact-email", "contact-subject", "contact-message"):
        assert re.search(rf'id="{field}"[^>]*required', contact), field
    assert 'action="https://lists.example/subscribe"' in build.page("news/index.html")


def test_new_members_block_lists_exactly_the_members_of_each_window(providers_dir, tmp_path):
    # Issue 6 is dated 2026-01-13, issue 7 2026-02-17, issue 8 2026-05-12.
    dates = {"on-issue-six": "2026-01-13", "after-issue-six": "2026-01-14",
             "on-issue-seven": "2026-02-17", "after-issue-seven": "2026-02-18"}
    for slug, day in dates.items():
        write_profile(providers_dir, slug, variant(
            slug, slug.replace("-", " ").title() + " AS",
            **{"member_since: 2015-03-01": f"member_since: {day}",
               "ethics_signed: 2015-03-01": f"ethics_signed: {day}"}))
    build = run_pelican(tmp_path / "out", PROVIDERS_PATH=str(providers_dir))
    assert build.returncode == 0, build.output

    def listed(number):
        html = build.page(f"news/{number}/index.html")
        block = html.split('id="new-members-heading"')[1].split("</section>")[0]
        return re.findall(r'href="/providers/([a-z0-9-]+)/"', block)

    assert listed(6) == ["on-issue-six"]
    assert listed(7) == ["after-issue-six", "on-issue-seven"]
    assert listed(8) == ["after-issue-seven"]
    assert listed(5) == []
    assert "No new members joined" in build.page("news/5/index.html")
    email = build.page("news/7/email.html")
    assert "After Issue Six AS" in email and "On Issue Seven AS" in email
    assert "On Issue Six AS" not in email


def _scaffold(args, root, command=False):
    """The scaffold tool: its main() in this process, or with `command`, the command itself."""
    argv = [*args, "-s", str(ROOT / "pelicanconf.py"), "-e", f'PATH="{root}/content"',
            f'PROVIDERS_PATH="{root}/providers"']
    if not command:
        from sitetools.scaffold import main
        return run_tool(main, argv)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    return subprocess.run([sys.executable, "-m", "sitetools.scaffold", *argv], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=120)


def test_scaffolds_fail_check_until_their_placeholders_are_replaced(content_copy, tmp_path):
    root = content_copy
    # (dated the build date: the scaffold dates the record it writes, and a record issued after
    # the build date is a problem of its own)
    made = _scaffold(["provider", "--name", "Zephyr Fjell IT AS", "--date", REFERENCE_DATE], root,
                     command=True)
    assert made.returncode == 0, made.stderr
    assert "replace every value marked PLACEHOLDER" in made.stdout
    profile = root / "providers/zephyr-fjell-it-as.yaml"
    logo = root / "providers/logos/zephyr-fjell-it-as.svg"
    assert profile.is_file() and logo.is_file()
    made = _scaffold(["article", "--title", "Why restore tests matter", "--date", "2026-03-01"],
                     root)
    assert made.returncode == 0, made.stderr
    article = root / "content/articles/why-restore-tests-matter.md"
    made = _scaffold(["newsletter", "--date", "2026-12-01"], root)
    assert made.returncode == 0, made.stderr
    issue = root / "content/newsletter/2026-12-01.md"
    assert f"Number: {len(ISSUES) + 1}\n" in issue.read_text()
    again = _scaffold(["newsletter", "--date", "2026-11-30"], root)
    assert again.returncode == 2 and "expected a later --date" in again.stderr

    # Fresh scaffolds: every made-up value is reported, and nothing else is.
    code, output = run_check(PATH=str(root / "content"), PROVIDERS_PATH=str(root / "providers"))
    assert code == 1, output
    problems = [line for line in output.splitlines() if ": placeholder value; replace it with " in line]
    others = [line for line in output.splitlines() if line and line not in problems
              and "problem(s) found" not in line]
    assert others == [], others
    fields = {(line.split(":")[0].rsplit("/", 2)[-1], line.split(": ")[1]) for line in problems}
    assert {("zephyr-fjell-it-as.yaml", field) for field in (
        "summary", "description", "website", "headquarters.city", "headquarters.country",
        "service_areas", "services", "company_size", "member_since", "ethics_signed",
        "certifications[0].issued", "certifications[0].expires", "certifications[0].report_id",
        "certifications[0].auditor", "contact.email", "logo")} <= fields
    assert {("why-restore-tests-matter.md", "summary"), ("why-restore-tests-matter.md", "tags"),
            ("why-restore-tests-matter.md", "text"), ("2026-12-01.md", "summary"),
            ("2026-12-01.md", "text")} <= fields
    assert any(line.startswith(f"{profile}:12: headquarters.city: placeholder value; replace it "
                               "with the city of the headquarters") for line in problems), problems
    assert any("logo: placeholder value; replace it with the member's own logo (SVG or PNG), in "
               in line for line in problems)

    # Filled in (markers removed, real values written): check and build pass.
    filled = re.sub(r"\s*# PLACEHOLDER:.*", "", profile.read_text())
    filled = filled.replace("PLACEHOLDER: a short description", "A short description")
    profile.write_text(filled)
    logo.write_text(LOGO)
    for path in (article, issue):
        text = path.read_text().replace("Tags: PLACEHOLDER: two to five topic words, separated "
                                        "by commas", "Tags: backups, testing")
        path.write_text(re.sub(r"PLACEHOLDER: (.)", lambda m: m[1].upper(), text))
    code, output = run_check(PATH=str(root / "content"), PROVIDERS_PATH=str(root / "providers"))
    assert code == 0, output
    assert "34 provider profiles" in output and "11 newsletter issues" in output
    # (built on the new issue's day: an issue dated after BUILD_DATE is not published yet)
    build = run_pelican(tmp_path / "out", PATH=str(root / "content"),
                        PROVIDERS_PATH=str(root / "providers"), BUILD_DATE="2026-12-01")
    assert build.returncode == 0, build.output
    assert "Zephyr Fjell IT AS" in build.page("providers/zephyr-fjell-it-as/index.html")
    assert (tmp_path / "out/articles/why-restore-tests-matter/index.html").is_file()
    assert (tmp_path / "out/news/11/email.html").is_file()


BAD_ARTICLE = """\
Title: A broken article
Date: 2025-02-30
Authors: Test Author
Category: Gardening
Tags: test

See [a missing article]({filename}/articles/does-not-exist.md).

![A missing picture]({static}/images/missing.png)

# A second title

```
# not a heading: code
```
"""


def test_bad_metadata_gives_file_field_errors_and_fails(content_copy, tmp_path):
    root = content_copy
    (root / "content/articles/broken.md").write_text(BAD_ARTICLE, encoding="utf-8")
    (root / "content/newsletter/2026-12-01.md").write_text(
        "Title: Late\nDate: 2026-12-02\nNumber: 14\nSummary: Wrong.\n\nText.\n", encoding="utf-8")
    code, output = run_check(PATH=str(root / "content"))
    assert code == 1
    name = "content/articles/broken.md"
    expected = [
        rf"{name}:1: summary: required field is missing; expected ",
        rf"{name}:2: date: '2025-02-30' is not a real date; expected ",
        rf"{name}:4: category: unknown category 'Gardening'; expected one of Buying guides",
        rf"{name}:7: link: '\{{filename\}}/articles/does-not-exist.md' points to no file",
        rf"{name}:9: image: '\{{static\}}/images/missing.png' points to no file",
        rf"{name}:11: heading: a level-one heading",
        r"content/newsletter/2026-12-01.md:2: date: 2026-12-02 differs from the file name",
        r"content/newsletter/2026-12-01.md:3: number: issue 14 follows issue 10",
    ]
    for pattern in expected:
        assert re.search(pattern, output), (pattern, output)
    assert f"{name}:14:" not in output  # code blocks are not checked as Markdown
    assert "8 problem(s) found" in output  # six in the article, two in the issue
    build = run_pelican(tmp_path / "out", PATH=str(root / "content"))
    assert build.returncode != 0
    assert re.search(rf"{name}:4: category: unknown category 'Gardening'", build.output)


def test_bad_association_data_is_reported_with_lines(content_copy):
    path = content_copy / "content/data/leadership.yaml"
    text = path.read_text().replace("member: tussock-tech", "member: no-such-member")
    text = text.replace("role: Treasurer", "role: ''")
    path.write_text(text)
    code, output = run_check(PATH=str(content_copy / "content"),
                             PROVIDERS_PATH=str(content_copy / "providers"))
    assert code == 1
    assert re.search(r"leadership\.yaml:\d+: leadership_council\[2\]\.member: no member profile "
                     r"providers/no-such-member\.yaml; expected", output), output
    assert re.search(r'leadership\.yaml:\d+: leadership_council\[2\]\.role: "" is not accepted',
                     output), output
