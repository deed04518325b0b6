/**
 * The Settings and Tokens screens' part of /console/assets/console.js (progressive
 * enhancement only; both work without it):
 * - keeps the colour picker and the hex text in step, and the header preview and the contrast
 *   check on the colour being chosen (without it they show the saved colour)
 * - the preview's name follows the page name as it is typed
 * - the Copy button next to a new token's secret (hidden when there is no script)
 */
export const SETTINGS_SCRIPT = `(function () {
  'use strict';
  function lum(hex) {
    var ch = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  }
  function onWhite(hex) { return 1.05 / (lum(hex) + 0.05); }

  var box = document.querySelector('[data-colour]');
  if (box) {
    var pick = box.querySelector('input[type="color"]');
    var hex = box.querySelector('input[name="brand_color"]');
    var preview = box.querySelector('.brand-preview');
    var note = document.getElementById('brand-contrast');
    var show = function (v) {
      var c = onWhite(v);
      preview.style.setProperty('--pv', v);
      preview.style.setProperty('--pv-on', c >= 4.5 ? '#ffffff' : '#111827');
      var r = (Math.floor(c * 10) / 10).toFixed(1) + ':1';
      note.textContent = c >= 4.5
        ? 'White text on this colour reads well: contrast ' + r + ' (WCAG AA asks for 4.5:1).'
        : 'White text on this colour is hard to read: contrast ' + r + ', below the 4.5:1 WCAG AA asks for. The status page puts dark text on it instead; a darker colour keeps the usual white.';
      note.classList.toggle('is-low', c < 4.5);
    };
    pick.addEventListener('input', function () { hex.value = pick.value; show(pick.value); });
    hex.addEventListener('input', function () {
      var v = hex.value.trim();
      if (/^[0-9a-fA-F]{6}$/.test(v)) v = '#' + v;
      if (!/^#[0-9a-fA-F]{6}$/.test(v)) return;
      pick.value = v.toLowerCase();
      show(v);
    });
    var name = document.getElementById('f-name');
    var shown = box.querySelector('[data-preview-name]');
    var mark = box.querySelector('.bp-mark');
    if (name && shown) name.addEventListener('input', function () {
      var v = name.value.trim();
      if (!v) return;
      shown.textContent = v;
      mark.textContent = Array.from(v)[0].toUpperCase();
    });
  }

  var copies = document.querySelectorAll('button[data-copy]');
  for (var i = 0; i < copies.length; i++) wireCopy(copies[i]);
  function wireCopy(button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = document.querySelector('[data-copy-status]');
    if (!field) return;
    button.hidden = false;
    var say = function (text) { if (status) status.textContent = text; };
    button.addEventListener('click', function () {
      field.focus();
      field.select();
      var done = function () { button.textContent = 'Copied'; say('Copied to the clipboard.'); };
      var fallback = function () {
        try { if (document.execCommand('copy')) return done(); } catch (e) {}
        say('Press Ctrl+C (or ⌘C) to copy the selected secret.');
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, fallback);
      else fallback();
    });
  }
})();
`;
