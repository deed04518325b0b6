/** Console stylesheet, part 4: the Components and Maintenance screens. */
export const CONSOLE_COMPONENTS_CSS = `
.comp-order { list-style: none; padding: 0; margin: 0; }
.comp-item { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 10px 0; border-top: 1px solid var(--border); }
.comp-order > .comp-item:first-child { border-top: 0; }
.comp-item.is-group .row-link { font-size: 1.05rem; }
.comp-main { min-width: 0; overflow-wrap: anywhere; }
.comp-main .tag { margin-left: 6px; vertical-align: 1px; }
.comp-desc { display: inline-block; margin-top: 2px; }
.comp-actions { display: flex; align-items: center; gap: 8px; flex: 0 0 auto; }
.move-form { display: inline-flex; gap: 4px; margin: 0; }
.cbutton.move { min-width: 36px; padding-inline: 0; justify-content: center; font-weight: 700; }
.cbutton.move:disabled { opacity: .35; cursor: default; }
.comp-children { padding: 0 0 6px 22px; margin-left: 6px; border-left: 2px solid var(--border); }
.comp-children .comp-item { padding: 8px 0; }
.comp-children .comp-item:first-child { border-top: 0; }
.comp-empty-group { margin: 4px 0 8px; }
.status-choices { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 0 12px; }
.status-choices .ccheck { margin-top: 0; }
.confirm-card { max-width: 640px; margin: 24px auto; }
.confirm-card h1 { overflow-wrap: anywhere; }
.confirm-card form { display: flex; gap: 10px; flex-wrap: wrap; }
.mt-list { list-style: none; padding: 0; margin: 0; }
.mt-item { padding: 12px 0; border-top: 1px solid var(--border); }
.mt-item:first-child { border-top: 0; padding-top: 4px; }
.mt-item p { margin: 4px 0 0; }
.mt-head { overflow-wrap: anywhere; }
.mt-head .tag { margin-left: 6px; vertical-align: 1px; }
.mt-when { font-variant-numeric: tabular-nums; }
.mt-updates { list-style: none; padding: 0; margin: 0; }
.mt-updates li { padding: 12px 0; border-top: 1px solid var(--border); }
.mt-updates li:first-child { border-top: 0; padding-top: 4px; }
.mt-update-head { margin: 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.mt-update-body { margin: 6px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.ccheck span { font-weight: 600; }
.ccheck small.chint { font-weight: 400; }
fieldset:disabled .ccheck { opacity: .6; cursor: default; }
.console input[type="datetime-local"] {
  display: block; width: 100%; max-width: 100%; font: inherit; color: var(--text); background: var(--surface);
  border: 1px solid var(--border-strong); border-radius: 8px; padding: 9px 12px; min-height: 46px;
}
.mt-window { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 0 16px; }
.ccheck.ccheck-top { align-items: flex-start; }
.ccheck.ccheck-top input { margin-top: 2px; flex: 0 0 auto; }
@media (max-width: 640px) {
  .comp-item { flex-wrap: wrap; }
  .comp-children { padding-left: 12px; }
}
`;
