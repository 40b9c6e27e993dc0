"""build_gate: one clean failure path for every entry point, and a one-line summary.

Every check logs each problem it finds as one ERROR record whose message is the problem line,
`file:line: field: problem; expected …` (`validation.problems.log_problems`). This plugin counts
the ERROR records of the build and stops it at two points:

- `all_generators_finalized`: every generator has read and checked its content and nothing has
  been written yet. Any problem stops the build here: "N problem(s) in M file(s); nothing was
  built.", exit status 1.
- `finalized`: problems found only while writing (two writers for one path, a link to no page)
  stop it the same way: "…; the build failed.", exit status 1. `make html` and `make publish`
  build into a staging folder, so a failed build never replaces the published one.

It stops with SystemExit, which Pelican's `main()` does not catch (it catches Exception and logs
it with a traceback), so `pelican content -s pelicanconf.py`, `make html`, `make publish` and the
dev server's builds all end the same way: the problem lines, one summary line, no traceback. A
traceback is left for real bugs. `--fatal errors` (or `warnings`) is honoured through the same
path: the first such record no longer raises inside Pelican's logger; the gate stops the build
once every problem has been reported.

Problem lines are printed plain, one line each, whatever the entry point: with `--log-handler
plain` (the Makefile, the dev server) and with Pelican's default rich handler alike (the README's
`pelican content -s pelicanconf.py`), whose wrapping, times and source locations would split a
line in a CI log; warnings and errors go through `Plain`, which shows control characters in file
names and values escaped (`validation.problems.escape_controls`).

A successful build ends with one line saying what was read and built (it replaces Pelican's
"Done: Processed …" line, which counts neither members nor files).

Setting: `BUILD_STOP_ON_PROBLEMS` (default True). Tests of the guards behind the checks set it
to False, to show that each guard holds on its own in a build that goes on after errors; such a
build still ends with exit status 1 when it found problems.
"""

import copy
import logging
import os
import sys
import time

from pelican import log as pelican_log
from pelican import signals
from pelican.generators import Generator
from rich.logging import RichHandler
from validation.defaults import apply_defaults
from validation.problems import escape_controls

CONTEXT_KEY = "BUILD_GATE"
# The end of the summary line of a build that went on after problems (BUILD_STOP_ON_PROBLEMS
# off) and wrote the whole site without what they affect: the dev server shows that site.
WRITTEN_WITH_PROBLEMS = "the site was written without what they affect."
DEFAULTS = {
    # Stop a build that found problems before it writes anything (False: go on, for tests of
    # the guards that stand behind the checks).
    "BUILD_STOP_ON_PROBLEMS": True,
    # The folder a good build is swapped into (make html builds into <output>.staging): the
    # summary line names it, not the staging folder. None: the output folder itself.
    "BUILD_OUTPUT_SHOWN": None,
}


class ProblemCounter(logging.Handler):
    """Counts the records at or above `level` during one build, and the files they name."""

    def __init__(self, level):
        super().__init__(level)
        self.count = 0
        self.files = set()

    def emit(self, record):
        self.count += 1
        message = record.getMessage()
        # `file:line: field: …` or `file: field: …`: the file is what comes before the first
        # colon that is followed by a line number or a space.
        head = message.split(": ", 1)[0]
        self.files.add(head.rsplit(":", 1)[0] if head.rsplit(":", 1)[-1].isdigit() else head)


class Plain(logging.StreamHandler):
    """Warnings and errors, message only, on stderr: what Python's last-resort handler prints,
    with control characters shown escaped (`escape_controls`; a file name can hold any)."""

    def __init__(self):
        super().__init__()
        self.setLevel(logging.WARNING)

    def format(self, record):
        # an argument (a file name, a value, a content object named by its file) is shown
        # escaped whole, newlines included; the message's own line breaks (a traceback,
        # Pelican's two-line messages, an exception's text) are kept
        if isinstance(record.args, tuple) and record.args:
            record = copy.copy(record)
            record.args = tuple(arg if isinstance(arg, (int, float, BaseException)) else Shown(arg)
                                for arg in record.args)
        return escape_controls(super().format(record), keep="\n\t")

    def emit(self, record):
        # the stream of the moment: a test or the dev builder may have redirected stderr, and
        # while Pelican's "Generating..." status shows in a terminal, rich's proxy of stderr
        # prints the line above it (the console does not wrap it: see take_over_rich_output)
        self.stream = sys.stderr
        super().emit(record)


class Shown:
    """An argument of a log record as `%s` and `%r` show it, with control characters escaped."""

    def __init__(self, value):
        self.value = value

    def __str__(self):
        return escape_controls(str(self.value))

    def __repr__(self):
        return escape_controls(repr(self.value))


def below_warning(record):
    """The filter on Pelican's rich handler once Plain prints warnings and errors."""
    return record.levelno < logging.WARNING


