"""Publishing: production build under a subpath, host files, CSP-clean pages, reproducible and
atomic builds, link integrity, nginx serving the site, and the deploy targets."""

import concurrent.futures
import datetime
import gzip
import hashlib
import html
import os
import re
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

from conftest import (ALLOW_SAMPLE, ROOT, SAMPLE_CONTENT, Build, pelican_argv, run_pelican,
                      variant, write_profile)
from nginxtools import serve_with_nginx
from htmlcheck import csp_metas, page_problems, policy_directives

SUBPATH = "/directory"


@pytest.fixture(scope="module")
def nginx_socket():
    """A listening socket on a port the system chose (port 0), held open until nginx takes it
    over: the site is built for that port before nginx starts, and no other process can take
    the port in between. nginx inherits it through its NGINX environment variable."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        sock.set_inheritable(True)
        yield sock


@pytest.fixture(scope="module")
def nginx_port(nginx_socket):
    return nginx_socket.getsockname()[1]


@pytest.fixture(scope="module")
def published(tmp_path_factory, nginx_port):
    """The sample site built with publishconf.py for http://127.0.0.1:<port>/directory."""
    output = tmp_path_factory.mktemp("published") / "site"
    # The sample content is signed with the SAMPLE key, which production refuses unless allowed.
    build = run_pelican(output, settings_file="publishconf.py",
                        SITEURL=f"http://127.0.0.1:{nginx_port}{SUBPATH}", **ALLOW_SAMPLE)
    assert build.returncode == 0, build.output
    return build


