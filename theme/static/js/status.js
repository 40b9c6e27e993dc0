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
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];

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
    return date.getUTCDate() + ' ' + MONTHS[date.getUTCMonth()] + ' ' + date.getUTCFullYear();
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
      text = 'Expired on ' + words(latest(records));
    } else if (status === 'expiring') {
      text = 'Expires on ' + words(latest(inForce)) + ', within the ' + table.expiring_days +
        '-day renewal window';
    } else if (status === 'active') {
      text = 'In force since ' + words(Math.min.apply(null, inForce.map(function (r) { return r.issued; })));
    } else {
      text = 'Not in force on ' + words(asOf);
    }
    return text + '; this page was built on ' + built + '.';
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
