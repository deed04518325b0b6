/** Console stylesheet: the SLA credits screen. */
export const CONSOLE_SLA_CSS = `
.sla-head { display: flex; align-items: end; justify-content: space-between; gap: 16px; flex-wrap: wrap; margin-bottom: 16px; }
.sla-month { display: flex; align-items: end; gap: 10px; }
.sla-month .cfield { margin: 0; }
.sla-month input[type="month"] { width: auto; min-width: 12rem; }
.sla-empty p + p { margin-top: 8px; }
.sla-table td { vertical-align: top; }
.sla-table .sla-actions { min-width: 250px; }
.sla-actions form { display: inline-flex; gap: 8px; align-items: end; flex-wrap: wrap; margin: 0 0 6px; }
.sla-actions details { margin-top: 4px; }
.sla-actions details form { display: grid; gap: 6px; margin-top: 8px; }
.sla-actions input[type="number"], .sla-actions input[type="text"] { width: 100%; min-height: 36px; }
.sla-decided { font-size: .85rem; color: var(--muted); display: block; }
.sla-error { color: var(--major-text); font-weight: 600; display: block; margin-bottom: 4px; }
.sla-pager { display: flex; justify-content: end; margin-top: 14px; }
`;
