"""Shared fixtures: build real sites with the pelican command into temporary folders."""

import contextlib
import dataclasses
import functools
import http.server
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from builds import SharedBuilds, pelican_main, shared_folder

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DATE = "2026-11-29"

# The sample site the tests build (tests/sample_site/README.md): a frozen copy of the association's
# content/ and providers/, so that the association's own changes to them never break a test. Its
# schemas are links to the repository's (they are code). content/ and providers/ themselves are
# checked by `make check` and by building them, never asserted on by the tests.
SAMPLE_SITE = ROOT / "tests" / "sample_site"
SAMPLE_CONTENT = SAMPLE_SITE / "content"
SAMPLE_PROVIDERS = SAMPLE_SITE / "providers"
# The settings that point a build or `make check` at the sample (pelican_argv and run_check
# give them unless a test gives its own; the data files are found under PATH).
SAMPLE_SETTINGS = {"PATH": str(SAMPLE_CONTENT), "PROVIDERS_PATH": str(SAMPLE_PROVIDERS)}

# A profile that passes every check; tests change one thing and look at the line they changed.
VALID_PROFILE = """\
# yaml-language-server: $schema=schema.json
name: Testfjord Drift AS
summary: A fictional provider used by the test suite to keep offices running.
description: |
  We look after **small offices** in western Norway.
website: https://testfjord.example
logo: testfjord.svg
headquarters:
  city: Bergen
  region: Vestland
  country: NO
service_areas: [NO, SE]
services: [managed-it, cybersecurity]
industries: [healthcare, legal]
company_size: "11-50"
founded: 2010
member_since: 2015-03-01
ethics_signed: 2015-03-01
updated: 2026-06-01
certifications:
  - standard: ucs
    program: msp-verify
    issued: 2025-01-10
    expires: 2028-01-09
    report_id: UCS-2025-0001
    auditor: Nordlicht Audit Partners
contact:
  email: hello@testfjord.example
  phone: "+47 55 00 00 00"
  address: Strandkaien 1, 5013 Bergen
social:
  linkedin: https://social.example/testfjord
"""

# A second, expired audit record, to insert after the valid profile's only record.
SECOND_RECORD = """    auditor: Nordlicht Audit Partners
  - standard: ucs-cloud
    program: cloud-verify
    issued: 2022-01-10
    expires: 2024-01-09
    report_id: UCS-2022-0009
    auditor: Nordlicht Audit Partners
"""

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120"><title>Logo</title>'
    '<rect width="120" height="120" fill="#0b5c8a"/></svg>\n'
)


@dataclasses.dataclass
class Build:
    """The outcome of one `pelican` run."""

    returncode: int
    output: str
    path: Path

    def page(self, relative):
        return (self.path / relative).read_text(encoding="utf-8")

    def files(self):
        return sorted(p for p in self.path.rglob("*") if p.is_file())

    def pages(self):
        """The site's web pages: every .html file except the newsletter's e-mail copies
        (news/<n>/email.html), which carry inline styles for mail programs by design."""
        return [p for p in self.files() if p.suffix == ".html" and p.name != "email.html"]


def pelican_argv(output, settings_file="pelicanconf.py", fatal=True, **overrides):
    """The arguments `make html` gives the pelican command (overrides passed with -e as JSON;
    fatal=False: the build goes on after problems, see run_pelican). The sources are the
    sample's (SAMPLE_SETTINGS) unless PATH or PROVIDERS_PATH is given."""
    for key, value in SAMPLE_SETTINGS.items():
        overrides.setdefault(key, value)
    argv = [str(overrides["PATH"]), "-o", str(output), "-s", str(ROOT / settings_file),
            "--log-handler", "plain"]
    if not fatal:
        overrides.setdefault("BUILD_STOP_ON_PROBLEMS", False)
    overrides.setdefault("BUILD_DATE", REFERENCE_DATE)
    # every reused page fragment is rendered again and compared (plugins/fragments)
    overrides.setdefault("FRAGMENT_CACHE_CHECK", True)
    return argv + ["-e"] + [f"{key}={json.dumps(value)}" for key, value in overrides.items()]