def _tree(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_precompressed_copies_beside_text_files(published):
    texts = [p for p in published.files() if p.suffix in (".html", ".css", ".svg", ".txt")
             and p.stat().st_size >= 256]
    assert len(texts) > 50
    for path in texts:
        original = path.read_bytes()
        assert gzip.decompress(Path(f"{path}.gz").read_bytes()) == original, path
        assert brotli.decompress(Path(f"{path}.br").read_bytes()) == original, path
    assert not list(published.path.rglob("*.gz.gz"))
    assert not list(published.path.rglob("*.png.gz"))
    # HTML at the faster quality, except the search page (PRECOMPRESS_BEST_HTML): its bytes come
    # before the first result, so it gets the scripts' and the index's best quality
    for name, quality in (("search/index.html", 11), ("about/index.html", 6)):
        original = (published.path / name).read_bytes()
        assert Path(f"{published.path / name}.br").read_bytes() == brotli.compress(
            original, quality=quality), name


def test_headers_file_robots_and_absolute_urls(published, nginx_port):
    headers = published.page("_headers")
    assert f"\n{SUBPATH}/*\n" in headers
    assert f"\n{SUBPATH}/assets/*\n  Cache-Control: public, max-age=31536000, immutable" in headers
    csp = next(line for line in headers.splitlines() if "Content-Security-Policy" in line)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    for name in ("X-Content-Type-Options: nosniff", "Referrer-Policy:", "Permissions-Policy:"):
        assert name in headers
    robots = published.page("robots.txt")
    assert f"Sitemap: http://127.0.0.1:{nginx_port}{SUBPATH}/sitemap.xml" in robots
    home = published.page("index.html")
    assert f'href="http://127.0.0.1:{nginx_port}{SUBPATH}/providers/"' in home


def test_every_page_passes_a_strict_csp(published):
    pages = published.pages()
    assert pages
    for path in pages:
        assert page_problems(path.read_text()) == [], path


def test_every_page_repeats_the_headers_policy_for_hosts_without_headers(published):
    """GitHub Pages and S3 send no _headers: the meta tag carries the same policy, but for the
    directives a meta tag cannot carry."""
    header = next(line.split(":", 1)[1] for line in published.page("_headers").splitlines()
                  if line.strip().startswith("Content-Security-Policy: default-src"))
    expected = policy_directives(header)
    assert expected.pop("frame-ancestors") == ["'none'"]
    for path in published.pages():
        assert [policy_directives(meta) for meta in csp_metas(path.read_text())] == \
            [expected], path


def test_fingerprinted_assets_match_their_content(published):
    assets = [p for p in (published.path / "assets").rglob("*")
              if p.is_file() and p.suffix not in (".gz", ".br")]
    assert assets
    for path in assets:
        # name.<digest>.ext, or name.<digest> for a file without an extension (LICENSE)
        digest = re.fullmatch(r"[^.]+(?:\.[^.]+)*?\.([0-9a-f]{10})(?:\.[a-z0-9]+)?", path.name)[1]
        assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(digest), path


FAKETIME = shutil.which("faketime") or "/usr/bin/faketime"
# The clock of the second build: a day that no date of the sample's sources gives.
OTHER_CLOCK = datetime.datetime(2029, 3, 14, 12, 0, tzinfo=datetime.timezone.utc)


def _date_stamps(day):
    """`day` as the site's pages and files could spell it, each matched as a whole date: "5
    December 2026" is not found inside "15 December 2026"; "2026-12-05T10:00" and "/2026/12/05/"
    are found."""
    stamps = [day.isoformat(), day.strftime("%-d %B %Y"), day.strftime("%Y/%m/%d"),
              day.strftime("%d %b %Y")]  # RFC 822, as feeds date things
    return re.compile("|".join(rf"(?<!\d){re.escape(stamp)}(?!\d)" for stamp in stamps))


def test_two_builds_are_byte_identical_and_carry_no_clock_time(tmp_path):
    """Same sources and BUILD_DATE (far from today) give the same bytes, even when the second
    build runs on another clock (faketime), and that clock's date appears nowhere: nothing in
    the output comes from the clock. (Looking for today's date in the output instead fails on
    any day that the sample's data names, such as a certification's expiry: "5 December 2026"
    was found inside "15 December 2026", and "2026-12-31" is a real expiry.)"""
    if not os.path.exists(FAKETIME):
        pytest.fail("faketime is missing: run .ci/run or apt-get install faketime")
    other_clock = _date_stamps(OTHER_CLOCK.date())
    settings = {"settings_file": "publishconf.py", "SITEURL": "https://a.example",
                "BUILD_DATE": "2031-05-17", **ALLOW_SAMPLE}
    clock = [FAKETIME, OTHER_CLOCK.strftime("%Y-%m-%d %H:%M:%S")]
    # (this test itself may run under faketime: its settings are not passed on)
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("FAKETIME") and name != "LD_PRELOAD"}
    env["TZ"] = "UTC"
    shown = subprocess.run([*clock, os.sys.executable, "-c", "import time; print(time.time())"],
                           capture_output=True, text=True, check=True, env=env)
    assert abs(float(shown.stdout) - OTHER_CLOCK.timestamp()) < 600  # faketime took effect

    def build(name, command=()):
        argv = [*command, os.sys.executable, "-m", "pelican",
                *pelican_argv(tmp_path / name, **settings)]
        result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600,
                                env=env if command else None)
        return Build(result.returncode, result.stdout + result.stderr, tmp_path / name)

    with concurrent.futures.ThreadPoolExecutor(2) as pool:  # two processes side by side
        first, second = pool.map(build, ("one", "two"), ((), clock))
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert one.keys() == two.keys()
    # the open data, badges and sitemap among them (and their .gz and .br copies)
    for name in ("api/providers.json", "providers.csv", "sitemap.xml",
                 "providers/fjordlys-drift/badge.svg", "api/providers/fjordlys-drift.json"):
        assert {name, f"{name}.gz", f"{name}.br"} <= one.keys()
    assert [name for name in one if one[name] != two[name]] == []
    for path in second.files():
        if path.suffix in (".html", ".xml", ".json", ".txt", ".csv", ".svg"):
            assert other_clock.findall(path.read_text(encoding="utf-8")) == [], path
    assert "17 May 2031" in first.page("providers/index.html")


def test_sample_site_has_no_broken_links(published, nginx_port):
    from sitetools.linkcheck import LinkChecker
    assert LinkChecker(published.path, f"http://127.0.0.1:{nginx_port}{SUBPATH}").problems() == []


def test_linkcheck_reports_a_broken_link_and_fragment(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="/a/">ok</a><a href="/missing/">x</a><a href="/a/#nope">y</a><a id="top"></a>'
        '<a href="#top">z</a><a href="https://elsewhere.example/">w</a>')
    (tmp_path / "a" / "index.html").write_text('<h1 id="here">A</h1>')
    result = subprocess.run(
        [os.sys.executable, "-m", "sitetools.linkcheck", str(tmp_path), "--siteurl", ""],
        capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "plugins")))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "index.html: /a/#nope: no element with id 'nope'",
        "index.html: /missing/: no such file in the output",
    ]


