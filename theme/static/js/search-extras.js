/* MSP Directory search page, the parts few searches need (issue 26): the chips of the active
 * filters, the counts of each filter option, the row of a member named by the query, the
 * relaxations and suggestions when nothing matched, and the filters that typed words name.
 * Loaded by search.js the first time a search needs one of them; `page` is search.js's state
 * and helpers. */
(function () {
  'use strict';
  window.MspSearchExtras = function (page) {
    var form = page.form;
    var input = page.input;
    var selects = page.selects;
    var siteURL = page.siteURL;
    var labels = page.labels;
    var label = page.label;
    var typeLabel = page.typeLabel;
    var formatDate = page.formatDate;
    var fill = page.fill;
    var chosen = page.chosen;
    var active = page.active;
    var paramsOf = page.paramsOf;
    var toURL = page.toURL;
    var search = page.search;

    /* Each active filter as a chip that removes it, outside the folded menu. */
    var chipList = document.getElementById('search-chips');
    function chips() {
      var template = document.getElementById('search-chip-template');
      chipList.replaceChildren();
      active().forEach(function (pair) {
        var node = template.content.firstElementChild.cloneNode(true);
        var button = node.querySelector('button');
        var text = pair[0] === 'type' ? typeLabel(pair[1], true)
          : pair[0] === 'status' ? labels.status.get(pair[1]).plural : label(pair[0], pair[1]);
        button.querySelector('.chip__label').textContent = text;
        button.setAttribute('aria-label', gettext('Remove filter: %(filter)s').replace('%(filter)s', function () { return text; }));
        button.dataset.name = pair[0];
        button.dataset.value = pair[1];
        chipList.appendChild(node);
      });
      chipList.hidden = !chipList.children.length;
    }

    chipList.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-name]');
      if (!button) { return; }
      var next = button.parentElement.nextElementSibling || button.parentElement.previousElementSibling;
      var focusName = next ? next.querySelector('button').dataset : null;
      var el = form.querySelector('select[name="' + CSS.escape(button.dataset.name) + '"]');
      Array.prototype.forEach.call(el.options, function (o) {
        if (o.value === button.dataset.value) { o.selected = false; }
      });
      if (!el.multiple) { el.value = ''; }
      search(true);
      // the focus stays among the chips (drawn again by then), or goes back to the search box
      page.withExtras(function () {
        var again = focusName && chipList.querySelector('button[data-name="' + CSS.escape(focusName.name) +
          '"][data-value="' + CSS.escape(focusName.value) + '"]');
        (again || input).focus();
      });
    });

    /* The filters the typed words name through the synonym list ("hospital": Healthcare), as
     * links that turn the word into the filter. */
    var narrowBox = document.getElementById('search-narrow');
    function narrowLinks(narrow) {
      var list = narrowBox.querySelector('ul');
      list.replaceChildren();
      narrow.forEach(function (option) {
        var params = paramsOf(null);
        var rest = input.value.trim().split(/\s+/).filter(function (word) {
          return MspWordOf(word) !== option.word;
        }).join(' ');
        if (rest) { params.set('q', rest); } else { params.delete('q'); }
        params.append(option.kind, option.value);
        var li = document.createElement('li');
        var link = document.createElement('a');
        link.href = window.location.pathname + '?' + params.toString();
        link.textContent = label(option.kind, option.value);
        link.dataset.kind = option.kind;
        link.dataset.value = option.value;
        li.appendChild(link);
        list.appendChild(li);
      });
      narrowBox.hidden = !narrow.length;
    }

    // A typed word as the worker compares it: lower case, without accents or edge punctuation.
    function MspWordOf(word) {
      return word.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
        .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    }

    narrowBox.addEventListener('click', function (event) {
      var link = event.target.closest('a');
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      event.preventDefault();
      var target = new URL(link.href);
      window.history.pushState(null, '', target.pathname + target.search);
      page.fromURL();
      page.request();
      input.focus();
    });

    /* How many results each facet value would give with the other filters (from the worker). */
    function showCounts(counts) {
      selects.forEach(function (el) {
        var numbers = counts[el.name];
        if (!numbers) { return; }
        Array.prototype.forEach.call(el.options, function (o) {
          if (!o.value || numbers[o.value] === undefined) { return; }
          o.textContent = label(el.name, o.value) + ' (' + numbers[o.value] + ')';
          o.dataset.count = numbers[o.value];
        });
      });
    }

    /* The members the query names (by name, or by a report id), whatever the filters: a row
     * apart from the results, saying what their status is, never with a Compare box. */
    function lookupGroup(items) {
      var section = document.getElementById('search-lookup-template').content.firstElementChild.cloneNode(true);
      var list = section.querySelector('.results');
      items.forEach(function (result) {
        var node = document.getElementById('search-lookup-item-template').content.firstElementChild.cloneNode(true);
        var link = node.querySelector('.result__link');
        link.href = siteURL + '/' + result.url;
        fill(link, result.title);
        node.querySelector('.result__place').textContent =
          [result.city, label('country', result.country)].filter(Boolean).join(', ');
        var badge = node.querySelector('.status');
        badge.classList.add('status--' + result.status);
        badge.textContent = label('status', result.status);
        badge.setAttribute('data-status', result.status);
        badge.setAttribute('data-records', result.records);
        node.querySelector('.result__lookup-note').textContent = lookupNote(result);
        node.dataset.slug = result.slug;
        node.dataset.verified = String(result.type === 'member');
        list.appendChild(node);
      });
      return section;
    }

    var VERIFIED_STATUSES = ['active', 'expiring'];

    /* "Not verified: certification expired on 4 May 2026", or what a report's record says. */
    function lookupNote(result) {
      var records = (result.records || '').split(' ').filter(Boolean).map(function (pair) { return pair.split('/'); });
      if (result.report) {
        var id = result.report[0];
        var status = result.report[1];
        var issued = formatDate(result.report[2]);
        var expires = formatDate(result.report[3]);
        var what = VERIFIED_STATUSES.indexOf(status) >= 0 ? gettext('in force, issued on %(issued)s, valid until %(expires)s')
          : status === 'expired' ? gettext('expired on %(expires)s')
            : status === 'pending' ? gettext('not in force yet: it starts on %(issued)s')
              : gettext('%(status)s (issued on %(issued)s, until %(expires)s)');
        var sentence = result.type === 'member' ? gettext('Report %(report)s: %(what)s. The member is verified.')
          : gettext('Report %(report)s: %(what)s. The member is not verified.');
        var values = { report: id, what: what, issued: issued, expires: expires, status: label('status', status).toLowerCase() };
        return sentence.replace(/%\((\w+)\)s/g, function (m, key) { return values[key]; })
          .replace(/%\((\w+)\)s/g, function (m, key) { return values[key]; });
      }
      if (result.status === 'expired' && records.length) {
        var last = records.map(function (r) { return r[1]; }).sort().pop();
        return gettext('Not verified: certification expired on %(date)s.').replace('%(date)s', formatDate(last));
      }
      if (result.status === 'pending' && records.length) {
        var first = records.map(function (r) { return r[0]; }).sort()[0];
        return gettext('Not verified: certification starts on %(date)s.').replace('%(date)s', formatDate(first));
      }
      if (result.type === 'member') { return gettext('Verified member, left out by your filters.'); }
      return gettext('Not verified: %(status)s.').replace('%(status)s', label('status', result.status).toLowerCase());
    }

    function nothingFound(suggestions, relax, looked) {
      var node = document.getElementById('search-empty-template').content.firstElementChild.cloneNode(true);
      var relaxList = node.querySelector('.search-empty__relaxations');
      relax.forEach(function (option) {
        var li = document.createElement('li');
        var link = document.createElement('a');
        var what = option.kind === 'type' ? typeLabel(option.value, true)
          : option.kind === 'status' ? labels.status.get(option.value).plural : label(option.kind, option.value);
        link.textContent = gettext('%(count)s without %(filter)s').replace('%(count)s', option.count)
          .replace('%(filter)s', function () { return what; });
        link.href = toURL([option.kind, option.value]);
        li.appendChild(link);
        relaxList.appendChild(li);
      });
      node.querySelector('.search-empty__relax').hidden = !relax.length;
      if (looked) { node.querySelector('#search-empty-heading').textContent = gettext('Nothing else matched'); }
      var list = node.querySelector('.search-empty__suggestions');
      suggestions.forEach(function (suggestion) {
        var li = document.createElement('li');
        var link = document.createElement('a');
        link.textContent = suggestion.label;
        if (suggestion.url) {
          link.href = siteURL + '/' + suggestion.url;
        } else {
          var params = new URLSearchParams(window.location.search);
          params.set('q', suggestion.query);
          link.href = window.location.pathname + '?' + params.toString();
        }
        li.appendChild(link);
        if (suggestion.note) { li.appendChild(document.createTextNode(' ' + suggestion.note)); }
        list.appendChild(li);
      });
      node.querySelector('.search-empty__suggest').hidden = !suggestions.length;
      if (chosen().length) {
        var clear = node.querySelector('.search-empty__clear');
        var query = input.value.trim();
        clear.querySelector('a').href = window.location.pathname + (query ? '?' + new URLSearchParams({ q: query }).toString() : '');
        clear.hidden = false;
      }
      return node;
    }

    page.extras = {
      chips: chips, narrowLinks: narrowLinks, showCounts: showCounts, lookupGroup: lookupGroup,
      nothingFound: nothingFound
    };
    return page.extras;
  };
}());
