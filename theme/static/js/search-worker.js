/* MSP Directory search worker: fetches and parses the index shards off the main thread and
 * answers queries. Started by search.js with the fingerprinted URLs of lunr and search-text.js.
 *
 * Messages in:  {type: 'init', lunr, text, index}  then  {type: 'search', id, q, filters, limits}
 * Messages out: {type: 'results', id, complete, words, total, groups}  or  {type: 'error', message}
 */
'use strict';

var state = { base: '', members: null, content: null, request: null };
var GROUP_SIZE = 20;

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === 'init' && !state.base) {
    init(message);
  } else if (message.type === 'search') {
    state.request = message;
    answer();
  }
};

function fetchJSON(name) {
  return fetch(state.base + name).then(function (response) {
    if (!response.ok) { throw new Error(name + ': HTTP ' + response.status); }
    return response.json();
  });
}

function init(message) {
  importScripts(message.lunr, message.text);
  state.base = message.index;
  fetchJSON('members.json').then(function (data) {
    state.members = {
      spec: data.spec, rows: data.members, verified: data.verified,
      services: data.facets.service.map(function (pair) { return pair[0]; }),
      index: lunr.Index.load(data.index)
    };
    answer();
    return fetchJSON('content.json');
  }).then(function (data) {
    state.content = {
      spec: data.spec, first: data.first, types: data.types, documents: data.documents,
      summaries: data.summaries, index: lunr.Index.load(data.index)
    };
    answer();
  }).catch(function (error) {
    self.postMessage({ type: 'error', message: String(error && error.message || error) });
  });
}

/* ref -> {mask: which query words matched, score}, added up over the words and shards. */
function match(shard, words, matches) {
  words.forEach(function (word, i) {
    MspSearchText.queryWord(shard.index, shard.spec, word).forEach(function (result) {
      var ref = Number(result.ref);
      var entry = matches.get(ref);
      if (!entry) { entry = { mask: 0, score: 0 }; matches.set(ref, entry); }
      entry.mask |= 1 << i;
      entry.score += result.score;
    });
  });
}

function bits(mask) {
  var count = 0;
  for (; mask; mask &= mask - 1) { count += 1; }
  return count;
}

function typeOf(ref) {
  var members = state.members.rows.length;
  return ref < members ? 'member' : state.content.types[state.content.documents[ref - members][0]];
}

function passes(ref, filters) {
  var rows = state.members.rows;
  if (filters.type && typeOf(ref) !== filters.type) { return false; }
  if (ref >= rows.length) { return !filters.service && !filters.country && !filters.status; }
  var row = rows[ref];
  if (filters.status && row[3] !== filters.status) { return false; }
  if (filters.country && row[4] !== filters.country && row[7].indexOf(filters.country) < 0) { return false; }
  if (filters.service && row[5].indexOf(state.members.services.indexOf(filters.service)) < 0) { return false; }
  return true;
}

function display(ref, words) {
  var rows = state.members.rows;
  var highlight = MspSearchText.highlight;
  if (ref < rows.length) {
    var row = rows[ref];
    var summary = state.content ? state.content.summaries[ref] : '';
    return {
      type: 'member', slug: row[0], name: row[1], title: highlight(row[1], words), url: row[2],
      status: row[3], country: row[4], city: row[6],
      services: row[5].map(function (i) { return state.members.services[i]; }),
      snippet: highlight(summary, words)
    };
  }
  var doc = state.content.documents[ref - rows.length];
  return {
    type: state.content.types[doc[0]], name: doc[1], title: highlight(doc[1], words), url: doc[2],
    date: doc[3], snippet: highlight(doc[4], words)
  };
}

function answer() {
  var request = state.request;
  if (!request || !state.members) { return; }
  var words = MspSearchText.queryWords(request.q);
  var filters = request.filters || {};
  var filtered = Boolean(filters.service || filters.country || filters.status || filters.type);
  var matches = new Map();
  var refs = [];
  var total = state.members.rows.length + (state.content ? state.content.documents.length : 0);
  if (words.length) {
    match(state.members, words, matches);
    if (state.content) { match(state.content, words, matches); }
    matches.forEach(function (entry, ref) { refs.push(ref); });
  } else if (filtered) {
    for (var ref = 0; ref < total; ref += 1) { refs.push(ref); }
  }
  refs = refs.filter(function (ref) { return passes(ref, filters); });
  var rows = state.members.rows;
  var verified = function (ref) {
    return ref < rows.length && state.members.verified.indexOf(rows[ref][3]) >= 0 ? 1 : 0;
  };
  // Members that match all the words first, then verified members, then by score, then by name.
  refs.sort(function (a, b) {
    var ma = matches.get(a) || { mask: 0, score: 0 };
    var mb = matches.get(b) || { mask: 0, score: 0 };
    return bits(mb.mask) - bits(ma.mask) || verified(b) - verified(a) ||
      mb.score - ma.score || a - b;
  });
  var groups = {};
  var order = [];
  refs.forEach(function (ref) {
    var type = ref < rows.length ? 'member' : typeOf(ref);
    if (!groups[type]) { groups[type] = { type: type, total: 0, items: [] }; order.push(type); }
    var group = groups[type];
    group.total += 1;
    var limit = (request.limits && request.limits[type]) || GROUP_SIZE;
    if (group.items.length < limit) { group.items.push(display(ref, words)); }
  });
  order.sort(function (a, b) { return (b === 'member') - (a === 'member') || (a < b ? -1 : a > b ? 1 : 0); });
  self.postMessage({
    type: 'results', id: request.id, complete: Boolean(state.content), words: words,
    total: refs.length, groups: order.map(function (type) { return groups[type]; })
  });
}
