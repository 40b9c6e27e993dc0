/* Re-checks every certification status on the page against the visitor's date.
 *
 * The build computes statuses once, on its build date. Each status badge that comes from audit
 * records carries them (data-records="issued/expires ...") and the status the build gave it
 * (data-status). The rules, the expiring window and the build date are published in the page
 * (data-status-rules on script#status-script), from the same table the build used (plugins/member_profiles/
 * status_rules.json). Where today's status differs, the badge shows today's and says, in words,
 * what changed and when the page was built; claims the page made on its build date
 * ([data-status-claim]) are withdrawn. A visitor's date before the build date counts as the
 * build date: the re-check only moves statuses forward in time. Badges added later (compare table, search results) are
 * checked as they appear.
 */
(function () {
  'use strict';
  var source = document.getElementById('status-script');
  if (!source || !source.hasAttribute('data-status-rules')) { return; }
  var table = JSON.parse(source.getAttribute('data-status-rules'));
  var DAY = 86400000;
  // Words in the page's language: the build replaces each gettext call with its translation.
  var MONTHS = [gettext('January'), gettext('February'), gettext('March'), gettext('April'),
    gettext('May'), gettext('June'), gettext('July'), gettext('August'), gettext('September'),
    gettext('October'), gettext('November'), gettext('December')];
  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) { return values[key]; });
  }

  function day(iso) {  // days since 1970-01-01 of a YYYY-MM-DD date
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
  }
  // The date statuses are checked on: the visitor's calendar date (as the build counts days),
  // but never before the build date. A clock that is behind (or set back) only ever moves a
  // status forward in time from what the build computed: it never revives an expired record.
  function today() {
    var now = new Date();
    return Math.max(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / DAY,
      day(table.built));
  }
  function words(days) {
    var date = new Date(days * DAY);
    // the day's date as the site writes it (the build's date_local: "5 December 2026")
    return format(gettext('%(day)s %(month)s %(year)s'), { day: date.getUTCDate(),
      month: MONTHS[date.getUTCMonth()], year: date.getUTCFullYear() });
  }

  var conditions = {
    before_issued: function (r, asOf) { return asOf < r.issued; },
    after_expires: function (r, asOf) { return asOf > r.expires; },
    within_window: function (r, asOf) { return r.expires - asOf < table.expiring_days; },
    always: function () { return true; }
  };

  function recordStatus(record, asOf) {
    for (var i = 0; i < table.record_rules.length; i += 1) {
      var rule = table.record_rules[i];
      if (conditions[rule.when](record, asOf)) { return rule.status; }
    }
    return 'expired';
  }

  function memberStatus(statuses) {
    for (var i = 0; i < table.precedence.length; i += 1) {
      if (statuses.indexOf(table.precedence[i]) >= 0) { return table.precedence[i]; }
    }
    return 'expired';
  }

  function parseRecords(text) {
    return text.split(' ').filter(Boolean).map(function (pair) {
      var dates = pair.split('/');
      return { issued: day(dates[0]), expires: day(dates[1]) };
    });
  }

  // What changed, in words: the sentence starts with what is true today.
  function explain(status, records, asOf) {
    var built = words(day(table.built));
    var inForce = records.filter(function (r) { return r.issued <= asOf && asOf <= r.expires; });
    var latest = function (list) {
      return Math.max.apply(null, list.map(function (r) { return r.expires; }));
    };
    var text;
    if (status === 'expired') {
      text = format(gettext('Expired on %(date)s; this page was built on %(built)s.'),
        { date: words(latest(records)), built: built });
    } else if (status === 'expiring') {
      text = format(ngettext('Expires on %(date)s, within the %(days)s-day renewal window; this page was built on %(built)s.',
        'Expires on %(date)s, within the %(days)s-day renewal window; this page was built on %(built)s.',
        table.expiring_days), { date: words(latest(inForce)), days: table.expiring_days, built: built });
    } else if (status === 'active') {
      text = format(gettext('In force since %(date)s; this page was built on %(built)s.'),
        { date: words(Math.min.apply(null, inForce.map(function (r) { return r.issued; }))), built: built });
    } else {
      text = format(gettext('Not in force on %(date)s; this page was built on %(built)s.'),
        { date: words(asOf), built: built });
    }
    return text;
  }

  function recheck(badge, asOf) {
    if (badge.hasAttribute('data-status-now')) { return; }
    var records = parseRecords(badge.getAttribute('data-records') || '');
    if (!records.length) { return; }
    var built = badge.getAttribute('data-status');
    var now = memberStatus(records.map(function (r) { return recordStatus(r, asOf); }));
    badge.setAttribute('data-status-now', now);
    if (now === built) { return; }
    badge.classList.remove('status--' + built);
    badge.classList.add('status--' + now);
    badge.textContent = table.labels[now];
    var note = document.createElement('span');
    note.className = 'status-recheck';
    note.textContent = ' ' + explain(now, records, asOf);
    badge.parentNode.insertBefore(note, badge.nextSibling);
    // What the page said on its build date no longer holds once the member-level status changed.
    if (badge.hasAttribute('data-status-member')) {
      document.querySelectorAll('[data-status-claim]').forEach(function (claim) {
        claim.hidden = true;
      });
      document.querySelectorAll('[data-status="' + built + '"]:not(.status)').forEach(function (scope) {
        scope.setAttribute('data-status', now);
      });
      document.querySelectorAll('[data-status-class]').forEach(function (scope) {
        var prefix = scope.getAttribute('data-status-class');
        scope.classList.remove(prefix + built);
        scope.classList.add(prefix + now);
      });
    }
  }

  function recheckAll(root) {
    var asOf = today();
    root.querySelectorAll('.status[data-records]').forEach(function (badge) { recheck(badge, asOf); });
  }

  recheckAll(document);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1) { return; }
        if (node.matches('.status[data-records]')) { recheck(node, today()); }
        recheckAll(node);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });

  // For tests and tools: the same rules as the build, on any date (YYYY-MM-DD).
  window.MspStatus = {
    record: function (issued, expires, asOf) {
      return recordStatus({ issued: day(issued), expires: day(expires) }, day(asOf));
    },
    member: memberStatus
  };
}());
