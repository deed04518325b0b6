/** Stylesheet, part 3: the subscribe form, the subscription pages and their notices. */

/** The checked radio's position picks its span in each .per-channel list (no channel named here). */
const PER_CHANNEL = Array.from(
  { length: 16 },
  (_, i) =>
    `  .subscribe-form:has(.segmented > input:nth-of-type(${i + 1}):checked) .per-channel > span:nth-child(${i + 1}) { display: inline; }`,
).join('\n');

export const FORMS_CSS = `
.narrow { max-width: 640px; margin: 0 auto; }
.form-card { padding: 28px; margin-top: 20px; }
.form-card.form > * + * { margin-top: 24px; }
.form fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
.form legend, .label { display: block; font-weight: 650; padding: 0; margin-bottom: 8px; }
.hint { color: var(--faint); font-size: .88rem; margin-top: 6px; }
.field input[type="email"], .field input[type="tel"], .field input[type="url"], .field input[type="text"], .field textarea {
  display: block; width: 100%; font: inherit; color: var(--text); background: var(--surface);
  border: 1px solid var(--border-strong); border-radius: 8px; padding: 10px 12px; min-height: 44px;
}
.field input::placeholder { color: var(--faint); opacity: .8; }
.field input:focus { outline: 3px solid color-mix(in srgb, var(--brand, #1f6feb) 35%, transparent); outline-offset: 0; border-color: var(--brand, #1f6feb); }
.field textarea { line-height: 1.45; resize: vertical; }
.handover-brief { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 12px 0 16px; text-align: left; }
#handover-form { text-align: left; }
.handover-brief dt { font-weight: 650; }
.handover-brief dd { margin: 0; }
.handover-brief ul { margin: 4px 0 0; padding-left: 18px; }
.handover-note { text-align: left; margin: 12px 0; padding: 8px 12px; border-left: 3px solid var(--border-strong); white-space: pre-wrap; overflow-wrap: anywhere; }
.field.has-error input, .field.has-error textarea { border-color: var(--major); }
.field-error { color: var(--major-text); font-size: .9rem; font-weight: 550; margin-top: 6px; }
.form-alert { padding: 12px 16px; border-radius: 10px; background: var(--major-tint); color: var(--major-text); font-weight: 550; }
.form-ok { padding: 12px 16px; border-radius: 10px; background: var(--op-tint); color: var(--op-text); font-weight: 550; }

.segmented { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 4px; padding: 4px; border-radius: 10px; background: var(--surface-2); border: 1px solid var(--border); }
.segmented input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.segmented label { display: flex; align-items: center; justify-content: center; gap: 6px; padding: 8px 6px; border-radius: 7px; font-weight: 550; font-size: .93rem; color: var(--muted); cursor: pointer; text-align: center; }
.segmented label:hover { color: var(--text); }
.segmented input:checked + label { background: var(--surface); color: var(--text); box-shadow: 0 1px 2px rgba(16, 24, 40, .12), 0 0 0 1px var(--border); }
.segmented input:focus-visible + label { outline: 3px solid var(--link); outline-offset: 1px; }
.segmented svg { width: 16px; height: 16px; flex: none; }
.per-channel > span { display: none; }
.per-channel > span.shown { display: inline; }
@supports selector(:has(*)) {
  .subscribe-form .field-phone, .subscribe-form .field-url, .subscribe-form .field-contact_email { display: none; }
  .subscribe-form:has(.addr-phone:checked) .field-email { display: none; }
  .subscribe-form:has(.addr-phone:checked) .field-phone { display: block; }
  .subscribe-form:has(.addr-url:checked) .field-email { display: none; }
  .subscribe-form:has(.addr-url:checked) .field-url,
  .subscribe-form:has(.addr-url:checked) .field-contact_email { display: block; }
  .per-channel > span.shown { display: none; }
${PER_CHANNEL}
}

.picker-hint { margin: -4px 0 10px; }
.picker-groups { border: 1px solid var(--border); border-radius: 10px; overflow: hidden; }
.picker-group + .picker-group { border-top: 1px solid var(--border); }
.picker-group-name { padding: 10px 14px; font-weight: 650; font-size: .9rem; background: var(--surface-2); color: var(--muted); text-transform: none; }
.checks { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 2px 12px; padding: 8px 10px; }
.check { display: flex; align-items: flex-start; gap: 10px; padding: 7px 6px; border-radius: 6px; cursor: pointer; }
.check:hover { background: var(--surface-2); }
.check input { width: 18px; height: 18px; margin: 2px 0 0; flex: none; accent-color: var(--brand, #1f6feb); }
.form-actions { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 16px; }
.form-actions .fine { color: var(--faint); font-size: .88rem; flex: 1 1 220px; }
button.button { border: 0; cursor: pointer; font: inherit; font-weight: 600; }
.button-lg { padding: 11px 22px; font-size: 1rem; }
.button-quiet { background: var(--surface); color: var(--text); border: 1px solid var(--border-strong) !important; box-shadow: none; }
.button-danger { background: var(--surface); color: var(--major-text); border: 1px solid color-mix(in srgb, var(--major) 45%, transparent) !important; box-shadow: none; }
.button-danger:hover { background: var(--major-tint); filter: none; }
.hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }

.who { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 10px 16px; }
.who-address { font-weight: 650; overflow-wrap: anywhere; }
.who-meta { color: var(--faint); font-size: .9rem; }
.pill { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: .8rem; font-weight: 650; background: var(--none-tint); color: var(--muted); }
.pill-active { background: var(--op-tint); color: var(--op-text); }
.pill-pending { background: var(--deg-tint); color: var(--deg-text); }
.pill-unsubscribed, .pill-undeliverable, .pill-disabled { background: var(--major-tint); color: var(--major-text); }
.leave { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 12px; padding: 20px 28px; margin-top: 16px; }
.leave p { color: var(--muted); font-size: .93rem; }

.notice { text-align: center; padding: 40px 32px; margin-top: 24px; }
.notice-icon { width: 56px; height: 56px; margin: 0 auto 16px; border-radius: 50%; display: grid; place-items: center; background: var(--maint-tint); color: var(--maint-text); }
.notice-icon svg { width: 28px; height: 28px; }
.tone-ok .notice-icon { background: var(--op-tint); color: var(--op-text); }
.tone-warn .notice-icon { background: var(--deg-tint); color: var(--deg-text); }
.tone-error .notice-icon { background: var(--major-tint); color: var(--major-text); }
.notice h1 { font-size: 1.5rem; letter-spacing: -.01em; }
.notice p { color: var(--muted); margin-top: 8px; }
.notice .notice-actions { margin-top: 24px; display: flex; flex-wrap: wrap; justify-content: center; gap: 12px; }
.notice form { display: inline; }
.secret { display: block; margin: 16px auto 0; max-width: 100%; padding: 12px 14px; border-radius: 8px; background: var(--surface-2); border: 1px dashed var(--border-strong); font: .92rem ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; user-select: all; color: var(--text); }
.notice .code-form { display: flex; justify-content: center; align-items: stretch; gap: 10px; margin-top: 20px; flex-wrap: wrap; }
.notice .field-error { color: var(--major-text); }
.code-form input { font: 600 1.4rem ui-monospace, SFMono-Regular, Menlo, monospace; letter-spacing: .3em; text-align: center; width: 9.5em; padding: 8px 10px; border: 1px solid var(--border-strong); border-radius: 8px; background: var(--surface); color: var(--text); }
@media (max-width: 600px) {
  .form-card { padding: 20px 16px; }
  .segmented { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .segmented label { padding: 8px 2px; gap: 4px; font-size: .86rem; }
  .segmented svg { width: 14px; height: 14px; }
  .leave { padding: 16px; }
  .notice { padding: 28px 18px; }
}
`;
