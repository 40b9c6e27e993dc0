"""The catalogues are complete and consistent, and no template shows text outside gettext.

- Every message of the Norwegian catalogue is translated (no empty or fuzzy msgstr), keeps the
  msgid's placeholders, and uses the glossary's term wherever the English uses a glossary term
  (docs/glossary.md explains the matching rule: whole English words, the longest term wins,
  the Norwegian stem anywhere in a word).
- `make translations` (sitetools.translations) run again changes nothing but the POT date (and
  the #: source locations, which move with the code): every string in the templates, scripts
  and plugins is already in the catalogue, and none is left over.
- A template's literal text (Jinja's TemplateData, i.e. anything outside {% trans %} and _())
  has no letters in its text nodes or in the attributes people read (alt, title, aria-label,
  placeholder, the meta description's content); see TEMPLATE_TEXT_ALLOWED.
"""

import html.parser
import re
import shutil

import jinja2
import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, run_tool
from jinja2 import nodes

TRANSLATIONS = ROOT / "theme" / "translations"
NB = TRANSLATIONS / "nb" / "LC_MESSAGES" / "messages.po"
GLOSSARY = ROOT / "docs" / "glossary.md"
TEMPLATES = ROOT / "theme" / "templates"

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
# What the glossary check does not read as words: placeholders, code samples, markup.
NOT_WORDS = re.compile(r"%\(\w+\)[sd]|<(code|kbd)\b[^>]*>.*?</\1>|<[^>]+>|&#?\w+;", re.S)
ENGLISH_ENDING = r"(?:s|es|'s|s')?"


def catalogue(path=NB):
    with open(path, "rb") as handle:
        return read_po(handle, locale="nb")


def messages(path=NB):
    return [message for message in catalogue(path) if message.id]


def forms(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def glossary():
    """(English term, Norwegian term, stem) of each row of docs/glossary.md's table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or cells[0] in ("English term", "---"):
            continue
        rows.append((cells[0], cells[1], cells[2]))
    return rows


def glossary_terms_in(text, rows):
    """The glossary rows whose English term occurs in `text`, longest term first; a longer
    term's words are not read again for a shorter term."""
    text = NOT_WORDS.sub(" ", text)
    found = []
    for english, norwegian, stem in sorted(rows, key=lambda row: -len(row[0])):
        pattern = re.compile(rf"\b{re.escape(english)}{ENGLISH_ENDING}\b", re.I)
        if pattern.search(text):
            found.append((english, norwegian, stem))
            text = pattern.sub(" ", text)
    return found


def test_the_glossary_is_a_table_with_stems():
    rows = glossary()
    assert len(rows) > 40
    english = [row[0].lower() for row in rows]
    assert len(english) == len(set(english)), "a term is listed twice"
    for term in ("verified", "expired", "expiring soon", "suspended", "withdrawn", "audit",
                 "certificate", "managed service provider", "member"):
        assert term in english, term
    for english_term, norwegian, stem in rows:
        assert norwegian and stem, english_term
        assert stem == "-" or stem.lower() in norwegian.lower(), (english_term, stem, norwegian)


def test_glossary_matching_rule():
    rows = [("audit", "revisjon", "revisjon"), ("audit record", "revisjonsoppføring", "oppføring"),
            ("member", "medlem", "medlem")]
    assert [row[0] for row in glossary_terms_in("Each audit record of a member's", rows)] == [
        "audit record", "member"]
    assert glossary_terms_in("An auditor <a href=\"%(member)s\">remembers</a>", rows) == []
    assert [row[0] for row in glossary_terms_in("Audits", rows)] == ["audit"]


def test_the_catalogue_uses_the_glossary_terms():
    rows = [row for row in glossary() if row[2] != "-"]
    wrong = []
    checked = 0
    for message in messages():
        for english, norwegian, stem in glossary_terms_in(" ".join(forms(message.id)), rows):
            checked += 1
            for text in forms(message.string):
                if stem.lower() not in NOT_WORDS.sub(" ", text).lower():
                    wrong.append(f"{english!r} -> {norwegian!r} (stem {stem!r}): "
                                 f"{forms(message.id)[0]!r} is translated {text!r}")
    assert checked > 300
    assert wrong == []


def test_the_norwegian_catalogue_is_complete():
    found = messages()
    assert len(found) > 400
    untranslated = [message.id for message in found
                    if not all(text.strip() for text in forms(message.string))]
    fuzzy = [message.id for message in found if message.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(forms(catalogue().plural_forms)) and catalogue().num_plurals == 2
    for message in found:
        expected = sorted(set(PLACEHOLDER.findall(" ".join(forms(message.id)))))
        for text in forms(message.string):
            assert sorted(set(PLACEHOLDER.findall(text))) == expected, (message.id, text)


def _content(path):
    """What a catalogue says, without what moves with the code: each message (with its plural
    and context), its translation and flags, in order. The POT date and the source locations
    (#: file:line, which change whenever code moves) are left out."""
    return [(message.id, message.context, message.string, sorted(message.flags))
            for message in catalogue(path) if message.id]


def test_make_translations_finds_nothing_new(tmp_path):
    """Extracting again (as `make translations` does) gives the same catalogues: no string of the
    templates, scripts or plugins was left out, none is left over, no translation went fuzzy."""
    from sitetools.translations import main

    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy)
    result = run_tool(main, ["-s", "pelicanconf.py", "-e", f'I18N_TRANSLATIONS_DIR="{copy}"'])
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (TRANSLATIONS / "messages.pot", NB):
        again = copy / path.relative_to(TRANSLATIONS)
        assert _content(again) == _content(path), f"{path.name}: run make translations"
    assert [m.id for m in catalogue(copy / NB.relative_to(TRANSLATIONS)).obsolete.values()] == []


# Literal text a template may show without gettext: (template, text) pairs, each with its reason.
# Empty: names (SITENAME, NEWSLETTER_NAME, ASSOCIATION_NAME) come from settings, and separators
# ("·", "×", ":") have no letters.
TEMPLATE_TEXT_ALLOWED = set()
# Attributes that people read (screen readers, tooltips, search results).
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# Not prose: code samples, styles and scripts are shown or run as they are.
NOT_PROSE = {"code", "pre", "kbd", "style", "script"}
LETTER = re.compile(r"[^\W\d_]")
GAP = "\x00"  # where an expression's output goes


def literal_text(path):
    """The template's literal output, with GAP where anything else (an expression, a trans
    block, a call) is written: what a visitor could read if no variable held any text."""
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n", "fragments.FragmentExtension"],
                                     trim_blocks=True, lstrip_blocks=True)
    tree = environment.parse(path.read_text(encoding="utf-8"))
    parts = []

    def walk(node):
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                parts.append(child.data if isinstance(child, nodes.TemplateData) else GAP)
                if not isinstance(child, nodes.TemplateData):
                    walk(child)
            return
        for child in node.iter_child_nodes():
            walk(child)

    walk(tree)
    return "".join(parts)


