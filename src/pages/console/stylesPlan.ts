/** Console stylesheet, part 4: the plan builder (the steps, the score meter, the step cards). */
export const CONSOLE_PLAN_CSS = `
.plan-stepper ol { list-style: none; margin: 0 0 18px; padding: 0; display: grid; grid-template-columns: repeat(8, minmax(0, 1fr)); gap: 6px; }
.plan-stepper a { display: flex; align-items: center; gap: 8px; min-height: 48px; padding: 6px 8px; border-radius: 10px; border: 1px solid var(--border); background: var(--surface); color: var(--muted); text-decoration: none; font-size: .82rem; font-weight: 600; line-height: 1.2; }
.plan-stepper a:hover { color: var(--text); border-color: var(--border-strong); }
.plan-stepper a[aria-current="step"] { color: var(--text); border-color: var(--brand, #1f6feb); box-shadow: inset 0 -3px 0 var(--brand, #1f6feb); }
.step-n { flex: none; display: inline-grid; place-items: center; width: 26px; height: 26px; border-radius: 50%; background: var(--surface-2); border: 1px solid var(--border); font-weight: 750; font-size: .85rem; color: var(--text); }
.is-done .step-n { background: var(--op-tint); border-color: color-mix(in srgb, var(--op) 45%, transparent); color: var(--op-text); }
.step-of { display: block; font-size: .85rem; font-weight: 650; color: var(--muted); letter-spacing: .02em; text-transform: uppercase; }
.page-title:has(.step-of) { margin-bottom: 8px; }
.plan-intro { margin: 0 0 20px; max-width: 75ch; color: var(--muted); font-size: 1.02rem; }
.plan-grid { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 20px; align-items: start; }
.plan-side { position: sticky; top: 12px; }
.plan-card { margin-bottom: 16px; scroll-margin-top: 12px; }
.plan-card-title { font-size: 1.1rem; font-weight: 680; margin: 0 0 10px; }
.plan-sub { font-size: 1rem; margin: 18px 0 0; }
.sev-key { display: inline-block; padding: 1px 8px; margin-right: 6px; border-radius: 6px; background: var(--surface-2); border: 1px solid var(--border); font-size: .85rem; }
.plan-gaps li { flex-wrap: wrap; }
.plan-card .side-list li { align-items: center; }
.plan-card .side-list .tag { white-space: nowrap; }
.plan-gaps a { white-space: nowrap; font-weight: 650; }
.rota { margin: 0; padding-left: 1.2em; }
.rota li { padding: 2px 0; }
.rota li > span { margin-right: 8px; }
.rota form { display: inline; }
.linkish { background: none; border: 0; padding: 0; font: inherit; font-size: .85rem; color: var(--link); text-decoration: underline; cursor: pointer; min-height: 24px; }
.plan-pager { display: flex; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-top: 8px; }
.plan-list { margin: 0; padding-left: 1.2em; }
.plan-list li { margin: 4px 0; }
.meter { appearance: none; display: block; width: 100%; height: 10px; border-radius: 6px; background: var(--surface-2); border: 1px solid var(--border); overflow: hidden; margin-bottom: 10px; }
.meter::-webkit-progress-bar { background: var(--surface-2); }
.meter::-webkit-progress-value { background: var(--brand, #1f6feb); }
.meter::-moz-progress-bar { background: var(--brand, #1f6feb); }
.plan-steps > li { padding-top: 12px; padding-bottom: 12px; }
.plan-steps { list-style: none; padding: 0; margin: 16px 0 0; display: grid; gap: 10px; }
.plan-steps > li { display: grid; grid-template-columns: auto minmax(0, 1fr) auto; gap: 14px; align-items: center; }
.plan-steps h3 { font-size: 1.02rem; margin: 0; }
.plan-steps .chint { margin: 2px 0 0; }
.plan-drill { border-color: var(--brand, #1f6feb); }
fieldset.cfield { border: 0; padding: 0; margin-inline: 0; }
@media (max-width: 980px) {
  .plan-grid { grid-template-columns: minmax(0, 1fr); }
  .plan-side { position: static; order: -1; }
  .plan-stepper ol { grid-template-columns: repeat(4, minmax(0, 1fr)); }
}
@media (max-width: 640px) {
  .plan-stepper ol { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
`;
