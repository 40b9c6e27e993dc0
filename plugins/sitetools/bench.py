"""`make bench`: build N synthetic provider profiles and print where the time goes.

Each run is a fresh process (so peak memory is that build's alone) that writes N profiles into a
temporary folder, then runs Pelican with the project's settings against them. Figures printed are
medians over --runs runs. If Hugo is installed (Debian package `hugo`), the same number of pages is
built with it in the same session, and the ratio is printed side by side.
"""

import argparse
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
SERVICES = ["managed-it", "cybersecurity", "backup-recovery", "cloud-management",
            "network-management", "compliance", "voip", "help-desk", "vcio", "microsoft-365",
            "data-analytics", "print-management"]
COUNTRIES = ["NO", "SE", "DK", "DE", "GB", "US", "CA", "FR", "NL", "ES", "IE", "NZ", "JP", "FI"]
WORDS = ("backup patching network cloud security audit helpdesk firewall endpoint identity "
         "compliance recovery monitoring licensing telephony analytics strategy migration").split()
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120"><title>Logo</title>'
        '<rect width="120" height="120" fill="#0b5c8a"/></svg>\n')


def synthetic_profile(number):
    """A valid profile whose fields vary with `number`; deterministic."""
    services = [SERVICES[(number + step * 5) % len(SERVICES)] for step in range(1 + number % 4)]
    country = COUNTRIES[number % len(COUNTRIES)]
    areas = sorted({country, COUNTRIES[(number * 7) % len(COUNTRIES)]})
    words = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(12))
    year = 2012 + number % 14
    expires = f"{2026 + number % 4}-{1 + number % 12:02d}-{1 + number % 28:02d}"
    return {
        "name": f"Synthetic Provider {number:05d}",
        "summary": f"Synthetic member {number} offering {words[:120]}.",
        "description": f"Synthetic description for member {number}.\n\n- {words}\n- **{words[:40]}**\n",
        "website": f"https://provider-{number:05d}.example",
        "logo": f"provider-{number:05d}.svg",
        "headquarters": {"city": f"City {number % 500}", "country": country},
        "service_areas": areas,
        "services": list(dict.fromkeys(services)),
        "industries": ["Healthcare", "Legal"][: 1 + number % 2],
        "company_size": ["1-10", "11-50", "51-200"][number % 3],
        "founded": year - 3,
        "member_since": f"{year}-03-01",
        "ethics_signed": f"{year}-03-01",
        "certifications": [{
            # issued exactly 36 months before expiry (the programme's limit), by an accredited
            # auditor (content/data/auditors.yaml); unsigned, so the build warns once
            "standard": "ucs", "program": "msp-verify",
            "issued": f"{2023 + number % 4}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "expires": expires, "report_id": f"UCS-2024-{number:05d}",
            "auditor": "Northgate Audit Partners",
        }],
        "contact": {"email": f"hello@provider-{number:05d}.example"},
        "private": {"notes": f"bench private note {number}"},
    }


def write_profiles(folder, count):
    os.makedirs(os.path.join(folder, "logos"))
    shutil.copy(os.path.join(ROOT, "providers", "schema.json"), folder)
    for number in range(count):
        slug = f"provider-{number:05d}"
        # JSON is valid YAML; the loader reads it with the same parser as real profiles
        with open(os.path.join(folder, f"{slug}.yaml"), "w", encoding="utf-8") as handle:
            json.dump(synthetic_profile(number), handle, indent=1)
        with open(os.path.join(folder, "logos", f"{slug}.svg"), "w", encoding="utf-8") as handle:
            handle.write(LOGO)


def one_build(providers, output):
    """Build once in this process; print one JSON line of phase timings."""
    import jinja2
    from pelican import Pelican
    from pelican.settings import read_settings

    from member_profiles import generator as profiles_generator
    from member_profiles import profiles

    timings = {"load": 0.0, "render": 0.0}
    original_load, original_render = profiles.load_provider_profiles, jinja2.Template.render

    def timed_load(settings):
        start = time.perf_counter()
        try:
            return original_load(settings)
        finally:
            timings["load"] += time.perf_counter() - start

    def timed_render(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original_render(self, *args, **kwargs)
        finally:
            timings["render"] += time.perf_counter() - start

    profiles_generator.load_provider_profiles = timed_load
    jinja2.Template.render = timed_render
    settings = read_settings(os.path.join(ROOT, "pelicanconf.py"), override={
        "PROVIDERS_PATH": providers, "OUTPUT_PATH": output, "BUILD_DATE": "2026-11-29",
        "PATH": os.path.join(ROOT, "content"),
    })
    start = time.perf_counter()
    Pelican(settings).run()
    total = time.perf_counter() - start
    pages = sum(1 for _, _, files in os.walk(output) for name in files if name.endswith(".html"))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"total": total, "load": timings["load"], "render": timings["render"],
                      "pages": pages, "peak_mib": peak_kib / 1024}))


