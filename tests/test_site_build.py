"""The sample site built for real: pages, listings, facets, escaping and private fields."""

import re

import yaml

from conftest import SAMPLE_CONTENT, SAMPLE_PROVIDERS, member_site, variant, write_profile
from htmlcheck import elements

PROFILES = sorted(p for p in (SAMPLE_PROVIDERS).glob("*.yaml"))


def _cards(html):
    return re.findall(r'<h3 class="card__title"><a href="/providers/([a-z0-9-]+)/">', html)


def test_every_profile_has_a_page_and_logo(sample_site):
    assert len(PROFILES) >= 30
    for profile in PROFILES:
        slug = profile.stem
        page = sample_site.page(f"providers/{slug}/index.html")
        assert f'src="/providers/{slug}/logo.svg"' in page
        assert (sample_site.path / f"providers/{slug}/logo.svg").is_file()


def test_directory_lists_exactly_the_verified_members_sorted_by_name(sample_site):
    html = sample_site.page("providers/index.html")
    listed = _cards(html)
    statuses = {p: sample_site.page(f"providers/{p.stem}/index.html").split('data-status="')[1]
                .split('"')[0] for p in PROFILES}
    verified = {p.stem for p, status in statuses.items() if status in ("active", "expiring")}
    expired = {p.stem for p, status in statuses.items() if status == "expired"}
    assert len(expired) >= 2
    assert set(listed) == verified
    assert not expired & set(listed)
    assert f"{len(verified)} managed service providers hold a certification" in html
    names = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)
    from unidecode import unidecode
    assert names == sorted(names, key=lambda n: unidecode(n).casefold())


def test_newest_ordering_and_home_page(sample_site):
    newest = _cards(sample_site.page("providers/newest/index.html"))
    since = {}
    for slug in newest:
        page = sample_site.page(f"providers/{slug}/index.html")
        since[slug] = re.search(r'<dt>Member since</dt><dd><time datetime="([0-9-]+)"', page)[1]
    assert [since[s] for s in newest] == sorted(since.values(), reverse=True)
    home = sample_site.page("index.html")
    assert _cards(home) == newest[:6]
    assert re.search(rf"<strong>{len(newest)}</strong> verified members", home)
    assert 'href="/providers/"' in home
    # the newest three education articles and the latest MSP News issue, by date
    articles = sorted((p for p in (SAMPLE_CONTENT / "articles").glob("*.md")),
                      key=lambda p: re.search(r"^Date: (\S+)", p.read_text(), re.M)[1])
    home_articles = re.findall(r'<h3 class="article-card__title"><a href="/articles/([^/]+)/"', home)
    assert home_articles == [p.stem for p in reversed(articles[-3:])]
    latest = max((SAMPLE_CONTENT / "newsletter").glob("*.md")).read_text()
    number = re.search(r"^Number: (\d+)", latest, re.M)[1]
    assert f'href="/news/{number}/">Issue {number}:' in home


def test_facet_pages_list_members_and_counts_match(sample_site):
    directory = sample_site.page("providers/index.html")
    vocabulary = yaml.safe_load((SAMPLE_CONTENT / "data/vocabulary.yaml").read_text())
    listed = set(_cards(directory))
    for term in vocabulary["services"]:
        facet = sample_site.page(f"providers/services/{term['id']}/index.html")
        members = _cards(facet)
        assert members, term["id"]  # the sample content covers every service
        expected = {p.stem for p in PROFILES
                    if term["id"] in yaml.safe_load(p.read_text())["services"]} & listed
        assert set(members) == expected
        count = re.search(rf'href="/providers/services/{term["id"]}/">[^<]+</a> '
                          rf'<span class="count">(\d+)</span>', directory)
        assert int(count[1]) == len(members)
    norway = _cards(sample_site.page("providers/countries/no/index.html"))
    assert "fjordlys-drift" in norway
    assert len(norway) >= 3


def test_pretty_urls_only(sample_site):
    html_files = [p.relative_to(sample_site.path) for p in sample_site.files()
                  if p.suffix == ".html"]
    # two files are not pages of the site's URL space: the host's 404 page and the email copies
    # of newsletter issues (news/<n>/email.html) that staff paste into a mailing tool
    html_files = [p for p in html_files if str(p) != "404.html" and p.name != "email.html"]
    assert all(p.name == "index.html" for p in html_files), html_files
    for page in html_files:
        for href in re.findall(r'href="(/[^"]*)"', (sample_site.path / page).read_text()):
            # pages end with "/"; files (assets, logos, badges, exports) keep their names
            path = href.split("?")[0].split("#")[0]
            if "." not in path.rsplit("/", 1)[-1]:
                assert path.endswith("/"), (page, href)


