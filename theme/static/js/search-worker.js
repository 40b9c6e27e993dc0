/* MSP Directory search worker: fetches the parts of the index a query needs, off the main
 * thread, and answers queries. Started by search.js with the fingerprinted URLs of lunr and
 * search-text.js.
 *
 * In:  {type: 'init', lunr, text, more, index[, all]}
 *      then {type: 'search', id, q, filters, limits[, firstScreen]}, {type: 'rest', id} and
 *      {type: 'counts', id}. filters: {service, country, industry, language: [values] (any of
 *      them: OR within a facet, AND across facets), status, type, sort: value or ''}.
 * Out: {type: 'results', id, complete, total, groups: [{type, total, items}], suggestions,
 *      relax, lookup} or {type: 'counts', id, counts: {kind: {value: count}}} or
 *      {type: 'error'}. `relax`: without results, [{kind, value, count}] of the active filters
 *      whose removal alone gives results. `lookup`: members the query names (a name matched
 *      exactly, by prefix or with a typo, of a member that is not verified; or a report id),
 *      whatever the filters, shown apart and never compared. Group types: 'member' (verified members), 'unverified' (expired and
 *      pending members, only when the status filter asks for them), then the document types.
 *      An empty query lists members (the directory), by name unless another order is asked.
 *      Without results, `suggestions` holds the closest member names and places.
 *      With firstScreen, a first message (complete false) has the first `firstScreen` results
 *      in the order shown (the groups they fall in), and the others follow when the page sends
 *      'rest' (it does once it has drawn those).
 *
 * Files (plugins/search_index/builder.py): index.json first (and, when it names a language other
 * than lunr.js's English, that language's lunr-languages scripts: languages.py), then for each
 * typed word the index chunks of its terms, prefixes and typo candidates; the facet lists a
 * filter or a service or country word needs; and the display data of the results shown. With
 * `all`, every chunk is loaded up front and each index is one lunr index of every term: the
 * unchunked index, which the tests compare the chunked answers with.
 */
'use strict';

var GROUP_SIZE = 20;
var INDEXES = ['members', 'content', 'descriptions'];
var state = {
  started: false, ready: null, loaded: false, failed: false, entry: null, base: '', all: false, files: new Map(),
  words: new Map(), full: null, request: null
};

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === 'init' && !state.started) {
    state.started = true;
    init(message);
  } else if (message.type === 'search') {
    state.request = message;
    // before the entry file is here, the query waits for it (init answers the latest one)
    if (state.loaded || state.failed) { answer(message).catch(failed); }
  } else if (message.type === 'rest') {
    rest(message.id);
  } else if (message.type === 'counts') {
    more();
    counts(message.id).catch(failed);
  }
};

function failed(error) {
  self.postMessage({ type: 'error', message: String(error && error.message || error) });
}

function fetchJSON(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) { throw new Error(url + ': HTTP ' + response.status); }
    return response.json();
  });
}

/* A data file of this build, fetched once. */
function data(path) {
  if (!state.files.has(path)) {
    var loading = fetchJSON(state.base + path);
    state.files.set(path, loading);
    // a failed download is tried again by the next query that needs it
    loading.catch(function () { state.files.delete(path); state.words.clear(); facetSets.clear(); });
  }
  return state.files.get(path);
}

/* The script with what few queries need (search-more.js), loaded once when first needed. */
function more() {
  if (!state.more) {
    importScripts(state.moreURL);
    state.more = true;
  }
}

function init(message) {
  // the entry file downloads while the scripts load and compile
  var entry = fetchJSON(message.index + 'index.json');
  importScripts(message.lunr, message.text);
  state.all = Boolean(message.all);
  state.moreURL = message.more;
  state.ready = entry.then(function (entry) {
    state.entry = entry;
    state.base = message.index + entry.folder;
    // the stemmed indexes' language: its lunr-languages scripts, for that language only
    if (entry.language) {
      (entry.language.scripts || []).forEach(function (script) {
        importScripts(new URL(script, message.index).href);
      });
      MspSearchText.useLanguage(entry.language);
    }
    setUp(entry);
    return state.all ? loadEverything() : null;
  });
  state.ready.then(function () {
    state.loaded = true;
    if (state.request) { return answer(state.request); }
  }).catch(function (error) {
    state.failed = true;
    failed(error);
  });
}

