"""YAML syntax errors explained in words an editor understands, with the line and the column.

libyaml reports a slip in parser terms ("mapping values are not allowed in this context"). The
common slips in a hand-edited profile each have a plainer explanation, found from libyaml's
problem, its position and the text around it: a tab in the indentation, a line indented more or
less than its neighbours, a list item without its `-`, a quote or bracket never closed, and a
colon inside an unquoted value. Anything else keeps libyaml's words, with the position.
"""

import dataclasses
import re

_KEY = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#'\"][^:#]*?):(?: |$)")


@dataclasses.dataclass(frozen=True)
class Explained:
    line: int       # 1-based
    column: int     # 1-based
    text: str       # the explanation, starting "line N, column C: ..."


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def _previous_content(lines, index):
    """Index of the nearest line before `index` that is neither blank nor a comment."""
    for previous in range(index - 1, -1, -1):
        stripped = lines[previous].strip()
        if stripped and not stripped.startswith("#"):
            return previous
    return None


def _at(line, column, text):
    return Explained(line, column, f"line {line}, column {column}: {text}")


def _tab(lines, upto):
    for index, line in enumerate(lines[: upto + 1]):
        leading = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in leading:
            return _at(index + 1, leading.index("\t") + 1,
                       f"line {index + 1} starts with a tab; indent with spaces")
    return None


def explain(text, problem, problem_mark, context=None, context_mark=None):
    """An Explained for a libyaml error at `problem_mark` (0-based line and column)."""
    lines = text.split("\n")
    row = min(problem_mark.line, len(lines) - 1) if problem_mark else 0
    column = problem_mark.column if problem_mark else 0
    line = lines[row] if lines else ""
    problem = problem or ""
    context = context or ""

    tab = _tab(lines, row)
    if tab and ("tab" in problem or "cannot start any token" in problem or
                "indentation" in problem or "expected key" in problem):
        return tab
    if "quoted scalar" in context and context_mark is not None:
        quote = lines[context_mark.line][context_mark.column:context_mark.column + 1] or '"'
        return _at(context_mark.line + 1, context_mark.column + 1,
                   f"the quote {quote} opened on line {context_mark.line + 1} is never closed; "
                   f"add the closing {quote} at the end of the value")
    if "flow sequence" in context and context_mark is not None:
        return _at(context_mark.line + 1, context_mark.column + 1,
                   f"the list opened with '[' on line {context_mark.line + 1} is not closed; "
                   "separate items with commas and end the list with ']' on the same line")
    if "flow mapping" in context and context_mark is not None:
        return _at(context_mark.line + 1, context_mark.column + 1,
                   f"the '{{' opened on line {context_mark.line + 1} is not closed with '}}'")
    if "mapping values are not allowed" in problem:
        key = _KEY.match(line)
        if key and column == key.end("key"):
            above = _previous_content(lines, row)
            if above is not None and _indent(line) > _indent(lines[above]):
                return _at(row + 1, _indent(line) + 1,
                           f"line {row + 1} is indented more than the key above it (line "
                           f"{above + 1}); line '{key.group('key').strip()}:' up with that key")
        field = key.group("key").strip() if key else "the field"
        value = line[key.end():].strip() if key else line.strip()
        return _at(row + 1, column + 1,
                   f"the value of '{field}' contains ': ', which YAML reads as a new field; "
                   f"put the value in quotes: {field}: \"{value}\"")
    if "expected '-' indicator" in problem:
        return _at(row + 1, column + 1,
                   f"line {row + 1} is inside a list but does not start with '- '; start a new "
                   "list item with '- ', or indent the line to match the fields of the item "
                   "above")
    if "could not find expected ':'" in problem and context_mark is not None:
        bare = lines[context_mark.line].strip()
        return _at(context_mark.line + 1, context_mark.column + 1,
                   f"line {context_mark.line + 1} ('{bare}') is neither 'field: value' nor a "
                   f"list item; if it belongs to the list above, write '- {bare}'")
    if "expected key" in problem or "expected <block end>" in problem:
        above = _previous_content(lines, row)
        if above is not None and _indent(line) != _indent(lines[above]):
            return _at(row + 1, _indent(line) + 1,
                       f"line {row + 1} is indented {'less' if _indent(line) < _indent(lines[above]) else 'more'} "
                       f"than line {above + 1} but does not line up with any key above it; "
                       "fields of one section start in the same column")
    words = f"{context}: {problem}" if context else problem
    return _at(row + 1, column + 1, f"YAML syntax error ({words})")
