"""Live reload in `make devserver`: the open page reloads itself when a build lands (a script
and an event stream the dev server serves, in development builds only), and a SIGTERM to
`make devserver`'s make process stops the server whole."""

import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import (ALLOW_SAMPLE, FIXTURE_CONTENT, MEMBER_SITE_PLUGINS, REFERENCE_DATE, ROOT,
                      member_site, wait_for)
from test_devserver import _alive, _descendants

from sitetools import livereload

SCRIPT_TAG = ('<script src="/__devserver__/livereload.js" data-events="/__devserver__/events" '
              'defer></script>')


def _files_mentioning(build, word):
    """The site's files that name `word` (the build's manifests aside: they are never deployed,
    and the templates they list name every template, the dev server's snippet too)."""
    return [path for path in build.files()
            if ".build-manifest" not in path.parts
            and (word in path.name or word.encode() in path.read_bytes())]


def test_only_development_builds_carry_the_live_reload_script(providers_dir, tmp_path):
    development = member_site(tmp_path / "dev", providers_dir, DEV_LIVE_RELOAD=True,
                              PLUGINS=[*MEMBER_SITE_PLUGINS, "hosting"])
    assert development.returncode == 0, development.output
    page = development.page("providers/testfjord/index.html")
    assert page.count(SCRIPT_TAG) == 1
    # the site's own policy lets it run and connect back to the dev server
    policy = html.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1])
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    # the script itself is the dev server's, never a file of the site
    assert not [path for path in development.files() if "livereload" in path.name]
    plain = member_site(tmp_path / "html", providers_dir)
    published = member_site(tmp_path / "publish", providers_dir, "publishconf.py", **ALLOW_SAMPLE)
    for build in (plain, published):
        assert build.returncode == 0, build.output
        assert "Testfjord Drift AS" in build.page("providers/testfjord/index.html")
        assert _files_mentioning(build, "livereload") == []
        assert _files_mentioning(build, "__devserver__") == []


def test_the_event_stream_says_hello_then_reload_after_each_build():
    server = livereload.serve(str(ROOT / "tests" / "fixture_site"), "127.0.0.1", 0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__devserver__/events",
                                    timeout=5) as stream:
            assert stream.headers["Content-Type"] == "text/event-stream; charset=utf-8"
            assert stream.readline() == b"retry: 500\n"
            assert [stream.readline() for _ in range(4)] == [
                b"id: 0\n", b"event: hello\n", b"data: 0\n", b"\n"]
            livereload.reloaded(server)
            assert [stream.readline() for _ in range(4)] == [
                b"id: 1\n", b"event: reload\n", b"data: 1\n", b"\n"]
        # a page that reconnects after missing a build reloads at once
        request = urllib.request.Request(f"http://127.0.0.1:{port}/__devserver__/events",
                                         headers={"Last-Event-ID": "0"})
        with urllib.request.urlopen(request, timeout=5) as stream:
            assert [stream.readline() for _ in range(3)][1:] == [b"id: 1\n", b"event: reload\n"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__devserver__/livereload.js",
                                    timeout=5) as script:
            assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
            assert b'addEventListener("reload"' in script.read()
    finally:
        server.shutdown()
        server.server_close()


def _start_devserver(providers, output, log):
    """The dev server on the small fixture site (conftest.member_site's settings)."""
    settings = {
        "PATH": str(FIXTURE_CONTENT), "PROVIDERS_PATH": str(providers),
        "PLUGINS": [*MEMBER_SITE_PLUGINS, "hosting"], "DIRECT_TEMPLATES": ["index"],
        "PROVIDER_VOCABULARY_PATH": str(ROOT / "content" / "data" / "vocabulary.yaml"),
        "RECORD_AUDITORS_PATH": str(ROOT / "content" / "data" / "auditors.yaml"),
        "RECORD_KEYRING_PATH": str(ROOT / "content" / "data" / "signing-keys.yaml"),
        "BUILD_DATE": REFERENCE_DATE,
    }
    command = [sys.executable, "-m", "sitetools.devserver", "-s", str(ROOT / "pelicanconf.py"),
               "-o", str(output), "-p", "0", "-e",
               *(f"{key}={json.dumps(value)}" for key, value in settings.items())]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"), PYTHONUNBUFFERED="1")
    with open(log, "w") as handle:
        return subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                env=env)


def _address(log):
    assert wait_for(lambda: "watching for changes" in log.read_text()), log.read_text()
    return re.search(r"devserver: (http://127\.0\.0\.1:[1-9][0-9]*)/ ;", log.read_text())[1]


def test_a_saved_profile_shows_in_the_open_page_within_two_seconds(providers_dir, tmp_path,
                                                                   browser):
    log = tmp_path / "devserver.log"
    server = _start_devserver(providers_dir, tmp_path / "out", log)
    context = browser.new_context()
    try:
        base = _address(log)
        page = context.new_page()
        # the page opens its event stream once loaded
        with page.expect_request(lambda request: request.url.endswith("/__devserver__/events")):
            page.goto(base + "/providers/testfjord/")
        page.evaluate("window.keptFromBeforeTheSave = true")
        profile = providers_dir / "testfjord.yaml"
        summary = "A fictional provider that now also answers the phone at night."
        saved = time.monotonic()
        profile.write_text(profile.read_text(encoding="utf-8").replace(
            "A fictional provider used by the test suite to keep offices running.", summary),
            encoding="utf-8")
        page.get_by_text(summary).first.wait_for(timeout=10_000)
        seconds = time.monotonic() - saved
        # the page reloaded by itself: the test never navigated, and the old page's state is gone
        assert page.evaluate("window.keptFromBeforeTheSave === undefined")
        assert seconds < 2.0, (seconds, log.read_text())
    finally:
        context.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def _port_open(port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_to_make_devserver_stops_the_server_whole(providers_dir, tmp_path):
    log = tmp_path / "make.log"
    options = (f"-e PROVIDERS_PATH='{json.dumps(str(providers_dir))}' "
               f"BUILD_DATE='{json.dumps(REFERENCE_DATE)}'")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log, "w") as handle:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "devserver", "PORT=0",
             f"OUTPUTDIR={tmp_path / 'out'}", f"PELICANOPTS={options}"],
            cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env=env)
    try:
        port = int(_address(log).rsplit(":", 1)[1])
        assert _port_open(port)
        started = _descendants(make.pid)
        assert started, "make devserver started no process"
        make.send_signal(signal.SIGTERM)  # what docker stop or systemd sends: to make alone
        make.wait(timeout=20)
        assert wait_for(lambda: not _port_open(port), 10), log.read_text()
        assert wait_for(lambda: not any(_alive(pid) for pid in started), 10), started
    finally:
        if make.poll() is None:
            make.kill()