def test_non_ascii_names_are_kept(sample_site):
    home = sample_site.page("providers/index.html")
    assert "Ærlig" in home or "Øresund" in home
    assert "さくら" in sample_site.page("providers/sakura-it/index.html")


def test_private_fields_never_reach_the_output(providers_dir, tmp_path):
    canary = "CANARY-7f3a-private-note"
    text = variant("secretive", "Secretive AS") + (
        f"private:\n  notes: {canary}\n  account_manager: {canary}-manager\n")
    write_profile(providers_dir, "secretive", text)
    build = member_site(tmp_path / "out", providers_dir)
    assert build.returncode == 0, build.output
    assert (tmp_path / "out/providers/secretive/index.html").exists()
    for path in build.files():
        assert canary.encode() not in path.read_bytes(), path


def test_sample_private_notes_stay_private(sample_site):
    secrets = []
    for profile in PROFILES:
        private = yaml.safe_load(profile.read_text()).get("private") or {}
        secrets += [str(v) for v in private.values() if len(str(v)) > 12]
    assert secrets, "the sample content should exercise private notes"
    blob = b"".join(path.read_bytes() for path in sample_site.files())
    for secret in secrets:
        assert secret.encode() not in blob, secret


def test_contributor_text_is_escaped(providers_dir, tmp_path):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = variant("hostile", "Hostile <b>Bold</b> AS", **{
        "summary: A fictional provider used by the test suite to keep offices running.":
            f"summary: '{attack} A fictional provider.'",
        "city: Bergen": "city: '<em>Bergen</em>'",
        "We look after **small offices** in western Norway.":
            f"We look after {attack} offices. [x](javascript:alert(1))",
    })
    write_profile(providers_dir, "hostile", text)
    build = member_site(tmp_path / "out", providers_dir)
    assert build.returncode == 0, build.output
    for path in build.files():
        if path.suffix == ".html":
            html = path.read_text()
            assert "<script>alert" not in html
            assert "<img src=x" not in html
            assert "<b>Bold</b>" not in html and "<em>Bergen</em>" not in html
            assert not re.search(r"href=\"\s*javascript:", html, re.I)
    page = build.page("providers/hostile/index.html")
    assert "Hostile &lt;b&gt;Bold&lt;/b&gt; AS" in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_another_providers_folder_and_build_date_from_the_command_line(providers_dir, tmp_path):
    build = member_site(tmp_path / "out", providers_dir,
                        BUILD_DATE="2030-01-01")
    assert build.returncode == 0, build.output
    assert [p.name for p in (tmp_path / "out/providers").iterdir() if p.is_dir()
            and (p / "logo.svg").exists()] == ["testfjord"]
    assert 'datetime="2030-01-01">1 January 2030</time>' in build.page("providers/index.html")
    assert 'data-status="expired"' in build.page("providers/testfjord/index.html")


def test_pagination_splits_long_listings(providers_dir, tmp_path):
    for number in range(50):
        slug = f"member-{number:02d}"
        write_profile(providers_dir, slug, variant(slug, f"Member {number:02d} AS"))
    build = member_site(tmp_path / "out", providers_dir)
    assert build.returncode == 0, build.output
    first = build.page("providers/index.html")
    second = build.page("providers/page/2/index.html")
    assert len(_cards(first)) == 48 and len(_cards(second)) == 3
    assert ("a", {"rel": "next", "href": "/providers/page/2/"}) in elements(first)
    assert ("a", {"rel": "prev", "href": "/providers/"}) in elements(second)
    assert "Page 2 of 2" in second


def test_sitemap_lists_every_kind_of_page(sample_site):
    import xml.etree.ElementTree as ET
    root = ET.fromstring(sample_site.page("sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {u.find("s:loc", ns).text for u in root.findall("s:url", ns)}
    for expected in ("/", "/providers/", "/providers/fjordlys-drift/", "/verify/fjordlys-drift/",
                     "/education/", "/news/", "/news/1/", "/code-of-ethics/", "/contact/",
                     "/articles/restore-tests-you-can-prove/"):
        assert expected in locs, expected
    assert not [loc for loc in locs if "404" in loc or "email" in loc or "drafts/" in loc]
