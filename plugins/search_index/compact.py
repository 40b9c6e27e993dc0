"""One lunr index, tokenised exactly as lunr.js 2.3.9 does, kept as postings that chunks.py cuts
into files by term.

lunr's own serialised index (`lunr.py`'s `Index.serialize()`) spells out every posting as
`"ref": {}` and every BM25 weight in every field vector: about 600 KB of brotli for the names and
places of 10,000 members, and it has to be fetched whole. This writer tokenises as lunr does
(tests compare it with lunr.py's builder and with lunr.js's) and keeps, per field:

- `postings[field][term]`: the documents holding the term (refs are 0..count-1) with the term
  frequency;
- `lengths[field]`: the number of terms of each document's field, and their sum (lunr's average
  field length is that sum over the document count).

`encode(term)` writes one term's postings per field so that the browser can rebuild lunr's
posting and field-vector entries for that term alone (see `loadIndex` in
theme/static/js/search-text.js): a list of numbers per field, for each document its ref (the
first as a zigzag-coded gap from `first`, the others as gaps from the previous), then its field
length, then, when the term occurs more than once, minus the term frequency. BM25 needs the field
length of each document holding the term; storing it beside the posting is what lets a chunk
score its documents without the lengths of all the others.
"""

import collections

from lunr.token import Token

from .text import PIPELINES, clean_text


def zigzag(number):
    """0, -1, 1, -2 ... as 0, 1, 2, 3 ... (a small number either way stays small)."""
    return number * 2 if number >= 0 else -number * 2 - 1


class CompactIndexWriter:
    """Documents in, postings out. Refs are the order documents were added (0, 1, ...)."""

    def __init__(self, spec, keep_documents=False, terms=None, pipeline=None):
        """pipeline: the steps of spec.pipeline (by default text.PIPELINES', English)."""
        self.spec = spec
        # the documents as lunr sees them ({'ref': '0', field: text}), for tests to compare
        self.documents = [] if keep_documents else None
        self.fields = [field for field, _ in spec.fields]
        self.pipeline = pipeline or PIPELINES[spec.pipeline]
        self.count = 0
        self.lengths = {field: [] for field in self.fields}
        # field -> term -> [ref, tf, ref, tf, ...]
        self.postings = {field: collections.defaultdict(list) for field in self.fields}
        # token -> term, or None when dropped (the pipeline is pure: cached; `terms` shares the
        # cache of writers with the same pipeline)
        self._terms = {} if terms is None else terms

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
            text = fields.get(field)
            if not text:
                self.lengths[field].append(0)
                continue
            # lunr.js lower-cases, then splits on /[\s\-]+/; clean_text left single spaces only
            tokens = clean_text(text).lower().replace("-", " ").split(" ")
            for token in set(tokens).difference(cache):
                cache[token] = self.term(token) if token else None
            frequencies = collections.Counter(map(cache.__getitem__, tokens))
            frequencies.pop(None, None)
            self.lengths[field].append(sum(frequencies.values()))
            postings = self.postings[field]
            for term, tf in frequencies.items():
                postings[term] += (ref, tf)
        return ref

    def terms(self):
        """Every term of the index."""
        return set().union(*self.postings.values())

    def header(self):
        """What scoring needs besides the postings: fields, pipeline, document count and the
        total length of each field."""
        return {
            "count": self.count,
            "fields": [list(field) for field in self.spec.fields],
            "pipeline": self.spec.pipeline,
            "lengths": {field: sum(values) for field, values in self.lengths.items()},
        }

    def encode(self, term, firsts):
        """One term's postings, {field: [numbers]} (fields without it left out). `firsts`
        (field -> ref) is the first ref of the previous term written in the same file: the first
        ref is written as a gap from it, and it is updated."""
        encoded = {}
        for field in self.fields:
            entries = self.postings[field].get(term)
            if not entries:
                continue
            refs, tfs = entries[0::2], entries[1::2]
            gaps = [zigzag(refs[0] - firsts.get(field, 0))]
            gaps += [ref - previous for previous, ref in zip(refs, refs[1:])]
            lengths = self.lengths[field]
            if max(tfs) == 1:
                numbers = [n for ref, gap in zip(refs, gaps) for n in (gap, lengths[ref])]
            else:
                numbers = []
                for ref, gap, tf in zip(refs, gaps, tfs):
                    numbers += (gap, lengths[ref], -tf) if tf > 1 else (gap, lengths[ref])
            firsts[field] = entries[0]
            encoded[field] = numbers
        return encoded
