"""Live reload for `make devserver`: the open page reloads itself when a build lands.

Development builds only: the dev server passes DEV_LIVE_RELOAD = True to its builds, and then
the theme's page shell adds one script tag (theme/templates/partials/livereload.html) for
`/__devserver__/livereload.js`, a file the dev server serves itself, so that no build output
(`make html`, `make publish`) holds the script or a reference to it. The script listens to
`/__devserver__/events`, a Server-Sent Events stream this module's handler keeps open: each
connection receives `hello` with the current build number, then `reload` every time the dev
server calls `reloaded(server)` after a build. A page that reconnects (the dev server was
restarted, the laptop slept) and missed a build is told to reload at once (Last-Event-ID).
The stream is same-origin, which the site's Content-Security-Policy allows (connect-src 'self').

`serve(folder, bind, port)` is devserver_http's server with this handler and one thread per
connection, so that open event streams never hold up the pages.
"""

import os
import socketserver
import threading
import urllib.parse

from pelican.server import RootedHTTPServer

from .devserver_http import TEMPLATES, DevHandler

SETTING = "DEV_LIVE_RELOAD"
EVENTS_PATH = "/__devserver__/events"
SCRIPT_PATH = "/__devserver__/livereload.js"
SCRIPT_FILE = os.path.join(TEMPLATES, "livereload.js")
# A comment line this often tells a stream whose page has gone away (the write fails).
KEEPALIVE_SECONDS = 10
# How soon a browser reconnects after the dev server went away (EventSource's `retry`).
RETRY_MILLISECONDS = 500


class ReloadEvents:
    """The number of builds landed, and a way to wait for the next one."""

    def __init__(self):
        self._changed = threading.Condition()
        self.generation = 0
        self.closed = False

    def notify(self):
        with self._changed:
            self.generation += 1
            self._changed.notify_all()

    def close(self):
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_after(self, generation, timeout):
        """The generation once it differs from `generation` (or the stream closes, or
        `timeout` seconds pass: then it may be the same)."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != generation or self.closed, timeout)
            return self.generation


class LiveReloadHandler(DevHandler):
    """The dev server's handler, with the event stream and the script that listens to it."""

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == EVENTS_PATH:
            return self._stream_events()
        if path == SCRIPT_PATH:
            with open(SCRIPT_FILE, "rb") as handle:
                return self._send(200, "text/javascript; charset=utf-8", handle.read())
        return super().do_GET()

    def _event(self, name, generation):
        self.wfile.write(f"id: {generation}\nevent: {name}\ndata: {generation}\n\n".encode())
        self.wfile.flush()

    def _stream_events(self):
        events = self.server.reload_events
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen = events.generation
        try:
            self.wfile.write(f"retry: {RETRY_MILLISECONDS}\n".encode())
            missed = self.headers.get("Last-Event-ID") not in (None, str(seen))
            self._event("reload" if missed else "hello", seen)
            while not events.closed:
                now = events.wait_after(seen, KEEPALIVE_SECONDS)
                if now != seen:
                    seen = now
                    self._event("reload", seen)
                else:
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the page went away


class LiveReloadServer(socketserver.ThreadingMixIn, RootedHTTPServer):
    daemon_threads = True

    def server_close(self):
        self.reload_events.close()
        super().server_close()


def serve(folder, bind, port):
    """The dev server's HTTP server for `folder` with live reload, serving in a daemon thread."""
    server = LiveReloadServer(os.path.abspath(folder), (bind, port), LiveReloadHandler)
    server.problems = []
    server.preview = None
    server.reload_events = ReloadEvents()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def reloaded(server):
    """Tell every open page that a build landed (or failed with problems to show)."""
    server.reload_events.notify()


def development_overrides(args):
    """`args` (the dev server's) with DEV_LIVE_RELOAD on for every build it runs."""
    args.overrides = {**(args.overrides or {}), SETTING: True}
    return args
