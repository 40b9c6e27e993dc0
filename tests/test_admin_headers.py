"""The browser editor's headers on hosts that send them (issue 25): with CMS_ENABLED, /admin/
gets its own Content-Security-Policy and no other (the hosting plugin's `_headers`, read as
Netlify and Cloudflare Pages read it: every matching rule's values joined), every other page the
site's policy and never the editor's; deploy/nginx.conf serves the same; without the editor
`_headers` is unchanged."""

import json
import os
import re
import signal
import shlex
import socket
import subprocess
import urllib.error
import urllib.request

import pytest
import yaml
from conftest import MEMBER_SITE_PLUGINS, REFERENCE_DATE, ROOT, SAMPLE_CONTENT, member_site, new_providers_dir

from nginxtools import serve_with_nginx
CSP = "Content-Security-Policy"
SUBPATH = "/directory"
DATA = SAMPLE_CONTENT / "data"
EDITOR_PLUGINS = [*MEMBER_SITE_PLUGINS[:-1], "hosting", "sitemap", "cms", MEMBER_SITE_PLUGINS[-1]]
AUTH = "https://auth.association.example"


def parse_headers_file(text):
    """[(pattern, [(name, value)])] as the hosts read `_headers`."""
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            name, value = line.strip().split(": ", 1)
            rules[-1][1].append((name, value))
        else:
            rules.append((line.strip(), []))
    return rules


def _matches(pattern, path):
    """A rule's path pattern: `*` any characters (slashes too), `:name` one path segment."""
    regex = "".join(".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
                    for part in re.split(r"(\*|:[A-Za-z]+)", pattern) if part)
    return re.fullmatch(regex, path) is not None


def applied(rules, path, name):
    """Every value of header `name` the host sends for `path` (one per matching rule)."""
    return [value for pattern, headers in rules if _matches(pattern, path)
            for header, value in headers if header == name]


def page_paths(build):
    """The URL path of every file the build wrote (folders' index.html by the folder's path)."""
    paths = []
    for file in build.files():
        relative = file.relative_to(build.path).as_posix()
        if relative == "_headers":
            continue
        paths.append(f"{SUBPATH}/{relative}")
        if file.name == "index.html":
            paths.append(f"{SUBPATH}/{relative[: -len('index.html')]}")
    return paths


def _need_npm_packages():
    if not (ROOT / "node_modules" / ".package-lock.json").exists():
        pytest.fail("the browser editor's npm packages are not installed: run `make cms-deps`")


