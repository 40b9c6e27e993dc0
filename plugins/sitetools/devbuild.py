"""The builder behind `make devserver`: one process that has Pelican and every plugin imported,
and runs each build in a child forked from it.

A build in a fresh `python -m pelican` process first spends about half a second starting Python
and importing Pelican, Jinja, Markdown and the plugins. This process pays that once; each build
then runs `pelican.main(argv)` in a child forked from it (`os.fork`, from a process with one
thread), so every build still starts from the same clean state, as a new process would: no
logging state, signal receiver or paused collector carries over, and a build that crashes takes
only its child with it.

Before the first build it computes what every build computes the same way (`compute_ahead`).
Between builds, while the editor types, it reads what the next build will need from the output
being served: the previous build's members (`member_profiles.cache.read_ahead`), which the child
inherits by fork instead of unpickling them after the save, and the manifests of what each file
was made from (`batch_render.read_ahead_manifests`), the root language's first (see
`read_ahead`); it stops as soon as the next request comes (between two files: a request never
waits for a language's members), and the build reads the rest itself.

Protocol (used by `sitetools.devserver`): one JSON request per line on standard input, either
`{"argv": [...pelican arguments...], "env": {...}, "token": "<random>"}` (a build) or
`{"read_ahead": "<output folder>"}` (the folder now served, whose manifests and members the next
build reads). A build's messages go to standard error as they come; after the child has exited,
one line `<MARKER><token> <exit status>` follows on standard error. If the plugins' code changed
since this process started, it answers `<MARKER><token> restart` without building and exits: the
dev server starts a new one, which imports the new code. The token is new for every request, so
a build's own messages cannot end it early, whatever a file name they print holds.
"""

import contextlib
import gc
import json
import os
import select
import sys

from batch_render import read_ahead_manifests
from batch_render.inputs import build_key, plugin_code_digest
from i18n import runs
from member_profiles import cache as member_cache
from member_profiles.settings import providers_path
from validation.schema import compile_ahead

MARKER = "\x1edevbuild"
PLUGINS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _child(argv, env):
    """In the forked child: one build, as `make html`'s pelican command (one run per language,
    sitetools.pelican_command) with `env` added to the environment."""
    from .pelican_command import main

    os.environ.update(env)
    code = 0
    try:
        # Whatever the build prints goes to standard error too: standard output is not ours.
        with contextlib.redirect_stdout(sys.stderr):
            code = main(argv)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - the child reports and ends, whatever happened
        import traceback
        traceback.print_exc()
        code = 1
    sys.stderr.flush()
    sys.stdout.flush()
    os._exit(code)


def build(argv, env):
    """Run one build in a forked child; its exit status. What this process holds is frozen
    first (`gc.freeze`): the child's collections never walk it (batch_render.pause_gc leaves it
    frozen); this process's own collector is off (see `main`), and collects afterwards what
    was made since (the request, the child's bookkeeping), not the frozen objects."""
    sys.stderr.flush()
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        _child(argv, env)
    _, status = os.waitpid(pid, 0)
    gc.collect()
    return os.waitstatus_to_exitcode(status)


class Requests:
    """The request lines of `stream`, read from its file descriptor without Python's buffering,
    so that `waiting()` can tell whether the next request has come (a stream without one, as
    in tests, is read as it is, and nothing is ever waiting)."""

    def __init__(self, stream):
        try:
            self.fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None
        self.stream, self.buffer = stream, b""

    def waiting(self):
        return self.fd is not None and (
            b"\n" in self.buffer or bool(select.select([self.fd], [], [], 0)[0]))

    def __iter__(self):
        if self.fd is None:
            yield from self.stream
            return
        while True:
            while b"\n" not in self.buffer:
                chunk = os.read(self.fd, 65536)
                if not chunk:  # the dev server is gone
                    return
                self.buffer += chunk
            line, _, self.buffer = self.buffer.partition(b"\n")
            yield line.decode("utf-8")


def read_ahead(output, settings, requests):
    """Read ahead what the next build from `output` reads, and stop as soon as a request comes,
    between two files (a language's members are 64 of them): a build that starts now reads the
    rest itself. The root language's first (its run renders the saved member's preview), and
    in each language the members before the manifests (a batch's manifest is one JSON file,
    17 MB for the member pages at 10,000 members, whose reading cannot stop half-way)."""
    for code in runs.site_languages(settings):
        folder = runs.run_folder(output, settings, code)
        for read in (member_cache.read_ahead, read_ahead_manifests):
            if requests.waiting():
                return
            read(folder, requests.waiting)


def compute_ahead(settings):
    """Once, before the first build: what every build computes the same way from the same
    inputs, for the builds forked from this process: the libraries' versions (in the build
    key) and the site's JSON Schemas, compiled. Each is kept under everything it is made from
    (batch_render.inputs.library_versions, validation.schema._compiled): a build that finds
    a library or a schema changed computes it again."""
    build_key(settings)
    compile_ahead([settings["PATH"], providers_path(settings), *settings.get("PLUGIN_PATHS", [])])


def main(argv=None):
    import argparse

    from .config import add_settings_arguments, load_settings, parse_args

    parser = argparse.ArgumentParser(prog="sitetools.devbuild", description=__doc__.splitlines()[0])
    add_settings_arguments(parser)
    # Pelican, the plugins and everything they import, once (as a build would load them).
    settings = load_settings(parse_args(parser, argv))
    started_with = plugin_code_digest(PLUGINS)
    compute_ahead(settings)
    # No cyclic collection while reading ahead: a full one, over the members and manifests
    # read so far (about a million objects at 10,000 members), took up to 0.4 s between two
    # shards, and a request waited for it. What is read ahead holds no reference cycles (a
    # collection after a round finds none): what the next round replaces is freed as it is.
    gc.disable()
    requests = Requests(sys.stdin)
    for line in requests:
        request = json.loads(line)
        if "read_ahead" in request:  # the folder now served: what the next build reads of it
            read_ahead(request["read_ahead"], settings, requests)
            continue
        answer = MARKER + request.get("token", "")
        if plugin_code_digest(PLUGINS) != started_with:
            print(f"{answer} restart", file=sys.stderr, flush=True)
            return 0
        code = build(request["argv"], request.get("env", {}))
        print(f"{answer} {code}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