/* Runs of [value, count] as one value per ref. */
function expand(runs, size) {
  var values = new Int16Array(size);
  var at = 0;
  runs.forEach(function (run) { values.fill(run[0], at, at + run[1]); at += run[1]; });
  return values;
}

function setUp(entry) {
  var members = entry.members;
  state.count = members.count;
  state.total = members.count + entry.documents.type.reduce(function (sum, run) { return sum + run[1]; }, 0);
  state.status = expand(members.status, members.count);
  state.type = expand(entry.documents.type, state.total - members.count);
  state.verified = entry.verified.map(function (status) {
    return position(entry.facets.status, status);
  });
  state.vocabulary = new Set(entry.vocabulary.p.map(function (key) { return 'p' + key; })
    .concat(entry.vocabulary.s.map(function (key) { return 's' + key; })));
  state.facetWords = facetWords(entry.facets);
  state.places = new Set(entry.places || []);
  state.synonymKeys = new Set(entry.synonyms || []);
  state.synonyms = {};
  state.reports = entry.reports || 0;
}

/* The normalised words of each service and country label (and service id), to match typed
 * words against: members are found by their facets without indexing "Managed" 100,000 times. */
function facetWords(facets) {
  var words = function (text) {
    return MspSearchText.queryWords(text).filter(function (word) {
      return !MspSearchText.isStopWord(word);
    });
  };
  return {
    service: facets.service.map(function (pair) { return words(pair[1] + ' ' + pair[0]); }),
    country: facets.country.map(function (pair) { return words(pair[1]); }),
    industry: (facets.industry || []).map(function (pair) { return words(pair[1]); })
  };
}

function facetMatches(labelWords, word) {
  return labelWords.some(function (labelWord) {
    return labelWord === word || (word.length >= 2 && labelWord.indexOf(word) === 0) ||
      (word.length >= 5 && MspSearchText.wordMatches(labelWord, word));
  });
}

/* --- The index chunks ---------------------------------------------------------------- */

/* The chunk holding a term: the last whose first term sorts at or before it. */
function chunkOf(term) {
  var bounds = state.entry.chunks;
  var low = 0;
  var high = bounds.length - 1;
  while (low < high) {
    var middle = (low + high + 1) >> 1;
    if (bounds[middle] <= term) { low = middle; } else { high = middle - 1; }
  }
  return low;
}

function chunk(number) {
  return data('t/' + number + '.json');
}

/* Terms of the vocabulary one edit from `term`: from the files of its first and last two
 * letters (plugins/search_index/chunks.py says why that is every one). */
function typoCandidates(term) {
  var letters = Array.from(term);
  var keys = ['p' + letters.slice(0, 2).join(''), 's' + letters.slice(-2).join('')];
  return Promise.all(keys.filter(function (key) { return state.vocabulary.has(key); })
    .map(function (key) { return data('v/' + key[0] + hex(key.slice(1)) + '.json'); })).then(function (lists) {
    var found = [];
    lists.forEach(function (list) {
      list.forEach(function (candidate) {
        if (MspSearchText.withinOneEdit(candidate, term)) { found.push(candidate); }
      });
    });
    return found;
  });
}

function hex(text) {
  return Array.from(new TextEncoder().encode(text), function (byte) {
    return (byte < 16 ? '0' : '') + byte.toString(16);
  }).join('');
}

/* The numbers of the chunks a typed word needs in every index: its terms, the range of its
 * prefix, the chunks of its typo candidates. */
function chunksFor(word) {
  var numbers = new Set();
  var typos = [];
  INDEXES.forEach(function (name) {
    var look = MspSearchText.lookups(state.entry.indexes[name], word);
    numbers.add(chunkOf(word));
    numbers.add(chunkOf(look.stem));
    if (look.prefix) {
      for (var n = chunkOf(word), last = chunkOf(word + '\uffff'); n <= last; n += 1) { numbers.add(n); }
    }
    if (look.typo && typos.indexOf(look.stem) < 0) { typos.push(look.stem); }
  });
  // the chunks known now download while the typo candidates are looked up
  numbers.forEach(chunk);
  return Promise.all(typos.map(typoCandidates)).then(function (lists) {
    lists.forEach(function (list) { list.forEach(function (term) { numbers.add(chunkOf(term)); }); });
    return Array.from(numbers).sort(function (a, b) { return a - b; });
  });
}

