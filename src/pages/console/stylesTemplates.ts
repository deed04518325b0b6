/** Console stylesheet, templates: the editor's Liquid fields, versions and the line diff. */
export const CONSOLE_TEMPLATES_CSS = `
.console textarea.liquid { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; min-height: 0; }
.tpl-side { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr); gap: 20px; margin-bottom: 20px; align-items: start; }
@media (max-width: 800px) { .tpl-side { grid-template-columns: minmax(0, 1fr); } }
.crumbs { margin: 0 0 4px; font-size: .9rem; }
.tpl-stage th { padding-top: 18px; font-size: .8rem; letter-spacing: .04em; text-transform: uppercase; color: var(--muted); background: transparent; }
.tpl-table tbody + tbody { border-top: 0; }
.mini-tag.is-current { background: color-mix(in srgb, var(--brand, #1f6feb) 12%, var(--surface)); border-color: var(--brand, #1f6feb); color: var(--text); }
a.mini-tag { text-decoration: none; color: var(--link); }
.var-help { margin: 8px 0 4px; font-size: .9rem; }
.var-help summary { cursor: pointer; font-weight: 600; color: var(--link); }
.var-help dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 10px 0 0; }
.var-help dd { margin: 0; color: var(--muted); }
.diff-card > :last-child { margin-bottom: 0; }
.ver-list { margin-bottom: 8px; }
.diff { margin: 8px 0 20px; padding: 10px 0; border: 1px solid var(--border); border-radius: 8px; background: var(--surface-2); font-size: .88rem; line-height: 1.5; white-space: pre-wrap; overflow-wrap: anywhere; }
.diff > * { display: block; padding: 0 12px 0 28px; text-decoration: none; position: relative; }
.diff ins { background: var(--op-tint); color: var(--op-text); }
.diff del { background: var(--major-tint); color: var(--major-text); }
.diff ins::before, .diff del::before { position: absolute; left: 10px; font-weight: 800; }
.diff ins::before { content: "+"; }
.diff del::before { content: "−"; }
.diff-key ins, .diff-key del, .diff-card p ins, .diff-card p del { padding: 0 6px; border-radius: 4px; text-decoration: none; }
.diff-key ins, .diff-card p ins { background: var(--op-tint); color: var(--op-text); }
.diff-key del, .diff-card p del { background: var(--major-tint); color: var(--major-text); }
`;
