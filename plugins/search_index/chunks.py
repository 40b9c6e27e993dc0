"""Cutting the indexes into files by term, so that a query fetches only what its words need.

Every index (members, content, descriptions) shares one sorted term space (JavaScript string
order, as lunr sorts). It is cut into *chunks* of consecutive terms of about `target` characters
of postings each: a chunk holds, for each of its terms, the postings of every index that has the
term. A term with very many postings is a chunk on its own. The entry file lists the shortest
prefix that starts each chunk, so the browser finds the chunk of a term, or the chunks of all terms
with a prefix (one range, since terms are sorted), with a binary search.

Typo candidates (one edit away, lunr's `editDistance: 1`) are not one range. For a word of five
letters or more, one edit leaves either its first two letters or its last two letters as they
were. So the *vocabulary* (the terms alone, of four letters or more) is also written in small
files by first two letters (`p…`) and by last two letters (`s…`): the browser fetches the two
files of a misspelt word, picks the terms one edit away, and fetches only their chunks. The
candidates are exactly those an index holding every term would have found.
"""

import hashlib
import json

# Characters of postings in one chunk before a new one starts. The chunk of a one-word query
# is about 2.6 KB brotli at 1,000 and 10,000 members (4.2 KB at 12,000 characters), for an
# entry file 0.2 to 0.3 KB longer; the search page's first result stays within its 40 KB.
CHUNK_TARGET = 8000
# Shortest term the vocabulary files hold: a typo is looked up for words of five letters or
# more, and one deletion leaves four.
VOCABULARY_MIN = 4


def js_order(term):
    """Sort key: JavaScript's string order (UTF-16 code units), which lunr's token set uses."""
    return term.encode("utf-16-be")


def dumps(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def key_name(kind, key):
    """File name of a vocabulary key: p or s, then the key's UTF-8 bytes in hex."""
    return f"{kind}{key.encode('utf-8').hex()}"


def gaps(refs):
    """Sorted refs as the first, then the differences."""
    previous, out = 0, []
    for ref in refs:
        out.append(ref - previous)
        previous = ref
    return out


def _boundary(first, last):
    """The shortest prefix of `first` that sorts after `last`."""
    for size in range(1, len(first) + 1):
        if js_order(first[:size]) > js_order(last):
            return first[:size]
    return first


def _cost(writers, term):
    """Rough size in characters of a term's postings in every index."""
    size = len(term) + 4
    for writer in writers.values():
        for postings in writer.postings.values():
            entries = postings.get(term)
            if entries:
                size += 3 * len(entries) + 4
    return size


def chunk_files(writers, target=CHUNK_TARGET):
    """(boundaries, [chunk data]) for the writers (index name -> CompactIndexWriter)."""
    terms = sorted(set().union(*(writer.terms() for writer in writers.values())), key=js_order)
    groups, current, size = [], [], 0
    for term in terms:
        cost = _cost(writers, term)
        if current and size + cost > target:
            groups.append(current)
            current, size = [], 0
        current.append(term)
        size += cost
    if current:
        groups.append(current)
    boundaries = [""] + [_boundary(group[0], previous[-1])
                         for previous, group in zip(groups, groups[1:])]
    chunks = []
    for group in groups:
        chunk = {}
        for name, writer in writers.items():
            own = [term for term in group if any(term in p for p in writer.postings.values())]
            if not own:
                continue
            firsts = {}
            columns = {field: [] for field in writer.fields}
            for term in own:
                encoded = writer.encode(term, firsts)
                for field in writer.fields:
                    columns[field].append(encoded.get(field, []))
            chunk[name] = {"terms": own, **columns}
        chunks.append(chunk)
    return boundaries, chunks


def vocabulary_files(terms):
    """{(kind, key): sorted terms} for the typo lookup: kind "p" by first two letters, "s" by
    last two letters. `key_name` names the file of each."""
    files = {}
    for term in terms:
        if len(term) < VOCABULARY_MIN:
            continue
        files.setdefault(("p", term[:2]), []).append(term)
        files.setdefault(("s", term[-2:]), []).append(term)
    return {key: sorted(words, key=js_order) for key, words in files.items()}


def folder_name(files):
    """A name for the folder of the data files, from their content: a new build that changes
    anything gets a new folder, so a browser never mixes files of two builds."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0" + files[name].encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]