@pytest.fixture(scope="module")
def nginx_socket():
    """A port the system chose, held until nginx takes it over (as tests/test_publish.py)."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        sock.set_inheritable(True)
        yield sock


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory, nginx_socket):
    _need_npm_packages()
    folder = tmp_path_factory.mktemp("admin-headers")
    build = member_site(folder / "site", new_providers_dir(folder / "providers"),
                        PLUGINS=EDITOR_PLUGINS, ARTICLE_CATEGORIES_PATH=str(DATA / "categories.yaml"),
                        SITEURL=f"http://127.0.0.1:{nginx_socket.getsockname()[1]}{SUBPATH}",
                        CMS_ENABLED=True, CMS_GITHUB_REPO="association/msp-directory",
                        CMS_AUTH_BASE_URL=AUTH)
    assert build.returncode == 0, build.output
    return build


def policies(build):
    """(the site's policy, the editor's policy) as the build wrote them."""
    page = build.page("admin/index.html")
    rules = parse_headers_file(build.page("_headers"))
    site = applied(rules, f"{SUBPATH}/", CSP)
    editor = applied(rules, f"{SUBPATH}/admin/", CSP)
    assert len(site) == 1 and len(editor) == 1
    return site[0], editor[0], page


def test_the_editor_gets_its_own_policy_alone_and_every_other_page_the_sites(editor_site):
    rules = parse_headers_file(editor_site.page("_headers"))
    site, editor, page = policies(editor_site)
    assert "'unsafe-eval'" in editor and "'unsafe-eval'" not in site
    # exactly what Decap CMS needs: its own origin for code, the GitHub API and the OAuth
    # client, the repository's raw host for media, nothing framed and no framing
    assert editor == (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob: https://avatars.githubusercontent.com "
        "https://raw.githubusercontent.com; connect-src 'self' https://api.github.com "
        f"{AUTH}; worker-src 'self' blob:; frame-src 'none'; object-src 'none'; "
        "base-uri 'self'; form-action 'none'; frame-ancestors 'none'")
    # the page's meta tag says the same, but what a meta tag cannot carry
    assert editor.replace("; frame-ancestors 'none'", "").replace("'", "&#39;") in page
    paths = page_paths(editor_site)
    editor_paths = [path for path in paths if path.startswith(f"{SUBPATH}/admin/")]
    assert f"{SUBPATH}/admin/" in editor_paths and f"{SUBPATH}/admin/index.html" in editor_paths
    for path in editor_paths:
        assert applied(rules, path, CSP) == [editor], path
        assert applied(rules, path, "Cross-Origin-Opener-Policy") == \
            ["same-origin-allow-popups"], path
    others = [path for path in paths if path not in editor_paths]
    assert f"{SUBPATH}/" in others and f"{SUBPATH}/index.html" in others
    assert any(path.startswith(f"{SUBPATH}/providers/") for path in others)
    for path in others:
        values = applied(rules, path, CSP)
        assert site in values and editor not in values, path
        assert set(values) <= {site, "sandbox"}, path
        assert applied(rules, path, "Cross-Origin-Opener-Policy") == ["same-origin"], path
    # the headers that are the same for both are sent once, everywhere
    for path in [*editor_paths[:2], *others[:20]]:
        for name in ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
                     "X-Frame-Options"):
            assert len(applied(rules, path, name)) == 1, (path, name)
    # Cloudflare Pages reads 100 rules at most
    assert len(rules) <= 100


def test_without_the_editor_headers_file_is_unchanged(tmp_path):
    """CMS_ENABLED off: the same `_headers` as a site without the cms plugin, one /* rule."""
    providers = new_providers_dir(tmp_path / "providers")
    built = {}
    for name, plugins in (("off", EDITOR_PLUGINS),
                          ("none", [p for p in EDITOR_PLUGINS if p != "cms"])):
        build = member_site(tmp_path / name, providers, PLUGINS=plugins,
                            ARTICLE_CATEGORIES_PATH=str(DATA / "categories.yaml"))
        assert build.returncode == 0, build.output
        built[name] = build.page("_headers")
    assert built["off"] == built["none"]
    rules = parse_headers_file(built["off"])
    assert [pattern for pattern, headers in rules if any(n == CSP for n, _ in headers)
            and (CSP, "sandbox") not in headers] == ["/*"]
    assert "unsafe-eval" not in built["off"]


# --- nginx (deploy/nginx.conf) -----------------------------------------------------------------

@pytest.fixture(scope="module")
def nginx(editor_site, nginx_socket, tmp_path_factory):
    work = tmp_path_factory.mktemp("nginx")
    root = work / "www"
    root.mkdir()
    (root / SUBPATH.strip("/")).symlink_to(editor_site.path, target_is_directory=True)
    with serve_with_nginx(work, root, nginx_socket, SUBPATH) as base:
        yield base


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_nginx_serves_the_editor_with_its_own_policy_alone(nginx, editor_site):
    site, editor, _ = policies(editor_site)
    rules = parse_headers_file(editor_site.page("_headers"))
    shared = next(headers for pattern, headers in rules if pattern == f"{SUBPATH}/*")
    assert {name for name, _ in shared} == {"X-Content-Type-Options", "Referrer-Policy",
                                            "Permissions-Policy", "X-Frame-Options"}
    for url in (nginx + "/admin/", nginx + "/admin/index.html", nginx + "/admin/config.yml"):
        status, headers = _get(url)
        assert status == 200, url
        assert headers.get_all(CSP) == [editor], url
        assert headers.get_all("Cross-Origin-Opener-Policy") == ["same-origin-allow-popups"]
        # add_header in a location replaces the inherited ones: the others are repeated there
        for name, value in shared:
            assert headers.get_all(name) == [value], (url, name)
        assert headers["Cache-Control"] == "public, max-age=300, must-revalidate"
    for url in (nginx + "/", nginx + "/providers/testfjord/"):
        status, headers = _get(url)
        assert status == 200, url
        assert headers.get_all(CSP) == [site], url
        assert headers.get_all("Cross-Origin-Opener-Policy") == ["same-origin"]


def test_the_editor_loads_under_the_headers_nginx_sends(nginx, page):
    """Chromium enforces the header and the meta policy together: Decap CMS still starts."""
    page.goto(nginx + "/admin/")
    page.get_by_role("button", name="Login with GitHub").wait_for(timeout=30_000)
    assert page.problems == []


# --- the publish workflow ----------------------------------------------------------------------

def _build_steps():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    return workflow["jobs"]["build"]["steps"]


@pytest.mark.parametrize("enabled", ["true", "", "false"])
def test_the_publish_workflow_builds_the_editor_when_the_variable_is_set(tmp_path, enabled):
    """The build step's script, run with a `make` that records its arguments: with the
    CMS_ENABLED variable, `make cms-deps` first and CMS_ENABLED passed to Pelican with this
    repository and the OAuth client; without it, `make publish` as before."""
    from pelican import parse_arguments

    steps = _build_steps()
    node = next(step for step in steps if "nodejs" in step.get("run", ""))
    assert node["if"] == "vars.CMS_ENABLED == 'true'"
    build = next(step for step in steps if "make publish" in step.get("run", ""))
    assert build["env"]["CMS_ENABLED"] == "${{ vars.CMS_ENABLED }}"
    assert build["env"]["CMS_GITHUB_REPO"] == "${{ github.repository }}"
    assert steps.index(node) < steps.index(build)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "make").write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done >> "$LOG"\n'
                               'printf "\\n" >> "$LOG"\n')
    (fake / "make").chmod(0o755)
    log = tmp_path / "make.log"
    env = {"PATH": f"{fake}:/usr/bin:/bin", "LOG": str(log), "CMS_ENABLED": enabled,
           "CMS_GITHUB_REPO": "association/msp-directory", "CMS_AUTH_BASE_URL": AUTH}
    subprocess.run(["bash", "-e", "-c", build["run"]], env=env, check=True)
    calls = [line.rstrip("\0").split("\0") for line in log.read_text().splitlines()]
    if enabled != "true":
        assert calls == [["publish", "INCREMENTAL=0"]]
        return
    assert calls[0] == ["cms-deps"] and calls[1][:2] == ["publish", "INCREMENTAL=0"]
    assert len(calls) == 2
    name, _, options = calls[1][2].partition("=")
    assert name == "PELICANOPTS"
    # make puts PELICANOPTS on Pelican's command line through the shell
    overrides = parse_arguments(["content", *shlex.split(options)]).overrides
    assert overrides == {"CMS_ENABLED": True, "CMS_GITHUB_REPO": "association/msp-directory",
                         "CMS_AUTH_BASE_URL": AUTH}


# --- make cms-local ------------------------------------------------------------------------------

def test_sigterm_to_make_cms_local_stops_decap_server_and_the_dev_server(providers_dir, tmp_path):
    """What `docker stop` or systemd sends, to make alone: decap-server and the dev server it
    started both stop (their ports close, no process of theirs is left)."""
    from mailtools import free_port
    from conftest import wait_for
    from test_devserver import _alive, _descendants

    _need_npm_packages()
    decap_port = free_port()
    log = tmp_path / "make.log"
    options = (f"-e PROVIDERS_PATH='{json.dumps(str(providers_dir))}' "
               f"BUILD_DATE='{json.dumps(REFERENCE_DATE)}'")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log, "w") as handle:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed",
             "-o", "node_modules/.package-lock.json", "cms-local", "PORT=0",
             f"CMS_PORT={decap_port}", f"OUTPUTDIR={tmp_path / 'out'}",
             f"PELICANOPTS={options}"],
            cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env=env)
    try:
        assert wait_for(lambda: "devserver: http://" in log.read_text()), log.read_text()
        port = int(re.search(r"devserver: http://127\.0\.0\.1:([1-9][0-9]*)/", log.read_text())[1])
        assert wait_for(lambda: _port_open(decap_port), 30), log.read_text()
        assert _port_open(port)
        started = _descendants(make.pid)
        assert started, "make cms-local started no process"
        make.send_signal(signal.SIGTERM)
        make.wait(timeout=20)
        assert wait_for(lambda: not _port_open(port), 10), log.read_text()
        assert wait_for(lambda: not _port_open(decap_port), 10), log.read_text()
        assert wait_for(lambda: not any(_alive(pid) for pid in started), 15), started
    finally:
        if make.poll() is None:
            make.kill()


def _port_open(port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0
