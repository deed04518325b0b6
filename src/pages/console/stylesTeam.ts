/** Console stylesheet, part 4: the Team and Severities screens, and follow-the-sun handovers. */
export const CONSOLE_TEAM_CSS = `
.crumb { margin-bottom: 8px; font-weight: 600; }
.team-roles { display: grid; gap: 14px; }
.role-card { border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px; background: var(--surface); }
.role-head { display: flex; justify-content: space-between; align-items: baseline; gap: 10px; flex-wrap: wrap; }
.role-head h3 { font-size: 1.02rem; font-weight: 700; }
.role-card > .chint { margin: 4px 0 0; }
.rota { margin: 10px 0 0; padding-left: 1.6em; list-style: decimal; }
.rota li { padding: 2px 0; }
.rota li::marker { color: var(--faint); font-weight: 700; }
.rota .chint { margin: 0; font-size: .86rem; }
.role-card details.more { margin-top: 12px; }
.slots { margin: 8px 0 0; padding-left: 1.8em; list-style: decimal; }
.slots li + li { margin-top: 8px; }
.slots li::marker { color: var(--faint); font-weight: 700; }
.row-actions { text-align: right; white-space: nowrap; font-weight: 650; }
.hours-set { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; margin: 4px 0 0 30px; }
.hours-set > label { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; }
.console .hours-set input[type="time"] { font: inherit; color: var(--text); background: var(--surface); border: 1px solid var(--border-strong); border-radius: 8px; padding: 6px 8px; min-height: 40px; }
.day-boxes { display: grid; grid-template-columns: repeat(7, 38px); gap: 0 4px; flex-basis: 100%; }
.day { display: flex; flex-direction: column; align-items: center; gap: 2px; min-height: 44px; font-size: .82rem; font-weight: 600; cursor: pointer; }
.day input { width: 18px; height: 18px; accent-color: var(--brand, #1f6feb); }
.confirm { max-width: 640px; }
.sev-list > .sev-item + .sev-item { margin-top: 16px; }
.sev-item .block-head h2 { display: flex; align-items: center; gap: 10px; }
.sev-item > p { color: var(--muted); }
.sev-form .card-pad + .card-pad { margin-top: 18px; }
.matrix th, .matrix td { text-align: center; vertical-align: middle; }
.matrix th[scope="row"], .matrix thead th:first-child { text-align: left; }
.matrix td input { width: 20px; height: 20px; accent-color: var(--brand, #1f6feb); }
.matrix td.na { color: var(--faint); }
.aud-rows { display: grid; gap: 8px; }
.aud-row { border: 1px solid var(--border); border-radius: 10px; padding: 4px 12px 8px; }
.aud-row > .ccheck { font-weight: 700; }
.aud-opts { display: flex; flex-wrap: wrap; gap: 0 16px; margin-left: 30px; }
.aud-opts .ccheck { font-weight: 500; margin-top: 0; min-height: 36px; }
/* email and phone inputs look like the other text inputs */
.console input[type="email"], .console input[type="tel"] { display: block; width: 100%; font: inherit; color: var(--text); background: var(--surface); border: 1px solid var(--border-strong); border-radius: 8px; padding: 10px 12px; min-height: 46px; }
.console input[type="email"]:focus, .console input[type="tel"]:focus { outline: 3px solid color-mix(in srgb, var(--brand, #1f6feb) 35%, transparent); border-color: var(--brand, #1f6feb); }
.cfield.has-error input[type="email"] { border-color: var(--major); border-width: 2px; }
.matrix tbody th { text-transform: none; letter-spacing: normal; font-size: .95rem; font-weight: 650; color: var(--text); }
.matrix tbody th small { font-weight: 400; }
.matrix thead th { font-size: .72rem; }
.role-checks { grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); }
.handover-list { list-style: none; padding: 0; margin: 0; }
.handover-item { padding: 12px 0; border-top: 1px solid var(--border); display: grid; gap: 6px; }
.handover-item:first-child { border-top: 0; }
.handover-meta { color: var(--muted); font-size: .85rem; }
.handover-note { margin: 0; padding: 8px 12px; border-left: 3px solid var(--border-strong, var(--border)); background: var(--surface-2, transparent); white-space: pre-wrap; overflow-wrap: anywhere; }
.handover-brief { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 12px 0 16px; }
.handover-brief dt { font-weight: 650; }
.handover-brief dd { margin: 0; }
.handover-brief ul { margin: 4px 0 0; padding-left: 18px; }
.cform textarea#f-note { width: 100%; }
`;
