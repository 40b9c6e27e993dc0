"""The site in more than one language (plugins/i18n, sitetools.pelican_command): the sample site
built as `make html` builds it, English at the root and Norwegian Bokmål under /nb/, asserting on
the HTML, XML and header files each language's run wrote."""

import contextlib
import io
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from builds import _own_logging, fresh_pelican_state
from conftest import (ROOT, SAMPLE_CONTENT, SAMPLE_PROVIDERS, Build, pelican_argv, run_check,
                      site_settings)
from test_admin_headers import applied, parse_headers_file

FIXTURES = ROOT / "tests" / "i18n_site"
ROOT_ONLY = ["_headers", "robots.txt", "sitemap.xml", "api", "providers.csv", ".well-known"]
PROFILE = "fjordlys-drift"
NB_SUMMARY = "Driftspartner i Bergen som holder oppdrettsanlegg"


def build_languages(output, **overrides):
    """`make html`'s command (sitetools.pelican_command: one run per language) in this process,
    with the arguments conftest.pelican_argv gives a build of the sample."""
    from sitetools.pelican_command import main

    out = io.StringIO()
    fresh_pelican_state()
    with contextlib.chdir(ROOT), _own_logging(), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(out):
        try:
            code = main(pelican_argv(output, **overrides))
        except SystemExit as stop:
            code = stop.code
    return Build(code, out.getvalue(), Path(output))


def i18n_content(folder):
    """A copy of the sample's content with the Norwegian translations of tests/i18n_site/content
    beside the files they translate; returns its path."""
    shutil.copytree(SAMPLE_CONTENT, folder)
    shutil.copytree(FIXTURES / "content", folder, dirs_exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("i18n")
    build = build_languages(folder / "out", PATH=str(i18n_content(folder / "content")))
    assert build.returncode == 0, build.output
    return build


def html_pages(folder):
    return sorted(p for p in Path(folder).rglob("*.html") if p.name != "email.html")


def language_pages(site, code):
    """The web pages of one language's run, by path below that language's root."""
    base = site.path if code == "en" else site.path / code
    return {p.relative_to(base).as_posix(): p for p in html_pages(base)
            if code != "en" or p.relative_to(base).parts[0] != "nb"}


def shell_pages(site, code):
    """language_pages in the site's page shell (base.html): all but the embeddable lists, which
    other sites frame (templates/embed.html)."""
    pages = language_pages(site, code)
    embeds = {relative for relative in pages if relative.startswith("embed/")
              and 'class="site-header"' not in pages[relative].read_text(encoding="utf-8")}
    assert embeds and all(relative.startswith("embed/") for relative in embeds)
    return {relative: path for relative, path in pages.items() if relative not in embeds}


def address(relative):
    """A page's path below its language's root, as the site links it."""
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def target(site, href):
    """The file a root-relative link leads to, in the built site."""
    path = site.path / href.split("#")[0].split("?")[0].lstrip("/")
    return path / "index.html" if href.endswith("/") else path


def test_each_language_is_a_run_of_its_own_and_the_root_only_files_are_written_once(site):
    assert re.search(r"Built .*: \d+ files in \S+/out \(", site.output)
    assert re.search(r"Built .*: \d+ files in \S+/out/nb \(", site.output)
    assert '<html lang="en">' in site.page("index.html")
    assert '<html lang="nb">' in site.page("nb/index.html")
    for name in ROOT_ONLY:
        assert (site.path / name).exists(), name
        assert not (site.path / "nb" / name).exists(), name
    # every page of the root language has its counterpart at the same path below /nb/
    en, nb = language_pages(site, "en"), language_pages(site, "nb")
    assert len(en) > 100 and set(en) == set(nb)
    # the nb run's links to the root's open data lead to files the root run wrote, by their
    # own address (ROOT_SITEURL), never through /nb/
    links = set()
    for page in nb.values():
        text = page.read_text(encoding="utf-8")
        assert "/nb/../" not in text, page
        links |= set(re.findall(r'(?:href|data-source|data-member-json)="(/(?:api/|providers\.csv|'
                                r'\.well-known/)[^"{]*)"', text))
    assert {"/api/providers.json", "/api/statistics.json", "/providers.csv"} <= links, links
    for link in links:
        assert target(site, link).is_file(), link


@pytest.mark.parametrize("code", ["en", "nb"])
def test_every_page_names_its_versions_and_links_the_other_language(site, code):
    other, names = ("nb" if code == "en" else "en"), {"en": "English", "nb": "norsk bokmål"}
    prefix = {"en": "", "nb": "/nb"}
    for relative, path in shell_pages(site, code).items():
        html = path.read_text(encoding="utf-8")
        here = address(relative)
        assert re.search(rf'<html lang="{code}"', html), relative
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([a-zA-Z-]+)" '
                                     r'href="([^"]+)">', html))
        assert alternates == {"en": f"/{here}", "nb": f"/nb/{here}",
                              "x-default": f"/{here}"}, relative
        for href in alternates.values():
            assert target(site, href).is_file(), (relative, href)
        switch = re.search(r'<nav class="language-switch[^>]*>(.*?)</nav>', html, re.S)
        assert switch, relative
        links = re.findall(r'<a href="([^"]+)" lang="([a-z]+)" hreflang="([a-z]+)">([^<]+)</a>',
                           switch[1])
        assert links == [(f"{prefix[other]}/{here}", other, other, names[other])], relative


