"""Check provider profiles against their JSON Schema and the rules a schema cannot state.

Every check runs and every problem is collected; nothing here stops at the first error.
"""

import re
from urllib.parse import urlsplit

import pycountry
from validation.dates import parse_date
from validation.problems import Problem, field_name, line_of
from validation.schema import SchemaValidator, describe

WEB_SCHEMES = ("http", "https")


class ProfileValidator:
    """Validates one loaded profile; built once per build from the schema and the vocabulary.

    The schema part is the validation kernel's SchemaValidator. Calendar dates are checked by the
    rules below, not by the schema's `format`, so the schema and the rules never disagree.
    """

    def __init__(self, schema, vocabulary):
        self._schema = SchemaValidator(schema, document="a profile that matches schema.json")
        self._vocabulary = {
            kind: {term["id"] for term in vocabulary.get(kind, [])}
            for kind in ("services", "industries", "standards", "programs")
        }

    def problems(self, file, data, lines):
        """All problems of one profile, in file order."""
        found = list(self._schema.problems(file, data, lines))
        if isinstance(data, dict):
            found.extend(self._rule_problems(file, data, lines))
        return sorted(set(found), key=lambda p: (p.line, p.field, p.problem))

    def _rule_problems(self, file, data, lines):
        vocab = self._vocabulary

        def problem(path, text, expected):
            return Problem(file, line_of(lines, path), field_name(path), text, expected)

        for index, term in enumerate(_list(data.get("services"))):
            if isinstance(term, str) and term not in vocab["services"]:
                yield problem(("services", index), f"unknown service '{term}'",
                              "a service id from content/data/vocabulary.yaml: "
                              + ", ".join(sorted(vocab["services"])))
        for index, term in enumerate(_list(data.get("industries"))):
            if isinstance(term, str) and term not in vocab["industries"]:
                yield problem(("industries", index), f"unknown industry '{term}'",
                              "an industry id from content/data/vocabulary.yaml: "
                              + ", ".join(sorted(vocab["industries"])))
        for index, code in enumerate(_list(data.get("languages"))):
            if isinstance(code, str) and re.fullmatch("[a-z]{2}", code) and (
                pycountry.languages.get(alpha_2=code) is None
            ):
                yield problem(("languages", index), f"'{code}' is not an ISO 639-1 language code",
                              "a two-letter ISO 639-1 code in lower case, such as no, sv or en")
        for path, code in _country_fields(data):
            if isinstance(code, str) and re.fullmatch("[A-Z]{2}", code) and (
                pycountry.countries.get(alpha_2=code) is None
            ):
                yield problem(path, f"'{code}' is not an ISO 3166-1 country code",
                              "an assigned ISO 3166-1 alpha-2 code such as NO, SE or GB")
        for path, url in _url_fields(data):
            if isinstance(url, str):
                parts = urlsplit(url)
                if parts.scheme.lower() in WEB_SCHEMES and not parts.hostname:
                    yield problem(path, f"{describe(url)} has no host name",
                                  "an http:// or https:// address with a host name")
        for index, record in enumerate(_list(data.get("certifications"))):
            if not isinstance(record, dict):
                continue
            base = ("certifications", index)
            for kind, key in (("standards", "standard"), ("programs", "program")):
                term = record.get(key)
                if isinstance(term, str) and term not in vocab[kind]:
                    yield problem(base + (key,), f"unknown {key} '{term}'",
                                  f"a {key} id from content/data/vocabulary.yaml: "
                                  + ", ".join(sorted(vocab[kind])))
            issued, expires = parse_date(record.get("issued")), parse_date(record.get("expires"))
            if issued and expires and expires <= issued:
                yield problem(base + ("expires",),
                              f"expires {expires} is not after issued {issued}",
                              "an expiry date later than the issue date")
        for path, value in _date_fields(data):
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and (
                parse_date(value) is None
            ):
                yield problem(path, f"{value} is not a real calendar date",
                              "a date written YYYY-MM-DD that exists in the calendar")
        since = parse_date(data.get("member_since"))
        founded = data.get("founded")
        if since and isinstance(founded, int) and not isinstance(founded, bool) and founded > since.year:
            yield problem(("founded",), f"founded {founded} is after member_since {since}",
                          "a founding year no later than the year the company joined")
        updated = parse_date(data.get("updated"))
        if since and updated and updated < since:
            yield problem(("updated",), f"updated {updated} is before member_since {since}",
                          "a review date on or after member_since")


def _list(value):
    return value if isinstance(value, list) else []


def _country_fields(data):
    headquarters = data.get("headquarters")
    if isinstance(headquarters, dict):
        yield ("headquarters", "country"), headquarters.get("country")
    for index, code in enumerate(_list(data.get("service_areas"))):
        yield ("service_areas", index), code


def _date_fields(data):
    for key in ("member_since", "ethics_signed", "updated"):
        yield (key,), data.get(key)
    for index, record in enumerate(_list(data.get("certifications"))):
        if isinstance(record, dict):
            for key in ("issued", "expires"):
                yield ("certifications", index, key), record.get(key)


def _url_fields(data):
    yield ("website",), data.get("website")
    social = data.get("social")
    if isinstance(social, dict):
        for network, url in social.items():
            yield ("social", network), url
