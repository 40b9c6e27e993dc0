"""The dev server's HTTP handler: Pelican's own (the one behind `pelican --listen`), plus

- the site's `404.html` with status 404 for a path that does not exist (Pelican's handler sends
  an empty reply);
- while the last build had problems, a page listing them in place of any page asked for (the
  same lines the terminal shows), with a link to the page as it was last built
  (`?devserver=page`). The problems page is a template (templates/devserver_problems.html) with
  its own style sheet, served under `/__devserver__/`.

- while a build runs after a profile was saved, the files of that profile (plugins/dev_preview)
  in front of the site: a file in `server.preview` is served in place of the same path of the
  site, until the build lands and the dev server sets it back to None.

`serve(folder, bind, port)` starts it in a thread and returns the server; the dev server sets
`server.problems` (a list of lines) after every build, and `server.preview` (a folder or None).
"""

import functools
import os
import threading
import urllib.parse

import jinja2
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
STYLE_PATH = "/__devserver__/problems.css"


@functools.lru_cache(maxsize=1)
def _templates():
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


class DevHandler(ComplexHTTPRequestHandler):
    """Pelican's handler with a real 404 and the last build's problems."""

    def do_GET(self):
        parts = urllib.parse.urlsplit(self.path)
        if parts.path == STYLE_PATH:
            with open(os.path.join(TEMPLATES, "devserver_problems.css"), "rb") as handle:
                return self._send(200, "text/css; charset=utf-8", handle.read())
        found = self.get_path_that_exists(parts.path)
        problems = getattr(self.server, "problems", None) or []
        wants_page = "devserver=page" in parts.query
        if problems and not wants_page and self._is_page(parts.path, found):
            body = _templates().get_template("devserver_problems.html").render(
                problems=problems, path=parts.path, page_exists=found is not None)
            return self._send(200, "text/html; charset=utf-8", body.encode("utf-8"))
        if found is None:
            return self._not_found()
        return super().do_GET()

    def translate_path(self, path):
        """The file for a request path: the preview's when it has that file, else the site's."""
        found = super().translate_path(path)
        preview = getattr(self.server, "preview", None)
        if preview:
            ahead = os.path.join(preview, os.path.relpath(found, self.base_path))
            if os.path.isfile(ahead):
                return ahead
        return found

    @staticmethod
    def _is_page(path, found):
        """A request for an HTML page (not a style sheet, script, image or data file)."""
        name = (found or path).rstrip("/").rsplit("/", 1)[-1]
        return (found or path).endswith("/") or "." not in name or name.endswith(".html")

    def _not_found(self):
        page = os.path.join(self.base_path, "404.html")
        if not os.path.isfile(page):
            return self.send_error(404)
        with open(page, "rb") as handle:
            return self._send(404, "text/html; charset=utf-8", handle.read())

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(folder, bind, port):
    """The dev server's HTTP server for `folder`, serving in a daemon thread (port 0: any)."""
    server = RootedHTTPServer(os.path.abspath(folder), (bind, port), DevHandler)
    server.problems = []
    server.preview = None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
