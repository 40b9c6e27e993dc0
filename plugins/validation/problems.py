"""The problem type every check reports, and where in a file a value is.

A problem reads `file:line: field: problem; expected what`. Checks collect every problem they find
and never stop at the first; the caller logs them all in one message.
"""

import dataclasses


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


def sort_problems(problems):
    """Problems in file order: by file, line and field."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.field))


def log_problems(logger, problems):
    """Log each problem as one ERROR record holding just its line, in file order: what a build
    prints, and what build_gate counts before it stops the build."""
    for problem in sort_problems(problems):
        logger.error("%s", problem)
