"""`make bench-search`: what a visitor downloads and waits for before the first search result,
at 1,000, 10,000 and 100,000 members, measured in headless Chromium.

Members come from bench.synthetic (coined names, hundreds of towns per country, every
status), articles and newsletter issues from bench.synthetic_content. The entries are fed
straight to the index builder (no Pelican, so the build figure is the index's own); the search
page is the sample site's, built once in every language as `make html` builds it, with the
language's index replaced (the same synthetic members and articles, indexed with that language's
pipelines, search_index/languages.py). Every file the browser fetches
until the first result is painted is counted at the size a CDN serves it (brotli: quality 11,
HTML quality 6 but the search page 11, as the precompress plugin writes them); `--files` lists them, each with its size.

    python -m bench.bench_search --members 1000 10000 100000 --articles 1000 [--files]
        [--languages en nb]
"""

import argparse
import dataclasses
import datetime
import json
import functools
import http.server
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import brotli

from member_profiles.status import (STATUS_LABELS, VALID_STATUSES, certification_status,
                                    member_status)
from search_index.builder import DocumentEntry, MemberEntry, SearchIndexBuilder
from search_index.languages import ENGLISH, search_language

from .synthetic import SyntheticDirectory
from .synthetic_content import SyntheticContent

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AS_OF = datetime.date(2026, 11, 29)
KB = 1000
# Targets from issue #9, in bytes (KB = 1,000 bytes) and milliseconds; issue #26 brought the
# first query at 10,000 members down to 40 KB.
FIRST_QUERY_TARGET = {1000: 40 * KB, 10000: 40 * KB, 100000: 150 * KB}
SECOND_QUERY_TARGET = 40 * KB
FIRST_PAINT_TARGET = 500
LONG_TASK_TARGET = 50
WARM_QUERY_TARGET = 50
BUILD_TARGET = 20.0  # seconds, 100,000 members and 1,000 articles


def _vocabulary():
    import yaml

    with open(os.path.join(ROOT, "content", "data", "vocabulary.yaml"), encoding="utf-8") as fh:
        return [(s["id"], s["label"]) for s in yaml.safe_load(fh)["services"]]


def _countries():
    import pycountry

    from .synthetic import COUNTRIES

    return sorted(((code, pycountry.countries.get(alpha_2=code).name) for code, _ in COUNTRIES),
                  key=lambda pair: pair[1])


def _facets_and_places():
    """The industry and language facets and the gazetteer, as the site's build gives them."""
    import pycountry
    from validation.yamlsafe import read_yaml_file

    from .synthetic import LANGUAGES

    data = os.path.join(ROOT, "content", "data")
    vocabulary, _ = read_yaml_file(os.path.join(data, "vocabulary.yaml"))
    industries = [(s["id"], s["label"]) for s in vocabulary["industries"]]
    gazetteer, _ = read_yaml_file(os.path.join(data, "gazetteer.yaml"))
    places = {entry["country"]: entry["places"] for entry in gazetteer["countries"]}
    languages = sorted(((code, pycountry.languages.get(alpha_2=code).name)
                        for code in set(LANGUAGES.values())), key=lambda pair: pair[1])
    synonyms, _ = read_yaml_file(os.path.join(data, "synonyms.yaml"))
    return {"industries": industries, "languages": languages, "places": places,
            "synonyms": synonyms}


