"""`make devserver`: serve the site and rebuild it whenever content, the theme, the settings or a
provider profile changes. Content errors are printed and the server keeps running.

Pelican's own `-r` watches the content folder, the theme and the settings file, but not
PROVIDERS_PATH, which lives outside the content folder; so this loop watches all four. Each
build runs as `pelican` (without --fatal) in a fresh process forked from a long-lived builder
that has Pelican and the plugins imported already (sitetools.devbuild), so an error never stops
the server, no logging state carries over from one build to the next, and an edit does not wait
for Python to start and import everything again. The site is served by Pelican's own
server (the one behind `pelican --listen`) in a thread of this process; `-p 0` lets the system
choose a free port, and the address printed is the one actually bound.

Each build goes into `<output>.staging`, incrementally from the folder being served (unchanged
member pages are hard-linked, see plugins/batch_render), and is swapped in by two renames when it
finishes: the server never shows a half-built site, and a one-profile edit re-renders only the
pages that show that profile. After a profile is saved, its own files (profile page, verify page,
badges, JSON) are served first, as soon as the build has read every profile and made them by the
same jobs that write them into the site (plugins/dev_preview: under two seconds after the save
at 10,000 members); listings, search and exports follow when the build lands. A build with
content problems goes on (BUILD_STOP_ON_PROBLEMS off), prints them, and is swapped in too once
build_gate says it wrote the whole site without what they affect (its exit status is still 1); a
build that stopped otherwise is thrown away and the previous one stays served. Articles and
newsletter issues scheduled after BUILD_DATE are built too, marked "Scheduled for <date>"
(SHOW_SCHEDULED; plugins/editorial/schedule.py).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time

import watchfiles
from build_gate import WRITTEN_WITH_PROBLEMS
from member_profiles.settings import providers_path
from validation.problems import escape_controls

from .config import add_settings_arguments, load_settings, override_arguments, parse_args
from .devbuild import MARKER
from .livereload import development_overrides, reloaded, serve
from .parent_watch import stop_with_parent


def watched_paths(settings, settings_file):
    paths = [os.path.abspath(settings_file), settings["THEME"], settings["PATH"],
             providers_path(settings)]
    return [path for path in dict.fromkeys(paths) if os.path.exists(path)]


def pelican_arguments(args, *extra, output=None, preview=None):
    # The build goes on after errors (build_gate would stop it before writing, and nothing would
    # be swapped in), so the rest of the site stays browsable while one file is being fixed; the
    # errors are printed.
    # Articles and issues dated after BUILD_DATE are shown, each with a "Scheduled for" notice,
    # so that staff can preview them (-e SHOW_SCHEDULED=false: the site as published today).
    run = {"SHOW_SCHEDULED": (args.overrides or {}).get("SHOW_SCHEDULED", True)}
    if preview:
        run["BUILD_PREVIEW"] = preview
    return [*extra, "-o", output or args.output, "-s", args.settings,
            *override_arguments(args, BUILD_STOP_ON_PROBLEMS=False, **run)]


def saved_profiles(changes, providers):
    """The profile files among watchfiles' `changes` that exist now (added or modified)."""
    folder = os.path.join(os.path.realpath(providers), "")
    return sorted({path for _, path in changes
                   if os.path.realpath(path).startswith(folder)
                   and path.endswith((".yaml", ".yml")) and os.path.isfile(path)})