var decoded = new Map();

/* The terms of index `name` in chunk `number`, decoded once. */
function termsOf(number, data, name) {
  var key = number + ':' + name;
  if (!decoded.has(key)) {
    decoded.set(key, data[name] ? MspSearchText.decodeChunk(state.entry.indexes[name], data[name]) : []);
  }
  return decoded.get(key);
}

/* One lunr index per index name, of the terms in these chunks (in order: chunks are sorted)
 * that `keep(name)` accepts. */
function indexesOf(numbers, chunks, keep) {
  var indexes = {};
  INDEXES.forEach(function (name) {
    var accept = keep(name);
    var terms = [];
    chunks.forEach(function (data, i) {
      termsOf(numbers[i], data, name).forEach(function (entry) {
        if (accept(entry[0])) { terms.push(entry); }
      });
    });
    indexes[name] = MspSearchText.loadIndex(state.entry.indexes[name], terms);
  });
  return indexes;
}

/* Whether a term of index `name` can match a clause of `word`: a smaller lunr index, the same
 * answers. */
function relevantTo(word) {
  return function (name) {
    var look = MspSearchText.lookups(state.entry.indexes[name], word);
    return function (term) {
      return term === word || term === look.stem || (look.prefix && term.indexOf(word) === 0) ||
        (look.typo && MspSearchText.withinOneEdit(term, look.stem));
    };
  };
}

function everything() { return function () { return true; }; }

function loadEverything() {
  var numbers = state.entry.chunks.map(function (bound, n) { return n; });
  return Promise.all(numbers.map(chunk)).then(function (chunks) {
    state.full = indexesOf(numbers, chunks, everything);
  });
}

/* {index name: lunr results} for one typed word, computed once per word. */
function wordResults(word) {
  if (!state.words.has(word)) {
    var indexes = state.full ? Promise.resolve(state.full)
      : chunksFor(word).then(function (numbers) {
        return Promise.all(numbers.map(chunk)).then(function (chunks) {
          return indexesOf(numbers, chunks, relevantTo(word));
        });
      });
    state.words.set(word, indexes.then(function (built) {
      var results = {};
      INDEXES.forEach(function (name) {
        results[name] = MspSearchText.queryWord(built[name], state.entry.indexes[name], word);
      });
      return results;
    }));
  }
  return state.words.get(word);
}

/* --- Facets -------------------------------------------------------------------------- */

/* Refs as a membership array over the members. */
function membership(gaps) {
  var set = new Uint8Array(state.count);
  var ref = 0;
  gaps.forEach(function (gap) { ref += gap; set[ref] = 1; });
  return set;
}

var facetSets = new Map();

/* {all} for a service, industry or language; {hq, areas} for a country: membership arrays,
 * fetched once. */
function facetSet(kind, number) {
  var key = kind + '-' + number;
  if (!facetSets.has(key)) {
    facetSets.set(key, data('f/' + key + '.json').then(function (list) {
      return kind === 'country' ? { hq: membership(list.hq), areas: membership(list.areas) }
        : { all: membership(list) };
    }));
  }
  return facetSets.get(key);
}

/* --- Places (the gazetteer) ---------------------------------------------------------- */

/* {place: [name, country numbers...]} of the places starting with a word's first letter. */
function placesOf(word) {
  var key = Array.from(word)[0];
  if (Array.from(word).length < 2 || !state.places.has(key)) { return Promise.resolve({}); }
  return data('g/g' + hex(key) + '.json');
}

/* The country numbers of the places a typed word names: the whole name, the start of a one-word
 * name (three letters or more, as typed), or every word of a longer name among the words. */
function placeCountries(word, words) {
  return placesOf(word).then(function (places) {
    var found = [];
    Object.keys(places).forEach(function (place) {
      var parts = place.split(' ');
      var named = place === word ||
        (parts.length === 1 && word.length >= 3 && place.indexOf(word) === 0) ||
        (parts.length > 1 && parts[0] === word && parts.every(function (part) { return words.indexOf(part) >= 0; }));
      if (named) {
        places[place].slice(1).forEach(function (c) { if (found.indexOf(c) < 0) { found.push(c); } });
      }
    });
    return found;
  });
}

