// The contact page, opened as /contact/?member=<slug> (from a member's verification page): name
// the member in the form, or in the subject of the mailto link when there is no form. Without
// JavaScript the page works the same, with the field left empty.
(function () {
  "use strict";
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var member = new URLSearchParams(window.location.search).get("member");
  if (!member || member.length > 80 || !SLUG.test(member)) { return; }
  var subject = "Question about member " + member;
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
}());
