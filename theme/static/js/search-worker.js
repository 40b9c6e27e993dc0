/* MSP Directory search worker: fetches and decodes the index shards off the main thread and
 * answers queries. Started by search.js with the fingerprinted URLs of lunr and search-text.js.
 *
 * In:  {type: 'init', lunr, text, index, shards}   then   {type: 'search', id, q, filters, limits}
 * Out: {type: 'results', id, complete, total, groups: [{type, total, items}]}  or  {type: 'error'}
 *
 * Shards (plugins/search_index/builder.py): members.json first (names and places, and the
 * facets), then content.json (summaries, articles, newsletter issues, pages) and
 * descriptions.json; each is searched as soon as it has arrived.
 */
'use strict';

var GROUP_SIZE = 20;
var state = { started: false, members: null, content: null, shards: [], pending: 0, request: null };

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === 'init' && !state.started) {
    state.started = true;
    init(message);
  } else if (message.type === 'search') {
    state.request = message;
    answer();
  }
};

function fetchJSON(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) { throw new Error(url + ': HTTP ' + response.status); }
    return response.json();
  });
}

function init(message) {
  importScripts(message.lunr, message.text);
  var names = message.shards;
  state.pending = names.length;
  // One after the other, smallest first: the first results never wait for the large shards.
  names.reduce(function (previous, name) {
    return previous.then(function () { return fetchJSON(message.index + name); }).then(function (data) {
      loaded(name, data);
      state.pending -= 1;
      answer();
    });
  }, Promise.resolve()).catch(function (error) {
    self.postMessage({ type: 'error', message: String(error && error.message || error) });
  });
}

function loaded(name, data) {
  var shard = { spec: data.index, index: MspSearchText.decodeIndex(data.index), first: 0 };
  if (name === 'members.json') {
    state.members = data.members;
    state.members.count = data.index.count;
    state.members.facets = data.facets;
    state.members.verified = data.verified.map(function (status) {
      return data.facets.status.findIndex(function (pair) { return pair[0] === status; });
    });
    state.facetWords = facetWords(data.facets);
  } else if (name === 'content.json') {
    state.content = data;
  }
  state.shards.push(shard);
}

/* The normalised words of each service and country label (and service id), to match typed
 * words against: members are found by their facets without indexing "Managed" 10,000 times. */
function facetWords(facets) {
  var words = function (text) {
    return MspSearchText.queryWords(text).filter(function (word) {
      return lunr.stopWordFilter(new lunr.Token(word, {})) !== undefined;
    });
  };
  return {
    service: facets.service.map(function (pair) { return words(pair[1] + ' ' + pair[0]); }),
    country: facets.country.map(function (pair) { return words(pair[1]); })
  };
}

function facetMatches(labelWords, word) {
  return labelWords.some(function (labelWord) {
    return labelWord === word || (word.length >= 2 && labelWord.indexOf(word) === 0) ||
      (word.length >= 5 && MspSearchText.wordMatches(labelWord, word));
  });
}

function add(matches, ref, bit, score) {
  var entry = matches.get(ref);
  if (!entry) { entry = { mask: 0, score: 0 }; matches.set(ref, entry); }
  entry.mask |= bit;
  entry.score += score;
}

/* ref -> {mask: which query words matched, score}, over every shard and the facets. */
function match(words) {
  var matches = new Map();
  var members = state.members;
  words.forEach(function (word, i) {
    var bit = 1 << i;
    state.shards.forEach(function (shard) {
      MspSearchText.queryWord(shard.index, shard.spec, word).forEach(function (result) {
        add(matches, Number(result.ref), bit, result.score);
      });
    });
    var services = 0;
    state.facetWords.service.forEach(function (labelWords, s) {
      if (facetMatches(labelWords, word)) { services |= 1 << s; }
    });
    var countries = [];
    state.facetWords.country.forEach(function (labelWords, c) {
      if (facetMatches(labelWords, word)) { countries.push(c); }
    });
    if (!services && !countries.length) { return; }
    for (var ref = 0; ref < members.count; ref += 1) {
      if (members.services[ref] & services) { add(matches, ref, bit, 3); }
      if (countries.indexOf(members.country[ref]) >= 0) { add(matches, ref, bit, 2); }
      else if (members.areas[ref].some(function (c) { return countries.indexOf(c) >= 0; })) {
        add(matches, ref, bit, 1);
      }
    }
  });
  return matches;
}

