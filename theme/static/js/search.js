/* MSP Directory search UI: the header search box on every page and the search page (/search/).
 * The index is fetched and parsed in a Web Worker (search-worker.js) on the first interaction
 * with a search box, or at once on the search page; this script only renders results, built
 * from the <template> elements of the search page (text only, never markup from data). */
(function () {
  'use strict';
  var header = document.querySelector('form.site-search');
  if (!header) { return; }
  var app = document.getElementById('search-app');
  var worker = null;
  var latest = 0;
  var onResults = null;

  function absolute(url) { return new URL(url, document.baseURI).href; }

  /* The header box on other pages only warms the cache with the entry file; the search page
   * fetches, per query, the parts of the index it needs. */
  function startWorker() {
    if (worker) { return; }
    var data = header.dataset;
    performance.mark('search:start');
    worker = new Worker(absolute(data.searchWorker));
    worker.onmessage = function (event) { if (onResults) { onResults(event.data); } };
    worker.postMessage({
      type: 'init', lunr: absolute(data.searchLunr), text: absolute(data.searchText),
      more: absolute(data.searchMore),
      index: absolute(data.searchIndex)
    });
  }

  var headerInput = header.querySelector('input[name="q"]');
  ['focus', 'pointerdown', 'input'].forEach(function (name) {
    headerInput.addEventListener(name, startWorker, { once: true });
  });

  // "/" focuses the search box, unless someone is typing in a field.
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    event.preventDefault();
    var box = app ? app.querySelector('input[name="q"]') : headerInput;
    box.focus();
    box.select();
  });

  if (app) { searchPage(); }

  function searchPage() {
    var form = app.querySelector('form');
    var input = form.querySelector('input[name="q"]');
    var selects = Array.prototype.slice.call(form.querySelectorAll('select[data-filter]'));
    var status = document.getElementById('search-status');
    var results = document.getElementById('search-results');
    var siteURL = app.dataset.siteUrl;
    var limits = {};
    // Results drawn before the rest have arrived: what a screen shows.
    var FIRST_SCREEN = 5;
    var typing = null;
    var pageTitle = document.title;
    // Dates as the site writes them (DEFAULT_DATE_FORMAT, "4 May 2026"); Intl.DateTimeFormat
    // would cost tens of milliseconds on the main thread the first time.
    // The build puts each gettext call's message in the page's language.
    var MONTHS = [gettext('January'), gettext('February'), gettext('March'), gettext('April'),
      gettext('May'), gettext('June'), gettext('July'), gettext('August'), gettext('September'),
      gettext('October'), gettext('November'), gettext('December')];
    function format(text, values) {  // fills %(name)s placeholders
      return text.replace(/%\((\w+)\)s/g, function (match, key) { return values[key]; });
    }

    function formatDate(iso) {
      var parts = iso.split('-');
      return format(gettext('%(day)s %(month)s %(year)s'),
        { day: Number(parts[2]), month: MONTHS[Number(parts[1]) - 1], year: parts[0] });
    }

    var activeFilters = document.getElementById('search-filters-active');
    form.querySelector('.search-filters fieldset').disabled = false;

    // Labels of facet values and types, from the filter menus (read once).
    var labels = {};
    selects.forEach(function (el) {
      var map = labels[el.name] = new Map();
      Array.prototype.forEach.call(el.options, function (option) {
        map.set(option.value, { plural: option.textContent, singular: option.dataset.singular });
      });
    });

    function label(name, value) {
      var entry = labels[name].get(value);
      return entry ? entry.plural : value;
    }

    function typeLabel(type, plural) {
      var entry = labels.type.get(type);
      if (!entry) { return type.charAt(0).toUpperCase() + type.slice(1); }
      return plural ? entry.plural : entry.singular;
    }

    // The values chosen in a menu: a facet menu (select multiple) holds several, any of them.
    function valuesOf(el) {
      return Array.prototype.filter.call(el.options, function (o) { return o.selected && o.value; })
        .map(function (o) { return o.value; });
    }

    function filters() {
      var values = {};
      selects.forEach(function (el) { values[el.name] = el.multiple ? valuesOf(el) : el.value; });
      return values;
    }

    // Filters other than the defaults, for "Clear filters" and the summary of the closed menu.
    function chosen() {
      return selects.filter(function (el) { return valuesOf(el).length; });
    }

    // The active filters, one [name, value] each, in the order of the menus.
    function active() {
      var pairs = [];
      selects.forEach(function (el) {
        if (el.name === 'sort') { return; }
        valuesOf(el).forEach(function (value) { pairs.push([el.name, value]); });
      });
      return pairs;
    }

    function summarise() {
      var status = selects.filter(function (el) { return el.name === 'status'; })[0];
      var parts = active().filter(function (pair) { return pair[0] !== 'status'; })
        .map(function (pair) { return pair[0] === 'type' ? typeLabel(pair[1], true) : label(pair[0], pair[1]); });
      parts.unshift(status && status.value ? status.options[status.selectedIndex].textContent
        : gettext('Verified members'));
      activeFilters.textContent = parts.join(' · ');
      if (active().length || extras) { withExtras(function (x) { x.chips(); }); }
    }

    /* The parts few searches need (search-extras.js: filter chips, option counts, the row of a
     * named member, relaxations, synonym links, "nothing matched"), loaded the first time one
     * is. Once it is asked for, every drawing waits for it, so they stay in order. */
    var extras = null;
    function withExtras(then) {
      if (!extras) {
        extras = new Promise(function (resolve, reject) {
          var script = document.createElement('script');
          script.src = app.dataset.searchExtras;
          script.integrity = app.dataset.searchExtrasIntegrity;
          script.onload = function () { resolve(window.MspSearchExtras(page)); };
          script.onerror = reject;
          document.head.appendChild(script);
        });
      }
      return extras.then(then);
    }

    /* compare.js (the Compare boxes and their tray) and status.js (each status re-checked
     * against today's date) are not needed to show the first results: loaded once they are
     * drawn, each un-hides what it runs (the boxes, the badges). */
    var compare = null;
    function later(name, attributes) {
      var script = document.createElement('script');
      script.src = app.dataset[name];
      script.integrity = app.dataset[name + 'Integrity'];
      Object.keys(attributes).forEach(function (key) { script.setAttribute(key, attributes[key]); });
      script.onload = function () { delete results.dataset[name + 'Pending']; };
      document.head.appendChild(script);
      return script;
    }
    function loadCompare() {
      if (compare) { return; }
      compare = later('compare', { 'data-compare-url': app.dataset.compareUrl });
      later('status', { id: 'status-script', 'data-status-rules': app.dataset.statusRules });
    }

    function fromURL() {
      var params = new URLSearchParams(window.location.search);
      input.value = params.get('q') || '';
      selects.forEach(function (el) {
        if (el.multiple) {
          var values = params.getAll(el.name);
          Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) >= 0; });
          return;
        }
        var value = params.get(el.name) || '';
        el.value = Array.prototype.some.call(el.options, function (o) { return o.value === value; }) ? value : '';
      });
      limits = {};
    }

    function paramsOf(skip) {
      var params = new URLSearchParams();
      if (input.value.trim()) { params.set('q', input.value.trim()); }
      selects.forEach(function (el) {
        valuesOf(el).forEach(function (value) {
          if (!skip || skip[0] !== el.name || skip[1] !== value) { params.append(el.name, value); }
        });
      });
      return params;
    }

    // The address of the search, or of the search without one filter value (`skip`).
    function toURL(skip) {
      var query = paramsOf(skip).toString();
      return window.location.pathname + (query ? '?' + query : '');
    }

    // The page's state and helpers, for search-extras.js.
    var page = {
      app: app, form: form, input: input, selects: selects, results: results, siteURL: siteURL,
      labels: labels, label: label, typeLabel: typeLabel, formatDate: formatDate, fill: fill,
      chosen: chosen, active: active, paramsOf: paramsOf, toURL: toURL, fromURL: fromURL,
      search: function (push) { search(push); }, request: function () { request(); },
      withExtras: function (then) { return withExtras(then); }
    };

    var filtersBox = form.querySelector('.search-filters');
    var countsFor = 0;
    function askCounts() {
      if (countsFor && filtersBox.open) {
        worker.postMessage({ type: 'counts', id: countsFor });
        countsFor = 0;
      }
    }
    filtersBox.addEventListener('toggle', askCounts);

    // What the shown results answer (the URL state), for scripts and tests to wait on.
    var asked = '';
    // After "Show more": the first of the new results gets the focus.
    var focusNext = null;

    function request() {
      latest += 1;
      asked = toURL();
      document.title = input.value.trim() ? '“' + input.value.trim() + '” · ' + pageTitle : pageTitle;
      results.dataset.complete = 'false';
      summarise();
      // An empty query shows the directory: every member the filters keep, by name.
      status.textContent = status.textContent || gettext('Searching…');
      startWorker();
      // A new search shows its first results as soon as they are here; "Show more" waits for all.
      worker.postMessage({
        type: 'search', id: latest, q: input.value, filters: filters(), limits: limits,
        firstScreen: Object.keys(limits).length ? 0 : FIRST_SCREEN
      });
    }

    function search(push) {
      var url = toURL();
      if (url !== window.location.pathname + window.location.search) {
        window.history[push ? 'pushState' : 'replaceState'](null, '', url);
      }
      limits = push ? {} : limits;
      request();
    }

    function fill(element, segments) {
      element.replaceChildren();
      segments.forEach(function (segment) {
        if (segment[1]) {
          var mark = document.createElement('mark');
          mark.textContent = segment[0];
          element.appendChild(mark);
        } else {
          element.appendChild(document.createTextNode(segment[0]));
        }
      });
    }

    function item(result) {
      var member = result.type === 'member' || result.type === 'unverified';
      var node = document.getElementById(member ? 'search-member-template' : 'search-document-template')
        .content.firstElementChild.cloneNode(true);
      var link = node.querySelector('.result__link');
      link.href = siteURL + '/' + result.url;
      fill(link, result.title);
      node.querySelector('.result__type').textContent = result.type === 'unverified'
        ? typeLabel('member', false) + ' · ' + gettext('not verified') : typeLabel(result.type, false);
      fill(node.querySelector('.result__snippet'), result.snippet);
      if (member) {
        var badge = node.querySelector('.status');
        badge.classList.add('status--' + result.status);
        badge.textContent = label('status', result.status);
        // status.js re-checks the built status against today's date from these
        badge.setAttribute('data-status', result.status);
        badge.setAttribute('data-records', result.records);
        node.querySelector('.result__place').textContent =
          [result.city, label('country', result.country)].filter(Boolean).join(', ');
        var services = node.querySelector('.result__services');
        result.services.forEach(function (service) {
          var li = document.createElement('li');
          li.textContent = label('service', service);
          services.appendChild(li);
        });
        if (result.logo) {
          var logo = node.querySelector('.result__logo');
          logo.src = siteURL + '/' + result.logo;
          logo.hidden = false;
        }
        if (result.type === 'unverified') {
          // not verified: nothing to compare (compare.js offers verified members only)
          node.querySelector('.result__compare').remove();
        } else {
          var box = node.querySelector('input[type="checkbox"]');
          box.dataset.compareSlug = result.slug;
          box.setAttribute('aria-label', format(gettext('Compare %(name)s'), { name: result.name }));
        }
      } else {
        var date = node.querySelector('.result__date');
        date.hidden = !result.date;
        if (result.date) {
          date.dateTime = result.date;
          date.textContent = formatDate(result.date);
        }
      }
      return node;
    }

    function show(message) {
      var needs = (message.lookup || []).length || !message.total || (message.narrow || []).length;
      if (needs || extras) {
        withExtras(function () { if (message.id === latest) { render(message); } });
      } else {
        render(message);
      }
    }

    function render(message) {
      var focused = results.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
      var template = document.getElementById('search-group-template');
      var sections = document.createDocumentFragment();
      message.groups.forEach(function (group) {
        var section = template.content.firstElementChild.cloneNode(true);
        section.dataset.type = group.type;
        if (group.type === 'unverified') {
          var words = document.getElementById('search-unverified-template').content;
          section.querySelector('.result-group__title').textContent =
            words.querySelector('.result-group__title').textContent;
          var note = section.querySelector('.result-group__note');
          note.textContent = words.querySelector('.result-group__note').textContent;
          note.hidden = false;
        } else {
          section.querySelector('.result-group__title').textContent = typeLabel(group.type, true);
        }
        section.querySelector('.result-group__count').textContent = group.total;
        var list = section.querySelector('.results');
        group.items.forEach(function (result) { list.appendChild(item(result)); });
        var more = section.querySelector('.result-more');
        if (message.complete && group.total > group.items.length) {
          more.hidden = false;
          more.textContent = group.type === 'unverified' ? gettext('Show more members that are not verified')
            : format(gettext('Show more %(things)s'), { things: typeLabel(group.type, true).toLowerCase() });
          more.addEventListener('click', function () {
            limits[group.type] = group.items.length + 20;
            focusNext = { type: group.type, index: group.items.length };
            request();
          });
        }
        sections.appendChild(section);
      });
      var x = page.extras;
      if (message.lookup.length) { sections.insertBefore(x.lookupGroup(message.lookup), sections.firstChild); }
      if (!message.total) { sections.appendChild(x.nothingFound(message.suggestions, message.relax, message.lookup.length)); }
      results.replaceChildren(sections);
      if (focusNext) {
        var shown = results.querySelectorAll('[data-type="' + CSS.escape(focusNext.type) + '"] .result__link');
        if (shown[focusNext.index]) { shown[focusNext.index].focus(); }
        focusNext = null;
      } else if (focused) {
        var again = results.querySelector('a[href="' + CSS.escape(focused) + '"]');
        if (again) { again.focus(); }
      }
      var query = input.value.trim();
      var count = ngettext('%(count)s result', '%(count)s results', message.total);
      var type = filters().type;
      if (!query && type && type !== 'member') {
        count = format(gettext('%(count)s %(things)s'), { count: '%(count)s', things: typeLabel(type, message.total !== 1).toLowerCase() });
      } else if (!query) {
        count = filters().status ? ngettext('%(count)s member', '%(count)s members', message.total)
          : ngettext('%(count)s verified member', '%(count)s verified members', message.total);
      }
      count = message.total ? format(count, { count: message.total }) : gettext('No results');
      status.textContent = query ? format(gettext('%(count)s for “%(query)s”'), { count: count, query: query }) : count;
      results.dataset.for = asked;
      results.dataset.complete = String(message.complete);
      if (x) { x.narrowLinks(message.narrow); }
      // the counts of each option, once the results are all here and the menus are open
      countsFor = message.complete ? message.id : 0;
      askCounts();
      document.dispatchEvent(new CustomEvent('compare:refresh'));
      if (!compare) {
        window.requestAnimationFrame(function () { window.setTimeout(loadCompare, 0); });
      }
    }

    /* What a search without results shows: the closest member names and places, "clear
     * filters" when filters are on, and the browse links. */
    // Links to this page (suggestions, "clear filters") search in place, keeping the history.
    results.addEventListener('click', function (event) {
      var link = event.target.closest('a');
      if (!link || !results.contains(link) || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      var target = new URL(link.href);
      if (target.origin !== window.location.origin || target.pathname !== window.location.pathname) { return; }
      event.preventDefault();
      window.history.pushState(null, '', target.pathname + target.search);
      fromURL();
      request();
      input.focus();
    });

    onResults = function (message) {
      if (message.type === 'error') {
        status.textContent = gettext('Search is unavailable right now. Browse the directory instead.');
        app.querySelectorAll('[data-no-js]').forEach(function (el) { el.classList.add('is-shown'); });
      } else if (message.type === 'counts' && message.id === latest) {
        withExtras(function (x) { x.showCounts(message.counts); });
      } else if (message.type === 'results' && message.id === latest) {
        show(message);
        if (!message.complete) {
          // the rest of the results once these are on screen
          window.requestAnimationFrame(function () {
            window.setTimeout(function () { worker.postMessage({ type: 'rest', id: message.id }); }, 0);
          });
        }
      }
    };

    function links() { return Array.prototype.slice.call(results.querySelectorAll('.result__link')); }

    input.addEventListener('input', function () {
      window.clearTimeout(typing);
      typing = window.setTimeout(function () { search(false); }, 120);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' && links().length) {
        event.preventDefault();
        links()[0].focus();
      }
    });
    results.addEventListener('keydown', function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (at < 0 || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) { return; }
      event.preventDefault();
      if (event.key === 'ArrowDown') { all[Math.min(at + 1, all.length - 1)].focus(); }
      else if (at === 0) { input.focus(); }
      else { all[at - 1].focus(); }
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      window.clearTimeout(typing);
      search(true);
    });
    selects.forEach(function (el) {
      el.addEventListener('change', function () { search(true); });
    });
    window.addEventListener('popstate', function () {
      fromURL();
      request();
    });

    fromURL();
    startWorker();
    search(false);  // the address in the order the menus give (the directory's form may differ)
  }
}());
