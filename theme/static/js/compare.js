/* Compare members: tick 2 to 4 member cards, then open the compare page with ?ids=a,b,c.
 *
 * Every page: un-hides the "Compare" checkboxes (hidden without JavaScript), keeps the selection
 * in localStorage ("msp-compare", at most 4 slugs), and shows a tray linking to the comparison.
 * Checkboxes are handled by delegation on `document`, so cards rendered later (search results)
 * work too; dispatch `document` event `compare:refresh` after rendering new ones.
 * The compare page: reads ?ids=, fetches the JSON export and builds the table with DOM calls
 * (textContent only, never HTML strings): each member's status, services, languages,
 * industries, website and contact, a list of the members with their links (the table's header
 * row is not shown on a phone, so its links are not either), and "Contact these providers", one
 * e-mail naming them all.
 */
(function () {
  "use strict";

  var KEY = "msp-compare";
  function format(text, values) {  // fills %(name)s placeholders
    return text.replace(/%\((\w+)\)s/g, function (match, key) { return values[key]; });
  }
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
    tray.setAttribute("aria-label", gettext("Members to compare"));
    tray.hidden = true;
    var status = el("p", "compare-tray__status");
    status.setAttribute("role", "status");
    /* a button, not a link without href: every anchor on the site stays crawlable */
    var go = el("button", "button compare-tray__go");
    go.type = "button";
    go.addEventListener("click", function () {
      if (selection.length >= MIN) { window.location.href = compareHref(selection); }
    });
    var clear = el("button", "compare-tray__clear", gettext("Clear"));
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
    status.textContent = message || format(count < MIN
      ? gettext("Selected %(count)s of up to %(max)s. Pick at least %(min)s to compare.")
      : gettext("Selected %(count)s of up to %(max)s."), { count: count, max: MAX, min: MIN });
    go.textContent = format(gettext("Compare (%(count)s)"), { count: count });
    go.disabled = count < MIN;
    go.setAttribute("data-href", count >= MIN ? compareHref(selection) : "");
    document.documentElement.classList.toggle("has-compare-tray", count > 0);
    // scroll-padding as tall as the tray (its message wraps on a phone), so that the browser
    // scrolls a focused element clear of it; CSSOM, which the style-src policy allows
    document.documentElement.style.setProperty("--compare-tray-height", tray.offsetHeight + "px");
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
    if (next && next.parentNode) {  // keep the button beside the ticked box true, or drop it
      var before = next.previousElementSibling;
      var box = before && (before.matches("input") ? before : before.querySelector("input[data-compare-slug]"));
      if (!box || !box.checked || selection.length < MIN) {
        next.parentNode.removeChild(next);
      } else {
        next.textContent = format(gettext("Open the comparison of %(count)s"), { count: selection.length });
      }
    }
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
        message = format(gettext("You can compare up to %(max)s members. Untick one first."), { max: MAX });
      } else {
        selection.push(slug);
      }
    } else if (!box.checked && at !== -1) {
      selection.splice(at, 1);
    }
    save(selection);
    offerNext(box);
    sync(message);
  });

  /* Keyboard users: the tray comes after the whole listing in the tab order, so the box just
     ticked is followed by a button to the comparison (one Tab away) while 2 or more are ticked. */
  var next = null;

  function offerNext(box) {
    if (next && next.parentNode) { next.parentNode.removeChild(next); }
    var label = box.closest("label") || box;
    if (!box.checked || selection.length < MIN) { return; }
    if (!next) {
      next = el("button", "compare-next");
      next.type = "button";
      next.addEventListener("click", function () {
        if (selection.length >= MIN) { window.location.href = compareHref(selection); }
      });
    }
    label.insertAdjacentElement("afterend", next);
  }

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
    var a = el("a", null, linkText || gettext("Browse the directory"));
    a.href = app.getAttribute("data-directory");
    p.appendChild(a);
    app.appendChild(p);
  }

  function list(items) {
    var ul = el("ul", "compare__list");
    items.forEach(function (text) { ul.appendChild(el("li", null, text)); });
    return ul;
  }

  // Dates as visitors read them everywhere on the site ("29 November 2026", the build's
  // date_local); ISO stays in the datetime attribute and in the JSON export. The build puts each
  // message in the page's language in place of each gettext call.
  var MONTHS = [gettext("January"), gettext("February"), gettext("March"), gettext("April"),
    gettext("May"), gettext("June"), gettext("July"), gettext("August"), gettext("September"),
    gettext("October"), gettext("November"), gettext("December")];

  function day(iso) {
    var time = el("time", null, format(gettext("%(day)s %(month)s %(year)s"), { day: Number(iso.slice(8, 10)),
      month: MONTHS[Number(iso.slice(5, 7)) - 1], year: iso.slice(0, 4) }));
    time.setAttribute("datetime", iso);
    return time;
  }

  // A span of a message whose %(name)s placeholders are text or elements (a date):
  // phrase(gettext("Valid until %(date)s"), { date: day(x) })
  function phrase(text, values) {
    var span = el("span");
    text.split(/(%\(\w+\)s)/).forEach(function (part) {
      var key = /^%\((\w+)\)s$/.exec(part);
      var value = key ? values[key[1]] : part;
      if (value === "" || value === undefined) { return; }
      span.appendChild(typeof value === "string" || typeof value === "number"
        ? document.createTextNode(String(value)) : value);
    });
    return span;
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

  function link(text, href, className) {
    var a = el("a", className || null, text);
    a.href = href;
    return a;
  }

  function linkList(links) {  // links on lines of their own: each a full-size touch target
    var ul = el("ul", "compare__links");
    links.forEach(function (a) {
      var li = el("li");
      li.appendChild(a);
      ul.appendChild(li);
    });
    return ul;
  }

  function mailto(addresses, bcc, subject, body) {
    // RFC 6068: addresses separated by commas, fields percent-encoded (an @ may stay as it is)
    var to = addresses.map(function (a) { return encodeURIComponent(a).replace(/%40/g, "@"); }).join(",");
    var fields = (bcc ? "bcc=" + to + "&" : "") + "subject=" + encodeURIComponent(subject);
    if (body) { fields += "&body=" + encodeURIComponent(body); }
    return "mailto:" + (bcc ? "" : to) + "?" + fields;
  }

  function names(members) {  // "A", "A and B", "A, B and C"
    var list = members.map(function (m) { return m.name; });
    return list.length < 2 ? list.join("") : format(gettext("%(names)s and %(last)s"),
      { names: list.slice(0, -1).join(", "), last: list[list.length - 1] });
  }

  function website(m) {
    if (!m.website) { return document.createTextNode(gettext("Not stated")); }
    var host = m.website.replace(/^https?:\/{2}/, "").replace(/\/$/, "");
    return linkList([link(host, m.website, "compare__website")]);
  }

  function contact(m) {
    var links = [];
    if (m.contact.email) {
      var write = link(format(gettext("E-mail %(address)s"), { address: m.contact.email }),
        mailto([m.contact.email], false, format(gettext("Enquiry from the MSP Directory: %(name)s"), { name: m.name })),
        "compare__contact");
      links.push(write);
    }
    if (m.contact.phone) {
      links.push(link(format(gettext("Call %(phone)s"), { phone: m.contact.phone }), "tel:" + m.contact.phone.replace(/[^0-9+]/g, "")));
    }
    return links.length ? linkList(links) : document.createTextNode(gettext("Through its website"));
  }

  // Above the table: every member's page and verify page (on a phone the header row is hidden,
  // so these are the way to a member), then one e-mail to all of them.
  function memberLinks(members) {
    var ul = el("ul", "compare__members");
    ul.setAttribute("aria-label", gettext("Members compared"));
    members.forEach(function (m) {
      var li = el("li");
      li.appendChild(link(m.name, m.profile_url, "compare__member"));
      var verify = link(gettext("Verify"), m.verify_url, "compare__verify");
      verify.setAttribute("aria-label", format(gettext("Verify %(name)s"), { name: m.name }));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(verify);
      ul.appendChild(li);
    });
    return ul;
  }

  function contactAll(members) {
    var reachable = members.filter(function (m) { return m.contact.email; });
    var box = el("div", "compare__actions");
    if (reachable.length) {
      var who = names(reachable);
      var body = format(gettext("Hello,\n\nI found %(names)s in the MSP Directory and am comparing you for a managed IT service. Could you tell me about your services, availability and prices?\n\n"),
        { names: who });
      var all = link(gettext("Contact these providers"), mailto(reachable.map(function (m) { return m.contact.email; }),
        true, format(gettext("Enquiry from the MSP Directory to %(names)s"), { names: who }), body),
        "button compare__contact-all");
      box.appendChild(all);
      // the addresses go in Bcc: no member sees who else was asked
      box.appendChild(el("p", "compare__note", format(gettext("Opens one e-mail to %(names)s (each in Bcc, so none sees the others' addresses)."),
        { names: who })));
    }
    var missing = members.filter(function (m) { return !m.contact.email; });
    if (missing.length) {
      box.appendChild(el("p", "compare__note", format(gettext("%(names)s published no e-mail address: see the Contact row."),
        { names: names(missing) })));
    }
    return box;
  }

  function certifications(member, labels) {
    var ul = el("ul", "compare__list");
    member.certifications.forEach(function (record) {
      var li = el("li");
      li.appendChild(phrase(gettext("%(standard)s (%(program)s), expires %(date)s"),
        { standard: record.standard.label, program: record.program.label, date: day(record.expires) }));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(statusBadge(record.status, [record], labels));
      ul.appendChild(li);
    });
    return ul;
  }

  // One cell per service: a tick where the member offers it, a dash where it does not (with the
  // words for screen readers), so every column lists the services in the same order.
  function offers(service) {
    return function (m) {
      var yes = m.services.some(function (s) { return s.id === service.id; });
      var wrap = el("span", "compare__offer compare__offer--" + (yes ? "yes" : "no"));
      var mark = el("span", null, yes ? "\u2713" : "\u2013");
      mark.setAttribute("aria-hidden", "true");
      wrap.appendChild(mark);
      wrap.appendChild(el("span", "visually-hidden", yes ? gettext("Offered") : gettext("Not offered")));
      return wrap;
    };
  }

  function rows(members, services) {
    var offered = services.filter(function (service) {
      return members.some(function (m) { return m.services.some(function (s) { return s.id === service.id; }); });
    });
    return [
      [gettext("Status"), function (m, labels) {
        var span = statusBadge(m.status, m.certifications, labels);
        var wrap = el("div");
        wrap.appendChild(span);
        if (m.valid_until) {
          var note = el("p", "compare__note");
          note.appendChild(phrase(gettext("Valid until %(date)s"), { date: day(m.valid_until) }));
          wrap.appendChild(note);
        }
        return wrap;
      }],
      {group: gettext("Services")}
    ].concat(offered.map(function (service) { return [name("service", service.id, service.label), offers(service), "compare__service"]; })).concat([
      {group: gettext("Company")},
      [gettext("Headquarters"), function (m) {
        return document.createTextNode(m.headquarters.city + ", " + name("country", m.headquarters.country, m.headquarters.country_name));
      }],
      [gettext("Serves"), function (m) { return list(m.service_areas.map(function (c) { return name("country", c.code, c.name); })); }],
      [gettext("Languages"), function (m) {
        return m.languages && m.languages.length ? list(m.languages.map(function (l) { return name("language", l.code, l.name); }))
          : document.createTextNode(gettext("Not stated"));
      }],
      [gettext("Industries"), function (m) {
        return m.industries.length ? list(m.industries) : document.createTextNode(gettext("Not stated"));
      }],
      [gettext("Certifications"), certifications],
      [gettext("Member since"), function (m) { return day(m.member_since); }],
      [gettext("Company size"), function (m) {
        return document.createTextNode(m.company_size ? format(gettext("%(size)s employees"), { size: m.company_size })
          : gettext("Not stated"));
      }],
      {group: gettext("Contact")},
      [gettext("Website"), website],
      [gettext("Contact"), contact]
    ]);
  }

  // The compared members' services in the vocabulary's order (data-service-order on the app,
  // written by the build); a service missing from it comes last, in first-seen order.
  // Names in the page's language (data-names, written by the build: the facets' labels), where
  // the open data, in English, has its own.
  var shownNames = null;
  function name(kind, code, fallback) {
    if (shownNames === null) {
      var app = document.getElementById("compare-app");
      try { shownNames = JSON.parse((app && app.getAttribute("data-names")) || "{}"); } catch (error) { shownNames = {}; }
    }
    return (shownNames[kind] && shownNames[kind][code]) || fallback;
  }

  function vocabulary(app, members) {
    var order = [];
    try {
      order = JSON.parse(app.getAttribute("data-service-order") || "[]");
    } catch (error) { /* no order: first-seen order */ }
    var seen = {};
    var services = [];
    members.forEach(function (m) {
      m.services.forEach(function (s) { if (!seen[s.id]) { seen[s.id] = true; services.push(s); } });
    });
    function rank(service) {
      var at = Array.isArray(order) ? order.indexOf(service.id) : -1;
      return at === -1 ? order.length + services.indexOf(service) : at;
    }
    return services.slice().sort(function (a, b) { return rank(a) - rank(b); });
  }

  // A table for screen readers and wide screens; below 600 px the style sheet stacks each row
  // as a card whose cells show the member's name (data-label). Roles keep the table semantics
  // whatever the display.
  function renderTable(app, members, data) {
    var labels = {};
    Object.keys(data.statuses || {}).forEach(function (key) { labels[key] = data.statuses[key].label; });
    // the labels in the page's language: status.js's rules table (the open data is in English)
    var rules = document.getElementById("status-script");
    try {
      var translated = rules ? JSON.parse(rules.getAttribute("data-status-rules")).labels : null;
      Object.keys(translated || {}).forEach(function (key) { labels[key] = translated[key]; });
    } catch (error) { /* the open data's labels */ }
    var scroll = el("div", "table-scroll");
    scroll.setAttribute("tabindex", "0");
    scroll.setAttribute("role", "region");
    scroll.setAttribute("aria-label", gettext("Comparison"));
    var table = el("table", "records records--cards compare__table");
    table.setAttribute("role", "table");
    var caption = el("caption");
    caption.appendChild(phrase(gettext("Statuses as of %(date)s, the date this site was built."), { date: day(data.as_of) }));
    table.appendChild(caption);
    var head = el("thead");
    head.setAttribute("role", "rowgroup");
    var headRow = el("tr");
    headRow.setAttribute("role", "row");
    var corner = el("td");
    corner.setAttribute("role", "cell");
    headRow.appendChild(corner);
    members.forEach(function (m) {
      var th = el("th");
      th.scope = "col";
      th.setAttribute("role", "columnheader");
      var a = el("a", null, m.name);
      a.href = m.profile_url;
      th.appendChild(a);
      var verify = el("a", "compare__verify", gettext("Verify"));
      verify.href = m.verify_url;
      verify.setAttribute("aria-label", format(gettext("Verify %(name)s"), { name: m.name }));
      th.appendChild(document.createTextNode(" "));
      th.appendChild(verify);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = null;
    rows(members, vocabulary(app, members)).forEach(function (row) {
      var tr = el("tr");
      tr.setAttribute("role", "row");
      if (row.group || !body) {
        body = el("tbody");
        body.setAttribute("role", "rowgroup");
        table.appendChild(body);
      }
      if (row.group) {
        // each group of rows is its own tbody, headed by a row naming it
        tr.className = "compare__group";
        var group = el("th", null, row.group);
        group.scope = "rowgroup";
        group.colSpan = members.length + 1;
        group.setAttribute("role", "rowheader");
        tr.appendChild(group);
        body.appendChild(tr);
        return;
      }
      if (row[2]) { tr.className = row[2]; }
      var th = el("th", null, row[0]);
      th.scope = "row";
      th.setAttribute("role", "rowheader");
      tr.appendChild(th);
      members.forEach(function (m) {
        var td = el("td");
        td.setAttribute("role", "cell");
        td.setAttribute("data-label", m.name);
        td.appendChild(row[1](m, labels));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    scroll.appendChild(table);
    app.textContent = "";
    app.appendChild(memberLinks(members));
    app.appendChild(contactAll(members));
    app.appendChild(scroll);
    var again = el("p", "compare__again");
    var edit = el("a", null, gettext("Choose other members"));
    edit.href = app.getAttribute("data-directory");
    again.appendChild(edit);
    app.appendChild(again);
  }

  function comparePage(app) {
    var help = document.querySelector(".compare__help[data-js-only]");
    if (help) { help.hidden = false; }
    var ids = requestedIds();
    var bad = ids.filter(function (s) { return !SLUG.test(s); });
    if (bad.length || ids.length < MIN || ids.length > MAX) {
      message(app, format(bad.length
        ? ngettext("Choose between %(min)s and %(max)s members to compare (this address names %(count)s, some of them not valid).",
          "Choose between %(min)s and %(max)s members to compare (this address names %(count)s, some of them not valid).", ids.length)
        : ngettext("Choose between %(min)s and %(max)s members to compare (this address names %(count)s).",
          "Choose between %(min)s and %(max)s members to compare (this address names %(count)s).", ids.length),
        { min: MIN, max: MAX, count: ids.length }));
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
          message(app, format(gettext("No member has the address %(addresses)s."), { addresses: missing.join(", ") }));
          return;
        }
        renderTable(app, ids.map(function (s) { return bySlug[s]; }), data);
        document.title = format(gettext("Compare %(names)s"), { names: ids.map(function (s) { return bySlug[s].name; }).join(", ") }) +
          " · " + document.title.split(" · ").pop();
      })
      .catch(function () {
        message(app, gettext("The member data could not be loaded. Try again later, or"));
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
