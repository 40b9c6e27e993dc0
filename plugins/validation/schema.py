"""Check loaded YAML data against a JSON Schema, reporting every error as a `Problem`.

fastjsonschema (compiled, about ten times faster) decides whether a document is valid; only a
document it rejects goes through jsonschema, which lists every error with its path. A schema says
what a reader expects in its own words with `x-expected` beside any rule; the line of each error
comes from the safe YAML reader. Every data file of the site has its schema beside it, named in
the file's first line (`# yaml-language-server: $schema=...`) so that editors check it too.
"""

import json
import os

import fastjsonschema
import jsonschema

from .dates import is_date
from .paths import relative
from .problems import Problem, field_name, line_of, sort_problems
from .text import EXPECTED as TEXT_EXPECTED
from .text import text_problems
from .yamlsafe import YamlProblem, read_yaml_file

# Formats the schemas may assert: both validators get the same function, so they agree.
FORMATS = {"date": is_date}

_JSON_TYPES = {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
               type(None): "nothing"}


def describe(value):
    """A value as it appears in a problem: JSON, cut at 60 characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value):
    if isinstance(value, bool) or value is None:
        return _JSON_TYPES[type(value)]
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def load_schema(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


class SchemaValidator:
    """Validates documents against one schema; build it once and reuse it for every file.

    `formats` asserts `format` keywords (default: none, as JSON Schema 2020-12 does);
    `document` names what a valid document is, for the rare error jsonschema cannot place.
    """

    def __init__(self, schema, formats=None, document="a document that matches its schema"):
        self._schema = schema
        self._document = document
        self._validator, self._fast = _compiled(schema, formats)

    def problems(self, file, data, lines):
        """Every schema problem of one document, in no particular order."""
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
                        sub = self.subschema(path + [key])
                        yield Problem(file, line_of(lines, path), field_name(path + [key]),
                                      "required field is missing",
                                      sub.get("x-expected") or "a value")
            elif kind == "additionalProperties":
                allowed = ", ".join(schema.get("properties", {}))
                for key in error.instance:
                    if key not in schema.get("properties", {}):
                        yield Problem(file, line_of(lines, path + [key]),
                                      field_name(path + [key]), "unknown field",
                                      f"one of the fields {allowed}")
            else:
                yield Problem(file, line_of(lines, path), field_name(path),
                              _problem_text(kind, error),
                              expected or _fallback_expected(kind, error))
        if not reported:  # the two validators disagree: never let the document through silently
            yield Problem(file, 1, "(document)", first.message, self._document)

    def subschema(self, path):
        """The schema of the value at `path` (following local $refs)."""
        schema = self._schema
        for part in path:
            schema = self._resolve(schema)
            schema = schema.get("items", {}) if isinstance(part, int) else (
                schema.get("properties", {}).get(part, {})
            )
        return self._resolve(schema)

    def _resolve(self, schema):
        while "$ref" in schema:
            schema = self._schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        return schema


# (the schema as canonical JSON, its formats) -> its two validators, compiled once per process
# (and inherited by the processes forked from it: make devserver's builder compiles the site's
# schemas ahead, see compile_ahead); the key is everything they are made from.
_COMPILED = {}


def _compiled(schema, formats):
    """(jsonschema's validator, fastjsonschema's function) of `schema` with `formats`."""
    text = json.dumps(schema, sort_keys=True)
    key = (text, tuple(sorted((formats or {}).items())))
    if key not in _COMPILED:
        schema = json.loads(text)  # (a copy: the caller's may change)
        jsonschema.Draft202012Validator.check_schema(schema)
        checker = None
        if formats:
            checker = jsonschema.FormatChecker(formats=())
            for name, test in formats.items():
                checker.checks(name)(test)
        fast_formats = {name: (lambda value: True) for name in _schema_formats(schema)}
        fast_formats.update(formats or {})
        _COMPILED[key] = (jsonschema.Draft202012Validator(schema, format_checker=checker),
                          fastjsonschema.compile(schema, formats=fast_formats))
    return _COMPILED[key]


def compile_ahead(folders):
    """Compile every JSON Schema under `folders` (`*.schema.json` and `schema.json`), with the
    data files' formats and without, for the builds of this process and of those forked from
    it; a schema that cannot be read or compiled is left for the build to report."""
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = [name for name in dirs if not name.startswith((".", "__"))]
            for name in files:
                if name == "schema.json" or name.endswith(".schema.json"):
                    try:
                        schema = load_schema(os.path.join(root, name))
                        for formats in (None, FORMATS):
                            _compiled(schema, formats)
                    except Exception:  # noqa: BLE001, S112 - the build reports it
                        continue


def _schema_formats(schema):
    """Every `format` named anywhere in a schema."""
    found = set()
    if isinstance(schema, dict):
        if isinstance(schema.get("format"), str):
            found.add(schema["format"])
        for value in schema.values():
            found |= _schema_formats(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= _schema_formats(value)
    return found


def _problem_text(kind, error):
    value = error.instance
    if kind == "type":
        return f"got {_type_name(value)} {describe(value)}"
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
        return f"{describe(value)} is out of range"
    if kind == "minProperties":
        return "no entries given"
    return f"{describe(value)} is not accepted"


def _fallback_expected(kind, error):
    if kind == "enum":
        return "one of " + ", ".join(str(v) for v in error.validator_value)
    if kind == "type":
        return f"a value of type {error.validator_value}"
    return f"a value that satisfies '{kind}: {error.validator_value}'"


def schema_path_of(path):
    """The schema beside a data file: `vocabulary.yaml` -> `vocabulary.schema.json`."""
    return os.path.splitext(path)[0] + ".schema.json"


def read_data_file(path, setting, expected, multiline=frozenset()):
    """(data, lines, problems) of one YAML data file checked against the schema beside it and
    the text rules (validation.text; `multiline` names the fields that may hold newlines).

    `setting` names the setting that points at the file (reported when it is missing);
    `expected` says what the file should be. `data` is None when it cannot be read at all.
    """
    file = relative(path)
    try:
        data, lines = read_yaml_file(path)
    except OSError:
        return None, {}, [Problem(file, 0, setting, "the file does not exist", expected)]
    except YamlProblem as error:
        return None, {}, [Problem(file, error.line or 0, "yaml", error.message, expected)]
    validator = SchemaValidator(load_schema(schema_path_of(path)), FORMATS,
                                f"{expected}, as {os.path.basename(schema_path_of(path))} says")
    problems = set(validator.problems(file, data, lines))
    problems |= set(text_rule_problems(file, data, lines, multiline))
    return data, lines, sort_problems(problems)


def text_rule_problems(file, data, lines, multiline=frozenset()):
    """The text rules (validation.text) over every string of loaded YAML, as Problems."""
    return [Problem(file, line_of(lines, where), field_name(where), problem, TEXT_EXPECTED)
            for where, problem in text_problems(data, multiline=multiline)]
