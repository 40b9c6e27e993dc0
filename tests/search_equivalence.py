"""Chunked against unchunked: the same queries sent to two search workers on one page, one
fetching per query only the chunks its words need, the other (`all`) holding every chunk in one
lunr index per index, as the index was before it was chunked. Used on the sample site and on the
generated 10,000-member site (test_scale_search.py)."""

import json

# In the search page: start both workers with the page's own script URLs, send each query to
# both, and return the queries whose answers differ (groups, totals, the results shown in order).
COMPARE_WORKERS = """
async (queries) => {
  const form = document.querySelector('form.site-search');
  const data = form.dataset;
  const absolute = (url) => new URL(url, document.baseURI).href;
  const start = (all) => {
    const worker = new Worker(absolute(data.searchWorker));
    worker.postMessage({ type: 'init', lunr: absolute(data.searchLunr),
      text: absolute(data.searchText), more: absolute(data.searchMore),
      index: absolute(data.searchIndex), all });
    return worker;
  };
  const ask = (worker, id, query) => new Promise((resolve) => {
    worker.onmessage = (event) => {
      if (event.data.type === 'error' || event.data.id === id) { resolve(event.data); }
    };
    worker.postMessage({ type: 'search', id, q: query.q, filters: query.filters || {},
      limits: {} });
  });
  const chunked = start(false);
  const unchunked = start(true);
  const differences = [];
  let shown = 0;
  for (let i = 0; i < queries.length; i += 1) {
    const a = await ask(chunked, i + 1, queries[i]);
    const b = await ask(unchunked, i + 1, queries[i]);
    delete a.id; delete b.id;
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      differences.push({ query: queries[i], chunked: JSON.stringify(a).slice(0, 400),
        unchunked: JSON.stringify(b).slice(0, 400) });
    }
    if (a.type === 'results') { shown += a.groups.reduce((n, g) => n + g.items.length, 0); }
  }
  chunked.terminate();
  unchunked.terminate();
  return { differences, shown };
}
"""


def compare(page, base_url, queries):
    """Open the search page at base_url and compare both workers on `queries`
    ([{'q': ..., 'filters': {...}}]); returns {differences, shown}."""
    page.goto(base_url + "/search/")
    return page.evaluate(COMPARE_WORKERS, queries)


def typo(word, position, kind):
    """`word` with one edit at `position`: substitute, delete, insert or swap (deterministic)."""
    letter = "x" if word[position] != "x" else "z"
    if kind == "substitute":
        return word[:position] + letter + word[position + 1:]
    if kind == "delete":
        return word[:position] + word[position + 1:]
    if kind == "insert":
        return word[:position] + letter + word[position:]
    return word[:position] + word[position + 1] + word[position] + word[position + 2:]


def describe(difference):
    return json.dumps(difference, ensure_ascii=False)
