"""`make devserver`: a content error is shown and the server keeps running; fixing the profile
brings its page back without a restart."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import REFERENCE_DATE, ROOT, variant, write_profile


def _wait_for(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError):
        return None


def test_devserver_shows_errors_keeps_serving_and_rebuilds_on_a_profile_change(
        providers_dir, tmp_path):
    broken = variant("broken", "Broken AS", **{"founded: 2010": "founded: someday"})
    write_profile(providers_dir, "broken", broken)
    log = tmp_path / "devserver.log"
    # port 0: the server binds a port the system chooses and prints the address it bound
    command = [sys.executable, "-m", "sitetools.devserver", "-s", str(ROOT / "pelicanconf.py"),
               "-o", str(tmp_path / "out"), "-p", "0", "-e",
               f"PROVIDERS_PATH={json.dumps(str(providers_dir))}",
               f"BUILD_DATE={json.dumps(REFERENCE_DATE)}"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"), PYTHONUNBUFFERED="1")
    with open(log, "w") as handle:
        server = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                  env=env)
    try:
        assert _wait_for(lambda: "watching for changes" in log.read_text()), log.read_text()
        base = re.search(r"devserver: (http://127\.0\.0\.1:[1-9][0-9]*)/ ;", log.read_text())[1]
        assert "broken.yaml:16: founded:" in log.read_text()
        assert _wait_for(lambda: _status(base + "/providers/testfjord/") == 200), log.read_text()
        assert _status(base + "/providers/broken/") != 200  # pelican --listen: no page
        assert server.poll() is None
        (providers_dir / "broken.yaml").write_text(
            broken.replace("founded: someday", "founded: 2010"), encoding="utf-8")
        assert _wait_for(lambda: _status(base + "/providers/broken/") == 200), log.read_text()
        assert "devserver: changed" in log.read_text()
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)