def member_entry(directory, number):
    """The index entry of synthetic member `number`, as search_index.collect would make it."""
    profile = directory.profile(number)
    slug = directory.slug(number)
    status = member_status(
        certification_status(datetime.date.fromisoformat(c["issued"]),
                             datetime.date.fromisoformat(c["expires"]), AS_OF, 60)
        for c in profile["certifications"])
    place = profile["headquarters"]
    description = re.sub(r"\*\*|^- ", "", profile["description"], flags=re.M)
    return MemberEntry(
        slug=slug, name=profile["name"], url=f"providers/{slug}/", status=status,
        country=place["country"],
        areas=tuple(a for a in profile["service_areas"] if a != place["country"]),
        city=place["city"], places=(place["city"], place["region"]),
        services=tuple(profile["services"]), summary=profile["summary"],
        description=" ".join(description.split()),
        records=" ".join(f"{c['issued']}/{c['expires']}" for c in profile["certifications"]),
        reports=tuple((c["report_id"], certification_status(
            datetime.date.fromisoformat(c["issued"]), datetime.date.fromisoformat(c["expires"]),
            AS_OF, 60), c["issued"], c["expires"]) for c in profile["certifications"]),
        industries=tuple(profile.get("industries", ())),
        languages=tuple(profile.get("languages", ())), logo=f"providers/{slug}/logo.svg",
        certified=max((c["issued"] for c in profile["certifications"]
                       if certification_status(datetime.date.fromisoformat(c["issued"]),
                                               datetime.date.fromisoformat(c["expires"]),
                                               AS_OF, 60) in VALID_STATUSES), default=""))


def document_entry(content, kind, number):
    title, summary, paragraphs = (content.article if kind == "article" else content.issue)(number)
    return DocumentEntry(type=kind, title=title, url=f"{kind}s/{kind}-{number:05d}/",
                         date=content.date(number).isoformat(), summary=summary,
                         text=" ".join(paragraphs))


def make_builder(count_members, count_articles, count_issues, language=ENGLISH):
    directory, content = SyntheticDirectory(), SyntheticContent()
    builder = SearchIndexBuilder(_vocabulary(), _countries(), list(STATUS_LABELS.items()),
                                 verified=VALID_STATUSES, member_url="providers/{slug}/",
                                 language=language, **_facets_and_places())
    for number in range(count_members):
        builder.add_member(member_entry(directory, number))
    for number in range(count_articles):
        builder.add_document(document_entry(content, "article", number))
    for number in range(count_issues):
        builder.add_document(document_entry(content, "newsletter", number))
    return builder


def build_seconds(builder, runs=2):
    """([(seconds, CPU seconds) of each run of builder.files()], the files, whether every run
    gave the same files)."""
    timings, outputs = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        outputs.append(builder.files())
        timings.append((time.perf_counter() - start, time.process_time() - cpu))
    return timings, outputs[0], all(files == outputs[0] for files in outputs)


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]
# Observed in the page before any script runs: every main-thread task over 50 ms.
OBSERVER = """
window.benchLongTasks = [];
new PerformanceObserver((list) => {
  list.getEntries().forEach((entry) => window.benchLongTasks.push(entry.duration));
}).observe({ type: 'longtask', buffered: true });
"""
# Resolves once the results shown answer `url` (the search page's own signal), in the first
# animation frame after they are drawn; returns the milliseconds since `start`.
RESULTS_PAINTED = """
([url, start]) => new Promise((resolve) => {
  const check = () => {
    const results = document.getElementById('search-results');
    if (results.dataset.for === url && results.dataset.complete === 'true') {
      resolve(performance.now() - start);
    } else { requestAnimationFrame(check); }
  };
  check();
})
"""
# Types a query into the search page's box and submits it; returns the URL state to wait for.
SUBMIT = """
(query) => {
  const input = document.getElementById('search-q');
  input.value = query;
  const start = performance.now();
  input.form.requestSubmit();
  return [location.pathname + location.search, start];
}
"""


