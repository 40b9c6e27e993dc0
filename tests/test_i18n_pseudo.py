"""Every string is wrapped: the sample site built in the pseudo-locale (I18N_PSEUDO, plugins/i18n)
shows no unaltered interface text on any page.

The pseudo-locale replaces each ASCII letter of every translated string, and of every date, by an
accented look-alike ("[Ŧŕàñšļàţéď]"). So on a pseudo page an ASCII letter can only come from text
that did not go through gettext. The rule, for every text node and every attribute people read
(alt, title, aria-label, placeholder, the description and Open Graph texts) outside code, styles
and scripts:

- split it at the altered characters and at the separators templates put between values
  ("·", ",", ":", ";", brackets, quotation marks, the compare table's ticks); each remaining piece with a word ("unaltered text") must be
  contributor data: text that occurs in the site's sources (the sample content and provider
  profiles, Markdown and YAML), a name the settings give (SITENAME, ASSOCIATION_NAME, ...), a
  brand name (a social network's), or an address (a URL, path or e-mail address); country and
  language names are the build language's (i18n's country_name and language_name), so altered
  too; numbers are left out first ("MSP News 10" is
  the newsletter's name and an issue number);
- a text node equal to an English message of the catalogue (a msgid) is reported as such, unless
  contributors wrote the same words (a page titled "Contact").

Everything else is English interface text that bypassed gettext, and fails the test.
"""

import functools
import html.parser
import json
import re

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, SAMPLE_CONTENT, SAMPLE_PROVIDERS, shared_pelican_build, site_settings

from i18n import PSEUDO_LETTERS, pseudo
from member_profiles.profiles import SOCIAL_LABELS

ALTERED = set("".join(chr(code) for code in PSEUDO_LETTERS.values()))
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
READ_META = {"description", "og:title", "og:description", "og:image:alt"}
NOT_PROSE = {"code", "pre", "kbd", "style", "script"}
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
NUMBER = re.compile(r"\b\d+\b")  # a count or an issue's number: "MSP News 10"
ADDRESS = re.compile(r"^(\S*/\S*|\S+@\S+\.\S+|https?:\S+)$")
# One page of each kind (a page type must exist for the check to mean anything).
PAGE_TYPES = {
    "home": "index.html",
    "directory": "providers/index.html",
    "facet index": "providers/services/index.html",
    "facet": "providers/services/cloud-management/index.html",
    "profile": "providers/fjordlys-drift/index.html",
    "verify": "verify/fjordlys-drift/index.html",
    "compare": "compare/index.html",
    "search": "search/index.html",
    "education": "education/index.html",
    "article": "articles/choosing-a-provider-ten-questions/index.html",
    "newsletter archive": "news/index.html",
    "newsletter issue": "news/1/index.html",
    "newsletter e-mail": "news/1/email.html",
    "statistics": "statistics/index.html",
    "certification": "certification/index.html",
    "contact": "contact/index.html",
    "media": "media/index.html",
    "partners": "partners/index.html",
    "leadership": "leadership/index.html",
    "embed builder": "partners/embed/index.html",
    "embed list": "embed/services/cloud-management/index.html",
    "404": "404.html",
    "badge": "providers/fjordlys-drift/badge.svg",
    "large badge": "providers/fjordlys-drift/badge-large.svg",
}
# Not the site's interface: the feeds carry contributor text only, and the assets are checked
# below (scripts) or carry none (images, styles).
SKIPPED = ("assets/", "feeds/", "theme/", "images/", "api/")


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory):
    build = shared_pelican_build(tmp_path_factory, I18N_PSEUDO=True)
    assert build.returncode == 0, build.output
    return build.path


def _normal(text):
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-",
                                         "—": "-", "\u00a0": " "}))
    return " ".join(text.split())


@pytest.fixture(scope="module")
def contributor_text():
    """The text contributors wrote or the data gives, as one string to search."""
    parts = []
    for folder in (SAMPLE_CONTENT, SAMPLE_PROVIDERS):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".md", ".yaml", ".yml", ".html", ".txt"):
                parts.append(path.read_text(encoding="utf-8"))
    settings = site_settings()
    parts += [value for value in settings.values() if isinstance(value, str)]
    parts += SOCIAL_LABELS.values()  # brand names: "LinkedIn"
    return _normal("\n".join(parts))


