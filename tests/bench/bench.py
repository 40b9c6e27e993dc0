"""`make bench`: our build beside Hugo's on the same members and the same work.

N synthetic members (`bench.synthetic`, the same profiles for both builds) are built by our
Pelican site and by a Hugo site that does the same work (`bench.bench_hugo`): per member a
profile page, a verify page, a badge and a JSON record; the directory and the service and country
pages paginated by 48; the same page shell. Runs alternate, ours then Hugo's, first with both
writing to a RAM disk (/dev/shm, what the build computes) and then to the disk (what writeback
adds). Each of our builds is a fresh process that reports its phases through Pelican's signals
(no patching), pages per second and peak memory. `--profile` prints where the time goes in one
extra build (cProfile, in one process so that rendering shows), `--incremental` times a rebuild
after one edited profile.
"""

import argparse
import datetime
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AS_OF = datetime.date(2026, 11, 29)
RAM_DISK = "/dev/shm"
PHASES = (("start", "Pelican start, plugins, settings"),
          ("read", "read + validate + models (generate_context)"),
          ("write", "render + write (generate_output)"),
          ("finish", "finalized signal: the last workers' writes, precompress, ..."))


# --- one build, in its own process -----------------------------------------------------------

def one_build(providers, output, profile=False, extra=None, language=None):
    """Build once in this process; print one JSON line of figures. With `language`, the run
    that writes that language of SITE_LANGUAGES (as make html runs it below /<code>/)."""
    from pelican import Pelican, signals
    from pelican.settings import read_settings

    marks = {}

    def mark(name):
        def receiver(*_args, **_kwargs):
            marks.setdefault(name, time.perf_counter())
        return receiver

    # Receivers are kept referenced (blinker holds weak references).
    receivers = {"generators": mark("generators"), "context": mark("context"),
                 "writer": mark("writer"), "finalized": mark("finalized")}
    signals.generator_init.connect(receivers["generators"])
    signals.all_generators_finalized.connect(receivers["context"])
    signals.get_writer.connect(receivers["writer"])
    signals.finalized.connect(receivers["finalized"])
    overrides = {"PROVIDERS_PATH": providers, "OUTPUT_PATH": output,
                 "BUILD_DATE": AS_OF.isoformat(), "PATH": os.path.join(ROOT, "content")}
    overrides.update(extra or {})
    if language:
        from i18n.runs import run_overrides

        base = read_settings(os.path.join(ROOT, "pelicanconf.py"), override=dict(overrides))
        overrides.update(run_overrides(base, language))
    start = time.perf_counter()
    settings = read_settings(os.path.join(ROOT, "pelicanconf.py"), override=overrides)
    pelican = Pelican(settings)
    if profile:
        import cProfile
        import pstats
        profiler = cProfile.Profile()
        profiler.runcall(pelican.run)
        end = time.perf_counter()
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(r"(plugins|pelican|jinja2|markdown_it)", 30)
        stats.sort_stats("tottime").print_stats(15)
    else:
        pelican.run()
        end = time.perf_counter()
    files = sum(len(names) for _, _, names in os.walk(output))
    figures = {
        "total": end - start,
        "start": marks["generators"] - start,
        "read": marks["context"] - marks["generators"],
        "write": marks["finalized"] - marks["writer"],
        "finish": end - marks["finalized"],
        "files": files,
        # processor time of this process and its workers: the work done, whatever the load
        "cpu": sum(usage.ru_utime + usage.ru_stime for usage in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN))),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps(figures))