class _Recorder(http.server.SimpleHTTPRequestHandler):
    """Serves the site (keeping connections open, as any web server does) and records every
    path answered with 200."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, no delayed-ACK stall

    def log_request(self, code="-", size="-"):
        if str(code) == "200":  # when it was asked for, on the clock the browser's is set by
            self.server.served.append((urllib.parse.urlsplit(self.path).path, time.time() * 1000))

    def log_message(self, *args):
        pass


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class Nginx:
    """nginx (Debian's nginx-light) serving `root` on a loopback port, logging every request
    with the time it was answered; a fast local server, as a host's would be."""

    def __init__(self, root, work):
        self.work = work
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        temp = "\n".join(f"  {kind}_temp_path {work}/{kind};" for kind in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = "user root;" if os.geteuid() == 0 else ""
        with open(os.path.join(work, "nginx.conf"), "w", encoding="utf-8") as handle:
            handle.write(f"""{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  log_format bench '$msec $status $uri';
  access_log {work}/access.log bench;
{temp}
  server {{
    listen 127.0.0.1:{self.port};
    root {root};
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
""")
        self.process = subprocess.Popen([NGINX, "-c", os.path.join(work, "nginx.conf"),
                                         "-g", "daemon off;"], stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"
        self.start = 0
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode())
                time.sleep(0.05)

    def _lines(self):
        try:
            with open(os.path.join(self.work, "access.log"), encoding="utf-8") as handle:
                return handle.read().splitlines()
        except FileNotFoundError:
            return []

    @property
    def served(self):
        """[(path, epoch ms)] of the requests answered with 200 since `clear()`."""
        lines = [line.split(" ", 2) for line in self._lines()[self.start:]]
        return [(path, float(msec) * 1000) for msec, status, path in lines if status == "200"]

    def clear(self):
        self.start = len(self._lines())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class PythonServer:
    """The standard library's server, when nginx is not installed."""

    def __init__(self, root, work):
        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Recorder, directory=root))
        self.server.served = []
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def served(self):
        return list(self.server.served)

    def clear(self):
        self.server.served.clear()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def build_sample_site(output):
    """The sample site in every language of SITE_LANGUAGES, as `make html` builds it (the root
    language at the root, each other one under /<code>/)."""
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "plugins"))
    subprocess.run([sys.executable, "-m", "sitetools.pelican_command",
                    os.path.join(ROOT, "content"), "-o", output,
                    "-s", os.path.join(ROOT, "pelicanconf.py"), "--fatal", "errors",
                    "-e", 'BUILD_DATE="2026-11-29"'], cwd=ROOT, env=env, check=True,
                   capture_output=True)


def site_language(output, prefix):
    """The SearchLanguage of the sample site's language at `prefix` ("" or "/nb"), its scripts'
    addresses as that build wrote them (none for English)."""
    with open(os.path.join(output, prefix.strip("/"), "search", "index.json"),
              encoding="utf-8") as handle:
        written = json.load(handle).get("language")
    if not written:
        return ENGLISH
    language = search_language(written["code"], written.get("lunr"))
    return dataclasses.replace(language, urls=tuple(written.get("scripts", ())))


