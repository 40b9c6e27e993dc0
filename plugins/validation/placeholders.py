"""Scaffold placeholders: values that `make new-provider`, `make new-article` and `make newsletter`
write for an editor to replace, so that a scaffold can never go live unfilled.

Each placeholder carries the marker `PLACEHOLDER:` followed by what to write instead: in a YAML
profile as a comment at the end of the value's line (`city: London  # PLACEHOLDER: the city of
the headquarters`), in Markdown front matter and text inside the value or the line, in a logo
inside its `<desc>`. A file that still holds a marker fails `make check` and every build with
`file:line: field: placeholder value; replace it with …`. Removing the marker (and the value it
stands beside, when that is not right) is how an editor says the value is real. A marker on a YAML
comment line of its own stands beside no value: it is reported as a marker in a comment.
"""

import dataclasses
import os

from .problems import Problem, field_name

MARKER = "PLACEHOLDER:"
_ENDS = ("-->", "</desc>", "*/")
# The problem text of a marker on a line of its own comment (no value to replace on that line).
IN_COMMENT = "placeholder marker in a comment"
# Comment lines by file type (in Markdown, `#` starts a heading, which is text to replace).
_COMMENT_STARTS = {".yaml": "#", ".yml": "#"}


@dataclasses.dataclass(frozen=True, order=True)
class PlaceholderProblem(Problem):
    """A placeholder left in a file; `expected` holds what to write instead."""

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.problem == IN_COMMENT:
            return f"{where}: {self.field}: {self.problem}; expected {self.expected}"
        return f"{where}: {self.field}: placeholder value; replace it with {self.expected}"


def _instruction(text):
    """What to write instead, as the marker's text says it; a text that is not words (markup,
    quoting, an ellipsis) gives the general instruction rather than a garbled one."""
    for end in _ENDS:
        text = text.split(end, 1)[0]
    text = text.strip().rstrip(".").strip()
    if not text or not text[0].isalnum() or "`" in text:
        return "the real value"
    return text


def placeholder_lines(text):
    """(line number, what to write instead) for every marker in `text`."""
    for number, line in enumerate(text.splitlines(), 1):
        at = line.find(MARKER)
        if at == -1:
            continue
        yield number, _instruction(line[at + len(MARKER):])


def placeholder_problems(source, text, field_at):
    """A PlaceholderProblem for each marker in `text`; `field_at(line)` names the field there.
    A marker on a comment line of its own has no value beside it: it is reported as such."""
    lines = text.splitlines()
    comment = _COMMENT_STARTS.get(os.path.splitext(source)[1].lower())
    found = []
    for number, instruction in placeholder_lines(text):
        if comment and lines[number - 1].lstrip().startswith(comment):
            found.append(PlaceholderProblem(source, number, "comment", IN_COMMENT,
                                            "the comment deleted, or the marker moved to the end "
                                            "of the line whose value it describes"))
        else:
            found.append(PlaceholderProblem(source, number, field_at(number),
                                            "placeholder value", instruction))
    return found


def yaml_field_at(lines):
    """field_at for a YAML file: the deepest key on a line, from the safe loader's line map; a
    line inside a block of text belongs to the value that starts above it."""
    by_line = {}
    for path, line in lines.items():
        # the deepest key on the line (`service_areas: [GB]` names service_areas, not its item)
        rank = (bool(path) and isinstance(path[-1], str), len(path))
        best = by_line.get(line)
        if best is None or rank >= (bool(best) and isinstance(best[-1], str), len(best)):
            by_line[line] = path

    def field_at(number):
        above = [line for line in by_line if line <= number]
        return field_name(by_line[max(above)]) if above else "(comment)"
    return field_at


def front_matter_field_at(text):
    """field_at for a Markdown file with Pelican metadata: the key on a metadata line, else
    `text` for the body."""
    keys, in_header = {}, True
    for number, line in enumerate(text.splitlines(), 1):
        if in_header and not line.strip():
            in_header = False
        elif in_header and ":" in line:
            keys[number] = line.split(":", 1)[0].strip().lower()
    return lambda number: keys.get(number, "text")
