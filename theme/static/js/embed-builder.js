/* The embed-code page (plugins/embeds): writes the <iframe> and <script> for the chosen list and
 * options, with absolute addresses, and copies them. The markup is made as elements and read
 * back as text, so a list's title can never break out of its attribute. */
(function () {
  'use strict';
  var form = document.getElementById('embed-builder');
  if (!form) { return; }
  var list = document.getElementById('embed-list');
  var noLinks = document.getElementById('embed-no-links');
  var code = document.getElementById('embed-code');
  var open = document.getElementById('embed-open');
  var copied = document.getElementById('embed-copied');
  var site = form.getAttribute('data-site-url');

  function absolute(path) {
    return new URL(site + '/' + path, window.location.href).href;
  }
  function variant() {
    var style = form.querySelector('input[name="embed-style"]:checked').value;
    var parts = [];
    if (style) { parts.push(style); }
    if (noLinks.checked) { parts.push('no-links'); }
    return parts.length ? parts.join('-') + '/' : '';
  }
  function update() {
    var option = list.options[list.selectedIndex];
    var url = absolute(option.value + variant());
    var frame = document.createElement('iframe');
    frame.setAttribute('data-msp-embed', '');
    frame.setAttribute('src', url);
    frame.setAttribute('title', option.getAttribute('data-title'));
    frame.setAttribute('width', '100%');
    frame.setAttribute('height', form.getAttribute('data-height'));
    frame.setAttribute('loading', 'lazy');
    var script = document.createElement('script');
    script.setAttribute('src', new URL(form.getAttribute('data-frame-script'), window.location.href).href);
    script.setAttribute('async', '');
    code.value = frame.outerHTML + '\n' + script.outerHTML;
    open.setAttribute('href', url);
    copied.textContent = '';
  }
  form.addEventListener('change', update);
  document.getElementById('embed-copy').addEventListener('click', function () {
    code.select();
    var done = function () { copied.textContent = gettext('Copied.'); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(code.value).then(done, function () {
        copied.textContent = gettext('Select the code and copy it.');
      });
    } else {
      copied.textContent = gettext('Select the code and copy it.');
    }
  });
  form.hidden = false;
  update();
}());
