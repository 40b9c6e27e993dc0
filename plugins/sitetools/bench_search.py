"""Search benchmark for `make bench`: index build seconds and the brotli bytes a visitor fetches
before the first result, for synthetic members, articles and newsletter issues.

The entries are fed straight to the index builder (no Pelican), so the figures are the search
index's own. Text is synthetic but shaped like the real thing: company names from a few hundred
parts, Zipf-distributed words for summaries, descriptions and articles.

    python -m sitetools.bench_search --members 10000 --articles 1000 --issues 200
"""

import argparse
import os
import random
import statistics
import time

import brotli

from search_index.builder import DocumentEntry, MemberEntry, SearchIndexBuilder

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATIC = os.path.join(ROOT, "theme", "static")
# What the search page loads before it can show a result (besides the page and its CSS).
FIRST_RESULT_SCRIPTS = ("js/search.js", "js/search-worker.js", "js/search-text.js",
                        "vendor/lunr/lunr.min.js")
FIRST_RESULT_SHARDS = ("members.json",)
SERVICES = [("managed-it", "Managed IT support"), ("cybersecurity", "Managed security"),
            ("backup-recovery", "Backup and disaster recovery"),
            ("cloud-management", "Cloud management"), ("network-management", "Network management"),
            ("compliance", "Compliance and governance"),
            ("voip", "Voice and unified communications"), ("help-desk", "24/7 help desk"),
            ("vcio", "Virtual CIO and IT strategy"), ("microsoft-365", "Microsoft 365 administration"),
            ("data-analytics", "Data and analytics"), ("print-management", "Print management")]
COUNTRIES = [("AU", "Australia"), ("CA", "Canada"), ("DE", "Germany"), ("DK", "Denmark"),
             ("ES", "Spain"), ("FI", "Finland"), ("FR", "France"), ("GB", "United Kingdom"),
             ("IE", "Ireland"), ("JP", "Japan"), ("NL", "Netherlands"), ("NO", "Norway"),
             ("NZ", "New Zealand"), ("SE", "Sweden"), ("US", "United States")]
STATUSES = [("active", "Active"), ("expiring", "Expiring soon"), ("expired", "Expired"),
            ("pending", "Not yet in force")]
SYLLABLES = ("ka ri to na le mo su vi ra de lo fa ne ti ba go mi ru se ha da ko li pe sa no "
             "ve ta ro mu fi bo ge ni lu").split()
SUFFIXES = ["Ltd", "GmbH", "AS", "AB", "Inc.", "LLC", "B.V.", "Oy", "SARL", "ApS"]
KINDS = ["IT", "Systems", "Networks", "Cloud", "Technology", "Managed Services", "Data",
         "Helpdesk", "Informatik", "Digital"]


class Synthetic:
    """Deterministic synthetic text: a vocabulary of pseudo-words drawn with Zipf weights."""

    def __init__(self, seed=2026, vocabulary=6000):
        self.random = random.Random(seed)
        words = set()
        while len(words) < vocabulary:
            words.add("".join(self.random.choice(SYLLABLES)
                              for _ in range(self.random.choice((1, 2, 2, 3, 3, 4)))))
        self.words = sorted(words)
        self.weights = [1 / (rank + 1) for rank in range(len(self.words))]
        self.random.shuffle(self.words)

    def text(self, count):
        return " ".join(self.random.choices(self.words, self.weights, k=count))

    def name(self):
        part = "".join(self.random.choice(SYLLABLES) for _ in range(self.random.choice((2, 3))))
        return (f"{part.capitalize()} {self.random.choice(KINDS)} "
                f"{self.random.choice(SUFFIXES)}")

    def member(self, number):
        country = self.random.choice(COUNTRIES)
        areas = sorted({self.random.choice(COUNTRIES)[0] for _ in range(2)} - {country[0]})
        services = sorted({self.random.choice(SERVICES)[0] for _ in range(3)})
        city = self.text(1).capitalize()
        return MemberEntry(
            slug=f"provider-{number:05d}", name=self.name(),
            url=f"providers/provider-{number:05d}/",
            status=self.random.choice(("active",) * 6 + ("expiring", "expired", "pending")),
            country=country[0], areas=tuple(areas), city=city,
            places=(city,),
            services=tuple(services), summary=self.text(18) + ".",
            description=self.text(self.random.randint(60, 160)),
        )

    def document(self, kind, number, words):
        return DocumentEntry(
            type=kind, title=self.text(6).capitalize(), url=f"{kind}s/{kind}-{number:05d}/",
            date=f"20{10 + number % 16}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            summary=self.text(25) + ".", text=self.text(words),
        )


def make_builder(count_members, count_articles, count_issues):
    synthetic = Synthetic()
    builder = SearchIndexBuilder(SERVICES, COUNTRIES, STATUSES, verified=("active", "expiring"),
                                 member_url="providers/{slug}/")
    for number in range(count_members):
        builder.add_member(synthetic.member(number))
    for number in range(count_articles):
        builder.add_document(synthetic.document("article", number, 600))
    for number in range(count_issues):
        builder.add_document(synthetic.document("newsletter", number, 1000))
    return builder


def brotli_size(data):
    return len(brotli.compress(data, quality=11))


def measure(count_members, count_articles, count_issues):
    """(seconds to build the index files, {file: (raw bytes, brotli bytes)})."""
    builder = make_builder(count_members, count_articles, count_issues)
    start = time.perf_counter()
    files = builder.files()
    seconds = time.perf_counter() - start
    sizes = {}
    for name, text in files.items():
        data = text.encode("utf-8")
        sizes[name] = (len(data), brotli_size(data))
    return seconds, sizes


def run(count_members, count_articles, count_issues, runs=3):
    """Print the medians of `runs` index builds and the sizes (same every run: deterministic)."""
    timings = []
    for _ in range(runs):
        seconds, sizes = measure(count_members, count_articles, count_issues)
        timings.append(seconds)
    scripts = 0
    for name in FIRST_RESULT_SCRIPTS:
        with open(os.path.join(STATIC, name), "rb") as handle:
            scripts += brotli_size(handle.read())
    first = scripts + sum(sizes[name][1] for name in FIRST_RESULT_SHARDS)
    print(f"\nSearch index: {count_members} members, {count_articles} articles, "
          f"{count_issues} newsletter issues (median of {runs} runs)")
    print(f"  index build       {statistics.median(timings):8.2f} s   "
          f"(runs {', '.join(f'{t:.2f}' for t in timings)}; target at 10,000 members: 3 s)")
    for name, (raw, compressed) in sorted(sizes.items()):
        print(f"  {name:<17} {compressed / 1024:8.1f} KiB brotli ({raw / 1024:.0f} KiB raw)")
    print(f"  scripts           {scripts / 1024:8.1f} KiB brotli ({', '.join(FIRST_RESULT_SCRIPTS)})")
    print(f"  first result      {first / 1024:8.1f} KiB brotli (scripts + "
          f"{', '.join(FIRST_RESULT_SHARDS)}; target: 100 KB at 1,000 members, "
          f"about 200 KB at 10,000)")
    return {"build_seconds": statistics.median(timings), "sizes": sizes, "first_result": first}


def run_from_bench(args):
    """Called by sitetools.bench with its parsed arguments: 1,000 and N members."""
    for count in sorted({1000, args.count}):
        run(count, 1000, 200, runs=args.runs)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench_search", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--issues", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    for count in args.members:
        run(count, args.articles, args.issues, runs=args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