/* The services, countries (by name, or by a place in them) and industries each typed word
 * names, with their member sets. */
/* The terms the synonym list gives typed word `i`: the word alone, or a run of two or three
 * typed words holding it ("care home", "disaster recovery"). {service: [n], industry: [n]}. */
function synonymsOf(words, i) {
  var found = { service: [], industry: [] };
  for (var size = 1; size <= 3; size += 1) {
    for (var start = Math.max(0, i - size + 1); start <= i && start + size <= words.length; start += 1) {
      (state.synonyms[words.slice(start, start + size).join(' ')] || []).forEach(function (target) {
        var list = found[target[0]];
        if (list && list.indexOf(target[1]) < 0) { list.push(target[1]); }
      });
    }
  }
  return found;
}

/* The synonyms starting with the typed words' first letters (s/ files), into state.synonyms. */
function synonymTables(words) {
  var keys = [];
  words.forEach(function (word) {
    var key = Array.from(word)[0];
    if (state.synonymKeys.has(key) && keys.indexOf(key) < 0) { keys.push(key); }
  });
  return Promise.all(keys.map(function (key) { return data('s/s' + hex(key) + '.json'); }))
    .then(function (tables) {
      tables.forEach(function (table) {
        Object.keys(table).forEach(function (words) { state.synonyms[words] = table[words]; });
      });
    });
}

function facetsOf(words) {
  if (!words.length) { return Promise.resolve([]); }
  return synonymTables(words).then(function () { return facetsOfWords(words); });
}

function facetsOfWords(words) {
  return Promise.all(words.map(function (word, i) {
    var services = [];
    var countries = [];
    var industries = [];
    // A word that is a label's word or a synonym names those terms only; otherwise labels
    // match by prefix and typo too ("hospital" is healthcare, not hospitality).
    var named = synonymsOf(words, i);
    var exact = function (labelWords) { return labelWords.indexOf(word) >= 0; };
    state.facetWords.service.forEach(function (labelWords, s) {
      if (exact(labelWords) && named.service.indexOf(s) < 0) { named.service.push(s); }
    });
    state.facetWords.industry.forEach(function (labelWords, n) {
      if (exact(labelWords) && named.industry.indexOf(n) < 0) { named.industry.push(n); }
    });
    if (named.service.length || named.industry.length) {
      services = named.service;
      industries = named.industry;
    } else {
      state.facetWords.service.forEach(function (labelWords, s) {
        if (facetMatches(labelWords, word)) { services.push(s); }
      });
      state.facetWords.industry.forEach(function (labelWords, n) {
        if (facetMatches(labelWords, word)) { industries.push(n); }
      });
    }
    state.facetWords.country.forEach(function (labelWords, c) {
      if (facetMatches(labelWords, word)) { countries.push(c); }
    });
    return placeCountries(word, words).then(function (inPlaces) {
      inPlaces.forEach(function (c) { if (countries.indexOf(c) < 0) { countries.push(c); } });
      return Promise.all([
        Promise.all(services.map(function (s) { return facetSet('service', s); })),
        Promise.all(countries.map(function (c) { return facetSet('country', c); })),
        Promise.all(industries.map(function (i) { return facetSet('industry', i); }))
      ]);
    });
  }));
}

/* --- Ranking ------------------------------------------------------------------------- */

/* `strong`: the word matched a field that says what the member is (its name or place, a
 * service, industry or country), not only its prose. */
function add(matches, ref, bit, score, strong) {
  var entry = matches.get(ref);
  if (!entry) { entry = { mask: 0, strong: 0, score: 0 }; matches.set(ref, entry); }
  entry.mask |= bit;
  if (strong) { entry.strong |= bit; }
  entry.score += score;
}

/* ref -> {mask: which query words matched, score}, over every index and the facets. */
function match(words, results, facets) {
  var matches = new Map();
  words.forEach(function (word, i) {
    var bit = 1 << i;
    INDEXES.forEach(function (name) {
      results[i][name].forEach(function (result) {
        add(matches, Number(result.ref), bit, result.score, name === 'members');
      });
    });
    var services = facets[i][0];
    var countries = facets[i][1];
    var industries = facets[i][2];
    if (!services.length && !countries.length && !industries.length) { return; }
    var any = function (sets, key, ref) { return sets.some(function (set) { return set[key][ref]; }); };
    for (var ref = 0; ref < state.count; ref += 1) {
      if (any(services, 'all', ref)) { add(matches, ref, bit, 3, true); }
      if (any(industries, 'all', ref)) { add(matches, ref, bit, 2, true); }
      if (any(countries, 'hq', ref)) { add(matches, ref, bit, 2, true); }
      else if (any(countries, 'areas', ref)) { add(matches, ref, bit, 1, true); }
    }
  });
  return matches;
}