def test_the_switcher_is_outside_the_page_shell_fragments(site):
    """The shell (header, footer) is the same bytes on every page of a language; only the
    switcher and the alternates differ from page to page."""
    def shell(relative):
        html = site.page(relative)
        return re.search(r'<header class="site-header">.*?</header>', html, re.S)[0]

    for code in ("", "nb/"):
        pages = [f"{code}providers/{slug}/index.html" for slug in (PROFILE, "nordkapp-nett")]
        assert shell(pages[0]) == shell(pages[1])
        assert site.page(pages[0]).count('<nav class="language-switch') == 1


def test_the_pages_with_the_switcher_and_the_notice_are_valid_html(site):
    from test_valid_html import html_errors

    pages = ["index.html", "about/index.html", f"providers/{PROFILE}/index.html", "nb/index.html",
             "nb/about/index.html", "nb/mission/index.html", f"nb/providers/{PROFILE}/index.html",
             "nb/articles/restore-tests-you-can-prove/index.html", "nb/news/10/index.html",
             "nb/404.html"]
    assert html_errors([site.path / page for page in pages]) == []


def test_one_sitemap_lists_every_page_in_every_language_with_its_alternates(site):
    xml = site.page("sitemap.xml")
    ElementTree.fromstring(xml.encode("utf-8"))  # well-formed, namespaces declared
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in xml
    entries = re.findall(r"<url>(.*?)</url>", xml, re.S)
    locations = [re.search(r"<loc>([^<]+)</loc>", entry)[1] for entry in entries]
    english = [loc for loc in locations if not loc.startswith("/nb/")]
    assert sorted(f"/nb{loc}" for loc in english) == sorted(set(locations) - set(english))
    assert "/providers/fjordlys-drift/" in english and "/about/" in english
    for entry, location in zip(entries, locations):
        path = location.removeprefix("/nb")
        alternates = re.findall(r'<xhtml:link rel="alternate" hreflang="([a-z-]+)" '
                                r'href="([^"]+)"/>', entry)
        assert alternates == [("en", path), ("nb", f"/nb{path}"), ("x-default", path)]
        assert target(site, location).is_file(), location
    assert "Sitemap: /sitemap.xml" in site.page("robots.txt")