class Builder:
    """The long-lived builder process (sitetools.devbuild), in a process group of its own so
    that stopping it stops the build it runs and that build's workers too."""

    def __init__(self, args):
        self.args = args
        self.process = None

    def _start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitetools.devbuild", "-s", self.args.settings,
             *override_arguments(self.args)],
            stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
            start_new_session=True)

    def _send(self, request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()

    def build(self, argv, env, on_line):
        """Run one build (`pelican <argv>` with `env` added); `on_line(line)` for each of its
        messages; returns its exit status."""
        for _ in range(2):  # a second time after a restart for new plugin code
            if self.process is None or self.process.poll() is not None:
                self._start()
            # the answer's token is new for this build: a message that prints a file name
            # holding a newline and the marker cannot pass for the answer
            token = secrets.token_hex(8)
            try:
                self._send({"argv": argv, "env": env, "token": token})
            except OSError:  # the builder ended: start another one
                self.stop()
                continue
            for line in self.process.stderr:
                if line.startswith(MARKER + token + " "):
                    answer = line[len(MARKER + token):].strip()
                    if answer == "restart":
                        break
                    return int(answer)
                on_line(line)
            self.stop()  # restarting, or it ended in the middle of a build
        return 1

    def read_ahead(self, folder):
        """Tell the builder which folder is now served (it reads ahead from it)."""
        if self.process is not None and self.process.poll() is None:
            try:
                self._send({"read_ahead": folder})
            except OSError:
                pass

    def stop(self):
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        self.process.wait()
        for stream in (self.process.stdin, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass
        self.process = None


# Folders being deleted, each by a process of its own (see discard).
_discarding = []
_DELETE = "import os, shutil, sys; os.nice(19); shutil.rmtree(sys.argv[1], ignore_errors=True)"


def discard(folder):
    """Delete `folder` in a process of its own, at the lowest CPU priority: tens of thousands
    of files at 10,000 members take seconds, which the builder's read-ahead and the next build
    (an editor saves again seconds later) would otherwise share the cores with. Renamed first,
    so that the next build can use its name at once."""
    _discarding[:] = [process for process in _discarding if process.poll() is None]
    if not os.path.isdir(folder):
        return
    doomed = f"{folder}.discarded-{os.getpid()}-{time.monotonic_ns()}"
    os.rename(folder, doomed)
    _discarding.append(subprocess.Popen([sys.executable, "-c", _DELETE, doomed],
                                        stdin=subprocess.DEVNULL))


def discard_leftovers(output):
    """Folders a dev server stopped while discarding them (see `discard`)."""
    parent, name = os.path.split(os.path.abspath(output))
    for entry in os.listdir(parent or "."):
        if entry.startswith(f"{name}.previous.discarded-"):
            shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)


# A problem line (`file:line: field: problem; expected …`) as the build prints it.
PROBLEM = re.compile(r"^\S.*?: .+; (expected|replace it with) ")


def build(args, content_path, server, builder, saved=()):
    """Build into a staging folder from the served one, then swap it in. `saved`: the profile
    files just saved, whose own pages are served first, as soon as the build has made them
    (plugins/dev_preview), until the build lands."""
    started = time.perf_counter()
    staging, previous = args.output + ".staging", args.output + ".previous"
    preview = {"folder": args.output + ".preview", "sources": list(saved)} if saved else None
    shutil.rmtree(staging, ignore_errors=True)
    if preview:
        shutil.rmtree(preview["folder"], ignore_errors=True)
        server.preview = preview["folder"]
    env = {"MSP_INCREMENTAL_FROM": args.output, "MSP_OUTPUT_SHOWN": args.output}
    # The build's messages go to the terminal as they come; its last one says whether a build
    # with problems still wrote the whole site (build_gate, with BUILD_STOP_ON_PROBLEMS off).
    last, problems = "", []

    def on_line(line):
        nonlocal last
        line = escape_controls(line, keep="\n\t")  # (a traceback's text, say, is raw)
        sys.stderr.write(line)
        sys.stderr.flush()
        last = line.strip() or last
        if PROBLEM.match(line):
            problems.append(line.rstrip("\n"))

    returncode = builder.build(pelican_arguments(args, content_path, "--log-handler", "plain",
                                                 output=staging, preview=preview), env, on_line)
    written = returncode == 0 or last.endswith(WRITTEN_WITH_PROBLEMS)
    if written:
        shutil.rmtree(previous, ignore_errors=True)
        os.rename(args.output, previous)
        os.rename(staging, args.output)
        seconds = time.perf_counter() - started
        builder.read_ahead(args.output)
        discard(previous)
        state = (f"done in {seconds:.1f} s" if returncode == 0 else
                 f"done with problems in {seconds:.1f} s; serving the site without what "
                 "they affect")
    else:
        shutil.rmtree(staging, ignore_errors=True)
        state = f"failed (exit {returncode}); still serving the previous build"
    server.preview = None  # (what it held is in the site now, or was of a build thrown away)
    if preview:
        shutil.rmtree(preview["folder"], ignore_errors=True)
    # Every page the browser asks for shows the problems until a build is clean.
    server.problems = problems if returncode else []
    print(f"devserver: build {state}; watching for changes.", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make devserver", description=__doc__.splitlines()[0])
    add_settings_arguments(parser)
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("-p", "--port", type=int, default=8000)
    parser.add_argument("-b", "--bind", default="127.0.0.1")
    args = parse_args(parser, argv)  # fails early on a malformed -e
    # (`-o site/`: the staging and preview folders are site.staging and site.preview)
    args.output = os.path.normpath(args.output)
    # Stopped with SIGTERM (a test, a process manager): leave through `finally`, which stops
    # the HTTP server too, instead of leaving it running without us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    stop_with_parent()  # and when `make devserver`'s make is stopped (SIGTERM to make only)
    development_overrides(args)  # DEV_LIVE_RELOAD: every page reloads when a build lands
    settings = load_settings(args)
    paths = watched_paths(settings, args.settings)
    os.makedirs(args.output, exist_ok=True)
    discard_leftovers(args.output)
    # Pelican's handler, with the site's 404 page and the last build's problems on every page
    server = serve(args.output, args.bind, args.port)
    host, port = server.server_address[:2]
    print(f"devserver: http://{host}:{port}/ ; watching {json.dumps(paths)}", flush=True)
    builder = Builder(args)
    try:
        build(args, settings["PATH"], server, builder)
        reloaded(server)
        for changes in watchfiles.watch(*paths):
            names = sorted({escape_controls(os.path.relpath(path)) for _, path in changes})
            print(f"devserver: changed {', '.join(names)}", flush=True)
            build(args, settings["PATH"], server, builder,
                  saved_profiles(changes, providers_path(settings)))
            reloaded(server)
    except KeyboardInterrupt:
        pass
    finally:
        builder.stop()
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
