/* MSP Directory search worker, the parts few queries need: member orders (the directory an
 * empty query shows, and the sort menu) and suggestions when nothing matched. Loaded by
 * search-worker.js with importScripts the first time one is needed, into the worker's own
 * scope (it uses the worker's state, data(), groupOf(), record(), display(), wordResults(),
 * valuesOf(), passesWith(), facetSet(), inSet()). Also: the relaxations offered when filters
 * leave nothing, the counts of each filter option, and the lookup of a named member or a
 * report id. */
'use strict';

/* --- Orders (the sort menu, and the directory an empty query shows) --------------------- */

function orderFile(kind, number) {
  return data('o/' + kind + '-' + number + '.json');
}

/* For each member group, its first `wanted[type]` refs that `accept` in order `kind`: order
 * files are read one after another until every group has its refs, or the order ends. */
function ordered(kind, accept, wanted) {
  var files = (state.entry.orders || {})[kind] || 0;
  var shown = {};
  var limit = function (type) { return wanted[type] || 0; };
  var full = function () {
    return Object.keys(wanted).every(function (type) {
      return (shown[type] || []).length >= wanted[type];
    });
  };
  function next(number) {
    if (number >= files || full()) { return Promise.resolve(shown); }
    return orderFile(kind, number).then(function (refs) {
      refs.forEach(function (ref) {
        if (!accept(ref)) { return; }
        var type = groupOf(ref);
        var list = shown[type] || (shown[type] = []);
        if (list.length < limit(type)) { list.push(ref); }
      });
      return next(number + 1);
    });
  }
  return next(0);
}

/* --- Suggestions, when nothing matched ---------------------------------------------- */

