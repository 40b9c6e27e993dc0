// Click-to-load embeds: the page holds only a button and a link; the iframe (and so any request to
// the video host) is created here, after the visitor presses the button.
(function () {
  "use strict";
  function load(container, button) {
    var frame = document.createElement("iframe");
    frame.src = container.getAttribute("data-embed-src");
    frame.title = container.getAttribute("data-embed-title") || gettext("Embedded media");
    frame.setAttribute("allow", "fullscreen; picture-in-picture");
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation");
    frame.className = "media-embed__frame";
    container.replaceChild(frame, button);
    frame.focus();
  }
  var containers = document.querySelectorAll(".media-embed[data-embed-src]");
  Array.prototype.forEach.call(containers, function (container) {
    var button = container.querySelector(".media-embed__load");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { load(container, button); });
  });
}());