class TextFinder(html.parser.HTMLParser):
    """Letters in text nodes and read attributes, outside code, styles and scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in NOT_PROSE:
            self.skip += 1
        values = dict(attrs)
        for name, value in attrs:
            readable = name in READ_ATTRIBUTES or (
                tag == "meta" and name == "content" and values.get("name") == "description")
            if readable and value and LETTER.search(value.replace(GAP, "")):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag in NOT_PROSE and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and LETTER.search(data.replace(GAP, "")):
            self.found.append(data.replace(GAP, " ").strip())


def untranslated_text(path):
    finder = TextFinder()
    finder.feed(literal_text(path))
    finder.close()
    name = str(path.relative_to(TEMPLATES))
    return [text for text in finder.found if (name, text) not in TEMPLATE_TEXT_ALLOWED]


# hosting/ writes host configuration files (_headers, robots.txt), which no visitor reads.
SHOWN_TEMPLATES = sorted(path for path in TEMPLATES.rglob("*")
                         if path.suffix in (".html", ".svg", ".xml") and "hosting" not in path.parts)


@pytest.mark.parametrize("path", SHOWN_TEMPLATES, ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_templates_show_no_text_outside_gettext(path):
    assert untranslated_text(path) == []


def test_the_template_check_finds_literal_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<h1>{{ _("Fine") }}</h1><p>Not wrapped {{ name }}</p>'
                    '<img alt="A logo" src="{{ url }}"><input placeholder="{{ _(\'Fine\') }}">'
                    '<meta name="description" content="Plain words">'
                    '<code>kept as code</code>{% trans %}Whole {{ x }} sentence{% endtrans %}',
                    encoding="utf-8")
    finder = TextFinder()
    finder.feed(literal_text(page))
    assert finder.found == ["Not wrapped", "<img alt='A logo'>",
                            "<meta content='Plain words'>"]


def test_scripts_get_each_language_s_words_and_plural_rule(tmp_path):
    """plugins/assets/messages.py: gettext("...") becomes the translated literal, ngettext its
    forms chosen by the catalogue's plural rule; a call it cannot translate stops the build."""
    from gettext import NullTranslations

    from assets.messages import ScriptMessageError, localise_script
    from i18n import translations

    nb = translations({"SITE_LANGUAGES": ["en", "nb"], "SITE_LANGUAGE": "nb",
                       "I18N_TRANSLATIONS_DIR": str(TRANSLATIONS), "THEME": ""})
    source = ('a.textContent = gettext("Copied.");\n'
              "b = ngettext('%(count)s result', '%(count)s results', hits);\n")
    assert localise_script(source, nb) == (
        'a.textContent = "Kopiert.";\n'
        'b = (function (n) { return ["%(count)s treff", "%(count)s treff"][+((n != 1))]; })(hits);\n')
    assert localise_script(source, NullTranslations()).startswith('a.textContent = "Copied.";')
    assert '["%(count)s result", "%(count)s results"]' in localise_script(source, NullTranslations())
    with pytest.raises(ScriptMessageError) as caught:
        localise_script("x = 1;\ny = gettext(label);\n", nb, "theme/static/js/x.js")
    assert str(caught.value).startswith("theme/static/js/x.js:2: gettext(label);")


def test_the_vocabulary_s_norwegian_labels_are_the_glossary_s():
    """content/data/vocabulary.yaml translates each service, industry, standard and programme;
    where the glossary names the English label, the Norwegian label is the glossary's term."""
    import yaml

    rows = {english: norwegian for english, norwegian, _ in glossary()}
    vocabulary = yaml.safe_load((ROOT / "content" / "data" / "vocabulary.yaml").read_text(encoding="utf-8"))
    checked = 0
    for kind, terms in vocabulary.items():
        for term in terms:
            label = term["translations"]["nb"]["label"]  # every term is translated
            if term["label"] in rows:
                assert label == rows[term["label"]], (kind, term["id"])
                checked += 1
    assert checked >= 20
