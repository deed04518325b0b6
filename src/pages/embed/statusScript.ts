/**
 * `/embed/status.js`: one script tag on a customer's own site shows a small banner while an
 * incident or a maintenance is active, and nothing otherwise. It reads the page's public
 * `/api/v2/summary.json` (CORS, no credentials: no cookies are read or set), builds the banner
 * with DOM calls only (text is never parsed as HTML), styles it through the CSSOM (so a host
 * page's CSP without 'unsafe-inline' still shows it) inside a shadow root, and checks again
 * every minute. By default a small card in the bottom-left corner, so it covers none of the
 * host page's header; `data-position="bottom-right"` moves it, `data-position="top"` makes it
 * a full-width bar at the top.
 * Plain ES2017 with no dependencies; the build checks it stays under 5 KB gzipped.
 */
export const EMBED_SCRIPT = `(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !window.fetch) return;
  var base = me.src.replace(/\\/embed\\/status\\.js(\\?.*)?$/, '');
  var pos = me.getAttribute('data-position') || 'bottom-left';
  var bar = pos === 'top';
  var COLORS = { critical: '#b42318', major: '#c4320a', minor: '#b54708', maintenance: '#175cd3' };
  var host = null;
  var dismissed = '';
  function css(el, s) { for (var k in s) el.style[k] = s[k]; return el; }
  function make(tag, s, text) {
    var el = css(document.createElement(tag), s || {});
    if (text) el.textContent = text;
    return el;
  }
  function clear() { if (host) { host.remove(); host = null; } }
  function pick(d) {
    var open = (d.incidents || []).filter(function (i) {
      return i.status !== 'resolved' && i.status !== 'postmortem';
    });
    if (open.length) {
      var i = open[0];
      var u = (i.incident_updates || [])[0];
      return {
        key: i.id + (u ? u.id : ''),
        kind: i.impact === 'none' ? 'minor' : i.impact,
        title: i.name + (open.length > 1 ? ' (+' + (open.length - 1) + ' more)' : ''),
        text: u ? u.body : '',
        url: i.shortlink
      };
    }
    var m = (d.scheduled_maintenances || []).filter(function (x) {
      return x.status === 'in_progress' || x.status === 'verifying';
    })[0];
    if (m) return { key: m.id, kind: 'maintenance', title: m.name, text: 'Scheduled maintenance in progress.', url: m.shortlink };
    return null;
  }
  function show(b, pageUrl) {
    clear();
    if (!b || b.key === dismissed) return;
    host = make('div', bar
      ? { position: 'fixed', left: '0', right: '0', top: '0', zIndex: '2147483647' }
      : { position: 'fixed', bottom: '16px', zIndex: '2147483647', maxWidth: 'calc(100% - 32px)', width: '420px' });
    if (!bar) host.style[pos === 'bottom-right' ? 'right' : 'left'] = '16px';
    host.setAttribute('data-flare-banner', b.kind);
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    var box = make('div', {
      display: 'flex', alignItems: 'center', gap: '12px', flexWrap: 'wrap',
      padding: '10px 16px', background: COLORS[b.kind] || COLORS.minor, color: '#fff',
      font: '14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      boxShadow: '0 2px 8px rgba(0,0,0,.3)', borderRadius: bar ? '0' : '8px'
    });
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    var words = make('div', { flex: '1 1 240px', minWidth: '0' });
    words.appendChild(make('strong', { fontWeight: '700' }, b.title));
    if (b.text) words.appendChild(make('span', {}, ' \\u2014 ' + (b.text.length > 180 ? b.text.slice(0, 177) + '\\u2026' : b.text)));
    var link = make('a', { color: '#fff', fontWeight: '700', textDecoration: 'underline', whiteSpace: 'nowrap' }, 'View status');
    var to = new URL(b.url || pageUrl || '/', base + '/');
    link.href = /^https?:$/.test(to.protocol) ? to.href : base + '/';
    link.target = '_blank';
    link.rel = 'noopener';
    var close = make('button', {
      background: 'transparent', color: '#fff', border: '1px solid rgba(255,255,255,.7)',
      borderRadius: '4px', padding: '2px 8px', font: 'inherit', cursor: 'pointer'
    }, '\\u00d7');
    close.type = 'button';
    close.setAttribute('aria-label', 'Dismiss this status message');
    close.onclick = function () { dismissed = b.key; clear(); };
    box.appendChild(words);
    box.appendChild(link);
    box.appendChild(close);
    root.appendChild(box);
    (document.body || document.documentElement).appendChild(host);
  }
  function check() {
    fetch(base + '/api/v2/summary.json', { credentials: 'omit', cache: 'no-cache' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) show(pick(d), d.page && d.page.url); })
      .catch(function () {});
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', check);
  else check();
  setInterval(check, 60000);
})();
`;
