/** Console stylesheet, part 1: frame, header, buttons, badges, dashboard and incident screens. */
export const CONSOLE_CSS = `
body.console { background: var(--bg); }
.cwrap { width: 100%; max-width: 1240px; margin: 0 auto; padding-left: 24px; padding-right: 24px; }
.console main { padding-top: 28px; }
.console-header { background: var(--surface); border-top: 4px solid var(--brand, #1f6feb); border-bottom: 1px solid var(--border); }
.cheader-row { display: flex; align-items: center; justify-content: space-between; gap: 16px; min-height: 68px; flex-wrap: wrap; padding-block: 8px; row-gap: 4px; }
.console-tag { margin-left: 4px; padding: 2px 8px; border-radius: 6px; background: var(--surface-2); border: 1px solid var(--border); color: var(--muted); font-size: .75rem; font-weight: 650; letter-spacing: .04em; text-transform: uppercase; }
.cnav { display: flex; align-items: center; gap: 4px; flex-wrap: wrap; }
.cnav-link { display: inline-flex; align-items: center; min-height: 44px; padding: 0 12px; border-radius: 8px; color: var(--muted); font-weight: 560; text-decoration: none; }
.cnav-link:hover { color: var(--text); background: var(--surface-2); }
.cnav-link[aria-current="page"] { color: var(--text); background: var(--surface-2); box-shadow: inset 0 -3px 0 var(--brand, #1f6feb); }
.cnav .cbutton { margin-left: 8px; }
.cnav-actions { flex: 0 1 auto; min-width: 0; margin-left: auto; }
.cnav-main { padding-bottom: 6px; }
.csub { border-top: 1px solid var(--border); background: var(--surface-2); }
.cnav-setup { min-height: 44px; gap: 2px; }
.cnav-setup .cnav-link { min-height: 40px; font-size: .92rem; }
.cnav-setup .cnav-link[aria-current="page"] { background: var(--surface); }
.cnav-label { color: var(--muted); font-size: .8rem; font-weight: 650; text-transform: uppercase; letter-spacing: .06em; margin-right: 8px; }

.cbutton {
  display: inline-flex; align-items: center; justify-content: center; gap: 8px; min-height: 44px; padding: 0 18px;
  border-radius: 9px; border: 1px solid transparent; font: inherit; font-weight: 650; font-size: .95rem; line-height: 1.2;
  text-decoration: none; cursor: pointer; white-space: nowrap; background: var(--surface); color: var(--text);
}
.cbutton:hover { filter: brightness(1.06); }
.cbutton:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.cbutton-primary { background: var(--brand, #1f6feb); color: var(--on-brand, #fff); box-shadow: 0 1px 2px rgba(16, 24, 40, .15); }
.cbutton-declare { background: #b91c1c; color: #fff; box-shadow: 0 1px 2px rgba(16, 24, 40, .15); }
.cbutton-declare[aria-current="page"] { box-shadow: 0 0 0 3px rgba(185, 28, 28, .25); }
.cbutton-ok { background: #15803d; color: #fff; }
.cbutton-quiet { background: var(--surface); color: var(--text); border-color: var(--border-strong); }
.cbutton-quiet:hover { background: var(--surface-2); filter: none; }
.cbutton-danger { background: var(--surface); color: var(--major-text); border-color: color-mix(in srgb, var(--major) 50%, transparent); }
.cbutton-danger:hover { background: var(--major-tint); filter: none; }
.cbutton-lg { min-height: 50px; padding: 0 24px; font-size: 1rem; }
.cbutton-sm { min-height: 36px; padding: 0 12px; font-size: .88rem; }
.cbutton-block { width: 100%; }
.linklike { background: none; border: 0; padding: 0; font: inherit; color: var(--link); text-decoration: underline; cursor: pointer; }

.flash { padding: 14px 18px; border-radius: 10px; font-weight: 600; margin-bottom: 20px; border: 1px solid transparent; }
.flash-ok { background: var(--op-tint); color: var(--op-text); border-color: color-mix(in srgb, var(--op) 35%, transparent); }
.flash-warn { background: var(--deg-tint); color: var(--deg-text); border-color: color-mix(in srgb, var(--deg) 45%, transparent); }
.flash-error { background: var(--major-tint); color: var(--major-text); }
.page-title { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: 8px 16px; margin-bottom: 20px; }
.page-title h1 { font-size: 1.65rem; letter-spacing: -.015em; }
.page-title .chint { margin: 4px 0 0; width: 100%; }
.card-pad { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 22px 24px; }
.csection + .csection { margin-top: 20px; }
.csection-title { font-size: 1.1rem; font-weight: 680; margin-bottom: 4px; }
.block-head { display: flex; align-items: baseline; justify-content: space-between; gap: 12px; margin-bottom: 14px; }
.block-head h2 { font-size: 1.1rem; font-weight: 680; }
.block-head .count { color: var(--faint); font-weight: 600; }
.list-head { margin-top: 20px; }
.stats-wide { grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); margin-bottom: 20px; }
.empty { color: var(--muted); padding: 8px 0; }
.empty strong { color: var(--text); }

.sev { display: inline-block; padding: 2px 8px; border-radius: 6px; font-size: .8rem; font-weight: 800; letter-spacing: .03em; color: #fff; background: #6b7280; white-space: nowrap; }
.sev-1 { background: #b91c1c; } .sev-2 { background: #c2410c; } .sev-3 { background: #a16207; }
.tag { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: .8rem; font-weight: 650; white-space: nowrap; background: var(--none-tint); color: var(--muted); }
.tag-ok { background: var(--op-tint); color: var(--op-text); }
.tag-warn { background: var(--deg-tint); color: var(--deg-text); }
.tag-bad { background: var(--major-tint); color: var(--major-text); }
.tag-info { background: var(--maint-tint); color: var(--maint-text); }
.due { display: inline-flex; align-items: center; gap: 6px; padding: 6px 12px; border-radius: 8px; font-weight: 700; font-size: .95rem; background: var(--surface-2); border: 1px solid var(--border-strong); color: var(--text); font-variant-numeric: tabular-nums; }
.due.is-soon { background: var(--deg-tint); color: var(--deg-text); border-color: var(--deg); }
.due.is-overdue { background: #b91c1c; color: #fff; border-color: #b91c1c; }
.due-none { font-weight: 600; color: var(--muted); }

.dash-grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 24px; align-items: start; }
.dash-main, .dash-side { display: flex; flex-direction: column; gap: 24px; min-width: 0; }
[data-live]:empty { display: none; }
.inc-list { display: grid; gap: 14px; }
.inc-card { background: var(--surface); border: 1px solid var(--border); border-left: 5px solid var(--sevc, var(--border-strong)); border-radius: var(--radius); box-shadow: var(--shadow); padding: 18px 20px; }
.inc-card.sevc-1, .inc-head.sevc-1 { --sevc: #b91c1c; } .inc-card.sevc-2, .inc-head.sevc-2 { --sevc: #c2410c; } .inc-card.sevc-3, .inc-head.sevc-3 { --sevc: #ca8a04; }
.inc-top { display: flex; align-items: flex-start; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
.inc-title { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; min-width: 0; }
.inc-title h3 { font-size: 1.12rem; font-weight: 680; }
.inc-title a { color: var(--text); text-decoration: none; }
.inc-title a:hover { text-decoration: underline; }
.inc-meta { margin-top: 6px; color: var(--muted); font-size: .92rem; display: flex; gap: 4px 14px; flex-wrap: wrap; }
.roles-inline { list-style: none; padding: 0; margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 6px; }
.roles-inline li { padding: 4px 10px; border-radius: 8px; font-size: .85rem; background: var(--surface-2); border: 1px solid var(--border); }
.roles-inline li.unacked { background: var(--deg-tint); border-color: color-mix(in srgb, var(--deg) 50%, transparent); color: var(--deg-text); }
.roles-inline b { font-weight: 650; }
.inc-actions { margin-top: 14px; display: flex; gap: 10px; flex-wrap: wrap; }

.approval { border: 1px solid color-mix(in srgb, var(--deg) 55%, transparent); background: var(--surface); border-radius: var(--radius); padding: 18px 20px; box-shadow: var(--shadow); }
.approval + .approval { margin-top: 14px; }
.approval-head { display: flex; justify-content: space-between; gap: 12px; flex-wrap: wrap; align-items: baseline; }
.approval-head h3 { font-size: 1.02rem; font-weight: 680; }
.approval textarea { margin-top: 10px; }
.approval-what { margin-top: 8px; color: var(--muted); font-size: .93rem; }
.approval .row { display: flex; gap: 10px; flex-wrap: wrap; margin-top: 12px; align-items: center; }
.approval .row input[type="text"] { flex: 1 1 200px; }

.stats { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 10px; }
.stat { padding: 12px; border-radius: 10px; background: var(--surface-2); border: 1px solid var(--border); }
.stat b { display: block; font-size: 1.5rem; font-weight: 750; font-variant-numeric: tabular-nums; line-height: 1.2; }
.stat span { color: var(--muted); font-size: .85rem; font-weight: 550; }
.stat.bad { background: var(--major-tint); border-color: color-mix(in srgb, var(--major) 40%, transparent); }
.stat.bad b, .stat.bad span { color: var(--major-text); }
.side-list { list-style: none; padding: 0; margin: 0; }
.side-list li { display: flex; justify-content: space-between; gap: 12px; padding: 9px 0; border-top: 1px solid var(--border); }
.side-list li:first-child { border-top: 0; }
.side-list .num { font-weight: 700; font-variant-numeric: tabular-nums; }
.score { font-size: 1.6rem; font-weight: 800; }
.side-list.gaps li { justify-content: flex-start; align-items: baseline; font-size: .9rem; }

.inc-head { border-left: 5px solid var(--sevc, var(--border-strong)); }
.inc-head h1 { font-size: 1.6rem; letter-spacing: -.015em; margin: 8px 0 0; overflow-wrap: anywhere; }
.inc-head .inc-meta { font-size: .95rem; }
.inc-head .due { font-size: 1.05rem; padding: 8px 14px; }
.inc-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; align-items: start; margin-top: 24px; }
.inc-grid > div { display: flex; flex-direction: column; gap: 24px; min-width: 0; }
.role-list { list-style: none; padding: 0; margin: 0; }
.role-list li { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 10px 0; border-top: 1px solid var(--border); flex-wrap: wrap; }
.role-list li:first-child { border-top: 0; padding-top: 0; }
.role-who { display: grid; }
.role-who small { color: var(--faint); font-size: .85rem; }
.room { list-style: none; padding: 0; margin: 0; }
.room li { padding: 10px 0; border-top: 1px solid var(--border); }
.room li:first-child { border-top: 0; padding-top: 0; }
.room-meta { color: var(--faint); font-size: .82rem; margin-top: 2px; }
.inline-row { display: flex; gap: 10px; margin-top: 10px; flex-wrap: wrap; }
.console .inline-row select { width: auto; }
.sev-name { color: var(--muted); font-weight: 600; font-size: .9rem; }
.room-body { overflow-wrap: anywhere; white-space: pre-wrap; }
.ctable { width: 100%; border-collapse: collapse; font-size: .93rem; }
.ctable th { text-align: left; color: var(--faint); font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; font-weight: 700; padding: 6px 8px; border-bottom: 1px solid var(--border); }
.ctable td { padding: 10px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
.ctable .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ctable tr:last-child td { border-bottom: 0; }
.addr { overflow-wrap: anywhere; font-weight: 600; }
.table-scroll { overflow-x: auto; }
.table-scroll:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.dlv-speed { display: none; color: var(--faint); font-size: .8rem; }

.console-footer { margin-top: 48px; background: var(--surface); border-top: 1px solid var(--border); padding: 18px 0; color: var(--muted); font-size: .9rem; }
.cfooter-row { display: flex; align-items: center; justify-content: space-between; gap: 12px 24px; flex-wrap: wrap; }
.signin { max-width: 500px; margin: 24px auto 0; }
.signin-card h1 { font-size: 1.5rem; }
.signin-card .cform { margin-top: 8px; }
.signin-card .cbutton-block { margin-top: 20px; }
.signin-note { margin-top: 18px; }
.notice-card h1 { font-size: 1.4rem; }
.notice-card p { margin-top: 8px; color: var(--muted); }
.notice-actions { margin-top: 18px !important; }

@media (max-width: 980px) {
  .dash-grid, .inc-grid { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 640px) {
  .cwrap { padding-left: 14px; padding-right: 14px; }
  .card-pad { padding: 18px 16px; }
  .cnav-actions { width: 100%; }
  .cnav-actions .cbutton { margin-left: auto; }
  .stats { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  .page-title h1 { font-size: 1.4rem; }
  .dlv-table .wide-only { display: none; }
  .dlv-table .dlv-speed { display: block; }
  .dlv-table th, .dlv-table td { padding-left: 4px; padding-right: 4px; }
}
`;
