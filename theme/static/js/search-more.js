/* MSP Directory search worker, the parts few queries need: member orders (the directory an
 * empty query shows, and the sort menu) and suggestions when nothing matched. Loaded by
 * search-worker.js with importScripts the first time one is needed, into the worker's own
 * scope (it uses the worker's state, data(), groupOf(), record(), display(), wordResults()). */
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
          return { label: shown.name, url: shown.url, note: shown.type === 'member' ? '' : '(not verified)' };
        });
        places.sort(function (a, b) { return a.d - b.d; }).slice(0, 3).forEach(function (p) {
          var countries = p.entry.slice(1).map(function (c) { return state.entry.facets.country[c][1]; });
          suggestions.push({ label: p.entry[0], query: p.entry[0], note: '(a place in ' + countries.join(', ') + ')' });
        });
        return suggestions;
      });
    });
  });
}
