/* MSP Directory search: text rules shared by the search worker and the index parity tests.
 * Mirrors plugins/search_index/text.py: an index built in Python with those rules answers these
 * queries exactly as an index lunr.js builds itself with the pipelines below. Needs lunr 2.3.9. */
(function (root) {
  'use strict';
  var lunr = root.lunr;
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  var MARKS = /\p{Mn}/gu;
  var SEPARATOR = /[\s\-]+/;
  var MAX_WORDS = 10;

  function fold(word) {
    return word.toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC');
  }

  function normaliseWord(word) {
    return fold(word).replace(EDGES, '');
  }

  function normalise(token) {
    token.update(function (string) { return normaliseWord(string); });
    return token.toString() ? token : undefined;
  }
  lunr.Pipeline.registerFunction(normalise, 'msp-normalise');

  var PIPELINES = {
    plain: [normalise],
    stemmed: [normalise, lunr.stopWordFilter, lunr.stemmer]
  };

  function stemWord(word) {
    return lunr.stemmer(new lunr.Token(word, {})).toString();
  }

  /* The words of what someone typed, normalised, at most MAX_WORDS. */
  function queryWords(text) {
    var words = [];
    String(text || '').split(SEPARATOR).forEach(function (part) {
      var word = normaliseWord(part);
      if (word && words.indexOf(word) < 0) { words.push(word); }
    });
    return words.slice(0, MAX_WORDS);
  }

  /* lunr query clauses for one typed word on one shard:
   * - unstemmed shards (members): the first field (the name) by prefix as typed, boosted; the
   *   exact word anywhere; the word as a prefix anywhere;
   * - stemmed shards (content): the stem, the typed word as a prefix;
   * - both: one edit away, for words of five letters or more. */
  function addClauses(query, spec, word) {
    var TRAILING = lunr.Query.wildcard.TRAILING;
    var typo = word.length >= 5;
    if (spec.pipeline === 'plain') {
      query.term(word, { fields: [spec.fields[0][0]], wildcard: TRAILING, usePipeline: false, boost: 10 });
      query.term(word, { usePipeline: false, boost: 5 });
      query.term(word, { wildcard: TRAILING, usePipeline: false, boost: 1 });
      if (typo) { query.term(word, { editDistance: 1, usePipeline: false, boost: 1 }); }
    } else {
      var stem = stemWord(word);
      query.term(stem, { usePipeline: false, boost: 5 });
      query.term(word, { wildcard: TRAILING, usePipeline: false, boost: 1 });
      if (typo) { query.term(stem, { editDistance: 1, usePipeline: false, boost: 1 }); }
    }
  }

  function queryWord(index, spec, word) {
    return index.query(function (query) { addClauses(query, spec, word); });
  }

  /* A lunr index from its compact form (plugins/search_index/compact.py): the postings are
   * decoded, and each field vector weight computed as lunr.Builder computes it (BM25, k1 1.2,
   * b 0.75, same operations in the same order), then loaded with lunr.Index.load. */
  function decodeIndex(compact) {
    var K1 = 1.2;
    var B = 0.75;
    var count = compact.count;
    var fields = compact.fields.map(function (field) { return field[0]; });
    var average = fields.map(function (field) {
      return compact.lengths[field].reduce(function (a, b) { return a + b; }, 0) / count;
    });
    var firsts = fields.map(function () { return 0; });
    var vectors = Object.create(null);
    var invertedIndex = compact.terms.map(function (term, termIndex) {
      var posting = { _index: termIndex };
      var lists = [];
      var withTerm = 0;
      fields.forEach(function (field, f) {
        var encoded = compact.postings[field][termIndex];
        var refs = [];
        var tfs = [];
        var docs = {};
        var ref = 0;
        for (var i = 0; i < encoded.length; i += 1) {
          var value = encoded[i];
          if (value < 0) { tfs[tfs.length - 1] = -value; continue; }
          ref = i === 0 ? firsts[f] + (value % 2 ? -(value + 1) / 2 : value / 2) : ref + value;
          refs.push(ref);
          tfs.push(1);
          docs[ref] = {};
        }
        if (refs.length) { firsts[f] = refs[0]; }
        posting[field] = docs;
        withTerm += refs.length;
        lists.push([refs, tfs]);
      });
      var x = (count - withTerm + 0.5) / (withTerm + 0.5);
      var idf = Math.log(1 + Math.abs(x));
      fields.forEach(function (field, f) {
        var refs = lists[f][0];
        var tfs = lists[f][1];
        var boost = compact.fields[f][1] || 1;
        for (var j = 0; j < refs.length; j += 1) {
          var tf = tfs[j];
          var length = compact.lengths[field][refs[j]];
          var score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average[f])) + tf);
          score *= boost;
          score *= 1;
          var key = field + '/' + refs[j];
          (vectors[key] || (vectors[key] = [])).push(termIndex, Math.round(score * 1000) / 1000);
        }
      });
      return [term, posting];
    });
    return lunr.Index.load({
      version: lunr.version,
      fields: fields,
      fieldVectors: Object.keys(vectors).map(function (key) { return [key, vectors[key]]; }),
      invertedIndex: invertedIndex,
      pipeline: []
    });
  }

  /* A lunr.js index built in the browser with a shard's spec (used to check the prebuilt one). */
  function buildIndex(spec, documents) {
    return lunr(function () {
      var builder = this;
      builder.pipeline.reset();
      builder.searchPipeline.reset();
      builder.ref('ref');
      spec.fields.forEach(function (field) { builder.field(field[0], { boost: field[1] }); });
      builder.metadataWhitelist = [];
      PIPELINES[spec.pipeline].forEach(function (fn) { builder.pipeline.add(fn); });
      documents.forEach(function (doc) { builder.add(doc); });
    });
  }

  function editDistanceAtMostOne(a, b) {
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i += 1; }
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) ||
      a.slice(i + 1) === b.slice(i);
  }

  /* Whether a word of a result's text matches a query word (for highlighting). */
  function wordMatches(textWord, queryWord) {
    if (!textWord) { return false; }
    if (textWord.indexOf(queryWord) === 0) { return true; }
    if (stemWord(textWord) === stemWord(queryWord)) { return true; }
    return queryWord.length >= 5 && editDistanceAtMostOne(textWord, queryWord);
  }

  /* Text split into [text, highlighted] segments, marking the words that match the query. */
  function highlight(text, words) {
    var segments = [];
    String(text || '').split(/([\s\-]+)/).forEach(function (part, i) {
      var marked = i % 2 === 0 && words.some(function (word) {
        return wordMatches(normaliseWord(part), word);
      });
      var last = segments[segments.length - 1];
      if (last && last[1] === marked) { last[0] += part; } else if (part) { segments.push([part, marked]); }
    });
    return segments;
  }

  root.MspSearchText = {
    normaliseWord: normaliseWord,
    stemWord: stemWord,
    queryWords: queryWords,
    queryWord: queryWord,
    buildIndex: buildIndex,
    decodeIndex: decodeIndex,
    highlight: highlight,
    wordMatches: wordMatches,
    PIPELINES: PIPELINES
  };
}(typeof self !== 'undefined' ? self : this));
