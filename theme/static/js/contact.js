// The contact page, opened as /contact/?member=<slug> (from "Report a concern" on a member's
// verification page): name the member in the page's heading, in the form (member and subject
// fields) or in the subject of the mailto links when there is no form. The member's name comes
// from its own JSON record on this site (data-member-json, "{slug}" in it), never from the
// address, so a crafted link cannot put words in the heading. Without JavaScript the page keeps
// its generic heading; the verification page itself offers an e-mail link naming the member.
(function () {
  "use strict";
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var script = document.currentScript;
  var recordUrl = script && script.getAttribute("data-member-json");
  var member = new URLSearchParams(window.location.search).get("member");
  if (!member || member.length > 80 || !SLUG.test(member)) { return; }

  // The build puts each message in the page's language in place of each gettext call.
  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) { return values[key]; });
  }

  function fill(name) {
    var subject = name ? format(gettext("Concern about %(name)s (%(slug)s)"), { name: name, slug: member })
      : format(gettext("Concern about member %(slug)s"), { slug: member });
    if (name) {
      var heading = format(gettext("Contact the association about %(name)s"), { name: name });
      var h1 = document.querySelector("main h1");
      if (h1) { h1.textContent = heading; }
      document.title = heading + " · " + document.title.split(" · ").pop();
    }
    var memberField = document.getElementById("contact-member");
    if (memberField) {
      memberField.value = member;
      var subjectField = document.getElementById("contact-subject");
      if (subjectField && !subjectField.value) { subjectField.value = subject; }
      return;
    }
    var links = document.querySelectorAll("a.contact-mailto[data-mailto]");
    Array.prototype.forEach.call(links, function (link) {
      link.href = "mailto:" + link.getAttribute("data-mailto") + "?subject=" + encodeURIComponent(subject);
    });
  }

  if (!recordUrl || !window.fetch) { fill(""); return; }
  fetch(recordUrl.replace("{slug}", member), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (data) {
      var name = data && data.provider && data.provider.slug === member ? data.provider.name : "";
      fill(typeof name === "string" ? name : "");
    })
    .catch(function () { fill(""); });
}());
