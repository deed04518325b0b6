/** Console stylesheet: the Enquiry sources and Monitors screens (one card per source or monitor). */
export const CONSOLE_SOURCES_CSS = `
.src-section { margin: 26px 0 10px; }
.src-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 20px; align-items: start; }
.src-card { min-width: 0; overflow-wrap: anywhere; }
.src-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; }
.src-head h3 { font-size: 1.15rem; font-weight: 700; margin: 0 4px 0 0; }
.src-head .tag { white-space: normal; }
.src-head .src-meta { flex-basis: 100%; }
.src-meta { margin: 4px 0 0; color: var(--muted); font-size: .9rem; }
.src-card > .chint { margin-top: 10px; }
.src-field { margin-top: 14px; }
.src-url { display: block; margin-top: 6px; padding: 10px 12px; border-radius: 8px; background: var(--surface-2); border: 1px solid var(--border-strong); font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9rem; overflow-wrap: anywhere; user-select: all; -webkit-user-select: all; }
.src-form { margin-top: 14px; border-top: 1px solid var(--border); padding-top: 4px; }
.src-form .form-end { justify-content: flex-start; flex-wrap: wrap; }
.src-form .ccheck { margin-top: 12px; }
.src-error { margin-top: 10px; padding: 10px 12px; border-radius: 8px; background: var(--major-tint); color: var(--major-text); border-left: 5px solid var(--major); }
.src-error p { margin: 0; }
.src-error details { margin-top: 6px; font-size: .88rem; }
.src-raw { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.src-warn { margin: 12px 0 0; padding: 12px 14px; border-radius: 8px; background: var(--deg-tint); color: var(--deg-text); border-left: 5px solid var(--deg); }
.src-warn a { color: inherit; }
.src-card code { font-size: .88em; }
.mon-rules { margin: 10px 0 0; padding-left: 1.2em; }
.mon-rules li { margin: 2px 0; }
.mon-sub { font-size: 1rem; margin: 16px 0 6px; }
.mon-map { border: 1px solid var(--border); border-radius: 8px; padding: 10px 14px 4px; margin: 14px 0; }
.mon-map legend { padding: 0 6px; }
.mon-map { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0 16px; }
.mon-map > .chint { grid-column: 1 / -1; }
.src-card .ctable th { white-space: nowrap; }
.src-card > .form-end { flex-wrap: wrap; gap: 8px; }
.src-card .ctable td:first-child { min-width: 9em; }
#connect { margin-top: 24px; }
@media (max-width: 900px) { .src-grid, .mon-map { grid-template-columns: minmax(0, 1fr); } }
`;
