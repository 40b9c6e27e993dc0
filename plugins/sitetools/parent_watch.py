"""Stop a long-running tool whole when the process that started it goes away.

`make devserver` runs the dev server as a child of `make` (the recipe `exec`s it, so no shell
sits between them). A supervisor (`docker stop`, systemd, a test) that stops the service sends
SIGTERM to `make` only, and `make` exits without passing it on: the dev server used to go on
answering on its port. A thread here notices that the parent has gone (the process is handed to
another parent, so `os.getppid()` changes) and sends this process SIGTERM, whose handler stops
the server, the builder and its builds as a Ctrl-C would.
"""

import os
import signal
import threading
import time

POLL_SECONDS = 0.2


def stop_with_parent(poll_seconds=POLL_SECONDS):
    """Send this process SIGTERM once its parent has exited (checked in a daemon thread)."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
