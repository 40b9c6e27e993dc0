"""The words buyers use (content/data/synonyms.yaml): staff-edited synonyms per vocabulary term
(services and industries) and per language, such as "hospital" or "sykehus" for healthcare.

Read and checked here for the build (the search entry file publishes them, and the browser
expands a typed word into the term it names) and for `make check` alike: the schema beside the
file, then what a schema cannot state: every id is a term of the vocabulary (the caller gives
the ids: the directory's facets in the build, the vocabulary file in `make check`).
"""

import os

from validation.paths import relative
from validation.problems import Problem, line_of, sort_problems
from validation.schema import read_data_file

from .text import normalise_words

EXPECTED_FILE = ("services and industries, each a map of vocabulary id to languages, "
                 "each a list of words")
KINDS = ("services", "industries")


def synonyms_path(settings):
    """The synonym file's path (SEARCH_SYNONYMS_PATH under PATH), or None when it is not set."""
    relative_path = settings.get("SEARCH_SYNONYMS_PATH")
    return os.path.join(settings["PATH"], relative_path) if relative_path else None


def read_synonyms(path, vocabulary=None):
    """({kind: {term id: {language: [words]}}}, problems). `vocabulary`: {kind: ids} to check
    the ids against (None: not checked). A missing file is no problem: no synonyms."""
    if not os.path.exists(path):
        return {}, []
    data, lines, problems = read_data_file(path, "SEARCH_SYNONYMS_PATH", EXPECTED_FILE)
    if problems or not isinstance(data, dict):
        return {}, problems
    synonyms = {}
    for kind in KINDS:
        for term_id, languages in (data.get(kind) or {}).items():
            if vocabulary is not None and term_id not in vocabulary.get(kind, ()):
                problems.append(Problem(
                    relative(path), line_of(lines, (kind, term_id)), f"{kind}.{term_id}",
                    f"'{term_id}' is not one of the {kind} of the vocabulary",
                    f"an id of the {kind} in the vocabulary file"))
                continue
            synonyms.setdefault(kind, {})[term_id] = languages
    return synonyms, sort_problems(problems)


def synonym_table(synonyms, facets):
    """{typed words: [[facet kind, facet number], ...]} for the search entry file: every synonym
    (its words folded as a query folds them, joined by one space), in any language, to the terms
    it names; the browser looks up each typed word and each run of two or three.
    `facets`: {"service": [value, ...], "industry": [...]} in facet order."""
    table = {}
    for kind, facet in (("services", "service"), ("industries", "industry")):
        numbers = {value: number for number, value in enumerate(facets.get(facet, ()))}
        for term_id, languages in sorted(synonyms.get(kind, {}).items()):
            if term_id not in numbers:
                continue
            for _, words in sorted(languages.items()):
                for phrase in words:
                    key = " ".join(normalise_words(phrase))
                    if not key:
                        continue
                    targets = table.setdefault(key, [])
                    if [facet, numbers[term_id]] not in targets:
                        targets.append([facet, numbers[term_id]])
    return {word: table[word] for word in sorted(table)}
