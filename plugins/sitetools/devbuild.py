"""The builder behind `make devserver`: one process that has Pelican and every plugin imported,
and runs each build in a child forked from it.

A build in a fresh `python -m pelican` process first spends about half a second starting Python
and importing Pelican, Jinja, Markdown and the plugins. This process pays that once; each build
then runs `pelican.main(argv)` in a child forked from it (`os.fork`, from a process with one
thread), so every build still starts from the same clean state, as a new process would: no
logging state, signal receiver or paused collector carries over, and a build that crashes takes
only its child with it.

Between builds, while the editor types, it reads what the next build will need from the output
being served: the previous build's members (`member_profiles.cache.read_ahead`), which the child
inherits by fork instead of unpickling them after the save, and the manifests of what each file
was made from (`batch_render.read_ahead_manifests`).

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
import json
import os
import sys

from batch_render import read_ahead_manifests
from batch_render.inputs import plugin_code_digest
from i18n import runs
from member_profiles import cache as member_cache

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
    """Run one build in a forked child; its exit status."""
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        _child(argv, env)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def main(argv=None):
    import argparse

    from .config import add_settings_arguments, load_settings, parse_args

    parser = argparse.ArgumentParser(prog="sitetools.devbuild", description=__doc__.splitlines()[0])
    add_settings_arguments(parser)
    # Pelican, the plugins and everything they import, once (as a build would load them).
    settings = load_settings(parse_args(parser, argv))
    started_with = plugin_code_digest(PLUGINS)
    for line in sys.stdin:
        request = json.loads(line)
        if "read_ahead" in request:  # the folder now served: what the next build reads of it
            for code in runs.site_languages(settings):  # (each language's run reads its own)
                folder = runs.run_folder(request["read_ahead"], settings, code)
                read_ahead_manifests(folder)
                member_cache.read_ahead(folder)
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