@pytest.fixture(scope="module")
def english_messages():
    with open(ROOT / "theme" / "translations" / "messages.pot", "rb") as handle:
        catalogue = read_po(handle)
    found = set()
    for message in catalogue:
        for text in (message.id if isinstance(message.id, (list, tuple)) else [message.id]):
            if text and "%(" not in text and "<" not in text:
                found.add(_normal(text))
    return found


class ReadText(html.parser.HTMLParser):
    """The text nodes and read attributes of a page, outside code, styles and scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in NOT_PROSE:
            self.skip += 1
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (
                    tag == "meta" and name == "content"
                    and (values.get("name") in READ_META or values.get("property") in READ_META))):
                self.texts.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in NOT_PROSE:
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag in NOT_PROSE and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(data)


def page_texts(path):
    reader = ReadText()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.texts


def unaltered_pieces(text):
    """The parts of `text` the pseudo-locale did not alter that hold a word."""
    pieces = re.split("[" + re.escape("".join(sorted(ALTERED))) + r"\[\]·,:;()“”«»\"✓–\t]+", text)
    return [_normal(piece) for piece in pieces if ASCII_WORD.search(piece)]


@functools.lru_cache(maxsize=4)
def _without_numbers(text):
    return _normal(NUMBER.sub(" ", text))


def known(words, corpus):
    """Contributor data: in the sources, an address, or so once numbers are left out."""
    return (words in corpus or ADDRESS.match(words) is not None
            or _without_numbers(words).strip(" .-'") in _without_numbers(corpus))


def english_interface_text(path, corpus, messages):
    found = []
    for text in page_texts(path):
        if _normal(text) in messages and _normal(text) not in corpus:
            found.append(f"message {_normal(text)!r}")
            continue
        for piece in unaltered_pieces(text):
            words = piece.strip(" .-'")
            if known(words, corpus):
                continue
            found.append(f"{words!r} in {_normal(text)[:80]!r}")
    return found


def shown_pages(site):
    return sorted(path for path in site.rglob("*")
                  if path.suffix in (".html", ".svg")
                  and not str(path.relative_to(site)).startswith(SKIPPED)
                  and path.name != "logo.svg")


def test_the_pseudo_locale_alters_text_and_keeps_placeholders_and_markup():
    assert pseudo("Verify %(name)s") == "[Ṽéŕîƒý %(name)s]"
    assert pseudo('See <a href="%(url)s">the records</a> &amp; more') == \
        '[Šéé <a href="%(url)s">ţĥé ŕéçöŕďš</a> &amp; ɱöŕé]'
    assert not ASCII_WORD.search(pseudo("Every ASCII letter of a message, Upper and lower"))


def test_every_page_type_is_checked(pseudo_site):
    pages = {str(path.relative_to(pseudo_site)) for path in shown_pages(pseudo_site)}
    assert {kind: path for kind, path in PAGE_TYPES.items() if path not in pages} == {}
    assert len(pages) > 400


def test_no_page_shows_english_interface_text(pseudo_site, contributor_text, english_messages):
    problems = {}
    for path in shown_pages(pseudo_site):
        found = english_interface_text(path, contributor_text, english_messages)
        if found:
            problems[str(path.relative_to(pseudo_site))] = found
    assert problems == {}


def test_the_check_finds_english_interface_text(tmp_path, contributor_text, english_messages):
    page = tmp_path / "page.html"
    page.write_text(f'<h1>{pseudo("Verified members")}</h1><p>Fjordlys Drift AS</p>'
                    '<p>Verified members</p><button title="Load the video">x</button>'
                    f'<p>{pseudo("Report %(report)s:") % {"report": "UCS-2025-0412"}}</p>'
                    '<p>/news/1/</p><code>gettext</code>', encoding="utf-8")
    assert english_interface_text(page, contributor_text, english_messages) == [
        "message 'Verified members'", "'Load the video' in 'Load the video'"]


def test_scripts_carry_their_language_strings(pseudo_site, sample_site):
    """Each language's pages load scripts whose messages are in that language, under their own
    fingerprinted names; the source's gettext calls are gone."""
    for name in ("compare", "status", "contact", "search", "search-extras", "embed-builder"):
        english = next((sample_site.path / "assets" / "js").glob(f"{name}.*.js"))
        altered = next((pseudo_site / "assets" / "js").glob(f"{name}.*.js"))
        assert english.name != altered.name
        text = altered.read_text(encoding="utf-8")
        assert "gettext(" not in text and "gettext(" not in english.read_text(encoding="utf-8")
        source = (ROOT / "theme" / "static" / "js" / f"{name}.js").read_text(encoding="utf-8")
        for message in re.findall(r"""(?<![\w.])gettext\(['"]([^'"\\]+)['"]\)""", source):
            assert json.dumps(pseudo(message)) in text, (name, message)
    page = (pseudo_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'src="/assets/js/compare\.\w+\.js"', page)
    assert next((pseudo_site / "assets" / "js").glob("compare.*.js")).name in page


