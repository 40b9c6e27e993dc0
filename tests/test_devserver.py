"""`make devserver`: a content error is shown on the page asked for and in the terminal, the last
good site stays served, fixing the profile brings the page back without a restart, a missing path
gets the site's 404 page, and SIGTERM stops everything it started."""

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from conftest import REFERENCE_DATE, ROOT, SAMPLE_CONTENT, variant, wait_for, write_profile


def _get(url):
    """(status, body) of a GET, or (None, "") when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return None, ""


def _descendants(pid):
    """Every process started by `pid`, at any depth (Linux /proc)."""
    found, queue = [], [pid]
    while queue:
        for task in Path(f"/proc/{queue.pop()}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            found += [int(child) for child in children]
            queue += [int(child) for child in children]
    return found


def _alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def test_devserver_shows_errors_keeps_serving_and_rebuilds_on_a_profile_change(
        providers_dir, tmp_path):
    broken = variant("broken", "Broken AS", **{"founded: 2010": "founded: someday"})
    write_profile(providers_dir, "broken", broken)
    log = tmp_path / "devserver.log"
    # port 0: the server binds a port the system chooses and prints the address it bound
    command = [sys.executable, "-m", "sitetools.devserver", "-s", str(ROOT / "pelicanconf.py"),
               "-o", str(tmp_path / "out"), "-p", "0", "-e",
               f"PATH={json.dumps(str(SAMPLE_CONTENT))}",
               f"PROVIDERS_PATH={json.dumps(str(providers_dir))}",
               f"BUILD_DATE={json.dumps(REFERENCE_DATE)}"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"), PYTHONUNBUFFERED="1")
    with open(log, "w") as handle:
        server = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                  env=env)
    started = []
    try:
        assert wait_for(seconds=90, condition=lambda: "watching for changes" in log.read_text()), log.read_text()
        base = re.search(r"devserver: (http://127\.0\.0\.1:[1-9][0-9]*)/ ;", log.read_text())[1]
        problem = "broken.yaml:16: founded: got text"
        assert problem in log.read_text()
        # The first build had a problem: the page asked for shows it.
        status, body = _get(base + "/providers/testfjord/")
        assert status == 200 and "problem(s) in the last build" in body and problem in body
        (providers_dir / "broken.yaml").write_text(
            broken.replace("founded: someday", "founded: 2010"), encoding="utf-8")
        assert wait_for(seconds=90, condition=lambda: "Broken AS" in _get(base + "/providers/broken/")[1]
                         and "in the last build" not in _get(base + "/providers/broken/")[1]), \
            log.read_text()
        assert "devserver: changed" in log.read_text()
        # The saved profile's own pages were served first, from a preview the build made
        # (plugins/dev_preview), which is gone once the build is swapped in.
        assert wait_for(seconds=90, condition=lambda: log.read_text().count("devserver: build") >= 2)
        assert not (tmp_path / "out.preview").exists()
        # A path that does not exist: the site's own 404 page, with status 404.
        status, body = _get(base + "/no/such/page/")
        assert status == 404 and "<h1>Page not found</h1>" in body
        # Broken again: every page shows the problem, and the page as built is one click away.
        (providers_dir / "broken.yaml").write_text(broken, encoding="utf-8")
        assert wait_for(seconds=90, condition=lambda: problem in _get(base + "/providers/testfjord/")[1]), \
            log.read_text()
        status, body = _get(base + "/providers/testfjord/?devserver=page")
        assert status == 200 and "Testfjord Drift AS" in body and "in the last build" not in body
        assert server.poll() is None
        started = _descendants(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)  # as a service manager stops it
        server.wait(timeout=20)
    assert server.returncode == 0
    assert wait_for(lambda: not any(_alive(pid) for pid in started), 10), started
    assert _get(base + "/providers/testfjord/")[0] is None  # the HTTP server stopped too


def test_the_profiles_saved_are_the_files_a_change_names_in_the_providers_folder(tmp_path):
    from sitetools.devserver import saved_profiles

    providers = tmp_path / "providers"
    (providers / "logos").mkdir(parents=True)
    for name in ("acme.yaml", "beta.yml", "logos/acme.svg", "README.md"):
        (providers / name).write_text("x", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "page.yaml").write_text("x", encoding="utf-8")
    changes = {(2, str(providers / "acme.yaml")), (1, str(providers / "beta.yml")),
               (2, str(providers / "logos" / "acme.svg")), (2, str(providers / "README.md")),
               (3, str(providers / "gone.yaml")),  # deleted: nothing to show first
               (2, str(tmp_path / "content" / "page.yaml"))}
    assert saved_profiles(changes, str(providers)) == [str(providers / "acme.yaml"),
                                                       str(providers / "beta.yml")]
