/**
 * Part of /console/assets/console.js: a form marked data-upload="<id>" sends its file with
 * XMLHttpRequest, showing the upload's progress in the <progress> inside #<id>, then that the
 * rows are being imported, then swaps in the page the server answers (the report) without a
 * reload. Without JavaScript the form posts as it is and the report page comes back the same.
 */
export const UPLOAD_SCRIPT = `(function () {
  'use strict';
  if (!window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var id = form.getAttribute && form.getAttribute('data-upload');
    var box = id && document.getElementById(id);
    if (!box || e.defaultPrevented) return;
    e.preventDefault();
    var bar = box.querySelector('progress');
    var say = box.querySelector('[role="status"]');
    var button = form.querySelector('button[type="submit"]');
    function busy(on) {
      if (button) button.disabled = on;
      if (on) form.setAttribute('aria-busy', 'true'); else form.removeAttribute('aria-busy');
    }
    function failed(text) {
      busy(false);
      box.classList.add('is-failed');
      bar.hidden = true;
      say.textContent = text;
    }
    box.hidden = false;
    box.classList.remove('is-failed');
    bar.hidden = false;
    bar.value = 0;
    say.textContent = 'Uploading…';
    busy(true);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.getAttribute('action'));
    xhr.upload.addEventListener('progress', function (ev) {
      if (!ev.lengthComputable) return;
      var pct = Math.min(100, Math.round(ev.loaded / ev.total * 100));
      bar.value = pct;
      say.textContent = 'Uploading… ' + pct + '%';
    });
    xhr.upload.addEventListener('load', function () {
      bar.value = 100;
      // no value: the bar shows that work goes on without saying how much is left
      setTimeout(function () { if (xhr.readyState !== 4) bar.removeAttribute('value'); }, 150);
      say.textContent = 'Uploaded. Importing the rows…';
    });
    xhr.addEventListener('load', function () {
      var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      var fresh = doc.querySelector('main');
      var main = document.querySelector('main');
      if (!fresh || !main || !doc.getElementById(form.closest('section').id)) {
        var h = doc.querySelector('main h1');
        var p = doc.querySelector('main h1 + p');
        return failed((h ? h.textContent + '. ' : 'The import did not finish. ') + (p ? p.textContent : 'Please try again.'));
      }
      main.innerHTML = fresh.innerHTML;
      document.title = doc.title;
      var shown = document.getElementById('import-report') || document.getElementById('import-error');
      if (shown) {
        shown.scrollIntoView({ block: 'start' });
        shown.focus({ preventScroll: true });
      }
    });
    xhr.addEventListener('error', function () {
      failed('The upload did not get through. Check the connection and try again.');
    });
    xhr.send(new FormData(form));
  });
})();
`;
