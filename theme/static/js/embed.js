/* Inside an embeddable member list (plugins/embeds): tells the framing page how tall the list
 * is, whenever that changes, so the partner's copy of embed/frame.js can size the frame. The
 * height is not secret, so any parent may read it; the parent checks that it came from us. */
(function () {
  'use strict';
  if (window.parent === window) { return; }
  var list = document.querySelector('.embed__list');
  if (!list) { return; }
  var source = document.querySelector('.embed__source');
  var sent = 0;
  function post() {
    var bottom = (source || list).getBoundingClientRect().bottom + window.scrollY;
    var height = Math.ceil(bottom);
    if (height === sent) { return; }
    sent = height;
    window.parent.postMessage({ type: 'msp-directory-embed', height: height }, '*');
  }
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(post);
    observer.observe(list);
    if (source) { observer.observe(source); }
  }
  window.addEventListener('load', post);
  post();
}());
