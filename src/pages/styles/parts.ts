/** Stylesheet, part 2: incidents, timelines, components, uptime bars, past incidents, history. */
export const PARTS_CSS = `
.st-operational { color: var(--op-text); }
.st-degraded_performance { color: var(--deg-text); }
.st-partial_outage { color: var(--part-text); }
.st-major_outage { color: var(--major-text); }
.st-under_maintenance { color: var(--maint-text); }
.impact-none { --c: var(--muted); --t: var(--none-tint); --edge: var(--border-strong); }
.impact-minor { --c: var(--deg-text); --t: var(--deg-tint); --edge: var(--deg); }
.impact-major { --c: var(--part-text); --t: var(--part-tint); --edge: var(--part); }
.impact-critical { --c: var(--major-text); --t: var(--major-tint); --edge: var(--major); }
.impact-maintenance { --c: var(--maint-text); --t: var(--maint-tint); --edge: var(--maint); }
.icon { width: 16px; height: 16px; flex: none; }
.icon-sm { width: 16px; height: 16px; }

.badges { display: flex; gap: 6px; flex-wrap: wrap; }
.badge {
  display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: .78rem; font-weight: 600;
  letter-spacing: .01em; white-space: nowrap; color: var(--c, var(--muted)); background: var(--t, var(--none-tint));
}
.badge-status { --c: var(--muted); --t: var(--none-tint); }
.badge-status.is-open { --c: var(--text); }

.incident-card { background: var(--surface); border: 1px solid var(--border); border-left: 4px solid var(--edge); border-radius: var(--radius); box-shadow: var(--shadow); padding: 20px 24px; margin-bottom: 16px; }
.incident-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 12px; }
.incident-head h3 { font-size: 1.15rem; font-weight: 650; }
.incident-head h3 a { color: var(--c); text-decoration: none; }
.incident-head h3 a:hover { text-decoration: underline; }
.next-update, .window {
  display: inline-flex; align-items: center; gap: 8px; margin-top: 12px; padding: 7px 12px; border-radius: 8px;
  background: var(--surface-2); border: 1px solid var(--border); font-weight: 550; font-size: .93rem;
}
.next-update .icon, .window .icon { color: var(--c, var(--muted)); }
.window + .next-update { margin-left: 8px; }
.next-update time { white-space: nowrap; }
.affects { margin-top: 12px; color: var(--muted); font-size: .93rem; }
.affects-label { font-weight: 600; color: var(--text); }

.timeline { list-style: none; margin: 18px 0 0; padding: 0; }
.update { position: relative; padding: 0 0 18px 24px; }
.update::before { content: ""; position: absolute; left: 5px; top: 14px; bottom: -2px; width: 2px; background: var(--border); }
.update:last-child { padding-bottom: 0; }
.update:last-child::before { display: none; }
.update::after { content: ""; position: absolute; left: 0; top: 6px; width: 12px; height: 12px; border-radius: 50%; background: var(--surface); border: 2px solid var(--border-strong); }
.update:first-child::after { border-color: var(--edge, var(--border-strong)); background: var(--edge, var(--surface)); }
.update-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
.update-status { font-weight: 650; }
.update-head time { color: var(--faint); font-size: .88rem; }
.md { overflow-wrap: anywhere; }
.md p, .md ul, .md ol, .md pre, .md blockquote, .md table { margin: 6px 0 0; }
.md ul, .md ol { padding-left: 1.3em; }
.md h3, .md h4, .md h5, .md h6 { margin: 16px 0 4px; font-size: 1rem; }
.md code { font: .88em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--surface-2); border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; }
.md pre { overflow-x: auto; padding: 10px 12px; background: var(--surface-2); border-radius: 8px; }
.md pre code { border: 0; padding: 0; }
.md blockquote { border-left: 3px solid var(--border-strong); padding-left: 12px; color: var(--muted); }
.md table { border-collapse: collapse; }
.md th, .md td { border: 1px solid var(--border); padding: 4px 8px; }
.update .md { color: var(--muted); margin-top: 2px; }
.changes { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 6px; font-size: .85rem; }
.changes li { padding: 2px 10px; border-radius: 999px; background: var(--surface-2); border: 1px solid var(--border); }
.change-name { color: var(--text); font-weight: 600; }

.components > * + * { border-top: 1px solid var(--border); }
.component { padding: 16px 20px 14px; }
.component-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
.component-name { font-weight: 600; }
.component-desc { color: var(--faint); font-size: .88rem; margin-top: 1px; }
.status-label { display: inline-flex; align-items: center; gap: 6px; font-size: .9rem; font-weight: 550; white-space: nowrap; }
.group > summary {
  display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 14px 20px;
  cursor: pointer; list-style: none; border-radius: var(--radius);
}
.group > summary::-webkit-details-marker { display: none; }
.group > summary:hover { background: var(--surface-2); }
.group-title { display: inline-flex; align-items: center; gap: 8px; min-width: 0; }
.group-name { font-weight: 650; }
.group-count { color: var(--faint); font-size: .85rem; }
.chevron { color: var(--faint); transition: transform .15s ease; }
.group[open] .chevron { transform: rotate(90deg); }
.group-body { border-top: 1px solid var(--border); background: var(--surface-2); }
.group-body .component { padding-left: 44px; }
.group-body .component + .component { border-top: 1px solid var(--border); }

.uptime { margin-top: 10px; }
.bars { list-style: none; margin: 0; padding: 0; display: flex; gap: 2px; height: 32px; }
.d { position: relative; flex: 1 1 0; min-width: 0; border-radius: 2px; background: var(--nodata); outline-offset: 1px; }
.d:hover, .d:focus-visible, .d:focus-within { filter: brightness(.85); }
.s-op { background: var(--op); }
.s-deg { background: var(--deg); }
.s-part { background: var(--part); }
.s-major { background: var(--major); }
.s-maint { background: var(--maint); }
.tip {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
.d:hover .tip, .d:focus .tip, .d:focus-within .tip {
  width: max-content; max-width: 260px; height: auto; overflow: visible; clip-path: none; white-space: normal;
  bottom: calc(100% + 10px); left: 50%; transform: translateX(-50%); z-index: 5;
  display: grid; gap: 2px; padding: 10px 12px; border-radius: 10px; font-size: .82rem; line-height: 1.4;
  background: #111827; color: #f3f4f6; box-shadow: 0 10px 30px -6px rgba(0, 0, 0, .35);
}
.d:nth-child(-n+24) .tip { left: 0 !important; transform: none !important; }
.d:nth-last-child(-n+24) .tip { left: auto !important; right: 0; transform: none !important; }
.tip > * { display: block; }
.tip a:focus-visible { outline-color: #fff; }
.d:hover::after, .d:focus::after, .d:focus-within::after {
  content: ""; position: absolute; left: 50%; bottom: calc(100% + 4px); transform: translateX(-50%); z-index: 6;
  border: 6px solid transparent; border-top-color: #111827; border-bottom: 0;
}
.tip b { font-weight: 650; color: #fff; }
.tip .q { color: #b8c0cc; }
.tip a { color: #bfdbfe; font-weight: 550; }
.bars-legend { display: flex; align-items: center; gap: 10px; margin-top: 8px; font-size: .8rem; color: var(--faint); }
.bars-legend .rule { flex: 1; height: 1px; background: var(--border); }
.bars-legend .pct { color: var(--muted); font-weight: 550; }
.l60, .l30 { display: none; }

.days > * + * { border-top: 1px solid var(--border); }
.day { padding: 16px 20px; }
.day h3 { font-size: .95rem; font-weight: 650; margin-bottom: 6px; }
.past { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 10px; padding: 6px 0; }
.past + .past { border-top: 1px dashed var(--border); }
.past-name { font-weight: 600; color: var(--c); text-decoration: none; min-width: 0; }
.past-name:hover { text-decoration: underline; }
.past .past-meta { margin-top: 0; white-space: nowrap; }
.title-text { overflow-wrap: anywhere; min-width: 0; }
.md-inline, .md-inline > p:first-child { display: inline; }
.md-inline > p:first-child { margin: 0; }
.past-meta { color: var(--faint); font-size: .85rem; margin-top: 2px; }
.ongoing { color: var(--major-text); font-weight: 600; }

.incident-page-head { padding: 24px; border-left: 4px solid var(--edge); }
.incident-page-head h1 { font-size: 1.6rem; letter-spacing: -.015em; margin-top: 10px; }
.incident-page-head .meta { color: var(--muted); margin-top: 8px; font-size: .93rem; }
.incident-page .card > .timeline { margin: 0; padding: 20px 24px; }
.postmortem { padding: 20px 24px; }
.postmortem > :first-child { margin-top: 0; }
.history-list { list-style: none; margin: 0; padding: 0; }
.history-item { padding: 14px 20px; }
.history-item + .history-item { border-top: 1px solid var(--border); }
.history-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
.notice-page { padding: 28px 24px; }
.notice-page h1 { font-size: 1.5rem; }
.notice-page p { margin-top: 10px; color: var(--muted); }
.notice-links { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 18px !important; }
.page-head + .card { margin-top: 20px; }
.month-nav { display: flex; justify-content: space-between; gap: 12px; margin-top: 16px; }
.month-nav .next { margin-left: auto; }
.history-name { font-weight: 600; color: var(--c); text-decoration: none; }
.history-name:hover { text-decoration: underline; }

@media (max-width: 860px) and (min-width: 601px) {
  .d:nth-child(-n+30) { display: none; }
  .d:nth-child(n+31):nth-child(-n+46) .tip { left: 0 !important; transform: none !important; }
  .l90 { display: none; } .l60 { display: inline; }
}
@media (max-width: 600px) {
  .d:nth-child(-n+60) { display: none; }
  .d:nth-child(n+61):nth-child(-n+72) .tip { left: 0 !important; transform: none !important; }
  .d:nth-last-child(-n+12) .tip { left: auto !important; right: 0; transform: none !important; }
  .l90 { display: none; } .l30 { display: inline; }
  .bars { height: 28px; }
  .incident-card, .incident-page-head { padding: 16px; }
  .incident-head { flex-direction: column; gap: 6px; }
  .component, .group-body .component { padding: 14px 16px 12px; }
  .group > summary { padding: 14px 16px; }
  .day, .history-item { padding: 14px 16px; }
  .group-count { display: none; }
  .window + .next-update { margin-left: 0; }
}
.prose { padding: 24px 28px; line-height: 1.6; }
.prose h1 { font-size: 1.5rem; margin: 0 0 12px; }
.prose h2 { font-size: 1.1rem; margin: 24px 0 8px; }
.prose pre { overflow-x: auto; background: var(--bg); border: 1px solid var(--border); border-radius: 8px; padding: 12px 14px; font-size: 0.82rem; line-height: 1.45; }
.prose code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
.briefing-pack { text-align: left; margin-top: 16px; }
.briefing-pack h2 { font-size: 1.05rem; margin: 22px 0 8px; }
.briefing-pack h2:first-child { margin-top: 0; }
.briefing-pack h2 small { font-size: .85rem; font-weight: 500; color: var(--muted); }
.briefing-pack ul { margin: 0 0 8px; padding-left: 1.3em; }
.briefing-pack li + li { margin-top: 4px; }
.briefing-pack p { margin: 0 0 8px; }
.briefing-statement { margin: 0 0 12px; padding: 10px 14px; border-left: 4px solid var(--brand, #1f6feb); background: var(--surface-2); border-radius: 0 8px 8px 0; }
.briefing-statement p:last-child { margin-bottom: 0; }
.briefing-faq { margin: 0; }
.briefing-faq dt { font-weight: 650; margin-top: 10px; }
.briefing-faq dd { margin: 2px 0 0; }
.brief-readers, .brief-versions { list-style: none; margin: 0; padding: 0; }
.brief-readers li, .brief-versions li { padding: 6px 0; border-top: 1px solid var(--border); }
.brief-readers li:first-child, .brief-versions li:first-child { border-top: 0; }
.brief-faq { padding: 10px 0; border-top: 1px solid var(--border); display: grid; gap: 4px; }
@media print {
  .site-header, .site-footer, .skip, .notice-icon, .notice-actions form { display: none !important; }
  .briefing-statement { background: none; }
}
`;