def test_the_norwegian_build_speaks_norwegian(tmp_path_factory):
    """SITE_LANGUAGE "nb": the catalogue's words, Norwegian dates, country names and statuses, in
    the pages and in the scripts they load (wherever the site layout puts the nb pages)."""
    build = shared_pelican_build(tmp_path_factory, SITE_LANGUAGE="nb")
    assert build.returncode == 0, build.output
    profile = next(build.path.rglob("providers/fjordlys-drift/index.html")).read_text("utf-8")
    for words in ("Kontakt denne leverandøren", "Sertifiseringer", "Medlem siden", ">Aktiv<",
                  ", Norge</"):
        assert words in profile, words
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">\d{1,2}\. (januar|februar|mars|april|mai|'
                     r'juni|juli|august|september|oktober|november|desember) \d{4}</time>', profile)
    verify = next(build.path.rglob("verify/fjordlys-drift/index.html")).read_text("utf-8")
    assert "er et verifisert medlem" in verify and "Revisjonsoppføringer" in verify
    status = next(build.path.rglob("assets/js/status.*.js")).read_text("utf-8")
    assert '"desember"' in status and "gettext(" not in status
    badge = next(build.path.rglob("providers/fjordlys-drift/badge.svg")).read_text("utf-8")
    assert "-verifisert · gyldig til" in badge


@pytest.fixture(scope="module")
def norwegian_site(tmp_path_factory):
    """The sample built as make html builds it: English at the root, Norwegian under /nb/ (its
    compare page reads the open data the root run writes)."""
    from test_i18n_site import build_languages

    build = build_languages(tmp_path_factory.mktemp("nb") / "out")
    assert build.returncode == 0, build.output
    return build.path


def _shown_text(page, selector):
    return page.evaluate("(selector) => document.querySelector(selector).innerText", selector)


@pytest.mark.browser
def test_text_the_scripts_write_is_translated_too(page, serve, pseudo_site, norwegian_site,
                                                   contributor_text, english_messages):
    """What compare.js and search.js put on the page: in the pseudo-locale no unaltered interface
    text (the rule above, the open data's values counting as contributor data), and in Norwegian
    the catalogue's words with the facets' Norwegian names."""
    data = json.loads((pseudo_site / "api" / "providers.json").read_text(encoding="utf-8"))
    values = []

    def collect(value):
        if isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, str):
            values.append(value)

    collect(data["providers"])
    corpus = contributor_text + "\n" + _normal("\n".join(values))
    base = serve(pseudo_site)
    for url, selector in (("/compare/?ids=fjordlys-drift,sakura-it", "#compare-app"),
                          ("/search/?q=fjordlys", "#search-app")):
        page.goto(base + url)
        page.wait_for_selector(".compare__table, #search-results .result")
        page.wait_for_timeout(300)
        found = []
        for line in _shown_text(page, selector).splitlines():
            if _normal(line) in english_messages and _normal(line) not in corpus:
                found.append(line)
            found += [piece for piece in unaltered_pieces(line)
                      if not known(piece.strip(" .-'"), corpus)]
        assert found == [], url
    assert page.problems == []

    page.goto(serve(norwegian_site) + "/nb/compare/?ids=fjordlys-drift,sakura-it")
    page.wait_for_selector(".compare__table")
    shown = _shown_text(page, "#compare-app")
    for words in ("Hovedkontor", "Sertifiseringer", "Kontakt disse leverandørene", "Bergen, Norge",
                  "Sendai, Japan", "Medlem siden", "Verifiser"):
        assert words in shown, words
    assert re.search(r"\d{1,2}\. (januar|februar|mars|april|mai|juni|juli|august|september|"
                     r"oktober|november|desember) \d{4}", shown)
    assert page.problems == []