/* Edit distance between two words, up to `most` (more is reported as most + 1). */
function distance(a, b, most) {
  a = Array.from(a);
  b = Array.from(b);
  if (Math.abs(a.length - b.length) > most) { return most + 1; }
  var previous = [];
  for (var j = 0; j <= b.length; j += 1) { previous.push(j); }
  for (var i = 1; i <= a.length; i += 1) {
    var current = [i];
    for (j = 1; j <= b.length; j += 1) {
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length];
}

var SUGGESTIONS = 5;

/* The closest member names and places to the typed words (two edits or fewer): terms of the
 * vocabulary files that share a word's first or last two letters, and the gazetteer's places. */
function suggest(words) {
  var tried = words.filter(function (word) { return Array.from(word).length >= 3; });
  return Promise.all(tried.map(function (word) {
    var letters = Array.from(word);
    var keys = ['p' + letters.slice(0, 2).join(''), 's' + letters.slice(-2).join('')];
    var lists = keys.filter(function (key) { return state.vocabulary.has(key); })
      .map(function (key) { return data('v/' + key[0] + hex(key.slice(1)) + '.json'); });
    return Promise.all([Promise.all(lists), placesOf(word)]).then(function (found) {
      var terms = [];
      found[0].forEach(function (list) {
        list.forEach(function (term) {
          var d = distance(term, word, 2);
          if (d > 0 && d <= 2 && terms.every(function (t) { return t.term !== term; })) { terms.push({ term: term, d: d }); }
        });
      });
      terms.sort(function (a, b) { return a.d - b.d || (a.term < b.term ? -1 : 1); });
      var places = Object.keys(found[1]).map(function (place) {
        return { place: place, d: distance(place, word, 2), entry: found[1][place] };
      }).filter(function (p) { return p.d > 0 && p.d <= 2; });
      return { terms: terms.slice(0, 3), places: places };
    });
  })).then(function (perWord) {
    var terms = [];
    var places = [];
    perWord.forEach(function (found) { terms = terms.concat(found.terms); places = places.concat(found.places); });
    // members whose names (or places) hold a close term, verified first
    return Promise.all(terms.map(function (t) { return wordResults(t.term); })).then(function (found) {
      var refs = [];
      found.forEach(function (results) {
        results.members.forEach(function (result) {
          var ref = Number(result.ref);
          if (refs.indexOf(ref) < 0) { refs.push(ref); }
        });
      });
      refs.sort(function (a, b) { return isVerified(b) - isVerified(a) || a - b; });
      refs = refs.slice(0, SUGGESTIONS);
      return Promise.all(refs.map(record)).then(function (records) {
        var suggestions = refs.map(function (ref, i) {
          var shown = display(ref, records[i], []);
          return { label: shown.name, url: shown.url, note: shown.type === 'member' ? '' : gettext('(not verified)') };
        });
        places.sort(function (a, b) { return a.d - b.d; }).slice(0, 3).forEach(function (p) {
          var countries = p.entry.slice(1).map(function (c) { return state.entry.facets.country[c][1]; });
          suggestions.push({ label: p.entry[0], query: p.entry[0], note: gettext('(a place in %(countries)s)').replace('%(countries)s', function () { return countries.join(', '); }) });
        });
        return suggestions;
      });
    });
  });
}

/* --- Relaxing the filters ----------------------------------------------------------- */

/* `filters` without one active value: a facet value, the status or the type. */
function without(filters, kind, value) {
  var copy = {};
  Object.keys(filters).forEach(function (key) { copy[key] = filters[key]; });
  copy[kind] = MEMBER_FILTERS.indexOf(kind) >= 0
    ? valuesOf(filters, kind).filter(function (v) { return v !== value; }) : '';
  return copy;
}

/* The active filters whose removal alone gives results, with how many: [{kind, value, count}]. */
function relaxations(filters, candidates, sets) {
  var found = [];
  var active = [];
  MEMBER_FILTERS.forEach(function (kind) {
    valuesOf(filters, kind).forEach(function (value) { active.push([kind, value]); });
  });
  if (filters.status) { active.push(['status', filters.status]); }
  if (filters.type) { active.push(['type', filters.type]); }
  active.forEach(function (pair) {
    var relaxed = without(filters, pair[0], pair[1]);
    var relaxedSets = {};
    Object.keys(sets).forEach(function (kind) {
      if (kind !== pair[0]) { relaxedSets[kind] = sets[kind]; return; }
      var values = valuesOf(filters, kind);
      var kept = sets[kind].filter(function (set, i) { return values[i] !== pair[1]; });
      if (kept.length) { relaxedSets[kind] = kept; }
    });
    var passes = passesWith(relaxed, relaxedSets);
    var count = candidates.filter(passes).length;
    if (count) { found.push({ kind: pair[0], value: pair[1], count: count }); }
  });
  found.sort(function (a, b) { return b.count - a.count; });
  return found;
}

/* How many results each value of each member facet would give with the other filters (the
 * facet's own values replaced by that one), for the request the page last showed. */
function counts(id) {
  var last = state.last;
  if (!last || last.request.id !== id) { return Promise.resolve(); }
  var facets = state.entry.facets;
  var kinds = MEMBER_FILTERS.filter(function (kind) { return (facets[kind] || []).length; });
  return Promise.all(kinds.map(function (kind) {
    return Promise.all(facets[kind].map(function (pair, n) { return facetSet(kind, n); }));
  })).then(function (all) {
    var filters = last.filters;
    var result = {};
    kinds.forEach(function (kind, k) {
      var others = {};
      Object.keys(last.sets).forEach(function (other) {
        if (other !== kind) { others[other] = last.sets[other]; }
      });
      var base = last.candidates.filter(passesWith(without(filters, kind, null), others))
        .filter(function (ref) { return ref < state.count; });
      result[kind] = {};
      all[k].forEach(function (set, n) {
        var count = 0;
        base.forEach(function (ref) { if (inSet(set, ref)) { count += 1; } });
        result[kind][facets[kind][n][0]] = count;
      });
    });
    if (state.last === last) { self.postMessage({ type: 'counts', id: id, counts: result }); }
  });
}

/* --- Lookup: a member named, or a report id -------------------------------------------- */

/* A report id as the build keys it (builder.report_key): folded, letters and digits only
 * (mayLookUp in search-worker.js tests the same). */
function reportKey(text) {
  return MspSearchText.fold(String(text || '')).replace(/[^a-z0-9]/g, '');
}

/* builder.report_bucket: 32-bit FNV-1a of the key's characters, modulo the file count. */
function reportBucket(key, buckets) {
  var value = 0x811c9dc5;
  for (var i = 0; i < key.length; i += 1) {
    value = Math.imul(value ^ key.charCodeAt(i), 0x01000193) >>> 0;
  }
  return value % buckets;
}

var LOOKUP_SIZE = 5;

/* [{ref, report: [id, status, issued, expires] or null}]: the audit records whose report id
 * is the query, then the members that are not verified (or that the filters leave out) whose
 * name holds every typed word. */
function lookup(request, words, results, passes) {
  var key = reportKey(request.q);
  var reports = state.reports && key.length >= 5 && /[a-z]/.test(key) && /[0-9]/.test(key)
    ? data('r/' + reportBucket(key, state.reports) + '.json') : Promise.resolve({});
  return reports.then(function (table) {
    var found = (table[key] || []).map(function (row) {
      return { ref: row[0], report: row.slice(1) };
    });
    if (!words.length || found.length) { return found; }
    var named = null;
    results.forEach(function (perWord) {
      var refs = new Map();
      perWord.members.forEach(function (result) {
        var fields = Object.keys(result.matchData.metadata).some(function (term) {
          return result.matchData.metadata[term].name;
        });
        if (fields) { refs.set(Number(result.ref), result.score); }
      });
      if (named === null) { named = refs; return; }
      named.forEach(function (score, ref) {
        if (refs.has(ref)) { named.set(ref, score + refs.get(ref)); } else { named.delete(ref); }
      });
    });
    var refs = [];
    (named || new Map()).forEach(function (score, ref) {
      if (!isVerified(ref) || !passes(ref)) { refs.push([ref, score]); }
    });
    refs.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    refs = refs.slice(0, LOOKUP_SIZE * 4);
    // a name is named from its start: the first typed word is the name's first word (exactly,
    // by prefix or with a typo), so that "managed" does not list every "... Managed IT"
    return Promise.all(refs.map(function (pair) { return record(pair[0]); })).then(function (records) {
      return refs.filter(function (pair, i) {
        var first = MspSearchText.queryWords(records[i][1])[0];
        return first && MspSearchText.wordMatches(first, words[0]);
      }).slice(0, LOOKUP_SIZE).map(function (pair) { return { ref: pair[0], report: null }; });
    });
  });
}
