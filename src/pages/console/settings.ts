/**
 * The Settings screen: how the status page introduces itself (name, description, public URL),
 * where readers get help, its look (logo, brand colour with a preview of the header and a
 * contrast check), its time zone and its languages. One plain form; admins only.
 */
import { PAGE_LOCALES } from '../../domain/locale.js';
import { contrast, type Html, html, raw, safeColor, textOn } from '../../lib/html.js';
import type { Page } from '../../store/queries/models.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  fieldError,
  LOCALE_NAMES,
  otherErrors,
  textField,
  type Values,
} from './parts.js';

export const SETTINGS_FIELDS = [
  'name',
  'description',
  'url',
  'support_url',
  'support_email',
  'logo_url',
  'brand_color',
  'time_zone',
  'languages',
  'main_language',
];

/** The field names as the form's labels say them, for the plain error messages. */
export const SETTINGS_LABELS: Record<string, string> = {
  name: 'Page name',
  description: 'Description',
  url: 'Public URL',
  support_url: 'Support page URL',
  support_email: 'Support email',
  logo_url: 'Logo URL',
  brand_color: 'Brand colour',
  time_zone: 'Time zone',
  languages: 'Languages',
  main_language: 'Main language',
};

export interface SettingsData {
  page: Page;
  values: Values;
  errors: Errors;
  csrf: string;
  canEdit: boolean;
}

/** The form's values for the saved page. */
export function settingsValues(page: Page): Values {
  const langs = page.languages.split(',').filter(Boolean);
  return {
    name: page.name,
    description: page.description,
    url: page.url,
    support_url: page.support_url ?? '',
    support_email: page.support_email ?? '',
    logo_url: page.logo_url ?? '',
    brand_color: page.brand_color,
    time_zone: page.time_zone,
    languages: langs.join(','),
    main_language: langs[0] ?? 'en',
  };
}

