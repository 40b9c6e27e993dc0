"""Text handling shared by the index builder and (mirrored in theme/static/js/search-text.js) the
browser: the same normalisation on both sides is what makes a Python-built index answer lunr.js
queries exactly as an index lunr.js built itself would.

lunr.py's own tokenizer and trimmer differ from lunr.js's on non-ASCII and punctuated words
(`\\W` is Unicode-aware in Python, ASCII-only in JavaScript), so text is normalised here before
lunr sees it, and tokens go through our own `msp-normalise` step instead of lunr's trimmer.
"""

import html
import html.parser
import re
import unicodedata

from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter

from .stemmer import lunr_js_stemmer

# Leading and trailing characters that are neither letters nor digits: `[\W_]` in Python matches
# what `[^\p{L}\p{N}]` matches in JavaScript for the scripts our content uses.
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def clean_text(text):
    r"""Text as lunr should see it: every run of whitespace one plain space, so that Python and
    lunr.js (which splits on `/[\s\-]+/`) split it alike; '' for None. U+FEFF is a space to
    JavaScript's \\s but not to Python's str.split."""
    return " ".join((text or "").replace("\ufeff", " ").split())


def fold(word):
    """Lower case without diacritics: 'Ålesund' -> 'alesund' (what people type on any keyboard)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def normalise_word(word):
    """One token's searchable form: folded, with punctuation trimmed from both ends."""
    return _EDGES.sub("", fold(word))


def msp_normalise(token, i=None, tokens=None):
    """lunr pipeline step: normalise a token; drop it when nothing is left."""
    token.update(lambda string, metadata=None: normalise_word(string))
    return token if str(token) else None


Pipeline.register_function(msp_normalise, "msp-normalise")

# The index pipelines, by name; search-text.js builds the same ones for lunr.js.
PIPELINES = {
    # Members: names, services and places are short and full of words like "IT" that a stop
    # word list would drop, and names must match as typed, so nothing is stemmed or dropped.
    "plain": (msp_normalise,),
    "stemmed": (msp_normalise, stop_word_filter, lunr_js_stemmer),
}


class _TextExtractor(html.parser.HTMLParser):
    """Collects the text of an HTML fragment, a space between blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")


def html_to_text(fragment):
    """The plain text of sanitised HTML content (the search index stores text, never markup)."""
    extractor = _TextExtractor()
    extractor.feed(fragment or "")
    extractor.close()
    return clean_text("".join(extractor.parts))


# A tag of sanitised HTML: attribute values are quoted, so a `>` inside one does not end it.
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def sanitised_html_to_text(fragment):
    """`html_to_text` for HTML that came out of the sanitiser (safe_markup: nh3 serialises
    well-formed tags with quoted attributes, escapes `<` in text and drops comments), five times
    faster: each tag becomes a space and character references are decoded, which is what the
    parser does with such HTML. Member descriptions, 10,000 of them in a large directory."""
    return clean_text(html.unescape(_TAG.sub(" ", fragment or "")))