function typeOf(ref) {
  return ref < state.count ? 'member' : state.entry.documents.types[state.type[ref - state.count]];
}

function position(pairs, value) {
  return pairs.findIndex(function (pair) { return pair[0] === value; });
}

function isVerified(ref) {
  return ref < state.count && state.verified.indexOf(state.status[ref]) >= 0;
}

/* The result group of a ref: verified members, members that are not verified, or a type. */
function groupOf(ref) {
  return ref < state.count ? (isVerified(ref) ? 'member' : 'unverified') : typeOf(ref);
}

/* The member facets a filter can name: a filter value that is not one of them matches nothing. */
var MEMBER_FILTERS = ['service', 'country', 'industry', 'language'];

/* A test of the filters on a ref, once the facet sets they need are here. The status filter
 * is "verified" (active or expiring) unless it names a status, or 'all'. */
/* The values of a facet filter: a list (several values, any of them), or one value. */
function valuesOf(filters, kind) {
  var value = filters[kind];
  return (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);
}

/* {kind: [sets of its values]} of the facet filters, fetched (a value that is no facet value
 * is a null set, matching nothing). */
function setsOf(filters) {
  var facets = state.entry.facets;
  var named = MEMBER_FILTERS.filter(function (kind) { return valuesOf(filters, kind).length; });
  return Promise.all(named.map(function (kind) {
    return Promise.all(valuesOf(filters, kind).map(function (value) {
      var number = position(facets[kind] || [], value);
      return number >= 0 ? facetSet(kind, number) : null;
    }));
  })).then(function (lists) {
    var sets = {};
    named.forEach(function (kind, i) { sets[kind] = lists[i]; });
    return sets;
  });
}

function inSet(set, ref) {
  return Boolean(set && (set.all ? set.all[ref] : set.hq[ref] || set.areas[ref]));
}

/* The test of `filters` on a ref, given their facet sets (setsOf): any value of a facet, every
 * facet. The status filter is "verified" (active or expiring) unless it names a status, or 'all'. */
function passesWith(filters, sets) {
  var kinds = Object.keys(sets);
  var status = filters.status && filters.status !== 'all' ? position(state.entry.facets.status, filters.status) : -1;
  return function (ref) {
    if (filters.type && typeOf(ref) !== filters.type) { return false; }
    if (ref >= state.count) { return !kinds.length && (!filters.status || filters.status === 'all'); }
    if (!filters.status && !isVerified(ref)) { return false; }
    if (filters.status && filters.status !== 'all' && state.status[ref] !== status) { return false; }
    return kinds.every(function (kind) {
      return sets[kind].some(function (set) { return inSet(set, ref); });
    });
  };
}

function filterOf(filters) {
  return setsOf(filters).then(function (sets) {
    var passes = passesWith(filters, sets);
    passes.sets = sets;
    return passes;
  });
}

/* The filters the synonym list turns typed words into, not already on: [{kind, value, word}]
 * ("hospital": the healthcare industry), offered beside the results. */
function narrowing(words, filters) {
  var found = [];
  words.forEach(function (word, i) {
    var named = synonymsOf(words, i);
    ['service', 'industry'].forEach(function (kind) {
      named[kind].forEach(function (number) {
        var value = state.entry.facets[kind][number][0];
        if (valuesOf(filters, kind).indexOf(value) < 0 &&
            !found.some(function (f) { return f.kind === kind && f.value === value; })) {
          found.push({ kind: kind, value: value, word: word });
        }
      });
    });
  });
  return found;
}

/* Whether the query may name a member apart from the results (search-more.js, lookup): it
 * looks like a report id, or a member that is not verified (or that the filters leave out)
 * matched by its name. */
