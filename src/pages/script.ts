/**
 * /assets/flare.js: progressive enhancement only. Rewrites promised times (next update,
 * maintenance windows) into the reader's local time; without it they read in the page's zone.
 */
export const SCRIPT = `(function () {
  'use strict';
  var root = document.documentElement;
  // the page's language (its <html lang>), in the reader's own variant when it matches
  var page = root.lang || 'en';
  var lang = (navigator.language || '').toLowerCase().indexOf(page) === 0 ? undefined : [page];
  var yours = document.body.getAttribute('data-your-time');
  var time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  var full = new Intl.DateTimeFormat(lang, {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'
  });
  function sameDay(a, b) { return a.toDateString() === b.toDateString(); }
  function show(d) { return sameDay(d, new Date()) ? time.format(d) : full.format(d); }
  var els = document.querySelectorAll('time[data-local]');
  for (var i = 0; i < els.length; i++) {
    var el = els[i];
    var start = new Date(el.getAttribute('datetime'));
    if (isNaN(start.getTime())) continue;
    var text = show(start);
    if (el.getAttribute('data-local') === 'range') {
      var end = new Date(el.getAttribute('data-end'));
      if (isNaN(end.getTime())) continue;
      text += ' – ' + (sameDay(start, end) ? time.format(end) : full.format(end));
    }
    el.setAttribute('title', el.textContent);
    el.textContent = text + (yours ? ' (' + yours + ')' : ' (your time)');
    el.classList.add('is-local');
  }
})();
`;
