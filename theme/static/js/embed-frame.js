/* For partners' pages: sizes every MSP Directory member list framed on the page to its content.
 * Include it from our site (<script src=".../embed/frame.js" async></script>) beside an
 * <iframe data-msp-embed src=".../embed/...">. It accepts a height only from the origin this
 * script came from, and only for the frame that sent it. Without it (or without JavaScript) the
 * frame keeps its height attribute and the list scrolls inside it. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src, document.baseURI).origin;
  window.addEventListener('message', function (event) {
    if (event.origin !== origin) { return; }
    var data = event.data;
    if (!data || data.type !== 'msp-directory-embed' || typeof data.height !== 'number') { return; }
    var height = Math.max(60, Math.min(Math.round(data.height), 10000));
    var frames = document.querySelectorAll('iframe[data-msp-embed]');
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === event.source) {
        frames[i].setAttribute('height', String(height));
      }
    }
  });
}());
