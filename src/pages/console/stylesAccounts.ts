/** Console stylesheet, part 3: accounts (filters, pages, facts), audiences and the outreach board. */
export const CONSOLE_ACCOUNTS_CSS = `
.filters { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)) auto; gap: 10px 12px; align-items: end; }
.filter-q { grid-column: 1 / -1; }
.filters .cfield { margin-top: 0; }
.filters .clabel { font-size: .85rem; }
.filter-buttons { display: flex; gap: 8px; }
.filter-tabs { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 14px; }
.filter-tabs [aria-current="page"] { background: var(--brand); color: var(--on-brand); border-color: var(--brand); }
.pager { display: flex; justify-content: space-between; align-items: center; gap: 12px; flex-wrap: wrap; margin-top: 14px; padding-top: 12px; border-top: 1px solid var(--border); }
.pager .chint { margin: 0; }
.pager-links { display: flex; align-items: center; gap: 10px; }
.pager-page { color: var(--muted); font-weight: 600; font-size: .9rem; }
.row-link { font-weight: 650; color: var(--text); }
.tag-row { display: inline-flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.mini-tag { display: inline-block; padding: 0 7px; border-radius: 6px; font-size: .78rem; font-weight: 600; background: var(--surface-2); border: 1px solid var(--border); color: var(--muted); }
.check-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 0 12px; }
.check-grid .ccheck { font-weight: 550; margin-top: 0; }
.form-end { display: flex; justify-content: flex-end; gap: 10px; margin-top: 18px; }
.file-input { display: block; width: 100%; padding: 10px; border: 1px dashed var(--border-strong); border-radius: 8px; background: var(--surface-2); font: inherit; }
.import-result { margin: 12px 0 4px; padding: 12px 14px; border-radius: 10px; border: 1px solid var(--border); }
.import-ok { background: var(--op-tint); border-color: color-mix(in srgb, var(--op) 35%, transparent); }
.import-warn { background: var(--deg-tint); border-color: color-mix(in srgb, var(--deg) 45%, transparent); }
.import-counts { list-style: none; padding: 0; margin: 8px 0 0; display: flex; gap: 16px; flex-wrap: wrap; }
.import-counts b { font-size: 1.2rem; font-variant-numeric: tabular-nums; margin-right: 4px; }
.import-result .rejects { margin-top: 10px; background: var(--surface); border-radius: 8px; }
.account-head h1 { font-size: 1.6rem; letter-spacing: -.015em; margin: 8px 0 0; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 200px), 1fr)); gap: 14px 24px; margin: 16px 0 0; }
.facts > div { min-width: 0; }
.facts dt { color: var(--faint); font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; font-weight: 700; }
.facts dd { margin: 2px 0 0; overflow-wrap: anywhere; }
.history li { align-items: flex-start; }
.audience-list { display: grid; gap: 14px; }
.audience-card h2 { font-size: 1.1rem; font-weight: 680; }
.audience-card .rule { margin-top: 6px; color: var(--muted); }
.audience-card .facts { margin-top: 10px; }
.aud-key { margin-left: 6px; color: var(--faint); font-size: .75rem; font-weight: 500; }
.aud-key code { font-size: inherit; }
.aud-howto { margin-bottom: 14px; }
.aud-howto .chint { margin-top: 6px; }
.aud-choices { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 8px 16px; }
.aud-choice { display: flex; gap: 10px; align-items: flex-start; padding: 10px 12px; border: 1px solid var(--border); border-radius: 10px; cursor: pointer; }
.aud-choice input { width: 20px; height: 20px; margin: 2px 0 0; accent-color: var(--brand, #1f6feb); flex: none; }
.aud-choice small { display: block; color: var(--faint); font-size: .84rem; }
.vis-choices { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px; margin-top: 6px; }
.reach { margin-top: 16px; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 20px 24px; }
.preview[aria-busy="true"] .reach { opacity: .6; }
.reach h3 { font-size: 1.05rem; font-weight: 700; margin-bottom: 4px; }
.reach-keys { margin-top: 10px; }
.reach-table td, .reach-table th { vertical-align: top; }
.reach-empty { color: var(--muted); }
.outreach-list { list-style: none; padding: 0; margin: 0; display: grid; gap: 12px; }
.task { border: 1px solid var(--border); border-left: 5px solid var(--border-strong); border-radius: 10px; padding: 14px 16px; }
.task.is-overdue { border-left-color: #b91c1c; background: color-mix(in srgb, var(--major-tint) 45%, var(--surface)); }
.task.is-done { border-left-color: var(--op); opacity: .92; }
.task-head { display: flex; justify-content: space-between; gap: 10px; flex-wrap: wrap; align-items: baseline; }
.task-head h3 { font-size: 1.02rem; font-weight: 700; }
.task-meta { color: var(--muted); font-size: .9rem; margin-top: 4px; }
.task-points { margin-top: 8px; white-space: pre-wrap; padding: 8px 12px; border-radius: 8px; background: var(--surface-2); font-size: .93rem; }
.task-contacts { list-style: none; padding: 0; margin: 8px 0 0; font-size: .93rem; }
.task-contacts li { padding: 2px 0; }
.task-contacts a { font-weight: 650; }
.task form { margin-top: 10px; }
.task .outcomes { display: flex; gap: 8px 16px; flex-wrap: wrap; }
.task .outcomes .ccheck { margin-top: 0; font-weight: 550; }
.task .inline-row input[type="text"] { flex: 1 1 220px; }
@media (max-width: 980px) { .filters { grid-template-columns: repeat(2, minmax(0, 1fr)); } .filter-buttons { grid-column: 1 / -1; } }
@media (max-width: 640px) { .vis-choices { grid-template-columns: minmax(0, 1fr); } }
`;
