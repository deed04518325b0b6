/**
 * /console/assets/console.js: progressive enhancement only; every form works without it.
 * - keeps "Next update due in …" countdowns ticking (against the server's clock)
 * - refreshes the per-channel preview as the comms lead types, and draws a folded form's
 *   preview (Resolve) as it opens
 * - fills in the severity's cadence as the next-update time until someone edits it
 * - ticks the severity's audiences until someone changes the ticks
 * - keeps the declare form's "Affected: …" line in step with the component selects
 * - asks before destructive actions (forms marked data-confirm)
 * - live regions (ADR 0014): on an event from /console/events, fetches the page's own URL again
 *   and swaps each data-live region by id, except one holding the focus in a field or a form
 *   someone has typed in (it catches up on the next event after they leave it or send it)
 * - opens a collapsed form in place from a link marked data-open (the Resolve button)
 * - keeps a form's one-time token across Back, so Back-and-resubmit cannot declare twice
 */
export const CONSOLE_SCRIPT = `(function () {
  'use strict';
  var serverNow = Date.parse(document.body.getAttribute('data-now') || '');
  var skew = isNaN(serverNow) ? 0 : serverNow - Date.now();
  function now() { return Date.now() + skew; }

  function span(ms) {
    var m = Math.max(0, Math.round(ms / 60000));
    if (m < 60) return m + ' min';
    var h = Math.floor(m / 60);
    if (h < 48) return m % 60 ? h + ' h ' + (m % 60) + ' min' : h + ' h';
    var d = Math.floor(h / 24);
    return h % 24 ? d + ' d ' + (h % 24) + ' h' : d + ' d';
  }
  function tick() {
    var els = document.querySelectorAll('[data-due]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var left = Date.parse(el.getAttribute('data-due')) - now();
      if (isNaN(left)) continue;
      var overdue = left <= 0;
      el.textContent = overdue ? 'OVERDUE by ' + span(-left) : 'Next update due in ' + span(Math.max(left, 60000));
      el.classList.toggle('is-overdue', overdue);
      el.classList.toggle('is-soon', !overdue && left <= 300000);
    }
  }
  tick();
  setInterval(tick, 15000);

  var forms = document.querySelectorAll('form[data-preview]');
  for (var f = 0; f < forms.length; f++) wirePreview(forms[f]);

  function wirePreview(form) {
    var target = document.getElementById(form.getAttribute('data-preview'));
    if (!target) return;
    var timer = null;
    var seq = 0;
    function refresh(focus) {
      var body = new URLSearchParams(new FormData(form));
      body.set('intent', 'preview');
      body.set('fragment', '1');
      var mine = ++seq;
      target.setAttribute('aria-busy', 'true');
      fetch(form.getAttribute('action'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString()
      }).then(function (r) {
        if (r.redirected || !r.ok && r.status !== 400) throw new Error('preview failed');
        return r.text();
      }).then(function (text) {
        if (mine !== seq) return;
        target.innerHTML = text;
        target.removeAttribute('aria-busy');
        if (focus) {
          var h = target.querySelector('h2, h3');
          if (h) { h.setAttribute('tabindex', '-1'); h.focus(); }
          target.scrollIntoView({ block: 'start', behavior: 'smooth' });
        }
      }).catch(function () {
        target.removeAttribute('aria-busy');
      });
    }
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(false); }, 450);
    });
    // a form folded in a <details> (Resolve) draws its preview as it opens, however it opens
    var fold = form.closest('details');
    if (fold) fold.addEventListener('toggle', function () {
      if (fold.open && target.querySelector('.preview-empty')) refresh(false);
    });
    form.addEventListener('click', function (e) {
      var b = e.target.closest && e.target.closest('button[name="intent"][value="preview"]');
      if (!b) return;
      e.preventDefault();
      refresh(true);
    });
  }

  var minutes = document.querySelector('input[name="next_update_in_minutes"][data-auto]');
  if (minutes) {
    minutes.addEventListener('input', function () { minutes.removeAttribute('data-auto'); });
    var sevs = document.querySelectorAll('input[name="severity"][data-cadence]');
    for (var s = 0; s < sevs.length; s++) {
      sevs[s].addEventListener('change', function (e) {
        if (minutes.hasAttribute('data-auto')) minutes.value = e.target.getAttribute('data-cadence');
      });
    }
  }

  var ticks = document.querySelector('.aud-choices[data-auto]');
  if (ticks) {
    ticks.addEventListener('change', function () { ticks.removeAttribute('data-auto'); });
    var sevList = document.querySelectorAll('input[name="severity"][data-audiences]');
    for (var a = 0; a < sevList.length; a++) {
      sevList[a].addEventListener('change', function (e) {
        if (!ticks.hasAttribute('data-auto')) return;
        var keys = (e.target.getAttribute('data-audiences') || '').split(' ');
        var boxes = ticks.querySelectorAll('input[name="audiences"]');
        for (var b = 0; b < boxes.length; b++) boxes[b].checked = keys.indexOf(boxes[b].value) >= 0;
      });
    }
  }

  var summary = document.querySelector('[data-affected-summary]');
  if (summary && summary.closest('form')) {
    var owner = summary.closest('form');
    owner.addEventListener('change', function (e) {
      if (!/^c_/.test(e.target.name || '')) return;
      var parts = [];
      var sels = owner.querySelectorAll('select[name^="c_"]');
      for (var q = 0; q < sels.length; q++) {
        if (!sels[q].value) continue;
        var row = sels[q].closest('.comp-row');
        var name = row && row.querySelector('.comp-name');
        parts.push((name ? name.textContent : sels[q].name) + ' (' + sels[q].options[sels[q].selectedIndex].text + ')');
      }
      var list = parts.length > 1 ? parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1] : parts[0];
      summary.querySelector('[data-affected-list]').textContent = list || 'no component marked';
    });
  }

  // Back to a form already sent: the browser loads it again with a fresh one-time token but
  // the old answers. The history entry remembers the token it sent; put it back, so a second
  // submit from this entry replays the first one's result instead of declaring twice.
  var sentFrom = (history.state && history.state.flareOnce) || {};
  var onces = document.querySelectorAll('form input[name="_once"]');
  for (var o = 0; o < onces.length; o++) {
    var was = sentFrom[onces[o].form.getAttribute('action')];
    if (was) onces[o].value = was;
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var ask = form.getAttribute('data-confirm');
    if (ask && !window.confirm(ask)) { e.preventDefault(); return; }
    var once = form.querySelector('input[name="_once"]');
    if (!once || !history.replaceState) return;
    var state = history.state && typeof history.state === 'object' ? history.state : {};
    var tokens = state.flareOnce || {};
    tokens[form.getAttribute('action')] = once.value;
    state.flareOnce = tokens;
    history.replaceState(state, '');
  });

  var regions = document.querySelectorAll('[data-live][id]');
  if (regions.length && window.EventSource && window.DOMParser) live();

  function live() {
    var dirty = {};
    var timer = null;
    var busy = false;
    var again = false;
    var source = null;
    var status = document.createElement('p');
    status.className = 'sr-only';
    status.setAttribute('role', 'status');
    document.body.appendChild(status);
    document.addEventListener('input', function (e) {
      var r = e.target.closest && e.target.closest('[data-live][id]');
      if (r) dirty[r.id] = true;
    });
    document.addEventListener('submit', function (e) {
      var r = e.target.closest && e.target.closest('[data-live][id]');
      if (r) delete dirty[r.id];
    });
    function typing(region) {
      if (dirty[region.id]) return true;
      var a = document.activeElement;
      return !!(a && region.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName));
    }
    // the focused link or button, found again after the swap by id, link or form action
    function focusKey(region) {
      var a = document.activeElement;
      if (!a || a === document.body || !region.contains(a)) return null;
      if (a.id) return '#' + CSS.escape(a.id);
      if (a.getAttribute('href')) return 'a[href="' + CSS.escape(a.getAttribute('href')) + '"]';
      var f = a.form;
      if (f && f.getAttribute('action')) return 'form[action="' + CSS.escape(f.getAttribute('action')) + '"] ' + a.tagName.toLowerCase() + (a.name ? '[name="' + CSS.escape(a.name) + '"]' : '');
      return null;
    }
    function swap(old, fresh) {
      var opened = [];
      var all = old.querySelectorAll('details');
      for (var k = 0; k < all.length; k++) if (all[k].open) opened.push(k);
      var key = focusKey(old);
      old.innerHTML = fresh.innerHTML;
      var now = old.querySelectorAll('details');
      for (var j = 0; j < opened.length; j++) if (now[opened[j]]) now[opened[j]].open = true;
      var back = key && old.querySelector(key);
      if (back) back.focus({ preventScroll: true });
    }
    function refresh() {
      if (document.hidden) { again = true; return; }
      if (busy) { again = true; return; }
      busy = true;
      again = false;
      fetch(location.href, { credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok || r.redirected) throw new Error('live refresh failed');
          return r.text();
        })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, 'text/html');
          var t = Date.parse(doc.body.getAttribute('data-now') || '');
          if (!isNaN(t)) skew = t - Date.now();
          var mine = document.querySelectorAll('[data-live][id]');
          var changed = 0;
          for (var i = 0; i < mine.length; i++) {
            var fresh = doc.getElementById(mine[i].id);
            if (!fresh || typing(mine[i]) || mine[i].innerHTML === fresh.innerHTML) continue;
            swap(mine[i], fresh);
            changed++;
          }
          tick();
          if (changed) status.textContent = 'Updated at ' + new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
        })
        .catch(function () {})
        .then(function () {
          busy = false;
          if (again) schedule();
        });
    }
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    }
    // a hidden tab lets go of its stream (browsers allow few connections per host) and
    // catches up once when shown again
    function connect() {
      if (source) return;
      source = new EventSource('/console/events');
      source.addEventListener('change', schedule);
      source.addEventListener('delivery', schedule);
    }
    function disconnect() {
      if (source) source.close();
      source = null;
    }
    document.addEventListener('visibilitychange', function () {
      if (document.hidden) return disconnect();
      connect();
      schedule();
    });
    window.addEventListener('pagehide', disconnect);
    window.addEventListener('pageshow', function (e) { if (e.persisted) { connect(); schedule(); } });
    connect();
  }

  var firstError = document.getElementById('form-errors');
  // the Resolve button opens its form in place (without JavaScript it reloads it open)
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[data-open]');
    if (!a) return;
    var panel = document.getElementById(a.getAttribute('data-open'));
    if (!panel || panel.tagName !== 'DETAILS') return;
    e.preventDefault();
    panel.open = true;
    var empty = panel.querySelectorAll('textarea, input[type="text"]');
    var target = empty[0];
    for (var k = 0; k < empty.length; k++) if (!empty[k].value) { target = empty[k]; break; }
    panel.scrollIntoView({ block: 'start' });
    if (target) target.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(history.state, '', a.getAttribute('href'));
  });

  var firstError = document.querySelector('.form-alert[tabindex]');
  if (firstError) firstError.focus();
})();
`;
