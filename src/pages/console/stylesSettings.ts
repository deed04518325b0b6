/** Console stylesheet, part 8: the Settings and Tokens screens. */
export const CONSOLE_SETTINGS_CSS = `
.settings-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 20px; align-items: start; }
.settings-col { display: flex; flex-direction: column; gap: 20px; min-width: 0; }
.settings-grid > .card-pad > .cfield:first-of-type { margin-top: 12px; }
.console input[type="url"] { display: block; width: 100%; font: inherit; color: var(--text); background: var(--surface); border: 1px solid var(--border-strong); border-radius: 8px; padding: 10px 12px; min-height: 46px; }
.console input[type="url"]:focus { outline: 3px solid color-mix(in srgb, var(--brand, #1f6feb) 35%, transparent); border-color: var(--brand, #1f6feb); }
.cfield.has-error input[type="url"] { border-color: var(--major); border-width: 2px; }
.colour-row { display: flex; gap: 10px; align-items: center; }
.colour-row input[type="color"] { flex: 0 0 56px; width: 56px; height: 46px; padding: 3px; border: 1px solid var(--border-strong); border-radius: 8px; background: var(--surface); cursor: pointer; }
.console .colour-row input.hex { width: 9.5em; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; text-transform: lowercase; }
.brand-preview { margin-top: 12px; border: 1px solid var(--border); border-radius: 10px; overflow: hidden; background: #fff; color: #111827; }
.bp-bar { height: 4px; background: var(--pv); }
.bp-row { display: flex; align-items: center; gap: 10px; padding: 12px 14px; }
.bp-mark { display: inline-grid; place-items: center; width: 30px; height: 30px; border-radius: 8px; background: var(--pv); color: var(--pv-on); font-weight: 800; flex: 0 0 auto; }
.bp-name { font-weight: 700; flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bp-button { padding: 6px 12px; border-radius: 8px; background: var(--pv); color: var(--pv-on); font-weight: 650; font-size: .88rem; flex: 0 0 auto; }
.contrast-note { margin-top: 8px; }
.contrast-note.is-low { color: var(--deg-text); }
.lang-boxes { display: flex; flex-wrap: wrap; gap: 0 22px; }
.settings-dl { display: grid; gap: 10px; margin: 0; }
.settings-dl > div { display: grid; grid-template-columns: 10em minmax(0, 1fr); gap: 12px; }
.settings-dl dt { font-weight: 650; }
.settings-dl dd { margin: 0; overflow-wrap: anywhere; }
.scope-help { margin: 8px 0 0; padding-left: 1.1em; }
.scope-help li + li { margin-top: 2px; }
.scope-help strong { color: var(--muted); }
.tok-list { list-style: none; padding: 0; margin: 0; }
.tok-item { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 12px 0; border-top: 1px solid var(--border); }
.tok-item:first-child { border-top: 0; padding-top: 0; }
.tok-main { min-width: 0; overflow-wrap: anywhere; }
.tok-main .tag { margin-left: 4px; vertical-align: 1px; }
.tok-name { font-size: 1.02rem; }
.tok-meta { margin: 4px 0 0; color: var(--muted); font-size: .9rem; }
.tok-note { margin: 2px 0 0; }
.tok-item.is-revoked .tok-name { color: var(--muted); text-decoration: line-through; text-decoration-color: var(--faint); }
.tok-actions { flex: 0 0 auto; }
.secret-card { max-width: 760px; margin: 0 auto; }
.secret-card h1 { font-size: 1.4rem; overflow-wrap: anywhere; }
.secret-warn { margin: 12px 0 0; padding: 12px 14px; border-radius: 8px; background: var(--deg-tint); color: var(--deg-text); border-left: 5px solid var(--deg); }
.secret-row { display: flex; gap: 10px; align-items: center; }
.secret-row .cbutton[hidden] { display: none; }
.console .secret-row input.secret { flex: 1; min-width: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .95rem; background: var(--surface-2); }
.copy-status { min-height: 1.4em; margin: 6px 0 0; }
.secret-card h2 { margin-top: 22px; }
.secret-example { margin: 6px 0 10px; padding: 10px 12px; border-radius: 8px; background: var(--surface-2); border: 1px solid var(--border); white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; }
.notice-card .warn-note { font-size: .95rem; color: var(--deg-text); }
@media (max-width: 900px) { .settings-grid { grid-template-columns: minmax(0, 1fr); } }
@media (max-width: 640px) {
  .tok-item { flex-wrap: wrap; }
  .settings-dl > div { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .secret-row { flex-wrap: wrap; }
  .secret-row .cbutton { flex: 1 1 auto; }
}
`;