let zones: string[] | null = null;
function timeZones(): string[] {
  zones ??= ['Etc/UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

const ratio = (n: number) => `${(Math.floor(n * 10) / 10).toFixed(1)}:1`;

/** What white text on the brand colour reads like, against WCAG AA's 4.5:1. */
export function contrastNote(hex: string): string {
  const c = contrast(hex, '#ffffff');
  return c >= 4.5
    ? `White text on this colour reads well: contrast ${ratio(c)} (WCAG AA asks for 4.5:1).`
    : `White text on this colour is hard to read: contrast ${ratio(c)}, below the 4.5:1 WCAG AA asks for. The status page puts dark text on it instead; a darker colour keeps the usual white.`;
}

function zoneField(values: Values, errors: Errors): Html {
  const v = values.time_zone || 'Etc/UTC';
  const list = timeZones().includes(v) ? timeZones() : [v, ...timeZones()];
  const bad = errors.time_zone;
  return html`<div class="cfield${bad ? ' has-error' : ''}"><label class="clabel" for="f-time_zone">Time zone</label>
<p class="chint" id="time_zone-hint">Times on the status page, in messages and in this console are shown in this zone.</p>
<select id="f-time_zone" name="time_zone" aria-describedby="time_zone-hint${bad ? ' time_zone-error' : ''}" ${bad && html`aria-invalid="true"`}>${list.map((z) => html`<option value="${z}" ${z === v && 'selected'}>${z === 'Etc/UTC' ? 'UTC' : z.replace(/_/g, ' ')}</option>`)}</select>
${fieldError(errors, 'time_zone')}</div>`;
}

function languagesField(values: Values, errors: Errors): Html {
  const offered = (values.languages ?? '').split(',');
  const main = values.main_language || 'en';
  const bad = errors.languages || errors.main_language;
  return html`<fieldset class="cfield${bad ? ' has-error' : ''}" id="f-languages" aria-describedby="languages-hint"><legend class="clabel">Languages</legend>
<p class="chint" id="languages-hint">The status page speaks each ticked language to readers whose browser asks for it.</p>
<div class="lang-boxes">${PAGE_LOCALES.map((l) => html`<label class="ccheck"><input type="checkbox" name="languages" value="${l}" ${offered.includes(l) && 'checked'}> ${LOCALE_NAMES[l] ?? l}</label>`)}</div>
${fieldError(errors, 'languages')}
</fieldset>
<div class="cfield${errors.main_language ? ' has-error' : ''}"><label class="clabel" for="f-main_language">Main language</label>
<p class="chint" id="main_language-hint">For readers whose browser asks for none of them. It is always offered.</p>
<select id="f-main_language" name="main_language" aria-describedby="main_language-hint">${PAGE_LOCALES.map((l) => html`<option value="${l}" ${l === main && 'selected'}>${LOCALE_NAMES[l] ?? l}</option>`)}</select>
${fieldError(errors, 'main_language')}</div>`;
}

/** The colour as a picker and as hex text, with the header it makes and a contrast check. */
function colourField(d: SettingsData): Html {
  const { values, errors } = d;
  const shown = safeColor(values.brand_color, safeColor(d.page.brand_color));
  const bad = errors.brand_color;
  const by = `brand_color-hint${bad ? ' brand_color-error' : ''}`;
  const name = values.name?.trim() || d.page.name;
  const initial = [...name][0]?.toUpperCase() ?? '';
  // a validated #rrggbb colour, so safe in CSS; the page's CSP lists this block's hash
  const style = raw(`<style>.brand-preview{--pv:${shown};--pv-on:${textOn(shown)}}</style>`);
  return html`<div class="cfield${bad ? ' has-error' : ''}" data-colour>
<label class="clabel" for="f-brand_color">Brand colour</label>
<p class="chint" id="brand_color-hint">A hex colour such as #1f6feb: the bar at the top of the page, the badge and the buttons.</p>
<div class="colour-row">
<input type="color" name="brand_color_pick" value="${shown}" aria-label="Pick the brand colour">
<input type="hidden" name="brand_color_was" value="${d.page.brand_color}">
<input id="f-brand_color" name="brand_color" type="text" value="${values.brand_color ?? ''}" maxlength="7" spellcheck="false" autocomplete="off" class="hex" aria-describedby="${by}" ${bad && html`aria-invalid="true"`}>
</div>
${fieldError(errors, 'brand_color')}
${style}
<div class="brand-preview" aria-hidden="true">
<div class="bp-bar"></div>
<div class="bp-row"><span class="bp-mark">${initial}</span><span class="bp-name" data-preview-name>${name}</span><span class="bp-button">Subscribe</span></div>
</div>
<p class="chint contrast-note" id="brand-contrast" aria-live="polite">${contrastNote(shown)}</p>
</div>`;
}

function readOnly(page: Page): Html {
  const row = (k: string, v: string | null) =>
    html`<div><dt>${k}</dt><dd>${v || html`<span class="chint">Not set</span>`}</dd></div>`;
  const langs = page.languages
    .split(',')
    .map((l) => LOCALE_NAMES[l] ?? l)
    .join(', ');
  return html`<p class="approval-note">You are signed in with a token that can post incidents but not change the page's settings. To change them, sign in with an admin token.</p>
<section class="card-pad"><dl class="settings-dl">
${row('Page name', page.name)}${row('Public URL', page.url)}${row('Support', [page.support_url, page.support_email].filter(Boolean).join(' · '))}
${row('Brand colour', page.brand_color)}${row('Time zone', page.time_zone)}${row('Languages', langs)}
</dl></section>`;
}

export function settingsBody(d: SettingsData): Html {
  const head = html`<div class="page-title"><h1>Settings</h1><p class="chint">How your status page introduces itself: its name and address, where readers get help, its look, its time zone and its languages. Changes show on the status page as soon as you save.</p></div>`;
  if (!d.canEdit) return html`${head}${readOnly(d.page)}`;
  const { values, errors } = d;
  const o = { values, errors };
  return html`${head}
${errorSummary(errors, { fields: SETTINGS_FIELDS, lead: 'Nothing was saved.' })}
${otherErrors(errors, SETTINGS_FIELDS)}
<form class="cform settings-form" method="post" action="/console/settings" novalidate>
${csrfField(d.csrf)}
<div class="settings-grid">
<div class="settings-col">
<section class="card-pad" aria-labelledby="s-page">
<h2 class="csection-title" id="s-page">The status page</h2>
${textField({ ...o, name: 'name', label: 'Page name', help: 'Shown at the top of the page and in every message.', required: true, maxlength: 200, placeholder: 'e.g. Acme status' })}
${textField({ ...o, name: 'description', label: 'Description (optional)', help: 'A sentence under the name, for search engines and link previews.', multiline: true, maxlength: 2000 })}
${textField({ ...o, name: 'url', label: 'Public URL', help: 'The address readers open, e.g. https://status.example.com. Links in emails and feeds start with it.', type: 'url', required: true, maxlength: 2000 })}
</section>
<section class="card-pad" aria-labelledby="s-look">
<h2 class="csection-title" id="s-look">Look</h2>
${textField({ ...o, name: 'logo_url', label: 'Logo URL (optional)', help: 'An image about 36 px high, at an https address. Without one the page shows its name with its initial.', type: 'url', maxlength: 2000, placeholder: 'https://example.com/logo.svg' })}
${colourField(d)}
</section>
</div>
<div class="settings-col">
<section class="card-pad" aria-labelledby="s-contact">
<h2 class="csection-title" id="s-contact">Support contact</h2>
<p class="chint">Shown at the foot of the status page as “Need help?”. Give a page, an address, or both.</p>
${textField({ ...o, name: 'support_url', label: 'Support page URL (optional)', type: 'url', maxlength: 2000, placeholder: 'https://example.com/support' })}
${textField({ ...o, name: 'support_email', label: 'Support email (optional)', type: 'email', maxlength: 254, placeholder: 'support@example.com' })}
</section>
<section class="card-pad" aria-labelledby="s-time">
<h2 class="csection-title" id="s-time">Time zone and languages</h2>
${zoneField(values, errors)}
${languagesField(values, errors)}
</section>
</div>
</div>
<div class="action-bar action-bar-static"><button class="cbutton cbutton-primary" type="submit">Save settings</button><span class="spacer"></span><a class="cbutton cbutton-quiet" href="/" target="_blank" rel="noopener">See the status page<span class="sr-only"> (opens in a new tab)</span> ↗</a></div>
</form>`;
}
