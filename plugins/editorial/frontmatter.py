"""The metadata block at the top of a Markdown file, read with the line of every field.

Pelican's Markdown reader parses the same block (`Key: value` lines up to the first blank line,
continuation lines indented); this reader exists so that `make check` and the build can say on
which line a field is, and see the text an editor wrote before Pelican converts it.
"""

import dataclasses
import re

_FIELD = re.compile(r"(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)\Z")
_CONTINUATION = re.compile(r"( {4}|\t)\s*(?P<value>.*)\Z")


@dataclasses.dataclass
class Document:
    """One Markdown source: metadata {lowercase key: text}, their lines, and the body."""

    path: str
    fields: dict
    lines: dict
    body: str
    body_line: int  # line number of the body's first line
    problems: list  # (line, text) for lines of the metadata block that are not `Key: value`
    text: str = ""  # the whole file, as written

    def line(self, key):
        return self.lines.get(key, 1)


def read_document(path):
    """Read `path` (UTF-8) into a Document; never raises for malformed metadata."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    return parse_document(path, text)


def parse_document(path, text):
    fields, lines, problems = {}, {}, []
    source = text.lstrip("\ufeff").split("\n")
    key = None
    number = 0
    for number, raw in enumerate(source, start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            break
        continuation = _CONTINUATION.match(line)
        if continuation and key is not None:
            fields[key] = f"{fields[key]} {continuation['value'].strip()}".strip()
            continue
        match = _FIELD.match(line)
        if match is None:
            problems.append((number, line))
            key = None
            continue
        key = match["key"].lower()
        if key in fields:
            problems.append((number, f"{match['key']} is given twice (first on line {lines[key]})"))
        fields[key] = match["value"].strip()
        lines[key] = number
    else:
        number += 1
    body = "\n".join(source[number:])
    return Document(path, fields, lines, body, number + 1, problems, text)
