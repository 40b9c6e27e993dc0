/* MSP Directory search: text rules, query clauses and index loading shared by the search worker
 * and the index parity tests.
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
  /* The stemmed pipeline's stop word filter (none: null) and the steps a typed word goes
   * through to meet the index's terms (the pipeline without its stop word filter). */
  var stopWords = lunr.stopWordFilter;
  var stemSteps = [lunr.stemmer];

  /* The language of the stemmed indexes, as the entry file's `language` gives it
   * (plugins/search_index/languages.py): none, lunr.js's own English as above; {lunr: code}
   * with lunr.<code> loaded (lunr-languages; the worker loads the entry's `scripts` first):
   * its trimmer and stop word filter, msp-normalise, its stemmer (stop words are matched as
   * written, words stemmed folded, as typed words are); otherwise (a language without a
   * stemmer on both sides) msp-normalise alone, unstemmed. */
  function useLanguage(language) {
    if (!language) { return; }
    var l = lunr[language.lunr];
    stopWords = l && l.stopWordFilter;
    stemSteps = l ? [l.trimmer, normalise, l.stemmer] : [];
    PIPELINES.stemmed = l ? [l.trimmer, stopWords, normalise, l.stemmer] : [normalise];
  }

  function stemWord(word) {
    return String(stemSteps.reduce(function (token, step) { return token && step(token); },
      new lunr.Token(word, {})) || word);
  }

  function isStopWord(word) {
    return !!stopWords && !stopWords(new lunr.Token(word, {}));
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

  /* The shortest word matched as a prefix: one letter would match a twentieth of every term. */
  var MIN_PREFIX = 2;
  /* The shortest term looked up with one typo (for stemmed indexes, the stem's length counts):
   * one edit to a term this long keeps its first two or its last two letters, which is how the
   * chunked index finds the candidates (plugins/search_index/chunks.py). */
  var MIN_TYPO = 5;

  /* How one typed word is looked up in an index: {stem (the word itself when unstemmed), prefix:
   * also as a prefix?, typo: also one edit away (from the stem)?}. */
  function lookups(spec, word) {
    var stem = spec.pipeline === 'plain' ? word : stemWord(word);
    return { stem: stem, prefix: word.length >= MIN_PREFIX, typo: stem.length >= MIN_TYPO };
  }

  /* lunr query clauses for one typed word on one index:
   * - unstemmed (members): the first field (the name) by prefix as typed, boosted; the exact
   *   word anywhere; the word as a prefix anywhere;
   * - stemmed (content): the stem, the typed word as a prefix;
   * - both: one edit away, for terms of MIN_TYPO letters or more.
   * Prefixes need MIN_PREFIX letters. */
  function addClauses(query, spec, word) {
    var TRAILING = lunr.Query.wildcard.TRAILING;
    var look = lookups(spec, word);
    if (spec.pipeline === 'plain') {
      if (look.prefix) {
        query.term(word, { fields: [spec.fields[0][0]], wildcard: TRAILING, usePipeline: false, boost: 10 });
      }
      query.term(word, { usePipeline: false, boost: 5 });
      if (look.prefix) { query.term(word, { wildcard: TRAILING, usePipeline: false, boost: 1 }); }
    } else {
      query.term(look.stem, { usePipeline: false, boost: 5 });
      if (look.prefix) { query.term(word, { wildcard: TRAILING, usePipeline: false, boost: 1 }); }
    }
    if (look.typo) { query.term(look.stem, { editDistance: 1, usePipeline: false, boost: 1 }); }
  }

  function queryWord(index, spec, word) {
    return index.query(function (query) { addClauses(query, spec, word); });
  }

  function unzigzag(value) { return value % 2 ? -(value + 1) / 2 : value / 2; }

  /* One chunk's terms of one index (plugins/search_index/compact.py, `encode`) as
   * [[term, {field: {refs, tfs, lengths}}], ...], in the chunk's (sorted) order. */
  function decodeChunk(spec, data) {
    var fields = spec.fields.map(function (field) { return field[0]; });
    var firsts = fields.map(function () { return 0; });
    return data.terms.map(function (term, t) {
      var postings = {};
      fields.forEach(function (field, f) {
        var numbers = data[field][t];
        if (!numbers.length) { return; }
        var refs = [];
        var tfs = [];
        var lengths = [];
        var ref = 0;
        for (var i = 0; i < numbers.length;) {
          ref = refs.length ? ref + numbers[i] : firsts[f] + unzigzag(numbers[i]);
          refs.push(ref);
          lengths.push(numbers[i + 1]);
          i += 2;
          if (i < numbers.length && numbers[i] < 0) { tfs.push(-numbers[i]); i += 1; } else { tfs.push(1); }
        }
        firsts[f] = refs[0];
        postings[field] = { refs: refs, tfs: tfs, lengths: lengths };
      });
      return [term, postings];
    });
  }

  /* A lunr index of some terms (sorted, as decodeChunk gives them) of an index whose header
   * (document count, total field lengths) describes the whole corpus. Each field vector weight
   * is computed as lunr.Builder computes it (BM25, k1 1.2, b 0.75, same operations in the same
   * order, idf over the whole corpus), then loaded with lunr.Index.load. A query whose every
   * matching term is among `terms` gets the scores the index of every term would give: lunr
   * scores a document by the query's terms only. */
  function loadIndex(spec, terms) {
    var K1 = 1.2;
    var B = 0.75;
    var count = spec.count;
    var fields = spec.fields.map(function (field) { return field[0]; });
    var average = fields.map(function (field) { return spec.lengths[field] / count; });
    var vectors = Object.create(null);
    var invertedIndex = terms.map(function (entry, termIndex) {
      var postings = entry[1];
      var posting = { _index: termIndex };
      var withTerm = 0;
      fields.forEach(function (field) {
        var docs = {};
        var found = postings[field];
        if (found) {
          found.refs.forEach(function (ref) { docs[ref] = {}; });
          withTerm += found.refs.length;
        }
        posting[field] = docs;
      });
      var x = (count - withTerm + 0.5) / (withTerm + 0.5);
      var idf = Math.log(1 + Math.abs(x));
      fields.forEach(function (field, f) {
        var found = postings[field];
        if (!found) { return; }
        var boost = spec.fields[f][1] || 1;
        for (var j = 0; j < found.refs.length; j += 1) {
          var tf = found.tfs[j];
          var score = idf * ((K1 + 1) * tf) /
            (K1 * (1 - B + B * (found.lengths[j] / average[f])) + tf);
          score *= boost;
          score *= 1;
          var key = field + '/' + found.refs[j];
          (vectors[key] || (vectors[key] = [])).push(termIndex, Math.round(score * 1000) / 1000);
        }
      });
      return [entry[0], posting];
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

  /* Whether a and b are at most one edit apart (insertion, deletion, substitution, or two
   * neighbours swapped: the edits lunr's editDistance 1 allows). */
  function withinOneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i += 1; }
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) ||
      a.slice(i + 1) === b.slice(i) ||
      (a.length === b.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }

  /* Whether a word of a result's text matches a query word (for highlighting). */
  function wordMatches(textWord, queryWord) {
    if (!textWord) { return false; }
    if (textWord.indexOf(queryWord) === 0) { return true; }
    if (stemWord(textWord) === stemWord(queryWord)) { return true; }
    return queryWord.length >= MIN_TYPO && withinOneEdit(textWord, queryWord);
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
    fold: fold,
    normaliseWord: normaliseWord,
    stemWord: stemWord,
    useLanguage: useLanguage,
    isStopWord: isStopWord,
    queryWords: queryWords,
    queryWord: queryWord,
    buildIndex: buildIndex,
    lookups: lookups,
    decodeChunk: decodeChunk,
    loadIndex: loadIndex,
    withinOneEdit: withinOneEdit,
    MIN_PREFIX: MIN_PREFIX,
    MIN_TYPO: MIN_TYPO,
    highlight: highlight,
    wordMatches: wordMatches,
    PIPELINES: PIPELINES
  };
}(typeof self !== 'undefined' ? self : this));