function documentCount() {
  return state.members.count + (state.content ? state.content.documents.length : 0);
}

function typeOf(ref) {
  var members = state.members;
  return ref < members.count ? 'member'
    : state.content.types[state.content.documents[ref - members.count][0]];
}

function position(pairs, value) {
  return pairs.findIndex(function (pair) { return pair[0] === value; });
}

function passes(ref, filters) {
  var members = state.members;
  if (filters.type && typeOf(ref) !== filters.type) { return false; }
  if (ref >= members.count) { return !filters.service && !filters.country && !filters.status; }
  var facets = members.facets;
  if (filters.status && members.status[ref] !== position(facets.status, filters.status)) { return false; }
  if (filters.country) {
    var country = position(facets.country, filters.country);
    if (members.country[ref] !== country && members.areas[ref].indexOf(country) < 0) { return false; }
  }
  if (filters.service && !(members.services[ref] & (1 << position(facets.service, filters.service)))) {
    return false;
  }
  return true;
}

function display(ref, words) {
  var members = state.members;
  var highlight = MspSearchText.highlight;
  if (ref < members.count) {
    var facets = members.facets;
    var services = [];
    facets.service.forEach(function (pair, s) {
      if (members.services[ref] & (1 << s)) { services.push(pair[0]); }
    });
    var country = facets.country[members.country[ref]];
    var slug = members.slug[ref];
    return {
      type: 'member', slug: slug, name: members.name[ref], title: highlight(members.name[ref], words),
      url: members.urls[ref] || members.url.replace('{slug}', slug),
      status: facets.status[members.status[ref]][0], country: country ? country[0] : '',
      city: members.cities[members.city[ref]], services: services,
      snippet: highlight(state.content ? state.content.summaries[ref] : '', words)
    };
  }
  var doc = state.content.documents[ref - members.count];
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
  var matches = words.length ? match(words) : new Map();
  var refs = [];
  if (words.length) {
    matches.forEach(function (entry, ref) { refs.push(ref); });
  } else if (filtered) {
    for (var ref = 0; ref < documentCount(); ref += 1) { refs.push(ref); }
  }
  refs = refs.filter(function (ref) { return passes(ref, filters); });
  var members = state.members;
  var verified = function (ref) {
    return ref < members.count && members.verified.indexOf(members.status[ref]) >= 0 ? 1 : 0;
  };
  var none = { mask: 0, score: 0 };
  // Those that match all the words first, then verified members, then by score, then by name.
  refs.sort(function (a, b) {
    var ma = matches.get(a) || none;
    var mb = matches.get(b) || none;
    return bits(mb.mask) - bits(ma.mask) || verified(b) - verified(a) || mb.score - ma.score || a - b;
  });
  var groups = {};
  var order = [];
  refs.forEach(function (ref) {
    var type = typeOf(ref);
    if (!groups[type]) { groups[type] = { type: type, total: 0, items: [] }; order.push(type); }
    var group = groups[type];
    group.total += 1;
    var limit = (request.limits && request.limits[type]) || GROUP_SIZE;
    if (group.items.length < limit) { group.items.push(display(ref, words)); }
  });
  // Members first, then the other types in a fixed order.
  order.sort(function (a, b) { return (b === 'member') - (a === 'member') || (a < b ? -1 : a > b ? 1 : 0); });
  self.postMessage({
    type: 'results', id: request.id, complete: state.pending === 0, total: refs.length,
    groups: order.map(function (type) { return groups[type]; })
  });
}

function bits(mask) {
  var count = 0;
  for (; mask; mask &= mask - 1) { count += 1; }
  return count;
}