def install_index(output, files, prefix=""):
    """Replace the built site's index files (of the language at `prefix`) with `files`."""
    folder = os.path.join(output, prefix.strip("/"), "search")
    for name in os.listdir(folder):
        if name != "index.html":
            path = os.path.join(folder, name)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    for name, text in files.items():
        path = os.path.join(folder, *name.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


@functools.lru_cache(maxsize=None)
def cdn_bytes(root, path):
    """Brotli size of the file served at `path`, at the quality the precompress plugin uses."""
    relative = urllib.parse.unquote(path).lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    with open(os.path.join(root, relative), "rb") as handle:
        data = handle.read()
    # HTML at 6, except the search page (PRECOMPRESS_BEST_HTML, which search_index sets)
    html = relative.endswith(".html") and not relative.endswith("search/index.html")
    return len(brotli.compress(data, quality=6 if html else 11))


def _bytes(root, served, until=None):
    """Brotli bytes of the files served (before `until`, epoch ms), each counted once."""
    return sum(cdn_bytes(root, path)
               for path in {path for path, at in served if until is None or at <= until})


def measure_browser(output, first, second, warm, runs=3, prefix=""):
    """Load `prefix`/search/?q=`first` `runs` times in fresh browser contexts (counting the files asked
    for before the first result is painted); then ask `second` and each of `warm` in the box. Returns medians: bytes to the first result, ms to it, longest
    main-thread task, bytes the second query added, ms from submitting a query to its results
    drawn with the index warm (every file it needs fetched before) and fresh (fetching them);
    and the files of the last run's first result, each with its brotli bytes."""
    from playwright.sync_api import sync_playwright

    work = tempfile.mkdtemp(prefix="server-", dir=os.path.dirname(output))
    server = (Nginx if os.path.exists(NGINX) else PythonServer)(output, work)
    base = server.base
    figures, first_files = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                 headless=True)
            # a browser already running, as a visitor's is: one page load before measuring
            context = browser.new_context()
            context.new_page().goto(f"{base}/")
            context.close()
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                page.add_init_script(OBSERVER)
                server.clear()
                page.goto(f"{base}{prefix}/search/?q={urllib.parse.quote(first)}",
                          wait_until="commit")
                # when the first result is there to paint, since navigation and on the wall clock
                painted, painted_at = page.evaluate(
                    "() => new Promise((resolve) => { const check = () => {"
                    " if (document.querySelector('.result__link')) {"
                    " resolve([performance.now(), performance.timeOrigin + performance.now()]); }"
                    " else { requestAnimationFrame(check); } }; check(); })")
                page.wait_for_timeout(50)  # requests that were under way are logged
                first_bytes = _bytes(output, server.served, painted_at)
                first_files = sorted({path for path, at in server.served if at <= painted_at})
                page.wait_for_function(
                    "() => document.getElementById('search-results').dataset.complete === 'true'")
                seen = list(server.served)
                page.evaluate(RESULTS_PAINTED, page.evaluate(SUBMIT, second))
                second_bytes = _bytes(output, server.served) - _bytes(output, seen)
                fresh = [page.evaluate(RESULTS_PAINTED, page.evaluate(SUBMIT, query))
                         for query in warm]
                # warm: every file these queries need is in the browser; each asked again
                timings = [page.evaluate(RESULTS_PAINTED, page.evaluate(SUBMIT, query))
                           for query in warm[1:] + warm[:1]]
                page.wait_for_timeout(100)  # let the observer deliver the last entries
                longest = max(page.evaluate("window.benchLongTasks"), default=0)
                figures.append((first_bytes, painted, longest, second_bytes,
                                statistics.median(timings), statistics.median(fresh)))
                context.close()
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(work)
    medians = tuple(statistics.median(values) for values in zip(*figures))
    return medians, [(path, cdn_bytes(output, path)) for path in first_files]


def _line(label, value, unit, target, ok):
    mark = "ok" if ok else "OVER"
    print(f"  {label:<44} {value:>9} {unit:<3} target {target:<12} {mark}")


