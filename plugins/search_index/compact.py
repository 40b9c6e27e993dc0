"""A lunr index in compact form: what lunr.js 2.3.9 needs to rebuild it, and nothing it can
compute itself.

lunr's own serialised index (`lunr.py`'s `Index.serialize()`) spells out every posting as
`"ref": {}` and every BM25 weight in every field vector: about 600 KB of brotli for the names,
services and places of 10,000 members, and lunr.py takes over a minute to build an index of
10,000 members and 1,200 articles. This writer tokenises exactly as lunr does (tests compare it
with lunr.py's builder and with lunr.js's) and stores, per field:

- `terms`: the sorted vocabulary; a term's position is its lunr `_index`;
- `postings[field][term]`: the documents holding the term (refs are 0..count-1) as gaps: the
  first from the first document of the previous term with any in that field (terms are sorted,
  and so, roughly, are names), zigzag-encoded since it may be negative (0, -1, 1, -2 ... are
  written 0, 1, 2, 3 ...), the others from the previous document; a term frequency above 1
  follows its document's gap as a negative number;
- `lengths[field]`: the number of terms of each document's field.

`decodeIndex` in theme/static/js/search-text.js turns this back into lunr's serialised form,
computing the weights with lunr's own BM25 formula (k1 1.2, b 0.75), and loads it with
`lunr.Index.load`: the result is the index lunr.js would have built from the same documents.
"""

import collections

from lunr.token import Token

from .text import PIPELINES, clean_text


def _zigzag(number):
    return number * 2 if number >= 0 else -number * 2 - 1


class CompactIndexWriter:
    """Documents in, compact index out. Refs are the order documents were added (0, 1, ...)."""

    def __init__(self, spec, keep_documents=False):
        self.spec = spec
        # the documents as lunr sees them ({'ref': '0', field: text}), for tests to compare
        self.documents = [] if keep_documents else None
        self.fields = [field for field, _ in spec.fields]
        self.pipeline = PIPELINES[spec.pipeline]
        self.count = 0
        self.lengths = {field: [] for field in self.fields}
        # field -> term -> [ref, tf, ref, tf, ...]
        self.postings = {field: collections.defaultdict(list) for field in self.fields}
        self._terms = {}  # token -> term, or None when dropped (the pipeline is pure: cached)

    def term(self, token):
        """A token's term after the pipeline (None when the pipeline drops it)."""
        tokens = [Token(token, {})]
        for step in self.pipeline:
            tokens = [t for t in (step(token, i, tokens) for i, token in enumerate(tokens)) if t]
        return str(tokens[0]) if tokens else None

    def add(self, **fields):
        """Add one document (field name -> text); returns its ref."""
        ref = self.count
        self.count += 1
        cache = self._terms
        if self.documents is not None:
            self.documents.append({"ref": str(ref), **{
                field: clean_text(fields.get(field, "")) for field in self.fields}})
        for field in self.fields:
            # lunr.js lower-cases, then splits on /[\s\-]+/; clean_text left single spaces only
            tokens = clean_text(fields.get(field, "")).lower().replace("-", " ").split(" ")
            for token in set(tokens).difference(cache):
                cache[token] = self.term(token) if token else None
            frequencies = collections.Counter(map(cache.__getitem__, tokens))
            frequencies.pop(None, None)
            self.lengths[field].append(sum(frequencies.values()))
            postings = self.postings[field]
            for term, tf in frequencies.items():
                postings[term] += (ref, tf)
        return ref

    def _encode(self, field, terms):
        column, first = [], 0
        postings = self.postings[field]
        for term in terms:
            entries = postings.get(term)
            if not entries:
                column.append([])
                continue
            encoded = [_zigzag(entries[0] - first)]
            if entries[1] > 1:
                encoded.append(-entries[1])
            first = previous = entries[0]
            for i in range(2, len(entries), 2):
                ref, tf = entries[i], entries[i + 1]
                encoded.append(ref - previous)
                previous = ref
                if tf > 1:
                    encoded.append(-tf)
            column.append(encoded)
        return column

    def to_json(self):
        # lunr.js inserts terms into its token set in JavaScript string order (UTF-16 units)
        terms = sorted(set().union(*self.postings.values()),
                       key=lambda term: term.encode("utf-16-be"))
        return {
            "count": self.count,
            "fields": [list(field) for field in self.spec.fields],
            "pipeline": self.spec.pipeline,
            "terms": terms,
            "postings": {field: self._encode(field, terms) for field in self.fields},
            "lengths": self.lengths,
        }
