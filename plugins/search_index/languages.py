"""The language of the stemmed search indexes: stemmer, stop words and trimmer, the same in
Python (the index builder) and in the browser (theme/static/js/search-text.js).

Which language a build's index stems is SEARCH_LANGUAGES[SITE_LANGUAGE] (settings.py):

- "en": lunr.js's own English pipeline (stop words and Porter stemmer built into lunr.min.js;
  stemmer.py is its Python twin). The entry file says nothing: the English search page loads
  nothing more than before.
- a lunr-languages code ("no"): that language's trimmer, stop word filter and Snowball stemmer
  from lunr-languages 1.22.0, vendored in theme/static/vendor/lunr-languages/ (the support
  script and `lunr.<code>.min.js`) and loaded by the search worker for this index only (the
  entry file names them); `LUNR_LANGUAGES` below holds the Python twin of each.
- anything else (a language not in SEARCH_LANGUAGES, or a code with no twin here or no
  vendored script): the stemmed indexes are built **unstemmed**, lower-cased and folded as the
  member names are (no stop words), with one warning; the search still works, by whole words
  and prefixes.

Each index's stemmed pipeline is: the language's trimmer and stop word filter, `msp-normalise`
(text.py: folded, edges trimmed), then the language's stemmer, in that order on both sides: stop
words such as "på" are matched as written, and words are stemmed folded, as the browser stems a
typed word (search-text.js folds what is typed first), so "gårdene" and a typed "gardene" meet
at "gard" and a typed word's stem is always the term the index holds for it.

The Norwegian stemmer is snowballstemmer's `norwegian`, pinned at 2.2.0 (requirements.txt):
Snowball 3's algorithm (snowballstemmer 3.x) is not the one lunr-languages 1.22.0 ships, and
stems "-ers" and "-s" after "r" differently ("servers", "brukers"); 2.2.0's gives lunr.no's stem
for every word of tests/test_search_languages.py's Norwegian list (over 11,000 words).
"""

import dataclasses
import logging
import os
import re

import snowballstemmer

from .text import PIPELINES, msp_normalise

logger = logging.getLogger(__name__)

# Where the lunr-languages scripts are, relative to the theme's static folder.
VENDOR = "vendor/lunr-languages"
SUPPORT_SCRIPT = f"{VENDOR}/lunr.stemmer.support.min.js"

# lunr.no.wordCharacters (lunr-languages 1.22.0, lunr.no.js); generateTrimmer adds 0-9.
NORWEGIAN_WORD_CHARACTERS = (
    "A-Za-z\xAA\xBA\xC0-\xD6\xD8-\xF6\xF8-\u02B8\u02E0-\u02E4\u1D00-\u1D25\u1D2C-\u1D5C"
    "\u1D62-\u1D65\u1D6B-\u1D77\u1D79-\u1DBE\u1E00-\u1EFF\u2071\u207F\u2090-\u209C\u212A"
    "\u212B\u2132\u214E\u2160-\u2188\u2C60-\u2C7F\uA722-\uA787\uA78B-\uA7AD\uA7B0-\uA7B7"
    "\uA7F7-\uA7FF\uAB30-\uAB5A\uAB5C-\uAB64\uFB00-\uFB06\uFF21-\uFF3A\uFF41-\uFF5A"
)

# lunr.no.stopWordFilter's list (lunr-languages 1.22.0), in its order, repeats included.
NORWEGIAN_STOP_WORDS = tuple("""
alle at av bare begge ble blei bli blir blitt både båe da de deg dei deim deira deires
dem den denne der dere deres det dette di din disse ditt du dykk dykkar då eg ein eit
eitt eller elles en enn er et ett etter for fordi fra før ha hadde han hans har hennar
henne hennes her hjå ho hoe honom hoss hossen hun hva hvem hver hvilke hvilken hvis hvor
hvordan hvorfor i ikke ikkje ikkje ingen ingi inkje inn inni ja jeg kan kom korleis korso
kun kunne kva kvar kvarhelst kven kvi kvifor man mange me med medan meg meget mellom men
mi min mine mitt mot mykje ned no noe noen noka noko nokon nokor nokre nå når og også
om opp oss over på samme seg selv si si sia sidan siden sin sine sitt sjøl skal skulle
slik so som som somme somt så sånn til um upp ut uten var vart varte ved vere verte vi
vil ville vore vors vort vår være være vært å
""".split())