def queries_for(builder):
    """A one-word first query (a word of a member's name), a second one (a town) and ten more
    for the warm timing: prefixes, places, a service, a typo, two words."""
    members = builder.members
    pick = members[len(members) // 3]
    other = members[len(members) // 2]
    name_word = max(pick.name.split(), key=len).lower()
    warm = [members[len(members) // 5].name.split()[0][:4], members[len(members) // 7].city,
            "backup", "cloud", members[len(members) // 9].name,
            name_word[:1] + "x" + name_word[2:], f"{other.name.split()[0]} {other.city}",
            "restore", members[len(members) // 11].name.split()[-1], "security audit"]
    return name_word, other.city, warm


def run_size(count, articles, issues, sample_output, runs, list_files=False, code="en"):
    prefix = "" if code == "en" else f"/{code}"
    language = site_language(sample_output, prefix)
    print(f"\n{count:,} members, {articles:,} articles, {issues:,} newsletter issues; "
          f"search page {prefix}/search/ ({code}, stemmer: {language.lunr or 'none'})")
    builder = make_builder(count, articles, issues, language)
    timings, files, same = build_seconds(builder)
    data = sum(len(text.encode("utf-8")) for text in files.values())
    print(f"  index files: {len(files):,} ({data / 1e6:.1f} MB raw); entry file "
          f"{len(brotli.compress(files['index.json'].encode(), quality=11)) / KB:.1f} KB brotli")
    build = statistics.median(wall for wall, _ in timings)
    cpu = statistics.median(cpu for _, cpu in timings)
    target = f"{BUILD_TARGET:.0f} s at 100k" if count == 100000 else "-"
    _line("index build, wall clock (median of 2)", f"{build:.1f}", "s", target,
          build <= BUILD_TARGET or count != 100000)
    print(f"  {'index build, CPU time (median of 2)':<44} {cpu:>9.1f} s")
    print(f"  two builds byte-identical: {'yes' if same else 'NO'}")
    if not os.path.exists(CHROMIUM):
        print(f"  (no {CHROMIUM}: browser figures skipped)")
        return None
    output = os.path.join(os.path.dirname(sample_output), f"site-{count}-{code}")
    shutil.copytree(sample_output, output)
    install_index(output, files, prefix)
    del files
    first, second, warm = queries_for(builder)
    figures, first_files = measure_browser(output, first, second, warm, runs, prefix)
    shutil.rmtree(output)
    first_bytes, painted, longest, second_bytes, warm_ms, fresh_ms = figures
    print(f"  queries: first {first!r}, second {second!r}; browser medians of {runs} runs")
    target = FIRST_QUERY_TARGET.get(count)
    _line("bytes to the first result (brotli, all files)", f"{first_bytes / KB:.1f}", "KB",
          f"{target / KB:.0f} KB" if target else "-", target is None or first_bytes <= target)
    if list_files:
        for path, size in first_files:
            print(f"    {size / KB:>6.1f} KB  {path}")
    _line("bytes a second query adds", f"{second_bytes / KB:.1f}", "KB",
          f"{SECOND_QUERY_TARGET / KB:.0f} KB", second_bytes <= SECOND_QUERY_TARGET)
    _line("first result painted after navigation", f"{painted:.0f}", "ms",
          f"{FIRST_PAINT_TARGET} ms", painted <= FIRST_PAINT_TARGET)
    _line("longest main-thread task", f"{longest:.0f}", "ms", f"< {LONG_TASK_TARGET} ms",
          longest < LONG_TASK_TARGET)
    _line("query to results painted, warm (median of 10)", f"{warm_ms:.0f}", "ms",
          f"{WARM_QUERY_TARGET} ms", warm_ms <= WARM_QUERY_TARGET)
    print(f"  {'query to results painted, fetching its files':<44} {fresh_ms:>9.0f} ms  "
          "(no target; local server)")
    return figures


def run_from_bench(args):
    """Called by `make bench` (bench.bench) with its parsed arguments: the index build at
    1,000 and N members, without the browser."""
    for count in sorted({1000, args.count}):
        builder = make_builder(count, 1000, 100)
        timings, files, same = build_seconds(builder)
        print(f"search index, {count:,} members and 1,000 articles: built in "
              f"{statistics.median(wall for wall, _ in timings):.1f} s; {len(files):,} files; "
              f"deterministic: {'yes' if same else 'NO'} (make bench-search for the browser)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench_search", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", action="store_true",
                        help="list each file fetched before the first result, with its bytes")
    parser.add_argument("--languages", nargs="+", default=["en", "nb"],
                        help="the search pages measured: en at /search/, another at "
                        "/<code>/search/")
    args = parser.parse_args(argv)
    print("Search benchmark (KB = 1,000 bytes; targets from issues #9 and #26). Pagefind's published "
          "behaviour, for comparison: about 150-230 KB to a first query at any site size.")
    scratch = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(prefix="msp-bench-search-", dir=scratch) as folder:
        sample = os.path.join(folder, "sample")
        build_sample_site(sample)
        for count in args.members:
            for code in args.languages:
                run_size(count, args.articles, args.issues, sample, args.runs, args.files, code)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
