// make devserver only (plugins/sitetools/livereload.py): reload this page when a build lands.
// The dev server serves this file and its event stream; no built site holds either.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) {
    return;
  }
  var events = new EventSource(script.getAttribute("data-events"));
  events.addEventListener("reload", function () {
    events.close();
    window.location.reload();
  });
}());
