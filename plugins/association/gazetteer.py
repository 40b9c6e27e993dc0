"""The gazetteer (content/data/gazetteer.yaml): places a visitor may type into search, by country.

Read and checked here for the build (search_index uses the places) and for `make check` alike:
the schema, the country codes, and the rule a schema cannot state: every entry is a place.

Search treats a typed word that names a place as "members in or serving that country", so an
entry that is a member's name or a word of the vocabulary would reorder the results for that
name or service (issue 23). A place is refused when, compared as names are compared
(validation.text.comparable_name), it is:
- a member's name, that name without its last word (the legal form: "Fjordlys Drift"), or the
  first word of a longer name, most often its distinctive part ("Fjordlys": search also
  matches a one-word place by its start), unless that word is a city some member is based in
  (a real place, such as "Bergen" in "Bergen IT AS") or the place is listed under the member's
  own country;
- a vocabulary id or label (services, industries, standards, programmes), or a word of three
  letters or more of a label.
"""

import os
import re

import pycountry
from member_profiles.profiles import load_vocabulary
from member_profiles.settings import vocabulary_path
from validation.paths import relative
from validation.problems import Problem, line_of, sort_problems
from validation.schema import read_data_file
from validation.text import comparable_name

EXPECTED_FILE = "countries, each an ISO code with a list of place names"
EXPECTED_PLACE = "a place name: not a member's name, nor a word of the services and industries"
# Label words too common to mean a service on their own.
COMMON_WORDS = frozenset({"and", "the", "for", "with"})


def read_gazetteer(path):
    """({country code: [place names]}, problems): the schema and the country codes. Entries
    that pass are kept even when others have problems."""
    data, lines, problems = read_data_file(path, "SEARCH_GAZETTEER_PATH", EXPECTED_FILE)
    places = {}
    entries = data.get("countries") if isinstance(data, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        code = entry.get("country") if isinstance(entry, dict) else None
        if not isinstance(code, str) or not re.fullmatch("[A-Z]{2}", code):
            continue  # reported by the schema
        where = line_of(lines, ("countries", index, "country"))
        if pycountry.countries.get(alpha_2=code) is None:
            problems.append(Problem(relative(path), where, f"countries[{index}].country",
                                    f"'{code}' is not an ISO 3166-1 country code",
                                    "an assigned ISO 3166-1 alpha-2 code such as NO, SE or GB"))
        elif code in places:
            problems.append(Problem(relative(path), where, f"countries[{index}].country",
                                    f"'{code}' is listed twice", "each country once"))
        elif isinstance(entry.get("places"), list):
            places[code] = [name for name in entry["places"] if isinstance(name, str)]
    return places, sort_problems(problems)


def _words(text):
    return [word for word in comparable_name(text).split(" ")
            if len(word) >= 3 and word not in COMMON_WORDS]


def reserved_words(members, vocabulary):
    """{compared form: [(what it is, country or None)]} of everything a place may not be; a
    country means "except as a place in that country". `members`: (name, city, country) of each
    member; `vocabulary`: {kind: {id: term with a label}}."""
    cities = {comparable_name(city) for _, city, _ in members if city}
    reserved = {}

    def add(form, what, country=None):
        reserved.setdefault(comparable_name(form), []).append((what, country))

    for kind, terms in sorted(vocabulary.items()):
        for term_id, term in sorted(terms.items()):
            what = f"the {kind} term '{term.label}'"
            for form in dict.fromkeys((term_id.replace("-", " "), term.label,
                                       *_words(term.label))):
                add(form, what)
    for name, _, country in sorted(members):
        what = f"the member name '{name}'"
        whole = comparable_name(name)
        add(whole, what)
        if " " in whole:
            add(whole.rsplit(" ", 1)[0], what)
        first = whole.split(" ", 1)[0]
        if " " in whole and first in _words(first) and first not in cities:
            # the first word, most often the distinctive one; it may still be a place in the
            # member's own country, such as "Polska" in "Polska Heron s.r.o." in Poland
            add(first, what, country)
    return reserved


def place_problems(path, members, vocabulary):
    """A problem for each place of the gazetteer at `path` that is a member's name or a
    vocabulary word (see reserved_words); nothing when the file cannot be read (read_gazetteer
    reports that)."""
    reserved = reserved_words(members, vocabulary)
    data, lines, _ = read_data_file(path, "SEARCH_GAZETTEER_PATH", EXPECTED_FILE)
    entries = data.get("countries") if isinstance(data, dict) else None
    found = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        names = entry.get("places")
        for number, name in enumerate(names if isinstance(names, list) else []):
            if not isinstance(name, str):
                continue
            what = next((what for what, country in reserved.get(comparable_name(name), ())
                         if country is None or country != entry.get("country")), None)
            if what:
                where = ("countries", index, "places", number)
                found.append(Problem(relative(path), line_of(lines, where),
                                     f"countries[{index}].places[{number}]",
                                     f"'{name}' is {what}, not a place", EXPECTED_PLACE))
    return found


def gazetteer_path(settings):
    """The gazetteer's path (search_index's SEARCH_GAZETTEER_PATH, under PATH), or None when
    search_index is not on."""
    relative_path = settings.get("SEARCH_GAZETTEER_PATH")
    return os.path.join(settings["PATH"], relative_path) if relative_path else None


def member_place_problems(settings, members):
    """place_problems of the build's gazetteer, with the vocabulary of PROVIDER_VOCABULARY_PATH;
    `members` are (name, city, country) of each member."""
    path = gazetteer_path(settings)
    if path is None:
        return []
    vocabulary, _ = load_vocabulary(vocabulary_path(settings))  # its problems are the profiles'
    return place_problems(path, members, vocabulary)
