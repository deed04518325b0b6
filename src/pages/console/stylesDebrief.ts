/**
 * The debrief printed to PDF (issue #14), from the console or from its standalone HTML file:
 * only the report is printed, and a chart, a table row or a heading is never split across pages.
 */
export const DEBRIEF_PRINT_CSS = `
@media print {
  .console-header, .console-footer, .skip, .console-only { display: none !important; }
  body.console { background: #fff; }
  .card-pad { box-shadow: none; }
  .reaction-chart, .reaction-legend, tr, h1, h2 { break-inside: avoid; page-break-inside: avoid; }
  h2, .reaction-chart { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  .table-scroll { overflow: visible; }
  a { color: inherit; }
}
`;

/** Console stylesheet: the debrief's action items and trends screens. */
export const CONSOLE_DEBRIEF_CSS = `
.action-items { list-style: none; padding: 0; margin: 12px 0; display: grid; gap: 10px; }
.action-item { border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px; }
.action-item p { margin: 0 0 4px; }
.action-item form { margin-top: 6px; }
.trend-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-bottom: 16px; }
.trend-pager { display: flex; gap: 8px; flex-wrap: wrap; }
.trend-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; margin-bottom: 16px; }
@media (max-width: 760px) { .trend-grid { grid-template-columns: minmax(0, 1fr); } }
.swatch-miss { background: #B8002E; }
.trend-figure { font-size: 1.6rem; font-weight: 700; margin: 4px 0; }
`;