function mayLookUp(request, results, passes) {
  var key = MspSearchText.fold(String(request.q || '')).replace(/[^a-z0-9]/g, '');
  if (state.reports && key.length >= 5 && /[a-z]/.test(key) && /[0-9]/.test(key)) { return true; }
  return results.length > 0 && results.every(function (perWord) {
    return perWord.members.some(function (result) {
      var terms = result.matchData.metadata;
      var ref = Number(result.ref);
      return (!isVerified(ref) || !passes(ref)) && Object.keys(terms).some(function (t) { return terms[t].name; });
    });
  });
}

/* --- Display ------------------------------------------------------------------------- */

function record(ref) {
  var size = state.entry.display;
  return data('d/' + Math.floor(ref / size) + '.json').then(function (group) { return group[ref % size]; });
}

function display(ref, data, words) {
  var highlight = MspSearchText.highlight;
  var facets = state.entry.facets;
  if (ref < state.count) {
    // [slug, name, city, country, service bits, summary, records, logo(, url)]
    var services = [];
    facets.service.forEach(function (pair, s) {
      if (data[4] & (1 << s)) { services.push(pair[0]); }
    });
    var country = facets.country[data[3]];
    var slug = data[0];
    return {
      type: groupOf(ref), slug: slug, name: data[1], title: highlight(data[1], words),
      url: data[8] || state.entry.members.url.replace('{slug}', slug), logo: data[7] || '',
      status: facets.status[state.status[ref]][0], country: country ? country[0] : '',
      city: data[2], services: services, records: data[6] || '',
      snippet: highlight(data[5], words)
    };
  }
  return {
    type: typeOf(ref), name: data[0], title: highlight(data[0], words), url: data[1],
    date: data[2], snippet: highlight(data[3], words)
  };
}

function bits(mask) {
  var count = 0;
  for (; mask; mask &= mask - 1) { count += 1; }
  return count;
}

function answer(request) {
  var words = MspSearchText.queryWords(request.q);
  return state.ready.then(function () {
    var filters = request.filters || {};
    return Promise.all([
      Promise.all(words.map(wordResults)), facetsOf(words), filterOf(filters)
    ]).then(function (found) {
      if (request !== state.request) { return null; }
      var passes = found[2];
      return rank(request, words, filters, found[0], found[1], passes).then(function (shown) {
        state.last = { request: request, filters: filters, sets: passes.sets, candidates: shown.candidates };
        if (!shown.total) {
          more();
          shown.relax = relaxations(filters, shown.candidates, passes.sets);
        }
        shown.narrow = narrowing(words, filters);
        // With `firstScreen`, the first results shown are sent as soon as their display data
        // is here; the rest (and the lookup) when the page asks for them, once it has drawn
        // those.
        var first = request.firstScreen || 0;
        shown.split = first > 0 && first < shown.refs.length;
        shown.lookup = [];
        shown.findLookup = !mayLookUp(request, found[0], passes) ? null : function () {
          more();
          return lookup(request, words, found[0], passes).then(function (entries) {
            shown.lookup = entries.filter(function (entry) {
              return shown.refs.indexOf(entry.ref) < 0 || entry.report;
            });
            shown.findLookup = null;
          });
        };
        return shown.split || !shown.findLookup ? shown
          : shown.findLookup().then(function () { return shown; });
      });
    }).then(function (shown) {
      if (!shown || shown.total || shown.lookup.length || !words.length || request !== state.request) { return shown; }
      more();
      return suggest(words).then(function (suggestions) {
        shown.suggestions = suggestions;
        return shown;
      });
    });
  }).then(function (shown) {
    if (!shown || request !== state.request) { return; }
    if (shown.split) {
      state.rest = { request: request, words: words, shown: shown };
      return send(request, words, shown, request.firstScreen);
    }
    return send(request, words, shown, 0);
  });
}

/* The page has drawn the first results of request `id`: send them all. */
function rest(id) {
  var pending = state.rest;
  if (!pending || pending.request.id !== id || pending.request !== state.request) { return; }
  state.rest = null;
  var shown = pending.shown;
  (shown.findLookup ? shown.findLookup() : Promise.resolve()).then(function () {
    if (pending.request === state.request) { return send(pending.request, pending.words, shown, 0); }
  }).catch(failed);
}

/* Post the results shown: the first `first` refs in the order shown (and only the groups they
 * are in), or all of them when 0. */