def run_pelican_once(providers, workdir):
    output = os.path.join(workdir, "output")
    shutil.rmtree(output, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "plugins"))
    result = subprocess.run(
        [sys.executable, "-m", "sitetools.bench", "--one-build", providers, output],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        sys.exit(f"bench: build failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def hugo_site(folder, count):
    """The same number of pages as a minimal Hugo site (one content file per member)."""
    os.makedirs(os.path.join(folder, "content", "providers"))
    os.makedirs(os.path.join(folder, "layouts", "_default"))
    with open(os.path.join(folder, "hugo.toml"), "w") as handle:
        handle.write('baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    with open(os.path.join(folder, "layouts", "_default", "single.html"), "w") as handle:
        handle.write("<!DOCTYPE html><html lang=en><title>{{ .Title }}</title>"
                     "<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}</html>\n")
    with open(os.path.join(folder, "layouts", "_default", "list.html"), "w") as handle:
        handle.write("<!DOCTYPE html><html lang=en><title>{{ .Title }}</title><ul>"
                     "{{ range .Pages }}<li><a href='{{ .RelPermalink }}'>{{ .Title }}</a>"
                     "{{ end }}</ul></html>\n")
    for number in range(count):
        profile = synthetic_profile(number)
        with open(os.path.join(folder, "content", "providers", f"p{number:05d}.md"), "w") as h:
            h.write(f'---\ntitle: "{profile["name"]}"\nsummary: "{profile["summary"]}"\n---\n'
                    f'{profile["description"]}')


def run_hugo_once(site):
    shutil.rmtree(os.path.join(site, "public"), ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(["hugo", "--quiet", "-s", site], check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000, help="synthetic profiles (10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs; medians are printed (3)")
    parser.add_argument("--one-build", nargs=2, metavar=("PROVIDERS", "OUTPUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_build:
        one_build(*args.one_build)
        return 0
    with tempfile.TemporaryDirectory(prefix="msp-bench-") as workdir:
        providers = os.path.join(workdir, "providers")
        start = time.perf_counter()
        write_profiles(providers, args.count)
        print(f"wrote {args.count} synthetic profiles in {time.perf_counter() - start:.2f} s")
        hugo = shutil.which("hugo")
        if hugo:
            hugo_dir = os.path.join(workdir, "hugo")
            hugo_site(hugo_dir, args.count)
        runs, hugo_runs = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            runs.append(run_pelican_once(providers, workdir))
            if hugo:
                hugo_runs.append(run_hugo_once(hugo_dir))
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    write = median["total"] - median["load"] - median["render"]
    print(f"\nPelican build of {args.count} profiles, median of {args.runs} runs "
          f"(BUILD_DATE 2026-11-29):")
    print(f"  load+validate  {median['load']:8.2f} s")
    print(f"  render         {median['render']:8.2f} s   (Jinja template rendering)")
    print(f"  write + rest   {write:8.2f} s   (writing files, copying logos, Pelican itself)")
    print(f"  total          {median['total']:8.2f} s")
    print(f"  pages          {int(median['pages']):8d}     "
          f"({median['pages'] / median['total']:.0f} pages/s)")
    print(f"  peak memory    {median['peak_mib']:8.0f} MiB")
    print("  all totals     " + ", ".join(f"{run['total']:.2f}" for run in runs) + " s")
    if hugo_runs:
        hugo_median = statistics.median(hugo_runs)
        print(f"\nHugo ({subprocess.run(['hugo', 'version'], capture_output=True, text=True).stdout.split()[1]}), "
              f"{args.count} pages, same session: median {hugo_median:.2f} s "
              f"(runs {', '.join(f'{t:.2f}' for t in hugo_runs)})")
        print(f"  ratio Pelican/Hugo: {median['total'] / hugo_median:.1f}x (target: at most 1.5x)")
    else:
        print("\n(Hugo not installed: `apt-get install hugo` to print the side-by-side ratio.)")
    try:
        from sitetools import bench_search
    except ImportError:
        return 0
    bench_search.run_from_bench(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
