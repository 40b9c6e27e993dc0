"""The Python-built index, loaded in lunr.js 2.3.9 in headless Chromium from all its chunks,
answers every word of the sample content exactly as an index lunr.js builds itself from the same
documents."""

import json
import re
from pathlib import Path

import docutils
import jinja2
import markdown
import pelican
import pytest
from pelican import signals
from pelican.settings import read_settings

from builds import pelican_instance
from conftest import REFERENCE_DATE, ROOT, SAMPLE_PROVIDERS
from search_index.generator import SearchGenerator
from search_index.stemmer import stem
from search_site import copy_content

pytestmark = pytest.mark.browser

STATIC = ROOT / "theme" / "static"

COMPARE = """
(data) => {
  const T = window.MspSearchText;
  const problems = [];
  let queries = 0;
  data.shards.forEach((shard) => {
    const terms = [];
    shard.chunks.forEach((chunk) => terms.push(...T.decodeChunk(shard.index, chunk)));
    const python = T.loadIndex(shard.index, terms);
    const browser = T.buildIndex(shard.index, shard.documents);
    const termsPy = Object.keys(python.invertedIndex).sort();
    const termsJs = Object.keys(browser.invertedIndex).sort();
    if (JSON.stringify(termsPy) !== JSON.stringify(termsJs)) {
      const onlyPy = termsPy.filter((t) => !(t in browser.invertedIndex));
      const onlyJs = termsJs.filter((t) => !(t in python.invertedIndex));
      problems.push(`${shard.name}: terms only in Python ${onlyPy.slice(0, 20)}; only in lunr.js ${onlyJs.slice(0, 20)}`);
    }
    // Each field vector as {term: weight}: lunr.js numbers terms as it meets them, we in order.
    const vectors = (index) => {
      const names = [];
      Object.keys(index.invertedIndex).forEach((t) => { names[index.invertedIndex[t]._index] = t; });
      return JSON.stringify(Object.keys(index.fieldVectors).sort()
        .filter((key) => index.fieldVectors[key].elements.length)
        .map((key) => {
          const e = index.fieldVectors[key].elements;
          const pairs = [];
          for (let i = 0; i < e.length; i += 2) { pairs.push([names[e[i]], e[i + 1]]); }
          return [key, pairs.sort()];
        }));
    };
    if (vectors(python) !== vectors(browser)) {
      problems.push(`${shard.name}: the field vectors (BM25 weights) differ`);
    }
    const answer = (index, word) => T.queryWord(index, shard.index, word)
      .map((r) => [r.ref, r.score]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    data.words.forEach((raw) => {
      T.queryWords(raw).forEach((word) => {
        [word, word.slice(0, 3)].forEach((typed) => {
          queries += 1;
          const a = answer(python, typed);
          const b = answer(browser, typed);
          const same = a.length === b.length && a.every((r, i) => r[0] === b[i][0] &&
            Math.abs(r[1] - b[i][1]) <= 1e-6 + 1e-3 * Math.abs(b[i][1]));
          if (!same) {
            problems.push(`${shard.name} "${typed}": Python ${JSON.stringify(a)} lunr.js ${JSON.stringify(b)}`);
          }
        });
      });
    });
  });
  return { problems: problems.slice(0, 30), count: problems.length, queries };
}
"""


@pytest.fixture(scope="module")
def python_build(tmp_path_factory):
    """Build the sample site (plus an article and a page) in-process, keeping the builder."""
    folder = tmp_path_factory.mktemp("parity")
    content = copy_content(folder)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "PROVIDERS_PATH": str(SAMPLE_PROVIDERS),
        "OUTPUT_PATH": str(folder / "output"),
        "BUILD_DATE": REFERENCE_DATE,
    })
    return build_keeping_builder(settings, folder)


def build_keeping_builder(settings, folder):
    """Build `settings` in this process; (its search index builder, the output folder)."""
    captured = []

    def capture(generators):
        captured.extend(g for g in generators if isinstance(g, SearchGenerator))

    pelican = pelican_instance(settings)  # fresh signals, then ours
    signals.all_generators_finalized.connect(capture)
    try:
        pelican.run()
    finally:
        signals.all_generators_finalized.disconnect(capture)
    assert len(captured) == 1
    return captured[0].builder, folder / "output"


def test_written_index_is_what_the_builder_built(python_build):
    builder, output = python_build
    files = builder.files()
    for name, text in files.items():
        assert (output / "search" / name).read_text(encoding="utf-8") == text
    written = {path.relative_to(output / "search").as_posix()
               for path in (output / "search").rglob("*.json")}
    assert written == set(files)


def _chunks(output, name):
    """Every chunk of index `name`, in order, from the files written."""
    entry = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    folder = output / "search" / entry["folder"] / "t"
    chunks = [json.loads((folder / f"{number}.json").read_text(encoding="utf-8"))
              for number in range(len(entry["chunks"]))]
    return entry["indexes"][name], [chunk[name] for chunk in chunks if name in chunk]


def test_python_index_answers_like_a_lunr_js_index_for_every_word(python_build, page):
    builder, output = python_build
    shards = []
    words = set()
    for name, writer in builder.writers(keep_documents=True).items():
        spec, chunks = _chunks(output, name)
        shards.append({"name": name, "index": spec, "chunks": chunks,
                       "documents": writer.documents})
        for document in writer.documents:
            for field, value in document.items():
                if field != "ref":
                    words.update(value.split())
    assert len(words) > 1000  # the sample content's whole vocabulary, not a handful of words
    page.goto("about:blank")
    page.add_script_tag(path=str(STATIC / "vendor" / "lunr" / "lunr.min.js"))
    page.add_script_tag(path=str(STATIC / "js" / "search-text.js"))
    outcome = page.evaluate(COMPARE, {"shards": shards, "words": sorted(words)})
    assert outcome["queries"] > 2 * len(words)
    assert outcome["count"] == 0, "\n".join(outcome["problems"])
    assert page.problems == []


def _english_words(limit=30000):
    """Lower-case words from the pinned libraries' own source text: a large, stable vocabulary."""
    words = set()
    for package in (pelican, jinja2, markdown, docutils):
        for path in sorted(Path(package.__file__).parent.rglob("*.py")):
            words.update(re.findall(r"[a-z]{3,}", path.read_text(encoding="utf-8").lower()))
    return sorted(words)[:limit]


def test_stemmer_is_lunr_js_stemmer(page):
    words = _english_words()
    assert len(words) > 5000
    page.goto("about:blank")
    page.add_script_tag(path=str(STATIC / "vendor" / "lunr" / "lunr.min.js"))
    stems = page.evaluate(
        "(words) => words.map((w) => lunr.stemmer(new lunr.Token(w, {})).toString())", words)
    differences = [(w, stem(w), js) for w, js in zip(words, stems) if stem(w) != js]
    assert differences == []
    assert page.problems == []