def _make(*args, env=None):
    # `make publish` of the sample content: its records are signed with the SAMPLE key.
    env = {"ALLOW_SAMPLE_SIGNING_KEY": "1", **(env or {})}
    return subprocess.run(["make", *args], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, **env), timeout=600)


def _deploy(target, published, *args, env=None):
    """`make <target>` uploading the site already published (make's -o: `publish` is taken as
    done), after checking that the target would run the production build first."""
    planned = _make("-n", target, f"OUTPUTDIR={published.path}", *args, env=env)
    assert "-s publishconf.py --log-handler plain" in planned.stdout, planned.stdout
    return _make("-o", "publish", target, f"OUTPUTDIR={published.path}", *args, env=env)


def test_failed_build_leaves_the_previous_output_untouched(tmp_path, providers_dir):
    output = tmp_path / "site"
    # (a trailing slash, as a shell completes a folder's name: the staging folder is site.staging)
    good = _make("html", f"OUTPUTDIR={output}/", f"INPUTDIR={SAMPLE_CONTENT}",
                 f"PELICANOPTS=-e PROVIDERS_PATH='\"{providers_dir}\"' BUILD_DATE='\"2026-11-29\"'")
    assert good.returncode == 0, good.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["providers", "site"]
    before = _tree(output)
    assert "providers/testfjord/index.html" in before
    write_profile(providers_dir, "broken", variant("broken", "Broken AS",
                                                   **{"founded: 2010": "founded: later"}))
    bad = _make("html", f"OUTPUTDIR={output}", f"INPUTDIR={SAMPLE_CONTENT}",
                f"PELICANOPTS=-e PROVIDERS_PATH='\"{providers_dir}\"' BUILD_DATE='\"2026-11-29\"'")
    assert bad.returncode != 0
    # The problem line once, one summary line last, no traceback. (The other lines are the
    # association's warnings: this providers folder lacks the leadership's members.)
    printed = [line for line in (bad.stdout + bad.stderr).splitlines()
               if not re.match(r"make(\[\d+\])?: \*\*\* ", line)]  # make's own line
    problem = (f"{providers_dir / 'broken.yaml'}:16: founded: got text \"later\"; expected a "
               "four-digit year such as 2009")
    assert printed.count(problem) == 1, printed
    assert printed[-1] == "1 problem(s) in 1 file(s); nothing was built.", printed
    assert not [line for line in printed if "Traceback" in line or "Error" in line], printed
    assert _tree(output) == before
    assert not Path(f"{output}.staging").exists()


# --- nginx -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nginx(published, nginx_socket, tmp_path_factory):
    work = tmp_path_factory.mktemp("nginx")
    root = work / "www"
    (root / SUBPATH.strip("/")).parent.mkdir(parents=True, exist_ok=True)
    (root / SUBPATH.strip("/")).symlink_to(published.path, target_is_directory=True)
    with serve_with_nginx(work, root, nginx_socket, SUBPATH) as base:
        yield base


def _get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


CONTENT_TYPES = {".html": "text/html", ".css": "text/css", ".js": "application/javascript",
                 ".svg": "image/svg+xml", ".json": "application/json", ".xml": "text/xml",
                 ".txt": "text/plain", ".csv": "text/csv"}


def test_nginx_serves_every_page_with_its_content_type(nginx, published):
    for path in published.files():
        if path.suffix in (".gz", ".br") or path.name == "_headers":
            continue
        relative = path.relative_to(published.path).as_posix()
        url = nginx + "/" + (relative[: -len("index.html")] if path.name == "index.html" else relative)
        status, headers, body = _get(url)
        assert status == 200, url
        expected = CONTENT_TYPES.get(path.suffix)
        if expected:
            assert headers["Content-Type"].startswith(expected), (url, headers["Content-Type"])
        assert body == path.read_bytes(), url


def test_nginx_sends_the_same_security_headers_as_the_headers_file(nginx, published):
    expected = {}
    for line in published.page("_headers").splitlines():
        if line.startswith("  ") and ":" in line:
            name, value = line.strip().split(": ", 1)
            expected.setdefault(name, value)
    status, headers, _ = _get(nginx + "/providers/")
    assert status == 200
    for name, value in expected.items():
        if name not in ("Cache-Control", "Access-Control-Allow-Origin"):  # (open data only)
            assert headers[name] == value, name
    assert headers["Cache-Control"] == "public, max-age=300, must-revalidate"
    asset = next(p for p in (published.path / "assets" / "css").iterdir() if p.suffix == ".css")
    _, asset_headers, _ = _get(f"{nginx}/assets/css/{asset.name}")
    assert asset_headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset_headers["Content-Security-Policy"] == expected["Content-Security-Policy"]


