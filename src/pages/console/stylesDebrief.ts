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
