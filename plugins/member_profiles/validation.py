"""Check provider profiles against the JSON Schema and the rules a schema cannot express.

Every check runs and every problem is collected; nothing here stops at the first error.
"""

import dataclasses
import datetime
import json
import re
from urllib.parse import urlsplit

import fastjsonschema
import jsonschema
import pycountry

WEB_SCHEMES = ("http", "https")


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file: `file:line: field: problem; expected what`."""

    file: str
    line: int
    field: str
    problem: str
    expected: str

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.problem}; expected {self.expected}"


def field_name(path):
    """`certifications[0].expires` for the path ('certifications', 0, 'expires')."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(document)"


def line_of(lines, path):
    """Line of a value, or of its nearest parent when the value itself is missing."""
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def _describe(value):
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


_JSON_TYPES = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing"}


def _type_name(value):
    if isinstance(value, bool) or value is None:
        return _JSON_TYPES[type(value)]
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    return _JSON_TYPES.get(type(value), type(value).__name__)


class SchemaValidator:
    """Validates one loaded YAML document against a JSON Schema; built once per build.

    fastjsonschema (compiled, about ten times faster) decides whether a document is valid; only a
    document it rejects goes through jsonschema, which lists every error with its path. Calendar
    dates are checked by rules, not by the schema's `format`, so both agree. Subclasses add the
    rules a schema cannot express in `_rule_problems`.
    """

    def __init__(self, schema):
        jsonschema.Draft202012Validator.check_schema(schema)
        self._schema = schema
        self._validator = jsonschema.Draft202012Validator(schema)
        self._fast = fastjsonschema.compile(schema, formats={"date": lambda value: True})

    def problems(self, file, data, lines):
        """All problems of one document, in file order."""
        found = list(self._schema_problems(file, data, lines))
        if isinstance(data, dict):
            found.extend(self._rule_problems(file, data, lines))
        return sorted(set(found), key=lambda p: (p.line, p.field, p.problem))

    def _rule_problems(self, file, data, lines):
        return ()

    def _schema_problems(self, file, data, lines):
        try:
            self._fast(data)
            return
        except fastjsonschema.JsonSchemaException as fast_error:
            first = fast_error
        reported = False
        for error in self._validator.iter_errors(data):
            reported = True
            path = list(error.absolute_path)
            schema = error.schema if isinstance(error.schema, dict) else {}
            expected = schema.get("x-expected")
            kind = error.validator
            if kind == "required":
                for key in error.validator_value:
                    if key not in error.instance:
                        sub = self._subschema(path + [key])
                        yield Problem(
                            file, line_of(lines, path), field_name(path + [key]),
                            "required field is missing",
                            sub.get("x-expected") or "a value",
                        )
            elif kind == "additionalProperties":
                allowed = ", ".join(schema.get("properties", {}))
                for key in error.instance:
                    if key not in schema.get("properties", {}):
                        yield Problem(
                            file, line_of(lines, path + [key]), field_name(path + [key]),
                            "unknown field", f"one of the fields {allowed}",
                        )
            else:
                problem = self._problem_text(kind, error)
                yield Problem(
                    file, line_of(lines, path), field_name(path), problem,
                    expected or self._fallback_expected(kind, error),
                )
        if not reported:  # the two validators disagree: never let the profile through silently
            yield Problem(file, 1, "(document)", first.message, "a document that matches its schema")

    def _subschema(self, path):
        schema = self._schema
        for part in path:
            if "$ref" in schema:
                schema = self._schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]
            schema = schema.get("items", {}) if isinstance(part, int) else (
                schema.get("properties", {}).get(part, {})
            )
        if "$ref" in schema:
            schema = self._schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        return schema

    @staticmethod
    def _problem_text(kind, error):
        value = error.instance
        if kind == "type":
            return f"got {_type_name(value)} {_describe(value)}"
        if kind == "maxLength":
            return f"too long ({len(value)} characters, at most {error.validator_value})"
        if kind == "minLength":
            return f"too short ({len(value)} characters, at least {error.validator_value})"
        if kind == "uniqueItems":
            return "a value is listed more than once"
        if kind == "minItems":
            return "the list is empty" if not value else "the list is too short"
        if kind == "maxItems":
            return f"too many entries ({len(value)}, at most {error.validator_value})"
        if kind in ("minimum", "maximum"):
            return f"{_describe(value)} is out of range"
        if kind == "minProperties":
            return "no entries given"
        return f"{_describe(value)} is not accepted"

    @staticmethod
    def _fallback_expected(kind, error):
        if kind == "enum":
            return "one of " + ", ".join(str(v) for v in error.validator_value)
        if kind == "type":
            return f"a value of type {error.validator_value}"
        return f"a value that satisfies '{kind}: {error.validator_value}'"



class ProfileValidator(SchemaValidator):
    """Validates one loaded profile: the schema, then the vocabulary and the rules below."""

    def __init__(self, schema, vocabulary):
        super().__init__(schema)
        self._vocabulary = {
            kind: {term["id"] for term in vocabulary.get(kind, [])}
            for kind in ("services", "standards", "programs")
        }

    def _rule_problems(self, file, data, lines):
        vocab = self._vocabulary

        def problem(path, text, expected):
            return Problem(file, line_of(lines, path), field_name(path), text, expected)

        for index, term in enumerate(_list(data.get("services"))):
            if isinstance(term, str) and term not in vocab["services"]:
                yield problem(("services", index), f"unknown service '{term}'",
                              "a service id from content/data/vocabulary.yaml: "
                              + ", ".join(sorted(vocab["services"])))
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
                    yield problem(path, f"{_describe(url)} has no host name",
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


def parse_date(value):
    """A `datetime.date` from YYYY-MM-DD text, or None when it is not one."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


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