@dataclasses.dataclass(frozen=True)
class LunrLanguage:
    """The Python twin of one lunr-languages language."""

    code: str  # lunr-languages' code: lunr.<code>, lunr.<code>.min.js
    word_characters: str
    stop_words: tuple
    stemmer: str  # snowballstemmer's algorithm name

    @property
    def script(self):
        return f"{VENDOR}/lunr.{self.code}.min.js"


LUNR_LANGUAGES = {
    "no": LunrLanguage("no", NORWEGIAN_WORD_CHARACTERS, NORWEGIAN_STOP_WORDS, "norwegian"),
}


def _trimmer(word_characters):
    """lunr.trimmerSupport.generateTrimmer: drops leading and trailing characters that are not
    word characters (nor ASCII digits, which lunr-languages 1.22.0 adds)."""
    allowed = word_characters + "0-9"
    edges = re.compile(f"^[^{allowed}]+|[^{allowed}]+$")

    def trimmer(token, i=None, tokens=None):
        return token.update(lambda string, metadata=None: edges.sub("", string))

    return trimmer


def _stop_word_filter(words):
    stop = frozenset(words)

    def stop_word_filter(token, i=None, tokens=None):
        return None if str(token) in stop else token

    return stop_word_filter


def _snowball_stemmer(algorithm):
    stemmer = snowballstemmer.stemmer(algorithm)
    cache = {}

    def stem(string, metadata=None):
        if string not in cache:
            cache[string] = stemmer.stemWord(string)
        return cache[string]

    def snowball_stemmer(token, i=None, tokens=None):
        return token.update(stem)

    return snowball_stemmer


@dataclasses.dataclass(frozen=True)
class SearchLanguage:
    """The text pipelines of one build's index and what the browser needs to run the same."""

    code: str  # the site language (SITE_LANGUAGE)
    # "en" (lunr.js's English), a LUNR_LANGUAGES code, or "" (unstemmed fallback)
    lunr: str
    pipelines: dict  # pipeline name -> steps (the keys of text.PIPELINES)
    # the addresses of scripts() relative to the index folder (the generator sets them)
    urls: tuple = ()

    def stem(self, word):
        """One normalised word's stem as the stemmed pipeline computes it (None: a stop word)."""
        from lunr.token import Token

        tokens = [Token(word, {})]
        for step in self.pipelines["stemmed"]:
            tokens = [t for t in (step(t, i, tokens) for i, t in enumerate(tokens)) if t]
        return str(tokens[0]) if tokens else None

    def scripts(self):
        """The theme static files the browser loads for this language, in order."""
        if self.lunr in LUNR_LANGUAGES:
            return [SUPPORT_SCRIPT, LUNR_LANGUAGES[self.lunr].script]
        return []

    def entry(self):
        """The entry file's `language` (None for lunr.js's English: nothing to say or load)."""
        if self.lunr == "en":
            return None
        entry = {"code": self.code}
        if self.lunr:
            entry["lunr"] = self.lunr
            entry["scripts"] = list(self.urls)
        return entry


def search_language(code, lunr_code, theme_static=None):
    """The SearchLanguage of site language `code` indexed with `lunr_code` (a value of
    SEARCH_LANGUAGES, None when the language has none). A language without a stemmer on both
    sides (no Python twin, or no vendored script in `theme_static` when given) falls back to
    the unstemmed pipeline with a warning."""
    plain = (msp_normalise,)
    if lunr_code == "en":
        return SearchLanguage(code, "en", dict(PIPELINES))
    twin = LUNR_LANGUAGES.get(lunr_code)
    missing = twin and theme_static and not all(
        os.path.isfile(os.path.join(theme_static, name))
        for name in (SUPPORT_SCRIPT, twin.script))
    if twin and not missing:
        return SearchLanguage(code, twin.code, {"plain": plain, "stemmed": (
            _trimmer(twin.word_characters), _stop_word_filter(twin.stop_words),
            msp_normalise, _snowball_stemmer(twin.stemmer))})
    if lunr_code is None:
        problem = f"no entry for language {code!r}"
    elif missing:
        problem = (f"language {code!r} ({lunr_code!r}): {SUPPORT_SCRIPT} or {twin.script} is "
                   "not in the theme's static folder")
    else:
        problem = (f"language {code!r} ({lunr_code!r}) is neither 'en' nor a language of "
                   f"search_index/languages.py ({', '.join(sorted(LUNR_LANGUAGES))})")
    logger.warning("search_index: SEARCH_LANGUAGES: %s; its search index is built unstemmed "
                   "(whole words and prefixes, lower-cased, no stop words)", problem)
    return SearchLanguage(code, "", {"plain": plain, "stemmed": plain})


ENGLISH = search_language("en", "en")
