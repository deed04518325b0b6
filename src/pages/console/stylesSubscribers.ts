/** Console stylesheet: the Subscribers screen (the import's progress and report, a webhook's secret). */
export const CONSOLE_SUBSCRIBERS_CSS = `
.report { margin: 20px 0 0; padding: 18px 20px; }
.report .csection-title { margin: 0; overflow-wrap: anywhere; }
.report .import-counts { margin-top: 10px; }
.report:focus { outline: 3px solid var(--focus, #1f6feb); outline-offset: 2px; }
.report-sub { font-size: 1rem; font-weight: 700; margin-top: 16px; }
.report-download { margin-top: 8px; }
.report .rejects td { vertical-align: top; }
.report .rejects td:last-child { min-width: 14em; }
code.sent { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; background: none; padding: 0; }
.subs-grid { margin-top: 20px; }
.subs-table td { vertical-align: middle; }
.subs-table { position: relative; }
.subs-table .n { white-space: nowrap; }
details.paste { margin-top: 14px; }
details.paste textarea { min-height: 8em; font-family: var(--mono, ui-monospace, monospace); font-size: .9rem; }
.upload-progress { margin-top: 14px; }
.upload-progress progress { display: block; width: 100%; height: 12px; accent-color: var(--brand, #1f6feb); }
.upload-progress .chint { margin-top: 6px; font-weight: 600; }
.upload-progress.is-failed .chint { color: var(--major-text); }
.secret-card { max-width: 680px; margin: 24px auto; }
.secret-card h1 { overflow-wrap: anywhere; }
code.secret { display: block; padding: 10px 12px; border-radius: 8px; background: var(--surface-2); border: 1px solid var(--border); overflow-wrap: anywhere; font-size: .95rem; color: var(--text); }
@media (max-width: 640px) {
  .subs-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .subs-table, .subs-table tbody { display: block; }
  .subs-table tr { display: grid; grid-template-columns: auto auto minmax(0, 1fr) auto; gap: 4px 10px; align-items: center; padding: 10px 0; border-bottom: 1px solid var(--border); }
  .subs-table td { display: block; padding: 0; border: 0; }
  .subs-table td.addr { grid-column: 1 / 4; }
  .subs-table td.n { grid-column: 4; grid-row: 1; }
  .subs-table td:nth-child(4) { grid-column: 3 / 5; color: var(--muted); font-size: .88rem; }
  .report { padding: 14px; }
  .report .rejects thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .report .rejects, .report .rejects tbody { display: block; }
  .report .rejects tr { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 2px 10px; padding: 8px 10px; border-bottom: 1px solid var(--border); }
  .report .rejects td { display: block; padding: 0; border: 0; min-width: 0; }
  .report .rejects td.n { font-weight: 700; }
  .report .rejects td:last-child { grid-column: 1 / 3; min-width: 0; }
}
`;