def test_nginx_sandboxes_contributors_files_and_email_copies(nginx, published):
    """Issue 13: content/images/ runs nothing on the site's origin; e-mail copies keep their
    inline styles and nothing executable (the policy of their own meta tag)."""
    _, site_headers, _ = _get(nginx + "/providers/")
    status, headers, _ = _get(nginx + "/images/restore-cycle.svg")
    assert status == 200
    assert headers["Content-Security-Policy"] == site_headers["Content-Security-Policy"] + \
        ", sandbox"
    status, headers, body = _get(nginx + "/news/1/email.html")
    assert status == 200
    policy = headers["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and policy.endswith("; sandbox")
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    meta = re.search(rb'http-equiv="Content-Security-Policy" content="([^"]+)"', body)[1].decode()
    # the meta tag carries the same policy but what meta cannot (frame-ancestors, sandbox)
    assert html.unescape(meta) + "; frame-ancestors 'none'; sandbox" == policy


def test_nginx_serves_precompressed_files(nginx, published):
    original = published.page("providers/index.html").encode()
    status, headers, body = _get(nginx + "/providers/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == original
    if list(Path("/etc/nginx/modules-enabled").glob("*brotli*")):
        status, headers, body = _get(nginx + "/providers/", **{"Accept-Encoding": "br"})
        assert headers["Content-Encoding"] == "br"
        assert brotli.decompress(body) == original


def test_nginx_missing_path_is_a_404(nginx, published):
    status, _, body = _get(nginx + "/providers/no-such-member/")
    assert status == 404
    page = published.path / "404.html"
    if page.exists():
        assert body == page.read_bytes()


# --- deploy targets ----------------------------------------------------------------------------

def test_rsync_upload_copies_the_published_site(tmp_path, published):
    if not shutil.which("rsync"):
        pytest.fail("rsync is missing: run .ci/run or apt-get install rsync")
    target = tmp_path / "remote"
    target.mkdir()
    (target / "stale.html").write_text("old")
    result = _deploy("rsync_upload", published, f"RSYNC_TARGET={target}/")
    assert result.returncode == 0, result.stderr
    assert (target / "providers" / "fjordlys-drift" / "index.html").exists()
    assert (target / "index.html.gz").exists()
    assert not (target / "stale.html").exists()
    assert not (target / "_headers").exists()


def test_s3_upload_syncs_with_cache_headers(tmp_path, published):
    log = tmp_path / "aws.log"
    fake = tmp_path / "aws"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    fake.chmod(0o755)
    result = _deploy("s3_upload", published, f"AWS={fake}", "S3_BUCKET=test-bucket")
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert len(calls) == 2
    assert calls[0].startswith(f"s3 sync {published.path}/assets s3://test-bucket/assets")
    assert "--cache-control public, max-age=31536000, immutable" in calls[0]
    assert calls[1].startswith(f"s3 sync {published.path} s3://test-bucket/ --delete")
    assert "--cache-control public, max-age=300, must-revalidate" in calls[1]
    assert "--exclude assets/*" in calls[1]


def test_github_target_commits_the_site_to_gh_pages(tmp_path, published):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    work = tmp_path / "work"
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    env = {"GIT_DIR": str(work / ".git"), "GIT_WORK_TREE": str(work),
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    result = _deploy("github", published, f"GITHUB_PAGES_REMOTE={remote}", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    files = subprocess.run(["git", f"--git-dir={remote}", "ls-tree", "-r", "--name-only",
                            "gh-pages"], capture_output=True, text=True, check=True).stdout
    assert ".nojekyll" in files.splitlines()
    assert "providers/fjordlys-drift/index.html" in files.splitlines()


def test_make_linkcheck_finds_the_siteurl_of_a_published_site(published):
    result = subprocess.run(
        [os.sys.executable, "-m", "sitetools.linkcheck", str(published.path),
         "-s", str(ROOT / "pelicanconf.py")],  # whose SITEURL is not the one built for
        capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "plugins")))
    assert result.returncode == 0, result.stdout + result.stderr
    checked = int(re.search(r"among (\d+) internal links", result.stdout)[1])
    assert checked > 1000
