"""`make cms-local`: decap-server for this clone's working tree beside the dev server, stopped
together.

make `exec`s this module (no shell sits between make and it, as for `make devserver`). It starts
decap-server in a process group of its own, then runs the dev server in this process
(sitetools.devserver, which stops when its parent goes: sitetools/parent_watch.py), and stops
decap-server whenever the dev server returns: Ctrl-C, a SIGTERM to this process, or a SIGTERM
to make alone (what `docker stop` or systemd sends), which used to leave both running.

Usage: python -m sitetools.cms_local [--decap-port PORT] <make devserver's arguments>
"""

import os
import signal
import subprocess
import sys

from sitetools import devserver

DECAP_SERVER = os.path.join("node_modules", ".bin", "decap-server")
STOP_SECONDS = 10


def stop(process):
    """SIGTERM to the process's group, SIGKILL if it is still there after STOP_SECONDS."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=STOP_SECONDS)
            break
        except subprocess.TimeoutExpired:
            continue
    process.wait()


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    environment = dict(os.environ)
    if argv[:1] == ["--decap-port"]:
        environment["PORT"] = argv[1]
        argv = argv[2:]
    # a SIGTERM before the dev server has set its own handler still leaves through `finally`
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # its own group: stopped whole, and never left behind by a signal meant for us
    server = subprocess.Popen([DECAP_SERVER], env=environment, process_group=0)
    try:
        return devserver.main(argv)
    finally:
        stop(server)


if __name__ == "__main__":
    sys.exit(main())