def run_pelican(output, settings_file="pelicanconf.py", fatal=True, **overrides):
    """Run the pelican command as `make html` does, in this process (tests/builds.py):
    build_gate stops a build with problems (fatal=False: the build goes on after errors, so that
    a test can show a guard holding on its own); overrides are passed with -e as JSON."""
    code, out, err = pelican_main(pelican_argv(output, settings_file, fatal, **overrides))
    return Build(code, out + err, Path(output))


def run_pelican_command(output, settings_file="pelicanconf.py", fatal=True, **overrides):
    """run_pelican in a new `python -m pelican` process: for builds side by side, and where a
    test is about the command itself."""
    command = [sys.executable, "-m", "pelican"]
    command += pelican_argv(output, settings_file, fatal, **overrides)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    return Build(result.returncode, result.stdout + result.stderr, Path(output))


def shared_pelican_build(tmp_path_factory, settings_file="pelicanconf.py", **overrides):
    """run_pelican of the sample site (or of the sources `overrides` name), built once per test
    run for every xdist worker that asks for the same settings (tests/builds.py); the output is
    shared: read it, never change it."""
    def make(path):
        build = run_pelican(path, settings_file, **overrides)
        return {"returncode": build.returncode, "output": build.output}

    key = json.dumps(["pelican", settings_file, overrides], sort_keys=True)
    path, result = SharedBuilds(shared_folder(tmp_path_factory)).get(key, make)
    return Build(result["returncode"], result["output"], path)


# The small site for member plugin tests (tests/fixture_site/README.md): one page, and only the
# plugins that member pages need.
FIXTURE_CONTENT = ROOT / "tests" / "fixture_site" / "content"
MEMBER_SITE_PLUGINS = ["outputs", "fragments", "i18n", "assets", "safe_markup", "records",
                       "member_profiles", "trust", "build_gate"]


def member_site(output, providers, settings_file="pelicanconf.py", **overrides):
    """Build the small fixture site with `providers` as its members (as run_pelican does;
    settings_file="publishconf.py" for a production build's rules)."""
    settings = {
        "PATH": str(FIXTURE_CONTENT), "PROVIDERS_PATH": str(providers),
        "PLUGINS": MEMBER_SITE_PLUGINS, "DIRECT_TEMPLATES": ["index"],
        "PROVIDER_VOCABULARY_PATH": str(SAMPLE_CONTENT / "data" / "vocabulary.yaml"),
        "RECORD_AUDITORS_PATH": str(SAMPLE_CONTENT / "data" / "auditors.yaml"),
        "RECORD_KEYRING_PATH": str(SAMPLE_CONTENT / "data" / "signing-keys.yaml"),
    }
    return run_pelican(output, settings_file, **{**settings, **overrides})


def site_settings(settings_file="pelicanconf.py", **overrides):
    """Settings as a build sees them: the settings file, `overrides`, and every plugin's defaults
    (applied by the plugins on Pelican's `initialized` signal)."""
    from pelican.settings import read_settings
    from sitetools.config import initialised

    overrides = {**SAMPLE_SETTINGS, **overrides}  # the sample site unless the test names others
    return initialised(read_settings(str(ROOT / settings_file), override=overrides))


