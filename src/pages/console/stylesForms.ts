/** Console stylesheet, part 2: form fields, severity cards, components, preview and action bar. */
export const CONSOLE_FORMS_CSS = `
.cfield { margin-top: 18px; border: 0; padding: 0; min-width: 0; }
fieldset.cfield { margin-inline: 0; }
.clabel { display: block; font-weight: 650; margin-bottom: 4px; padding: 0; }
.chint { color: var(--faint); font-size: .88rem; margin: 0 0 8px; }
.chint code, .approval-note code { font-size: .85em; background: var(--surface-2); border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; }
.console input[type="text"], .console input[type="password"], .console input[type="number"], .console input[type="search"],
.console input[type="month"], .console input[type="date"], .console input[type="time"], .console input[type="datetime-local"],
.console input[type="email"], .console input[type="url"], .console input[type="tel"],
.console select, .console textarea {
  display: block; width: 100%; font: inherit; color: var(--text); background: var(--surface);
  border: 1px solid var(--border-strong); border-radius: 8px; padding: 10px 12px; min-height: 46px;
}
.console textarea { min-height: 84px; resize: vertical; line-height: 1.5; }
.console select { appearance: auto; padding-right: 8px; }
.console input:focus, .console select:focus, .console textarea:focus { outline: 3px solid color-mix(in srgb, var(--brand, #1f6feb) 35%, transparent); outline-offset: 0; border-color: var(--brand, #1f6feb); }
.cfield.has-error input, .cfield.has-error select, .cfield.has-error textarea { border-color: var(--major); border-width: 2px; }
.cfield.has-error .clabel { color: var(--major-text); }
.form-alert ul { margin: 6px 0 0; padding-left: 1.2em; }
.form-alert { margin-bottom: 18px; }
.grid-2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0 20px; }
.ccheck { display: flex; align-items: center; gap: 10px; min-height: 44px; margin-top: 6px; font-weight: 600; cursor: pointer; }
.ccheck input { width: 20px; height: 20px; margin: 0; flex: none; accent-color: var(--brand, #1f6feb); }

.sev-choices { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; margin-top: 8px; }
.sev-choice { position: relative; display: block; cursor: pointer; }
.sev-choice input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.sev-card { display: grid; gap: 6px; height: 100%; padding: 14px 16px; border: 2px solid var(--border); border-radius: 12px; background: var(--surface); }
.sev-choice:hover .sev-card { border-color: var(--border-strong); }
.sev-choice input:checked + .sev-card { border-color: var(--brand, #1f6feb); background: color-mix(in srgb, var(--brand, #1f6feb) 7%, var(--surface)); box-shadow: 0 0 0 1px var(--brand, #1f6feb); }
.sev-choice input:focus-visible + .sev-card { outline: 3px solid var(--link); outline-offset: 2px; }
.sev-card-head { display: flex; align-items: center; gap: 8px; }
.sev-desc { color: var(--muted); font-size: .9rem; line-height: 1.45; }
.sev-rules { color: var(--faint); font-size: .82rem; font-weight: 600; }

.estimate-box { margin-top: 18px; padding: 4px 16px 12px; border-radius: 10px; border: 1px dashed var(--border-strong); background: var(--surface-2); }
.warn-note { margin-top: 8px; padding: 8px 12px; border-radius: 8px; background: var(--deg-tint); color: var(--deg-text); font-size: .9rem; }
.comp-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(350px, 1fr)); gap: 8px; }
.comp-row { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 8px 8px 8px 14px; border: 1px solid var(--border); border-radius: 10px; background: var(--surface); }
.comp-row.is-set { border-color: var(--part); background: color-mix(in srgb, var(--part) 6%, var(--surface)); }
.comp-row label { display: grid; min-width: 0; flex: 1; }
.comp-name { font-weight: 600; }
.comp-group { color: var(--faint); font-size: .8rem; }
.console .comp-row select { flex: 0 0 176px; width: 176px; min-height: 40px; }
.with-unit { display: flex; align-items: center; gap: 10px; }
.console .with-unit input { width: 120px; }
.with-unit span { color: var(--muted); font-weight: 600; }

.preview { margin-top: 20px; scroll-margin-top: 16px; }
.preview-inner { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 22px 24px; }
.preview[aria-busy="true"] .preview-inner { opacity: .6; }
.preview-empty p { color: var(--muted); margin-top: 6px; }
.preview-top { display: flex; justify-content: space-between; align-items: center; gap: 12px; flex-wrap: wrap; }
.preview-top h2 { font-size: 1.15rem; font-weight: 700; }
.preview-top h2:focus { outline: none; }
.preview-verdict { padding: 4px 12px; border-radius: 999px; font-weight: 700; font-size: .88rem; }
.preview-verdict.is-ready { background: var(--op-tint); color: var(--op-text); }
.preview-verdict.is-blocked { background: var(--major-tint); color: var(--major-text); }
.approval-note { margin-top: 12px; padding: 10px 14px; border-radius: 8px; background: var(--maint-tint); color: var(--maint-text); font-weight: 600; }
.lint { list-style: none; padding: 0; margin: 12px 0 0; display: grid; gap: 8px; }
.lint li { padding: 10px 14px; border-radius: 8px; border-left: 5px solid; font-size: .93rem; }
.lint strong { margin-right: 6px; }
.lint-error { background: var(--major-tint); color: var(--major-text); border-color: var(--major) !important; }
.lint-warning { background: var(--deg-tint); color: var(--deg-text); border-color: var(--deg) !important; }
.lint-ok { margin-top: 12px; color: var(--op-text); font-weight: 600; }
.channels { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 14px; margin-top: 16px; }
.channels-one { grid-template-columns: minmax(0, 1fr); }
.inc-grid .channels:not(.channels-one) { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.channel { border: 1px solid var(--border); border-radius: 10px; overflow: hidden; background: var(--surface); display: flex; flex-direction: column; }
.channel-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 8px; padding: 9px 14px; background: var(--surface-2); border-bottom: 1px solid var(--border); }
.channel-head h3 { font-size: .9rem; font-weight: 700; }
.channel-meta { font-size: .8rem; color: var(--muted); font-weight: 600; white-space: nowrap; }
.channel-body { padding: 12px 14px; font-size: .92rem; overflow-wrap: anywhere; }
.channel-body .md > :first-child { margin-top: 0; }
.email-subject { font-weight: 700; padding-bottom: 8px; margin-bottom: 8px; border-bottom: 1px dashed var(--border); }
.email-subject span { display: block; font-size: .72rem; text-transform: uppercase; letter-spacing: .06em; color: var(--faint); font-weight: 700; }
.sms-bubble { display: inline-block; padding: 10px 14px; border-radius: 16px 16px 16px 4px; background: var(--maint-tint); color: var(--text); }
.social-text { white-space: pre-wrap; }
.count-ok { color: var(--op-text); }
.count-bad { color: var(--major-text); font-weight: 800; }
.count-warn { color: var(--deg-text); }
.chat { border-left: 4px solid var(--border-strong); padding-left: 10px; }
.ch-slack .chat { border-color: #611f69; }
.ch-teams .chat { border-color: #4b53bc; }

.action-bar { position: sticky; bottom: 0; z-index: 5; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-top: 20px; padding: 14px 18px; background: var(--surface); border: 1px solid var(--border); border-radius: 12px; box-shadow: 0 -6px 24px -12px rgba(16, 24, 40, .35); }
.action-bar .spacer { flex: 1; }
.action-bar-static { position: static; box-shadow: none; background: var(--surface-2); }
details.more { margin-top: 18px; border: 1px solid var(--border); border-radius: 10px; padding: 0 14px; }
details.more > summary { cursor: pointer; min-height: 48px; display: flex; align-items: center; gap: 6px; font-weight: 650; }
details.more[open] { padding-bottom: 14px; }
details.more .components-field { margin-top: 0; }
details.resolve > summary { cursor: pointer; list-style: none; display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 4px 12px; min-height: 32px; }
details.resolve > summary::-webkit-details-marker { display: none; }
details.resolve > summary::after { content: "Open ▾"; color: var(--link); font-weight: 650; font-size: .9rem; }
details.resolve[open] > summary::after { content: "Close ▴"; }
details.resolve > summary .chint { margin: 0; flex: 1; }
details.resolve[open] > summary { margin-bottom: 12px; }
.mode { display: inline-grid; grid-auto-flow: column; gap: 4px; padding: 4px; border-radius: 10px; background: var(--surface-2); border: 1px solid var(--border); margin-top: 4px; }
.mode input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.mode label { display: inline-flex; align-items: center; min-height: 40px; padding: 0 16px; border-radius: 7px; font-weight: 600; color: var(--muted); cursor: pointer; }
.mode input:checked + label { background: var(--surface); color: var(--text); box-shadow: 0 1px 2px rgba(16, 24, 40, .12), 0 0 0 1px var(--border); }
.mode input:focus-visible + label { outline: 3px solid var(--link); }
@supports selector(:has(*)) {
  .update-form:has(#mode-text:checked) .mode-template { display: none; }
  .update-form:has(#mode-template:checked) .mode-text { display: none; }
}
.search { display: flex; gap: 10px; align-items: flex-end; flex-wrap: wrap; }
.search .cfield { flex: 1 1 260px; margin-top: 0; }

@media (max-width: 1000px) { .channels { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media (max-width: 720px) {
  .grid-2 { grid-template-columns: minmax(0, 1fr); }
  .channels, .inc-grid .channels:not(.channels-one) { grid-template-columns: minmax(0, 1fr); }
  .comp-list { grid-template-columns: minmax(0, 1fr); }
  .action-bar { padding: 10px 12px; }
  .action-bar .cbutton { flex: 1 1 auto; }
  .action-bar .spacer { display: none; }
  details.resolve > summary .chint { flex-basis: 100%; order: 2; }
}
.error-links a { color: inherit; font-weight: 600; }
.affected-summary { margin: 12px 0 0; padding: 8px 12px; border-radius: 8px; background: var(--surface-2); border: 1px solid var(--border); }
.affected-summary .clabel-inline { font-weight: 600; }
`;