def take_over_rich_output(root):
    """Warnings and errors as plain lines when Pelican's rich handler is in use (the `pelican`
    command's default): that handler wraps a message at the console's width, 80 columns when
    output is not a terminal, and adds the time and the source line of the call. It keeps the
    records below WARNING (-v, -D). Whether one was found."""
    rich = [handler for handler in root.handlers if isinstance(handler, RichHandler)]
    for handler in rich:
        if below_warning not in handler.filters:
            handler.addFilter(below_warning)
    if rich:
        # stderr goes through the console while its status line shows in a terminal: one
        # message stays one line there too (the terminal folds it, nothing is inserted)
        pelican_log.console.soft_wrap = True
    return bool(rich)


class Gate:
    """The state of one build: its counter and its start time."""

    def __init__(self, pelican):
        self.pelican = pelican
        self.context = {}
        self.started = time.perf_counter()
        self.stopped = None  # the words the build stopped with (sitetools.pelican_command reads them)
        # --fatal errors / warnings set this; the gate takes over so nothing raises mid-build.
        fatal = pelican_log.FatalLogger.fatal_lvl
        pelican_log.FatalLogger.fatal_lvl = logging.CRITICAL + 1
        self.counter = ProblemCounter(min(logging.ERROR, fatal))
        root = logging.getLogger()
        for handler in [h for h in root.handlers if isinstance(h, (ProblemCounter, Plain))]:
            root.removeHandler(handler)  # an earlier build in the same process
        if take_over_rich_output(root) or not root.handlers:
            # `--log-handler plain` leaves the root logger without a handler, so Python prints
            # warnings and errors through its last-resort handler; that stops once the counter
            # is added, so the same plain output is kept explicitly.
            root.addHandler(Plain())
        root.addHandler(self.counter)

    def stop(self, words):
        self.stopped = words
        outputs = getattr(self.pelican, "output_registry", None)  # plugins/outputs
        if outputs is not None:
            outputs.abandon()  # nothing left running or paused, nothing more written
        count, files = self.counter.count, len(self.counter.files)
        sys.stderr.flush()
        print(f"{count} problem(s) in {files} file(s); {words}", file=sys.stderr, flush=True)
        raise SystemExit(1)

    def stopping(self):
        return self.counter.count and self.pelican.settings["BUILD_STOP_ON_PROBLEMS"]


def initialized(pelican):
    apply_defaults(pelican.settings, DEFAULTS, owner="build_gate")
    pelican.build_gate = Gate(pelican)


class GateGenerator(Generator):
    """Puts the build's gate in the shared context (a subclass per build holds it)."""

    gate = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.context[CONTEXT_KEY] = self.gate


def get_generators(pelican):
    return type("GateGenerator", (GateGenerator,), {"gate": pelican.build_gate})


def after_reading(generators):
    """all_generators_finalized: stop before anything is written when a check found problems."""
    gate = next((g.context[CONTEXT_KEY] for g in generators if CONTEXT_KEY in g.context), None)
    if gate is None:
        return
    gate.context = generators[0].context
    if gate.stopping():
        gate.stop("nothing was built.")


def after_writing(pelican):
    """finalized: stop on problems found while writing; otherwise print the summary line."""
    gate = getattr(pelican, "build_gate", None)
    if gate is None:
        return
    outputs = getattr(pelican, "output_registry", None)  # plugins/outputs, when in PLUGINS
    if outputs is not None:
        outputs.settle()  # writes still under way in worker processes (batch_render)
    logging.getLogger().removeHandler(gate.counter)
    if gate.stopping():
        gate.stop("the build failed.")
    if gate.counter.count:  # BUILD_STOP_ON_PROBLEMS is off: written, but still not a good build
        gate.stop(WRITTEN_WITH_PROBLEMS)
    summary = build_summary(gate.context,
                            pelican.settings["BUILD_OUTPUT_SHOWN"] or pelican.output_path,
                            time.perf_counter() - gate.started)
    # Pelican prints "Done: Processed N articles, …" after `finalized`; this line says more.
    pelican_log.console.quiet = True
    print(summary, flush=True)


def build_summary(context, output_path, seconds):
    """`Built 33 members (30 verified), 13 articles, 10 pages and 10 newsletter issues: 912 files
    in output (1.4 s).`"""
    directory = context.get("directory")
    parts = []
    if directory is not None:
        parts.append(f"{len(directory.members)} members ({len(directory.verified)} verified)")
    parts.append(f"{len(context.get('articles', []))} articles")
    parts.append(f"{len(context.get('pages', []))} pages")
    issues = context.get("newsletter_issues")
    if issues is not None:
        parts.append(f"{len(issues)} newsletter issues")
    listing = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    registry = context.get("OUTPUT_REGISTRY")
    files = f": {len(registry.paths())} files in {shown(output_path)}" if registry else ""
    return f"Built {listing}{files} ({seconds:.1f} s)."


def shown(path):
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(after_reading)
    signals.finalized.connect(after_writing)
