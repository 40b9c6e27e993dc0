"""Read one YAML document safely, remembering the line of every value.

PyYAML's C parser produces events; this module builds plain Python data from them with the YAML 1.2
core schema, so `NO`, `yes` and `on` stay strings and dates stay strings, and it refuses what a
profile never needs: tags, anchors, aliases, complex keys, several documents and duplicate keys.
"""

import os
import re

import yaml
from .yaml_words import explain
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

try:  # libyaml, about ten times faster; the pure-Python parser is the fallback
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - the pinned PyYAML wheel ships libyaml
    from yaml import SafeLoader as _Parser

MAX_DEPTH = 32

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


class YamlProblem(Exception):
    """A document that cannot be read; `line` and `column` are 1-based, or None when unknown."""

    def __init__(self, line, message, column=None):
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message

    def __reduce__(self):  # picklable, for profiles read in worker processes
        return type(self), (self.line, self.message, self.column)


def core_scalar(text):
    """Resolve a plain scalar by the YAML 1.2 core schema."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


class _Builder:
    def __init__(self, parser):
        self._parser = parser
        self.lines = {}

    def _next(self):
        return self._parser.get_event()

    def document(self):
        if not isinstance(self._next(), StreamStartEvent):  # pragma: no cover - parser contract
            raise YamlProblem(1, "not a YAML stream")
        event = self._next()
        if isinstance(event, StreamEndEvent):
            return None
        if not isinstance(event, DocumentStartEvent):  # pragma: no cover - parser contract
            raise YamlProblem(event.start_mark.line + 1, "expected a document")
        value = self._value(self._next(), (), 0)
        self._next()  # DocumentEndEvent
        event = self._next()
        if not isinstance(event, StreamEndEvent):
            raise YamlProblem(
                event.start_mark.line + 1, "a second YAML document ('---') is not allowed"
            )
        return value

    def _value(self, event, path, depth):
        line = event.start_mark.line + 1
        self.lines[path] = line
        if isinstance(event, AliasEvent):
            raise YamlProblem(line, f"alias '*{event.anchor}' is not allowed; write the value out")
        if event.anchor is not None:
            raise YamlProblem(line, f"anchor '&{event.anchor}' is not allowed")
        if event.tag is not None:
            raise YamlProblem(line, f"tag '{event.tag}' is not allowed")
        if depth > MAX_DEPTH:
            raise YamlProblem(line, f"nesting deeper than {MAX_DEPTH} levels is not allowed")
        if isinstance(event, ScalarEvent):
            return core_scalar(event.value) if event.implicit[0] else event.value
        if isinstance(event, SequenceStartEvent):
            items = []
            event = self._next()
            while not isinstance(event, SequenceEndEvent):
                items.append(self._value(event, path + (len(items),), depth + 1))
                event = self._next()
            return items
        if isinstance(event, MappingStartEvent):
            return self._mapping(path, depth)
        raise YamlProblem(line, "unexpected YAML structure")  # pragma: no cover

    def _mapping(self, path, depth):
        mapping = {}
        key_lines = {}
        event = self._next()
        while not isinstance(event, MappingEndEvent):
            line = event.start_mark.line + 1
            if not isinstance(event, ScalarEvent) or event.anchor or event.tag:
                if isinstance(event, AliasEvent):
                    raise YamlProblem(line, "alias or merge key is not allowed as a key")
                raise YamlProblem(line, "a key must be plain text")
            key = event.value
            if key == "<<" and event.implicit[0]:
                raise YamlProblem(line, "merge key '<<' is not allowed")
            if key in key_lines:
                raise YamlProblem(
                    line, f"duplicate key '{key}' (first given on line {key_lines[key]})"
                )
            key_lines[key] = line
            mapping[key] = self._value(self._next(), path + (key,), depth + 1)
            self.lines[path + (key,)] = line  # report a block value at its key
            event = self._next()
        return mapping


def load_yaml(data):
    """Return (value, lines) for one YAML document given as bytes; lines maps paths to line numbers."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlProblem(line, "the file is not valid UTF-8 text") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    parser = _Parser(text)
    builder = _Builder(parser)
    try:
        value = builder.document()
    except yaml.MarkedYAMLError as error:
        # In plain words, with the line and the column (validation/yaml_words.py).
        words = explain(text, error.problem, error.problem_mark or error.context_mark,
                        error.context, error.context_mark)
        raise YamlProblem(words.line, words.text, column=words.column) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, f"YAML error: {error}") from None
    finally:
        parser.dispose()
    return value, builder.lines


def read_yaml_file(path, max_bytes=None):
    """(data, lines) of one YAML file, or raise YamlProblem (OSError when it cannot be opened)."""
    data, lines, _ = read_yaml_source(path, max_bytes)
    return data, lines


def read_yaml_source(path, max_bytes=None):
    """(data, lines, raw bytes) of one YAML file: the bytes for checks that read comments."""
    size = os.path.getsize(path)
    if max_bytes is not None and size > max_bytes:
        raise YamlProblem(None, f"file is {size} bytes, larger than the limit of {max_bytes}")
    with open(path, "rb") as handle:
        raw = handle.read()
    return (*load_yaml(raw), raw)