def test_a_translated_page_and_article_are_shown_in_norwegian_and_the_rest_in_english(site):
    about, about_nb = site.page("about/index.html"), site.page("nb/about/index.html")
    assert '<h1 lang="en">About the association</h1>' in about
    assert '<h1 lang="nb">Om foreningen</h1>' in about_nb
    assert "notice--untranslated" not in about_nb and "notice--untranslated" not in about
    # linked by slug, whatever the title: the translation is at the English file's address
    article = site.page("nb/articles/what-a-managed-service-provider-does/index.html")
    assert '<h1 lang="nb">Hva en leverandør av administrerte IT-tjenester faktisk gjør</h1>' \
        in article
    assert "Hva en leverandør" in site.page("nb/education/categories/buying-guides/index.html")
    # never a 404: an untranslated page is the English text, marked so, with the notice
    mission = site.page("nb/mission/index.html")
    assert re.search(r'<h1 lang="en">', mission) and '<div lang="en">' in mission
    assert re.search(r'<p class="notice notice--untranslated" lang="nb">[^<]+</p>', mission)
    restore = site.page("nb/articles/restore-tests-you-can-prove/index.html")
    assert '<div class="prose" lang="en">' in restore and "notice--untranslated" in restore
    # a newsletter issue, linked by its file name (its date)
    assert '<h1 lang="nb">Vårt første medlem i Japan</h1>' in site.page("nb/news/10/index.html")
    assert '<h1 lang="en">Our first member in Japan</h1>' in site.page("news/10/index.html")
    assert "Vårt første medlem i Japan" in site.page("nb/news/10/email.html")
    assert '<h1 lang="en">' in site.page("nb/news/9/index.html")
    # the English run reads no translation
    for path in language_pages(site, "en").values():
        text = path.read_text(encoding="utf-8")
        assert "Om foreningen" not in text and "Hva en leverandør" not in text, path
        assert "Vårt første" not in text, path
    # the feeds of each language hold its own versions
    assert "Hva en leverandør" in site.page("nb/feeds/articles.atom.xml")
    assert "Hva en leverandør" not in site.page("feeds/articles.atom.xml")


def test_a_profile_translation_is_shown_by_the_norwegian_run_only(site):
    assert NB_SUMMARY in site.page(f"nb/providers/{PROFILE}/index.html")
    assert "Overvåkede nettverk" in site.page(f"nb/providers/{PROFILE}/index.html")
    assert NB_SUMMARY not in site.page(f"providers/{PROFILE}/index.html")
    assert NB_SUMMARY not in site.page("api/providers.json")  # the open data is the root's
    # a member without a translation keeps its English summary in both
    english = re.search(r'<p class="lead">([^<]+)</p>', site.page("providers/nordkapp-nett/index.html"))
    nordkapp = site.page("nb/providers/nordkapp-nett/index.html")
    assert english and f'<p class="lead" lang="en">{english[1]}</p>' in nordkapp
    assert '<div class="prose" lang="en">' in nordkapp
    assert f'<p class="card__summary" lang="en">{english[1]}</p>' in site.page("nb/providers/index.html")
    # the translated texts are in the page's language: no lang of their own
    assert re.search(rf'<p class="lead">{NB_SUMMARY}', site.page(f"nb/providers/{PROFILE}/index.html"))
    assert '<div class="prose">' in site.page(f"nb/providers/{PROFILE}/index.html")


def test_the_headers_file_covers_the_norwegian_folder(site):
    rules = parse_headers_file(site.page("_headers"))
    csp = "Content-Security-Policy"
    site_policy = applied(rules, "/", csp)
    assert applied(rules, "/nb/providers/", csp) == site_policy
    logo = next((site.path / "nb" / "providers" / PROFILE).glob("logo.*")).name
    assert "sandbox" in applied(rules, f"/nb/providers/{PROFILE}/{logo}", csp)
    assert "sandbox" in applied(rules, "/nb/images/restore-cycle.svg", csp)
    assert "sandbox" not in applied(rules, "/nb/about/", csp)
    assets = next((site.path / "nb" / "assets" / "css").glob("site.*.css")).name
    assert applied(rules, f"/nb/assets/css/{assets}", "Cache-Control")
    assert applied(rules, "/api/providers.json", "Access-Control-Allow-Origin") == ["*"]
    assert not [pattern for pattern, _ in rules if pattern.startswith(("/nb/api", "/nb/_"))]


