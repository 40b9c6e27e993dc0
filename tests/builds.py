"""How the tests build sites quickly: the pelican command run in the test's own process, and
builds shared by the xdist workers of one test run.

- `pelican_main(argv)` runs `pelican.main(argv)`, the code behind the `pelican` command, in this
  process: the same argument parsing, `-e` overrides, plugins, build_gate and exit status, without
  starting Python and importing Pelican and every plugin again (about 0.4 s of CPU a build).
  Pelican keeps some state in its modules between builds; `fresh_pelican_state()` resets it
  before each build (see there), so one build never sees another's plugins or log history.
- `SharedBuilds` keeps builds in a folder that every worker of the run sees, one build per key,
  made by whichever worker asks first while the others wait on a file lock. The session fixtures
  (the sample site, the site under a subpath) come from it, so no two workers build them.
"""

import contextlib
import fcntl
import gc
import hashlib
import io
import json
import logging
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_pelican_state():
    """Reset what Pelican keeps in its modules between builds in one process.

    - Plugins connect to Pelican's signals (blinker's named signals, which live as long as the
      process) in `register()`, and nothing disconnects them: a build with fewer plugins would
      still run the receivers of an earlier build's plugins.
    - Pelican's log filter drops a warning it has already printed once in this process, and
      counts grouped messages across builds: a second build would not repeat its warnings.
    - A build pauses cyclic garbage collection until its output is written or build_gate stops
      it (batch_render's pause_gc); a build that ended with an exception leaves it paused.
    """
    from blinker.base import default_namespace
    from pelican.log import LimitFilter
    from pelican.plugins import signals  # noqa: F401 - defines the signals

    for signal in list(default_namespace.values()):
        signal._clear_state()  # blinker: "disconnect all receivers and senders; for tests"
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    LimitFilter._ignore.clear()
    if not gc.isenabled():
        gc.enable()


def pelican_instance(settings):
    """A Pelican for `settings` (from read_settings) after fresh_pelican_state(); the caller may
    connect receivers of its own before calling run()."""
    from pelican import Pelican

    fresh_pelican_state()
    return Pelican(settings)


@contextlib.contextmanager
def _own_logging():
    """The root logger as a `pelican` process starts with it (no handlers: warnings and errors
    go to stderr through Python's last-resort handler, or build_gate's own), given back as it
    was afterwards (pytest's capture handlers); Pelican's fatal level and console as they were."""
    from pelican import log

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    fatal, quiet = log.FatalLogger.fatal_lvl, log.console.quiet
    for handler in handlers:
        root.removeHandler(handler)
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
        log.FatalLogger.fatal_lvl, log.console.quiet = fatal, quiet


def pelican_main(argv, cwd=ROOT):
    """`pelican <argv>` run in this process from `cwd`: (exit status, stdout, stderr)."""
    from pelican import main

    out, err = io.StringIO(), io.StringIO()
    fresh_pelican_state()
    with contextlib.chdir(cwd), _own_logging(), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        try:
            main(argv)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return code, out.getvalue(), err.getvalue()


# --- builds shared by the workers of one run ---------------------------------------------------

def shared_folder(tmp_path_factory):
    """A folder every xdist worker of this run sees (the run's temporary folder, which holds
    each worker's own), or this process's when xdist is not used."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "shared-builds"
    folder.mkdir(exist_ok=True)
    return folder


class SharedBuilds:
    """Builds keyed by what they were made from, made once per run by whichever worker asks
    first; the others wait for it on a lock file and read the same folder. A build that failed
    is kept too (its exit status and output), so every worker sees the same outcome."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def get(self, key, make):
        """(path, result) for `key`: `make(path)` builds into the empty folder `path` and
        returns a JSON-able result (for example exit status and output); it runs once per key."""
        name = hashlib.sha256(key.encode()).hexdigest()[:24]
        path, done = self.folder / name, self.folder / f"{name}.json"
        with open(self.folder / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not done.exists():
                shutil.rmtree(path, ignore_errors=True)  # a worker stopped while building
                result = make(path)
                done.write_text(json.dumps({"key": key, "result": result}), encoding="utf-8")
        return path, json.loads(done.read_text(encoding="utf-8"))["result"]