function send(request, words, shown, first) {
  var left = first;
  var groups = [];
  shown.groups.forEach(function (group) {
    var refs = first ? group.refs.slice(0, left) : group.refs;
    left -= refs.length;
    if (refs.length || !first) { groups.push({ type: group.type, total: group.total, refs: refs }); }
  });
  var refs = [];
  groups.forEach(function (group) { refs = refs.concat(group.refs); });
  shown.lookup.forEach(function (entry) { if (refs.indexOf(entry.ref) < 0) { refs.push(entry.ref); } });
  return Promise.all(refs.map(record)).then(function (records) {
    if (request !== state.request) { return; }
    var byRef = new Map();
    refs.forEach(function (ref, i) { byRef.set(ref, display(ref, records[i], words)); });
    self.postMessage({
      type: 'results', id: request.id, complete: !first, total: shown.total,
      suggestions: shown.suggestions || [], relax: shown.relax || [], narrow: shown.narrow || [],
      lookup: shown.lookup.map(function (entry) {
        var item = Object.assign({}, byRef.get(entry.ref));
        item.report = entry.report;
        return item;
      }),
      groups: groups.map(function (group) {
        return { type: group.type, total: group.total, items: group.refs.map(function (ref) { return byRef.get(ref); }) };
      })
    });
  });
}

/* The refs that match, grouped, with the ones to show (a promise): by relevance when words
 * are typed, otherwise (or when a sort is asked) members in the order of the sort menu. */
function rank(request, words, filters, results, facets, passes) {
  var matches = words.length ? match(words, results, facets) : new Map();
  var refs = [];
  if (words.length) {
    matches.forEach(function (entry, ref) { refs.push(ref); });
  } else if (filters.type && filters.type !== 'member') {
    for (var doc = state.count; doc < state.total; doc += 1) { refs.push(doc); }
  } else {
    for (var ref = 0; ref < state.count; ref += 1) { refs.push(ref); }
  }
  var candidates = refs;
  refs = refs.filter(passes);
  var none = { mask: 0, strong: 0, score: 0 };
  // Those that match all the words first, then those matching more words by what they are
  // (name, place, service, industry, country) rather than by their prose, then by score, by ref.
  refs.sort(function (a, b) {
    var ma = matches.get(a) || none;
    var mb = matches.get(b) || none;
    return bits(mb.mask) - bits(ma.mask) || bits(mb.strong) - bits(ma.strong) ||
      mb.score - ma.score || a - b;
  });
  var limit = function (type) { return (request.limits && request.limits[type]) || GROUP_SIZE; };
  var groups = {};
  var order = [];
  refs.forEach(function (ref) {
    var type = groupOf(ref);
    if (!groups[type]) { groups[type] = { type: type, total: 0, refs: [] }; order.push(type); }
    var group = groups[type];
    group.total += 1;
    if (group.refs.length < limit(type)) { group.refs.push(ref); }
  });
  // Verified members first, then those not verified, then the other types in a fixed order.
  var rankOf = function (type) { return type === 'member' ? 0 : type === 'unverified' ? 1 : 2; };
  order.sort(function (a, b) { return rankOf(a) - rankOf(b) || (a < b ? -1 : a > b ? 1 : 0); });
  var sort = filters.sort === 'name' || filters.sort === 'recent' ? filters.sort
    : (words.length ? '' : 'name');
  var wanted = {};
  ['member', 'unverified'].forEach(function (type) {
    if (groups[type]) { wanted[type] = Math.min(limit(type), groups[type].total); }
  });
  if (sort && Object.keys(wanted).length) { more(); }
  var sorted = sort && Object.keys(wanted).length
    ? ordered(sort, function (ref) { return ref < state.count && (!words.length || matches.has(ref)) && passes(ref); }, wanted)
    : Promise.resolve(null);
  return sorted.then(function (byOrder) {
    if (byOrder) {
      ['member', 'unverified'].forEach(function (type) {
        if (groups[type]) { groups[type].refs = byOrder[type] || []; }
      });
    }
    var shown = [];
    order.forEach(function (type) { shown = shown.concat(groups[type].refs); });
    return { total: refs.length, refs: shown, candidates: candidates,
      groups: order.map(function (type) { return groups[type]; }) };
  });
}