def test_content_cannot_write_into_another_languages_folder_and_the_runs_skip_root_files():
    from outputs import OutputRegistry

    root = site_settings()
    assert "nb/" in root["OUTPUTS_RESERVED"] and root["OUTPUTS_ELSEWHERE"] == []
    nb = site_settings(SITE_LANGUAGE="nb")
    assert "nb/" not in nb["OUTPUTS_RESERVED"]
    registry = OutputRegistry("/tmp/out", nb["OUTPUTS_RESERVED"], nb["OUTPUTS_ELSEWHERE"])
    assert registry.claim("api/providers.json", "trust", make_folder=False) is None
    assert registry.exists("api/providers.json") and registry.exists("sitemap.xml")
    assert registry.claim("providers/x/index.html", "member", make_folder=False)


def test_a_page_with_the_slug_of_a_language_folder_is_refused(tmp_path):
    content = i18n_content(tmp_path / "content")
    (content / "pages" / "nb.md").write_text("Title: A page\nSummary: One that would be the "
                                             "Norwegian site's home.\n\nText.\n",
                                             encoding="utf-8")
    build = build_languages(tmp_path / "out", PATH=str(content))
    assert build.returncode == 1
    assert "output path 'nb/index.html' is reserved" in build.output


def test_a_language_that_fails_fails_the_build_and_make_html_publishes_nothing(tmp_path):
    broken = tmp_path / "translations"  # the German catalogue only: Norwegian's is missing
    shutil.copytree(FIXTURES / "translations" / "de", broken / "de")
    output = tmp_path / "site"
    output.mkdir()
    (output / "index.html").write_text("the site as published before", encoding="utf-8")
    options = " ".join(f"{key}='\"{value}\"'" for key, value in {
        "PATH": i18n_content(tmp_path / "content"), "PROVIDERS_PATH": SAMPLE_PROVIDERS, "BUILD_DATE": "2026-11-29",
        "I18N_TRANSLATIONS_DIR": broken}.items())
    result = subprocess.run(["make", "--no-print-directory", "html", f"OUTPUTDIR={output}",
                             f"PELICANOPTS=-e {options}"], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode != 0
    # the English run succeeded, the Norwegian one stopped on its catalogue: nothing swapped in
    assert re.search(r"Built .* files in \S+site \(", result.stdout + result.stderr)
    assert ("nb/LC_MESSAGES/messages.po: missing; expected the catalogue of SITE_LANGUAGES entry "
            "'nb'") in result.stderr
    assert "1 problem(s) in 1 file(s); nothing was built." in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (output / "index.html").read_text(encoding="utf-8") == "the site as published before"
    assert not Path(f"{output}.staging").exists()


def test_a_third_language_needs_no_code_change(tmp_path):
    """SITE_LANGUAGES en, nb, de with a tiny German catalogue: /de/ is built like /nb/."""
    build = build_languages(tmp_path / "out", PATH=str(i18n_content(tmp_path / "content")),
                            SITE_LANGUAGES=["en", "nb", "de"],
                            I18N_TRANSLATIONS_DIR=str(FIXTURES / "translations"))
    assert build.returncode == 0, build.output
    home = build.page("de/index.html")
    assert '<html lang="de">' in home
    assert '<link rel="alternate" hreflang="de" href="/de/">' in build.page("index.html")
    assert '<nav class="language-switch wrap" aria-label="Sprache">' in home
    assert re.search(r'<a href="/nb/" lang="nb" hreflang="nb">norsk bokmål</a>', home)
    assert re.search(r'<a href="/" lang="en" hreflang="en">English</a>', home)
    mission = build.page("de/mission/index.html")
    assert "Diese Seite ist noch nicht übersetzt." in mission and '<h1 lang="en">' in mission
    # the Norwegian translation is not the German site's: German readers get the English text
    assert '<h1 lang="en">About the association</h1>' in build.page("de/about/index.html")
    assert "Denne siden er ikke oversatt ennå." in build.page("nb/mission/index.html")
    assert "<loc>/de/providers/</loc>" in build.page("sitemap.xml")
    assert not (build.path / "de" / "api").exists() and (build.path / "de" / "providers").is_dir()
    assert not (build.path / "nb" / "de").exists() and not (build.path / "de" / "nb").exists()


def test_an_incremental_build_with_the_reuse_check_covers_the_norwegian_site(tmp_path):
    providers = tmp_path / "providers"
    shutil.copytree(SAMPLE_PROVIDERS, providers)
    content = str(i18n_content(tmp_path / "content"))
    first = build_languages(tmp_path / "one", PATH=content, PROVIDERS_PATH=str(providers))
    assert first.returncode == 0, first.output
    profile = providers / f"{PROFILE}.yaml"
    text = profile.read_text(encoding="utf-8")
    assert NB_SUMMARY in text
    profile.write_text(text.replace(NB_SUMMARY, "Driftspartner i Bergen for havbruk og havner,"
                                                " som holder oppdrettsanlegg"), encoding="utf-8")
    second = build_languages(tmp_path / "two", PATH=content, PROVIDERS_PATH=str(providers),
                             INCREMENTAL_FROM=str(first.path), BUILD_REUSE_CHECK=True)
    assert second.returncode == 0, second.output
    page = f"nb/providers/{PROFILE}/index.html"
    assert "Driftspartner i Bergen for havbruk og havner" in second.page(page)
    assert "Driftspartner i Bergen for havbruk og havner" not in first.page(page)
    assert second.page(f"providers/{PROFILE}/index.html") == \
        first.page(f"providers/{PROFILE}/index.html")
    # each language reused its own previous files: hard links to the first build's, nb to nb
    for code in ("", "nb/"):
        other = f"{code}providers/nordkapp-nett/index.html"
        assert (second.path / other).stat().st_ino == (first.path / other).stat().st_ino, other
    assert (second.path / page).stat().st_ino != (first.path / page).stat().st_ino


def test_a_single_pelican_run_writes_its_language_and_links_no_other(sample_site):
    """`pelican content` by hand (and the tests' one-run builds): the root language only, with
    no link to a language folder it did not write."""
    home = sample_site.page("index.html")
    assert '<html lang="en">' in home
    assert 'hreflang="nb"' not in home and 'class="language-switch' not in home
    assert not (sample_site.path / "nb").exists()
    assert "xhtml:link" not in sample_site.page("sitemap.xml")


def test_make_check_reports_a_translation_of_nothing_and_a_language_the_site_lacks(tmp_path):
    content = i18n_content(tmp_path / "content")
    issue = (content / "newsletter" / "2026-11-10.nb.md").read_text(encoding="utf-8")
    (content / "newsletter" / "2027-01-12.nb.md").write_text(
        issue.replace("2026-11-10", "2027-01-12"), encoding="utf-8")
    (content / "newsletter" / "2026-11-10.de.md").write_text(issue, encoding="utf-8")
    about = (content / "pages" / "about.nb.md").read_text(encoding="utf-8")
    (content / "pages" / "history.nb.md").write_text(about, encoding="utf-8")
    code, output = run_check(PATH=str(content))
    assert code == 1
    assert ("newsletter/2027-01-12.nb.md: file name: translates 2027-01-12.md, which does not "
            "exist; expected a translation beside the file it translates") in output
    assert ("pages/history.nb.md: file name: translates history.md, which does not "
            "exist; expected a translation beside the file it translates") in output
    assert ("newsletter/2026-11-10.de.md: file name: 'de' is not a language of the site; "
            "expected <name>.<language>.md with a language of SITE_LANGUAGES after the first: "
            "nb") in output
    # the profile schema names a language the site is not built in
    code, output = run_check(SITE_LANGUAGES=["en"])
    assert code == 1
    assert ("schema.json: translations.nb: is not a language of the site; expected one of "
            "SITE_LANGUAGES after the first: none") in output


def test_the_dev_servers_builder_builds_every_language(tmp_path):
    """make devserver's builds (sitetools.devbuild, a forked child per build) run the same
    command: the Norwegian site is there, incrementally from the folder served."""
    from sitetools import devbuild

    content = str(i18n_content(tmp_path / "content"))
    first = pelican_argv(tmp_path / "served", PATH=content)
    with contextlib.chdir(ROOT):
        assert devbuild.build(first, {}) == 0
        second = pelican_argv(tmp_path / "staging", PATH=content)
        assert devbuild.build(second, {"MSP_INCREMENTAL_FROM": str(tmp_path / "served")}) == 0
    page = "nb/providers/nordkapp-nett/index.html"
    assert '<html lang="nb">' in (tmp_path / "staging" / page).read_text(encoding="utf-8")
    assert (tmp_path / "staging" / page).stat().st_ino == (tmp_path / "served" / page).stat().st_ino


def test_with_the_editor_and_the_embeds_every_path_of_each_language_gets_one_policy(tmp_path):
    """CMS_ENABLED: `_headers` has a rule per top-level path (plugins/hosting); the Norwegian
    folder gets the same rules below it, but the editor's (the root's alone)."""
    build = build_languages(tmp_path / "out", PATH=str(i18n_content(tmp_path / "content")),
                            CMS_ENABLED=True, CMS_GITHUB_REPO="association/msp-directory",
                            CMS_AUTH_BASE_URL="https://auth.association.example")
    assert build.returncode == 0, build.output
    assert (build.path / "admin").is_dir() and not (build.path / "nb" / "admin").exists()
    rules = parse_headers_file(build.page("_headers"))
    csp = "Content-Security-Policy"
    site_policy = applied(rules, "/", csp)
    embed_policy = applied(rules, "/embed/countries/no/", csp)
    assert len(site_policy) == 1 and len(embed_policy) == 1 and site_policy != embed_policy
    assert applied(rules, "/nb/embed/countries/no/", csp) == embed_policy
    assert applied(rules, "/nb/admin/", csp) == []  # nothing there: no rule, no policy
    for file in (build.path / "nb").rglob("*"):
        if not file.is_file() or file.name.endswith((".gz", ".br")):
            continue
        path = "/" + file.relative_to(build.path).as_posix()
        values = [value for value in applied(rules, path, csp) if value != "sandbox"]
        assert values == (embed_policy if path.startswith("/nb/embed/") else site_policy), path
        assert len(applied(rules, path, "X-Frame-Options")) <= 1, path
    assert len(rules) <= 100


def test_vocabulary_terms_are_shown_in_the_run_s_language(site):
    """content/data/vocabulary.yaml's `translations`: the Norwegian run names services and
    industries in Norwegian (profile, cards, facet pages, search index); the root run and the
    open data keep the file's own labels."""
    vocabulary = yaml.safe_load((SAMPLE_CONTENT / "data" / "vocabulary.yaml").read_text(encoding="utf-8"))
    term = vocabulary["services"][0]
    english, norwegian = term["label"], term["translations"]["nb"]["label"]
    members = [path for path in (SAMPLE_PROVIDERS).glob("*.yaml")
               if term["id"] in (yaml.safe_load(path.read_text(encoding="utf-8")).get("services") or [])]
    assert members, term["id"]
    slug = members[0].stem
    nb_profile, en_profile = (site.page(f"nb/providers/{slug}/index.html"),
                              site.page(f"providers/{slug}/index.html"))
    assert norwegian in nb_profile and english not in nb_profile
    assert english in en_profile and norwegian not in en_profile
    assert term["translations"]["nb"]["description"] in nb_profile
    assert norwegian in site.page("nb/providers/index.html")
    assert norwegian not in site.page("api/providers.json")
    facet = site.page(f"nb/providers/services/{term['id']}/index.html")
    assert f"<h1>{norwegian}" in facet or norwegian in re.search(r"<title>(.*?)</title>", facet)[1]


def test_nginx_answers_a_missing_norwegian_page_with_the_norwegian_404(site, tmp_path):
    """deploy/nginx.conf: a missing page below /nb/ gets the Norwegian site's 404 page, a
    missing page elsewhere the root language's (both with status 404)."""
    import socket
    import urllib.error
    import urllib.request

    from nginxtools import serve_with_nginx

    def get(url):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    with socket.create_server(("127.0.0.1", 0)) as sock:
        sock.set_inheritable(True)
        (tmp_path / "nginx").mkdir()
        with serve_with_nginx(tmp_path / "nginx", site.path, sock) as base:
            status, body = get(base + "/nb/no-such-page/")
            assert status == 404 and "<h1>Finner ikke siden</h1>" in body and 'lang="nb"' in body
            status, body = get(base + "/no-such-page/")
            assert status == 404 and "Finner ikke siden" not in body and '<html lang="en">' in body
            assert get(base + "/nb/")[0] == 200