def run_pelican(providers, output, *flags):
    if "--incremental-from" not in flags:
        shutil.rmtree(output, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [os.path.join(ROOT, "plugins"), os.path.join(ROOT, "tests")]))
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench", "--one-build", providers, output, *flags],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        sys.exit(f"bench: build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    if "--profile" in flags:
        print(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_hugo(site, output):
    shutil.rmtree(output, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(["hugo", "--quiet", "-s", site, "-d", output], check=True,
                   capture_output=True)
    seconds = time.perf_counter() - start
    return {"total": seconds, "files": sum(len(names) for _, _, names in os.walk(output))}


def old_one_template_hugo(folder, providers, slugs):
    """The anchor this bench used before: one template, one page per member."""
    from validation.yamlsafe import load_yaml

    os.makedirs(os.path.join(folder, "content", "providers"))
    os.makedirs(os.path.join(folder, "layouts", "_default"))
    with open(os.path.join(folder, "hugo.toml"), "w") as handle:
        handle.write('baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    with open(os.path.join(folder, "layouts", "_default", "single.html"), "w") as handle:
        handle.write("<!DOCTYPE html><html lang=en><title>{{ .Title }}</title>"
                     "<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}</html>\n")
    with open(os.path.join(folder, "layouts", "_default", "list.html"), "w") as handle:
        handle.write("<!DOCTYPE html><html lang=en><title>{{ .Title }}</title></html>\n")
    for slug in slugs:
        with open(os.path.join(providers, f"{slug}.yaml"), "rb") as handle:
            profile = load_yaml(handle.read())[0]
        with open(os.path.join(folder, "content", "providers", f"{slug}.md"), "w") as handle:
            json.dump({"title": profile["name"], "summary": profile["summary"]}, handle)
            handle.write("\n\n" + profile["description"] + "\n")


def edit_summary(providers, slug, marker):
    """Change one member's summary the way an editor would (the file stays valid)."""
    from validation.yamlsafe import load_yaml

    path = os.path.join(providers, f"{slug}.yaml")
    with open(path, "rb") as handle:
        profile = load_yaml(handle.read())[0]
    profile["summary"] = f"Edited for the bench ({marker}). {profile['summary']}"[:280]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(profile, handle, ensure_ascii=False, indent=1)
    return profile["summary"]


def devserver_reload(providers, slugs, output):
    """For each of `slugs` in turn, a summary edit saved while make devserver runs: (seconds
    from the save to the member's page served with the new text, the preview of
    plugins/dev_preview; seconds from the save to the whole rebuilt site served)."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "plugins"), PYTHONUNBUFFERED="1")
    log = output + ".log"
    command = [sys.executable, "-m", "sitetools.devserver", "-s",
               os.path.join(ROOT, "pelicanconf.py"), "-o", output, "-p", str(port), "-e",
               f"PROVIDERS_PATH={json.dumps(providers)}",
               f"BUILD_DATE={json.dumps(AS_OF.isoformat())}"]
    with open(log, "w") as handle:
        server = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                  env=env)

    def page(slug):
        try:
            url = f"http://127.0.0.1:{port}/providers/{slug}/"
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def builds_done():
        with open(log, encoding="utf-8", errors="replace") as handle:
            return handle.read().count("devserver: build done")

    def wait(ready, since, what):
        while not ready():
            if time.monotonic() - since > 300 or server.poll() is not None:
                sys.exit(f"bench: make devserver {what}:\n{open(log).read()[-2000:]}")
            time.sleep(0.02)
        return time.monotonic() - since

    times = []
    try:
        wait(lambda: builds_done() >= 1, time.monotonic() + 600, "did not start")
        for slug in slugs:
            time.sleep(2)  # an editor saves again seconds after a build, not at once
            done = builds_done()
            summary = edit_summary(providers, slug, f"devserver, {time.time_ns()}")
            saved = time.monotonic()
            marker = summary[:summary.index(")") + 1]  # "Edited for the bench (devserver, <ns>)"
            shown = wait(lambda: marker in page(slug), saved, "never showed the edit")
            landed = wait(lambda: builds_done() > done, saved, "never finished the build")
            times.append((shown, landed))
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- printing --------------------------------------------------------------------------------

def median_of(runs, key):
    return statistics.median(run[key] for run in runs)


def print_pair(label, ours, hugo, target):
    mine, theirs = median_of(ours, "total"), median_of(hugo, "total")
    print(f"\n{label}: median of {len(ours)} alternating runs")
    for name, runs, figure in (("ours", ours, mine), ("Hugo", hugo, theirs)):
        listed = ", ".join(f"{run['total']:.2f}" for run in runs)
        print(f"  {name}   {figure:7.2f} s   runs {listed}   {int(median_of(runs, 'files'))} files")
    ratio = mine / theirs
    verdict = "within" if ratio <= target else "NOT within"
    print(f"  ratio ours/Hugo {ratio:.2f}x   (target: at most {target}x; {verdict} target)")
    return ratio


def print_phase_rows(runs):
    """One line per phase: its median over `runs` and what it covers."""
    for key, meaning in PHASES:
        print(f"  {key:8s} {median_of(runs, key):7.2f} s   {meaning}")


def print_phases(count, runs):
    total = median_of(runs, "total")
    print(f"\nOur build of {count} members, phases (median of {len(runs)} RAM-disk runs, "
          f"BUILD_DATE {AS_OF}):")
    print_phase_rows(runs)
    print(f"  total    {total:7.2f} s   (processor time {median_of(runs, 'cpu'):.1f} s, all "
          "processes)")
    files = median_of(runs, "files")
    print(f"  files    {int(files):7d}     ({files / total:.0f} files/s)")
    print(f"  peak memory {median_of(runs, 'peak_mib'):5.0f} MiB main process, "
          f"{median_of(runs, 'worker_peak_mib'):.0f} MiB largest worker (target: at most "
          "2048 MiB)")


# --- main ----------------------------------------------------------------------------------

def print_languages(providers, work, runs, root_runs):
    """Each other language of SITE_LANGUAGES, as make html builds it after the root one (its own
    run, into <output>/<code>/): cold, median of `runs`, and the whole site's total."""
    from pelican.settings import read_settings

    languages = read_settings(os.path.join(ROOT, "pelicanconf.py")).get("SITE_LANGUAGES") or []
    if len(languages) < 2:
        return
    root = median_of(root_runs, "total")
    total, cpu = root, median_of(root_runs, "cpu")
    print(f"\nThe site's other languages (SITE_LANGUAGES {', '.join(languages)}; each its own "
          f"run, as make html builds /<code>/; RAM disk, cold, median of {runs}):")
    print(f"  {languages[0]:8s} {root:7.2f} s   (the root language: the build above)")
    for code in languages[1:]:
        output = os.path.join(work, f"out-language-{code}")
        found = [run_pelican(providers, output, "--language", code) for _ in range(runs)]
        seconds = median_of(found, "total")
        total, cpu = total + seconds, cpu + median_of(found, "cpu")
        print(f"  {code:8s} {seconds:7.2f} s   {int(median_of(found, 'files'))} files, peak memory "
              f"{median_of(found, 'peak_mib'):.0f} MiB main / "
              f"{median_of(found, 'worker_peak_mib'):.0f} MiB largest worker")
        shutil.rmtree(output, ignore_errors=True)
    print(f"  all      {total:7.2f} s   (processor time {cpu:.1f} s): make html of the whole site, "
          "cold")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000, help="synthetic members (10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each; medians (3)")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of one build (one process)")
    parser.add_argument("--no-hugo", dest="hugo", action="store_false",
                        help="skip Hugo (at 100,000 members it needs more than 9 GiB)")
    parser.add_argument("--no-disk", dest="disk", action="store_false",
                        help="skip the pair of runs on the disk")
    parser.add_argument("--search", action="store_true",
                        help="also print the search index figures (as make bench-search)")
    parser.add_argument("--one-build", nargs=2, metavar=("PROVIDERS", "OUTPUT"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--one-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--incremental-from", help=argparse.SUPPRESS)
    parser.add_argument("--language", help=argparse.SUPPRESS)
    parser.add_argument("--no-languages", dest="languages", action="store_false",
                        help="skip the cold builds of the site's other languages (SITE_LANGUAGES)")
    parser.add_argument("--no-devserver", dest="devserver", action="store_false",
                        help="skip timing make devserver's reload after an edit")
    args = parser.parse_args(argv)
    if args.one_build:
        extra = {"BUILD_WORKERS": 1} if args.one_process else {}
        if args.incremental_from:
            extra["INCREMENTAL_FROM"] = args.incremental_from
        one_build(*args.one_build, profile=args.profile, extra=extra, language=args.language)
        return 0

    from bench.bench_hugo import write_hugo_site
    from bench.synthetic import write_profiles

    hugo = shutil.which("hugo") if args.hugo else None
    ram = RAM_DISK if os.path.isdir(RAM_DISK) else None
    with tempfile.TemporaryDirectory(prefix="msp-bench-", dir=ram) as work, \
            tempfile.TemporaryDirectory(prefix="msp-bench-", dir="/var/tmp") as disk:
        providers = os.path.join(work, "providers")
        start = time.perf_counter()
        # The sample members come too: the association's pages name some of them, and
        # build_gate stops a build whose leadership page names a member that is not there.
        # Hugo's site gets only the synthetic ones (a few dozen fewer pages).
        shutil.copytree(os.path.join(ROOT, "providers"), providers)
        slugs = write_profiles(providers, args.count)
        print(f"wrote {args.count} synthetic members in {time.perf_counter() - start:.1f} s "
              f"(bench.synthetic; both builds read them, ours beside the sample members)")
        if hugo:
            write_hugo_site(os.path.join(work, "hugo"), providers, slugs, AS_OF)
        pairs = [("RAM disk " + (ram or "(none: temporary folder)"), work, 1.5)]
        if args.disk:
            pairs.append(("disk " + disk, disk, 1.0))
        results = []
        for label, base, target in pairs:
            ours, theirs = [], []
            for _ in range(args.runs):  # alternating, so both see the same machine load
                os.sync()
                ours.append(run_pelican(providers, os.path.join(base, "out-ours")))
                if hugo:
                    os.sync()
                    theirs.append(run_hugo(os.path.join(work, "hugo"),
                                           os.path.join(base, "out-hugo")))
            results.append((label, ours, theirs, target))
        print_phases(args.count, results[0][1])
        if hugo:
            version = subprocess.run(["hugo", "version"], capture_output=True,
                                     text=True).stdout.split()[1]
            print(f"\nHugo {version}, the same {args.count} members and the same work "
                  "(bench.bench_hugo):")
            for label, ours, theirs, target in results:
                print_pair(label, ours, theirs, target)
        else:
            print("\n(Hugo not installed: `apt-get install hugo` to print the ratios.)")
        cold = median_of(results[0][1], "total")
        if args.languages:
            print_languages(providers, work, args.runs, results[0][1])
        incremental_runs = []
        previous = os.path.join(work, "out-ours")
        for run in range(args.runs):
            edit_summary(providers, slugs[run * 7 % len(slugs)], f"run {run}")
            output = os.path.join(work, f"out-incremental-{run}")
            incremental_runs.append(run_pelican(providers, output, "--incremental-from",
                                                previous))
            # (a RAM disk holds a whole site per output: at 100,000 members about 5 GB)
            shutil.rmtree(previous, ignore_errors=True)
            previous = output
        incremental = median_of(incremental_runs, "total")
        print(f"\nIncremental build after one edited summary (RAM disk, from the previous "
              f"output, as make html does; median of {args.runs}):")
        print_phase_rows(incremental_runs)
        print(f"  total    {incremental:7.2f} s = {incremental / cold:.3f} of the cold build "
              f"(target: at most 0.25; processor time "
              f"{median_of(incremental_runs, 'cpu'):.1f} s)")
        shutil.rmtree(previous, ignore_errors=True)
        if args.devserver:
            reloads = devserver_reload(providers, slugs[-1:-4:-1], os.path.join(work, "dev"))
            shown = statistics.median(seconds for seconds, _ in reloads)
            landed = statistics.median(seconds for _, seconds in reloads)
            print(f"\nmake devserver, a saved summary edit (median of {len(reloads)} edits; "
                  "from the write to the first HTTP response with the new text):")
            print(f"  the member's own pages {shown:6.2f} s (target: at most 1.5 s)")
            print(f"  the whole site         {landed:6.2f} s (listings, search and exports; "
                  "from the write to the build swapped in)")
        if args.profile:
            print("\nProfile of one more build in one process (BUILD_WORKERS=1), top functions "
                  "by cumulative time:")
            run_pelican(providers, os.path.join(work, "out-profile"), "--profile",
                        "--one-process")
        if args.search:
            from bench import bench_search
            bench_search.run_from_bench(args)
        if hugo:
            old = os.path.join(work, "hugo-old")
            old_one_template_hugo(old, providers, slugs)
            seconds = statistics.median(run_hugo(old, os.path.join(work, "out-old"))["total"]
                                        for _ in range(args.runs))
            print(f"\n(old anchor, not the same work: Hugo, one template, {args.count} pages, "
                  f"RAM disk: {seconds:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
