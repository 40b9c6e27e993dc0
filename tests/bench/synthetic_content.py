"""Synthetic articles and newsletter issues with varied text, for search benchmarks and scale
tests (the members come from synthetic.py).

The words are those of the repository's own sample content (content/), drawn with a skewed
(Zipf) distribution by how often they occur there, and one word in twelve is coined from
syllables, so that a thousand articles have a realistic vocabulary: a few common words and a long
tail of rare ones. The same seed and count always give the same text.
"""

import collections
import datetime
import os
import random
import re

from bench.synthetic import SYLLABLES

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CATEGORIES = ("Operations", "Security", "Buying guides", "Compliance", "Cloud", "The profession")


def _sample_words(content):
    """Words of the sample Markdown content, most frequent first."""
    counts = collections.Counter()
    for folder, _, names in sorted(os.walk(content)):
        for name in sorted(names):
            if name.endswith(".md"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    text = re.sub(r"\{[a-z]+\}[^ )\"]*|<[^>]+>", " ", handle.read())
                counts.update(re.findall(r"[A-Za-z][a-z]{1,}", text))
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


class SyntheticContent:
    """Deterministic articles and newsletter issues: `article(n)` is the same for the same seed."""

    def __init__(self, seed=2026, content=os.path.join(ROOT, "content")):
        self.seed = seed
        self.words = _sample_words(content)
        self.weights = [1 / (rank + 1) ** 0.9 for rank in range(len(self.words))]
        families = sorted(SYLLABLES)
        coin = random.Random(f"{seed}:coined")
        self.coined = sorted({"".join(coin.choice(SYLLABLES[coin.choice(families)])
                                      for _ in range(coin.choice((2, 3))))
                              for _ in range(4000)})

    def _words(self, rng, count):
        words = rng.choices(self.words, self.weights, k=count)
        for i in range(0, count, 12):
            words[rng.randrange(i, min(i + 12, count))] = rng.choice(self.coined)
        return words

    def sentence(self, rng, low=6, high=18):
        words = self._words(rng, rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def paragraph(self, rng):
        return " ".join(self.sentence(rng) for _ in range(rng.randint(2, 6)))

    def document(self, kind, number, paragraphs):
        """(title, summary, [paragraphs]) of one article or issue."""
        rng = random.Random(f"{self.seed}:{kind}:{number}")
        title = " ".join(self._words(rng, rng.randint(3, 8))).capitalize()
        summary = self.sentence(rng, 10, 24)
        return title, summary, [self.paragraph(rng) for _ in range(rng.randint(*paragraphs))]

    def article(self, number):
        return self.document("article", number, (3, 9))

    def issue(self, number):
        return self.document("newsletter", number, (4, 10))

    @staticmethod
    def date(number, start=datetime.date(2016, 1, 4)):
        return start + datetime.timedelta(days=3 * number)


def write_articles(folder, count, seed=2026):
    """Write `count` Markdown articles into `folder` (a content/articles folder); return slugs."""
    content = SyntheticContent(seed)
    os.makedirs(folder, exist_ok=True)
    slugs = []
    for number in range(count):
        title, summary, paragraphs = content.article(number)
        slug = f"synthetic-article-{number:05d}"
        headers = (f"Title: {title}\nDate: {content.date(number).isoformat()}\nSlug: {slug}\n"
                   f"Authors: Marcus Adeyemi\nCategory: {CATEGORIES[number % len(CATEGORIES)]}\n"
                   f"Summary: {summary}\n\n")
        with open(os.path.join(folder, f"{slug}.md"), "w", encoding="utf-8") as handle:
            handle.write(headers + "\n\n".join(paragraphs) + "\n")
        slugs.append(slug)
    return slugs