def run_check(**overrides):
    """Run `make check` (sitetools.check.main) in this process, from the repository's folder as
    `make` does; returns (exit code, everything it printed). The same code as the command, without
    starting a Python process for each case (tests/test_validation.py runs the command itself).
    It checks the sample (SAMPLE_SETTINGS) unless PATH or PROVIDERS_PATH is given."""
    from sitetools.check import main

    overrides.setdefault("BUILD_DATE", REFERENCE_DATE)
    for key, value in SAMPLE_SETTINGS.items():
        overrides.setdefault(key, value)
    argv = ["-s", str(ROOT / "pelicanconf.py"), "-e"]
    argv += [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    result = run_tool(main, argv)
    return result.returncode, result.stdout + result.stderr


# The SAMPLE signing key (tests/keys/README.md): public on purpose, refused in production unless
# RECORD_ALLOW_SAMPLE_KEYS is true.
SAMPLE_KEY_FILE = ROOT / "tests" / "keys" / "sample-signing-key.pem"
SAMPLE_KEY_ID = "sample-2026"
ALLOW_SAMPLE = {"RECORD_ALLOW_SAMPLE_KEYS": True}


def sign_profile(folder, slug, key_file=SAMPLE_KEY_FILE, key_id=SAMPLE_KEY_ID,
                 signed_on=REFERENCE_DATE):
    """Sign every record of folder/<slug>.yaml as `make sign-records` does; returns the path."""
    from cryptography.hazmat.primitives import serialization
    from validation.yamlsafe import load_yaml
    from records.signatures import sign_record, signature_file_text

    key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
    data, _ = load_yaml((Path(folder) / f"{slug}.yaml").read_bytes())
    entries = [sign_record(key, key_id, slug, data["name"], record, signed_on)
               for record in data["certifications"]]
    path = Path(folder) / "signatures" / f"{slug}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(signature_file_text(slug, data["name"], entries), encoding="utf-8")
    return path


def run_tool(main, argv):
    """A command-line tool's `main(argv)` run in this process from the repository's folder, as
    `make` runs it; returns a CompletedProcess with what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def new_providers_dir(folder):
    """`folder` made a providers folder with the schema and one valid, signed profile,
    `testfjord.yaml`; returns it."""
    (folder / "logos").mkdir(parents=True)
    shutil.copy(SAMPLE_PROVIDERS / "schema.json", folder / "schema.json")
    (folder / "testfjord.yaml").write_text(VALID_PROFILE, encoding="utf-8")
    (folder / "logos" / "testfjord.svg").write_text(LOGO, encoding="utf-8")
    sign_profile(folder, "testfjord")
    return folder


@pytest.fixture
def providers_dir(tmp_path):
    """A providers folder with the schema and one valid, signed profile, `testfjord.yaml`."""
    return new_providers_dir(tmp_path / "providers")


def write_profile(folder, slug, text, logo=True):
    (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")
    if logo:
        (folder / "logos" / f"{slug}.svg").write_text(LOGO, encoding="utf-8")


def variant(slug, name, unique_reports=True, **replacements):
    """VALID_PROFILE with another name and logo, and given substrings replaced.

    Report ids must be unique across the directory, so each report id gets the slug as a suffix
    (UCS-2025-0001-ACME) unless `unique_reports` is false.
    """
    text = VALID_PROFILE.replace("Testfjord Drift AS", name).replace("testfjord.svg", f"{slug}.svg")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    if unique_reports:
        text = re.sub(r"(?m)^(\s*report_id: )([A-Z0-9-]+)$",
                      lambda match: match[1] + f"{match[2]}-{slug.upper()}"[:40].rstrip("-"), text)
    return text


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The sample site (SAMPLE_SETTINGS) built once per run, with BUILD_DATE fixed to
    REFERENCE_DATE (shared by the workers: read it, never change it)."""
    build = shared_pelican_build(tmp_path_factory)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def scale_site(tmp_path_factory):
    """The generated 10,000-member site, built once per run (see tests/scale_site.py)."""
    from scale_site import build_scale_site

    return build_scale_site(tmp_path_factory.mktemp("scale"))


SUBPATH = "/directory"


@pytest.fixture(scope="session")
def subpath_build(tmp_path_factory):
    """The sample site built for SITEURL "/directory", as a host would serve it under a subpath
    (once per run, shared by the workers)."""
    build = shared_pelican_build(tmp_path_factory, SITEURL=SUBPATH)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def subpath_site(subpath_build, serve):
    """Base URL of subpath_build served over HTTP, such as http://127.0.0.1:PORT/directory."""
    return serve(subpath_build.path, SUBPATH)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve(tmp_path_factory):
    """Serve a built folder over HTTP on a loopback port; returns a function folder -> base URL."""
    servers = []

    def start(folder, prefix=""):
        root = Path(folder)
        if prefix:  # place the site under a subpath, as a host would (a folder of this worker's)
            mount = tmp_path_factory.mktemp(f"mount-{root.name}")
            (mount / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
            (mount / prefix.strip("/")).symlink_to(root, target_is_directory=True)
            root = mount
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/run or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


class TabPool:
    """Pages kept open by one worker, one browser context and page for each set of context
    options (viewport, touch, JavaScript off, ...), handed to one test after another.

    A new context costs Chromium a new renderer process, and the page's styles and scripts are
    parsed again: about 0.3 s of processor time a test, against 0.1 s to reset a kept page. Reset
    is what a new context would give: the listeners and routes the test added are removed, the
    page is navigated to about:blank, and the cookies, storage (local storage, IndexedDB, cache
    storage, ...) of every origin the context spoke to and the HTTP cache are cleared. What a test
    cannot undo (a page clock, init scripts) asks for `fresh_page` instead."""

    def __init__(self, browser):
        self.browser = browser
        self.kept = {}  # options as JSON -> _KeptTab
        self.lent = []  # the _KeptTab of every page handed to the running test

    def take(self, **options):
        key = json.dumps(options, sort_keys=True)
        kept = self.kept.get(key)
        if kept is None or kept.in_use or kept.page.is_closed():
            if kept is None or kept.page.is_closed():
                kept = self.kept[key] = _KeptTab(self.browser, options)
            else:  # a second tab with the same options in one test: a fresh context
                kept = _KeptTab(self.browser, options, fresh=True)
        kept.lend()
        self.lent.append(kept)
        return kept.page

    def give_back_all(self):
        lent, self.lent = self.lent, []
        for kept in lent:
            if not kept.give_back():
                self.kept = {key: value for key, value in self.kept.items() if value is not kept}

    def close(self):
        for kept in self.kept.values():
            kept.close()


class _KeptTab:
    """A browser context with one page, its own CDP session (to clear storage and cache), and
    the origins it has sent requests to; `fresh`: closed when given back, never kept."""

    def __init__(self, browser, options, fresh=False):
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.fresh, self.in_use, self.added = fresh, False, []
        self.origins = set()
        self.context.on("request", self._note_origin)
        self.session = None if fresh else self.context.new_cdp_session(self.page)

    def _note_origin(self, request):
        parts = urllib.parse.urlsplit(request.url)
        if parts.scheme in ("http", "https"):
            self.origins.add(f"{parts.scheme}://{parts.netloc}")

    def lend(self):
        """Hand the page out, recording the listeners the test adds to it."""
        page, added = self.page, self.added

        def recorded(add):
            def add_listener(event, listener):
                added.append((event, listener))
                add(page, event, listener)
            return add_listener

        page.on, page.once = recorded(type(page).on), recorded(type(page).once)
        self.in_use = True

    def give_back(self):
        """Reset the page as a new context would have it; False when it could not be (the
        context is closed then, and the next test gets a new one)."""
        page = self.page
        self.in_use = False
        if self.fresh:
            self.close()
            return True
        try:
            del page.on, page.once
            for event, listener in self.added:
                page.remove_listener(event, listener)
            self.added.clear()
            page.problems = []
            page.unroute_all(behavior="ignoreErrors")
            page.goto("about:blank")
            page.mouse.move(-1, -1)  # no element keeps a hover state for the next test
            self.context.clear_cookies()
            for origin in sorted(self.origins):
                self.session.send("Storage.clearDataForOrigin",
                                  {"origin": origin, "storageTypes": "all"})
            self.origins.clear()
            self.session.send("Network.clearBrowserCache")
            return True
        except Exception:  # a page left unusable by its test: the next test gets a new one
            self.close()
            return False

    def close(self):
        with contextlib.suppress(Exception):
            self.context.close()


@pytest.fixture(scope="session")
def _tab_pool(browser):
    pool = TabPool(browser)
    yield pool
    pool.close()


@pytest.fixture
def tabs(_tab_pool):
    """tabs(**context options) -> a page as in a new browser context with those options (kept by
    this worker and reset for each test; see TabPool); each is given back when the test ends."""
    yield _tab_pool.take
    _tab_pool.give_back_all()


def record_problems(tab, failed_requests=True):
    """Record console errors, uncaught exceptions and (with failed_requests) failed requests of
    `tab` in `tab.problems`; returns `tab`."""
    tab.problems = []
    tab.on("console", lambda msg: msg.type == "error" and tab.problems.append(msg.text))
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    if failed_requests:
        # a load cut short by navigating away is not a problem; any other failure is
        tab.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED"
               and tab.problems.append(f"failed: {request.url} {request.failure}"))
    return tab


@pytest.fixture
def page(tabs):
    """A page as in a new browser context (see TabPool) that records console errors and failed
    requests in `page.problems`."""
    return record_problems(tabs())


@pytest.fixture
def fresh_page(browser):
    """`page` in a browser context of its own, closed at the end: for a test that changes what
    a reset cannot undo (the page's clock, init scripts)."""
    context = browser.new_context()
    tab = record_problems(context.new_page())
    yield tab
    context.close()


# The 117-character name of issue 15 (fictional): a long compound word and commas, as real
# Norwegian company names have.
LONG_NAME = ("Vestfold og Telemark Informasjonsteknologiforvaltningsselskapet for Skydrift, "
             "Sikkerhet og Beredskap, Samvirkeforetak")
LONG_SLUG = "vestfold-telemark-it"
PENDING_SLUG = "ventetid-drift"


@pytest.fixture(scope="session")
def journey_build(tmp_path_factory):
    """The sample site plus two members the sample lacks: one with a 117-character name
    (LONG_SLUG, active) and one whose certification takes effect after the build date
    (PENDING_SLUG, pending). Built on REFERENCE_DATE, SITEURL empty (served at the root); once
    per run, shared by the workers (read it, never change it)."""
    def make(path):
        folder = path.with_name(path.name + "-providers")
        shutil.rmtree(folder, ignore_errors=True)  # a worker stopped while making it
        shutil.copytree(SAMPLE_PROVIDERS, folder)
        write_profile(folder, LONG_SLUG, variant(LONG_SLUG, LONG_NAME))
        write_profile(folder, PENDING_SLUG, variant(PENDING_SLUG, "Ventetid Drift AS", **{
            "issued: 2025-01-10": "issued: 2026-12-20",
            "expires: 2028-01-09": "expires: 2029-12-19"}))
        for slug in (LONG_SLUG, PENDING_SLUG):
            sign_profile(folder, slug)
        build = run_pelican(path, PROVIDERS_PATH=str(folder))
        return {"returncode": build.returncode, "output": build.output}

    path, result = SharedBuilds(shared_folder(tmp_path_factory)).get("journey", make)
    build = Build(result["returncode"], result["output"], path)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def journey_site(journey_build, serve):
    """Base URL of journey_build served over HTTP."""
    return serve(journey_build.path)


# --- how the suite runs ---------------------------------------------------------------------------

def pytest_collection_modifyitems(config, items):
    """For `make test` (pytest-xdist, --dist loadscope --no-loadscope-reorder): a worker runs a
    whole module (or a whole class: the parts of a long test are classes), and takes the next one
    in this order: scopes marked `heavy` first, then modules with browser tests, then the rest,
    so that no worker starts a long scope when the others are nearly done."""
    def rank(item):
        if item.get_closest_marker("heavy"):
            return 0
        return 1 if item.get_closest_marker("browser") else 2

    ranks = {}
    for item in items:
        ranks[item.path] = min(ranks.get(item.path, 2), rank(item))
    items.sort(key=lambda item: ranks[item.path])  # stable: a module keeps its own order


def _child_processes(pid):
    """(pid, command line) of every live process below `pid`, from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended meanwhile
            if fields[0] != "Z":  # a zombie has ended; only its exit status is left
                parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            try:
                with open(f"/proc/{child}/cmdline", "rb") as cmdline:
                    command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            found.append((child, command.strip()))
            todo.append(child)
    return found


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind():
    """Fails the run (an error at the teardown of the last test of each worker) when a test left
    a process running: a server, nginx, Chromium, a pelican build, the dev server. Processes that
    outlive their parent are adopted by this one (Linux's child subreaper), so a server started
    by a command that was stopped, or one that daemonised, is found too."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    yield
    for _ in range(50):  # a process that was just told to stop gets a moment to exit
        left = _child_processes(os.getpid())
        if not left:
            return
        time.sleep(0.1)
    for pid, _ in left:  # stopped, so that a failed run leaves nothing behind either
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    pytest.fail("processes left running by the tests: " + "; ".join(
        f"{pid} {command[:200]}" for pid, command in left), pytrace=False)


def wait_for(condition, seconds=120):
    """Poll `condition` every quarter second until it holds (True) or `seconds` pass (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False
