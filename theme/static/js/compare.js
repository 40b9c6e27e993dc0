/* Compare members: tick 2 to 4 member cards, then open the compare page with ?ids=a,b,c.
 *
 * Every page: un-hides the "Compare" checkboxes (hidden without JavaScript), keeps the selection
 * in localStorage ("msp-compare", at most 4 slugs), and shows a tray linking to the comparison.
 * Checkboxes are handled by delegation on `document`, so cards rendered later (search results)
 * work too; dispatch `document` event `compare:refresh` after rendering new ones.
 * The compare page: reads ?ids=, fetches the JSON export and builds the table with DOM calls
 * (textContent only, never HTML strings).
 */
(function () {
  "use strict";

  var KEY = "msp-compare";
  var MAX = 4;
  var MIN = 2;
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var script = document.currentScript;
  // The compare page's address (COMPARE_URL), from the script element: never written here.
  var compareUrl = (script && script.getAttribute("data-compare-url")) || "";

  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(value) ? value.filter(function (s) {
        return typeof s === "string" && SLUG.test(s);
      }).slice(0, MAX) : [];
    } catch (error) {
      return [];
    }
  }

  function save(slugs) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(slugs));
    } catch (error) {
      /* private mode or storage full: the selection lasts for this page only */
    }
  }

  var selection = load();

  function compareHref(slugs) {
    return compareUrl + "?ids=" + slugs.map(encodeURIComponent).join(",");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* ---- selection tray ---- */
  var tray = null;

  function buildTray() {
    tray = el("aside", "compare-tray");
    tray.setAttribute("aria-label", "Members to compare");
    tray.hidden = true;
    var status = el("p", "compare-tray__status");
    status.setAttribute("role", "status");
    /* a button, not a link without href: every anchor on the site stays crawlable */
    var go = el("button", "button compare-tray__go");
    go.type = "button";
    go.addEventListener("click", function () {
      if (selection.length >= MIN) { window.location.href = compareHref(selection); }
    });
    var clear = el("button", "compare-tray__clear", "Clear");
    clear.type = "button";
    clear.addEventListener("click", function () {
      selection = [];
      save(selection);
      sync("");
    });
    tray.appendChild(status);
    tray.appendChild(go);
    tray.appendChild(clear);
    /* right after the page's main content, so it comes next in the tab order (not after the
       footer); scroll-padding keeps a focused element from sliding under the sticky tray */
    var main = document.querySelector("main");
    if (main) { main.appendChild(tray); } else { document.body.appendChild(tray); }
  }

  function renderTray(message) {
    if (!tray) { buildTray(); }
    var count = selection.length;
    tray.hidden = count === 0;
    var status = tray.querySelector(".compare-tray__status");
    var go = tray.querySelector(".compare-tray__go");
    status.textContent = message || (count < MIN
      ? "Selected " + count + " of up to " + MAX + ". Pick at least " + MIN + " to compare."
      : "Selected " + count + " of up to " + MAX + ".");
    go.textContent = "Compare (" + count + ")";
    go.disabled = count < MIN;
    go.setAttribute("data-href", count >= MIN ? compareHref(selection) : "");
    document.documentElement.classList.toggle("has-compare-tray", count > 0);
  }

  function boxes() {
    return document.querySelectorAll("input[data-compare-slug]");
  }

  function sync(message) {
    Array.prototype.forEach.call(boxes(), function (box) {
      var label = box.closest("label");
      if (label) { label.hidden = false; }
      box.hidden = false;
      box.checked = selection.indexOf(box.getAttribute("data-compare-slug")) !== -1;
    });
    /* the tray belongs with the checkboxes: listings and search results, not every page */
    if (boxes().length) {
      renderTray(message);
    } else if (tray) {
      tray.hidden = true;
      document.documentElement.classList.remove("has-compare-tray");
    }
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("input[data-compare-slug]")) { return; }
    var slug = box.getAttribute("data-compare-slug");
    if (!SLUG.test(slug)) { return; }
    selection = load();
    var message = "";
    var at = selection.indexOf(slug);
    if (box.checked && at === -1) {
      if (selection.length >= MAX) {
        box.checked = false;
        message = "You can compare up to " + MAX + " members. Untick one first.";
      } else {
        selection.push(slug);
      }
    } else if (!box.checked && at !== -1) {
      selection.splice(at, 1);
    }
    save(selection);
    sync(message);
  });

  document.addEventListener("compare:refresh", function () {
    selection = load();
    sync("");
  });

  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      selection = load();
      sync("");
    }
  });

  /* ---- the compare page ---- */
  function requestedIds() {
    var raw = new URLSearchParams(window.location.search).get("ids") || "";
    var seen = [];
    raw.split(",").forEach(function (part) {
      var slug = part.trim().toLowerCase();
      if (slug && seen.indexOf(slug) === -1) { seen.push(slug); }
    });
    return seen;
  }

  function message(app, text, linkText) {
    app.textContent = "";
    var p = el("p", "compare__message", text + " ");
    var a = el("a", null, linkText || "Browse the directory");
    a.href = app.getAttribute("data-directory");
    p.appendChild(a);
    app.appendChild(p);
  }

  function list(items) {
    var ul = el("ul", "compare__list");
    items.forEach(function (text) { ul.appendChild(el("li", null, text)); });
    return ul;
  }

  // A status badge with the dates it comes from: status.js re-checks it against today's date.
  function statusBadge(status, records, labels) {
    var span = el("span", "status status--" + status, labels[status] || status);
    span.setAttribute("data-status", status);
    span.setAttribute("data-records", records.map(function (r) {
      return r.issued + "/" + r.expires;
    }).join(" "));
    return span;
  }

  function certifications(member, labels) {
    var ul = el("ul", "compare__list");
    member.certifications.forEach(function (record) {
      var li = el("li");
      li.appendChild(el("span", null, record.standard.label + " (" + record.program.label + "), expires " + record.expires + " "));
      li.appendChild(statusBadge(record.status, [record], labels));
      ul.appendChild(li);
    });
    return ul;
  }

  var ROWS = [
    ["Status", function (m, labels) {
      var span = statusBadge(m.status, m.certifications, labels);
      var wrap = el("div");
      wrap.appendChild(span);
      if (m.valid_until) { wrap.appendChild(el("p", "compare__note", "Valid until " + m.valid_until)); }
      return wrap;
    }],
    ["Services", function (m) { return list(m.services.map(function (s) { return s.label; })); }],
    ["Headquarters", function (m) { return document.createTextNode(m.headquarters.city + ", " + m.headquarters.country_name); }],
    ["Serves", function (m) { return list(m.service_areas.map(function (c) { return c.name; })); }],
    ["Certifications", certifications],
    ["Member since", function (m) { return document.createTextNode(m.member_since); }],
    ["Company size", function (m) { return document.createTextNode(m.company_size ? m.company_size + " employees" : "Not stated"); }]
  ];

  function renderTable(app, members, data) {
    var labels = {};
    Object.keys(data.statuses || {}).forEach(function (key) { labels[key] = data.statuses[key].label; });
    var scroll = el("div", "table-scroll");
    scroll.setAttribute("tabindex", "0");
    scroll.setAttribute("role", "region");
    scroll.setAttribute("aria-label", "Comparison");
    var table = el("table", "records compare__table");
    table.appendChild(el("caption", null, "Statuses as of " + data.as_of + ", the date this site was built."));
    var head = el("thead");
    var headRow = el("tr");
    headRow.appendChild(el("td"));
    members.forEach(function (m) {
      var th = el("th");
      th.scope = "col";
      var a = el("a", null, m.name);
      a.href = m.profile_url;
      th.appendChild(a);
      var verify = el("a", "compare__verify", "Verify");
      verify.href = m.verify_url;
      verify.setAttribute("aria-label", "Verify " + m.name);
      th.appendChild(document.createTextNode(" "));
      th.appendChild(verify);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = el("tbody");
    ROWS.forEach(function (row) {
      var tr = el("tr");
      var th = el("th", null, row[0]);
      th.scope = "row";
      tr.appendChild(th);
      members.forEach(function (m) {
        var td = el("td");
        td.appendChild(row[1](m, labels));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    scroll.appendChild(table);
    app.textContent = "";
    app.appendChild(scroll);
    var again = el("p", "compare__again");
    var edit = el("a", null, "Choose other members");
    edit.href = app.getAttribute("data-directory");
    again.appendChild(edit);
    app.appendChild(again);
  }

  function comparePage(app) {
    var ids = requestedIds();
    var bad = ids.filter(function (s) { return !SLUG.test(s); });
    if (bad.length || ids.length < MIN || ids.length > MAX) {
      message(app, "Choose between " + MIN + " and " + MAX + " members to compare (this address names " +
        ids.length + (bad.length ? ", some of them not valid" : "") + ").");
      return;
    }
    app.setAttribute("aria-busy", "true");
    fetch(app.getAttribute("data-source"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        var bySlug = {};
        data.providers.forEach(function (m) { bySlug[m.slug] = m; });
        var missing = ids.filter(function (s) { return !bySlug[s]; });
        if (missing.length) {
          message(app, "No member has the address " + missing.join(", ") + ".");
          return;
        }
        renderTable(app, ids.map(function (s) { return bySlug[s]; }), data);
        document.title = "Compare " + ids.map(function (s) { return bySlug[s].name; }).join(", ") + " · " + document.title.split(" · ").pop();
      })
      .catch(function () {
        message(app, "The member data could not be loaded. Try again later, or");
      })
      .then(function () { app.removeAttribute("aria-busy"); });
  }

  function start() {
    sync("");
    var app = document.getElementById("compare-app");
    if (app) { comparePage(app); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
