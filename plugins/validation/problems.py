"""The problem type every check reports, and where in a file a value is.

A problem reads `file:line: field: problem; expected what`. Checks collect every problem they find
and never stop at the first; the caller logs them all in one message.

A problem line is one line of plain text whatever a file name or a value holds: control characters,
line and paragraph separators and bidirectional controls are shown escaped (`\\n`, `\\x1b`,
`\\u202e`), so none reaches a terminal, a CI log or a reader of the lines (the dev server's).
"""

import dataclasses
import re

# Cc (C0, DEL, C1), U+2028/U+2029, and the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


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
        return escape_controls(f"{where}: {self.field}: {self.problem}; expected {self.expected}")


def escape_controls(text, keep=""):
    """`text` with every character `_UNSAFE` finds (but those in `keep`) written as Python writes
    it in a string literal: `\\n`, `\\x1b`, `\\u202e`."""
    def escaped(match):
        character = match[0]
        if character in keep:
            return character
        code = ord(character)
        return _NAMED.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return _UNSAFE.sub(escaped, text)


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


def sort_problems(problems):
    """Problems in file order: by file, line and field."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.field))


def log_problems(logger, problems):
    """Log each problem as one ERROR record holding just its line, in file order: what a build
    prints, and what build_gate counts before it stops the build."""
    for problem in sort_problems(problems):
        logger.error("%s", problem)
