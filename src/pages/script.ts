/**
 * /assets/flare.js: progressive enhancement only. Rewrites promised times (next update,
 * maintenance windows) into the reader's local time, in the page's own 24-hour format with the
 * zone's name; without it, or when the reader's clock reads the same, they stay in the page's zone.
 */
export const SCRIPT = `(function () {
  'use strict';
  var root = document.documentElement;
  // the page's language (its <html lang>), in the reader's own variant when it matches
  var page = root.lang || 'en';
  var lang = (navigator.language || '').toLowerCase().indexOf(page) === 0 ? undefined : [page];
  var yours = document.body.getAttribute('data-your-time');
  var pageZone = document.body.getAttribute('data-zone') || 'UTC';
  // the page's own format: 24-hour, with the zone's short name ("14:30 CET", "Sat 21 Nov,
  // 14:30 CET"), only in the reader's zone
  function fmt(opts) {
    var o = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
    for (var k in opts) o[k] = opts[k];
    return new Intl.DateTimeFormat(lang, o);
  }
  var time = fmt({});
  var full = fmt({ weekday: 'short', day: 'numeric', month: 'short' });
  function parts(f, d) {
    var out = {};
    var ps = f.formatToParts(d);
    for (var i = 0; i < ps.length; i++) out[ps[i].type] = ps[i].value;
    return out;
  }
  function clock(p) { return p.hour + ':' + p.minute + ' ' + p.timeZoneName; }
  function show(d) {
    if (sameDay(d, new Date())) return clock(parts(time, d));
    var p = parts(full, d);
    return p.weekday + ' ' + p.day + ' ' + p.month + ', ' + clock(p);
  }
  function sameDay(a, b) { return a.toDateString() === b.toDateString(); }
  // the same wall-clock time in the page's zone and the reader's: the page's text is right as it is
  var wall = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  var here = new Intl.DateTimeFormat('en-GB', wall);
  var there;
  try {
    wall.timeZone = pageZone;
    there = new Intl.DateTimeFormat('en-GB', wall);
  } catch (e) { there = null; }
  function sameClock(d) { return there !== null && here.format(d) === there.format(d); }
  var els = document.querySelectorAll('time[data-local]');
  for (var i = 0; i < els.length; i++) {
    var el = els[i];
    var start = new Date(el.getAttribute('datetime'));
    if (isNaN(start.getTime())) continue;
    var range = el.getAttribute('data-local') === 'range';
    var end = range ? new Date(el.getAttribute('data-end')) : start;
    if (isNaN(end.getTime())) continue;
    if (sameClock(start) && sameClock(end)) continue;
    var text = show(start);
    if (range) {
      var e = sameDay(start, end) ? clock(parts(time, end)) : show(end);
      // one zone name at the end when the window stays in one day: "02:00 – 04:00 CET"
      text = sameDay(start, end) ? text.replace(/ [^ ]+$/, '') + ' – ' + e : text + ' – ' + e;
    }
    el.setAttribute('title', el.textContent);
    el.textContent = text + (yours ? ' (' + yours + ')' : ' (your time)');
    el.classList.add('is-local');
  }
})();
`;
