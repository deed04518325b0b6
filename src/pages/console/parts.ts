/** Small pieces every console screen uses: form fields with inline errors, badges, countdowns. */
import { inZone, zoneAbbr } from '../../lib/format.js';
import { type Html, html } from '../../lib/html.js';
import { newId } from '../../lib/ids.js';

export const LOCALE_NAMES: Record<string, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
};

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

/**
 * A one-time token for a form that creates something (declare, post an update, resolve): a
 * second submit of the same form (Back, reload) leads to the first one's result.
 */
export function onceField(): Html {
  return html`<input type="hidden" name="_once" value="${newId()}">`;
}

const MIN = 60_000;

/** "4 min", "1 h 20 min", "2 d 3 h" */
export function duration(ms: number): string {
  const m = Math.max(0, Math.round(ms / MIN));
  if (m < 1) return 'under a minute';
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** The next-update promise as a countdown, computed here; the console script keeps it ticking. */
export function dueBadge(nextUpdateAt: string | null, now: Date): Html {
  if (!nextUpdateAt) return html`<span class="due due-none">No update promised</span>`;
  const left = Date.parse(nextUpdateAt) - now.getTime();
  const overdue = left <= 0;
  const soon = !overdue && left <= 5 * MIN;
  const text = overdue
    ? `OVERDUE by ${duration(-left)}`
    : `Next update due in ${duration(Math.max(left, MIN))}`;
  return html`<span class="due${overdue ? ' is-overdue' : soon ? ' is-soon' : ''}" data-due="${nextUpdateAt}" role="timer" aria-live="off">${text}</span>`;
}

export function severityBadge(severity: string | null): Html | null {
  if (!severity) return null;
  const n = /(\d+)$/.exec(severity)?.[1];
  const level = n === '1' ? 'sev-1' : n === '2' ? 'sev-2' : 'sev-3';
  return html`<span class="sev ${level}">${severity}</span>`;
}

export function pill(text: string, tone: 'ok' | 'warn' | 'bad' | 'info' | 'plain' = 'plain'): Html {
  return html`<span class="tag tag-${tone}">${text}</span>`;
}

export function fieldError(errors: Errors, name: string, id = name): Html | null {
  const e = errors[name];
  return e ? html`<p class="field-error" id="${id}-error">${e}</p>` : null;
}

interface FieldOptions {
  name: string;
  label: string;
  help?: string;
  errors: Errors;
  control: Html;
  className?: string;
  /** makes ids unique when two forms on one page share field names */
  idPrefix?: string;
}

/** A labelled control with its help text and, when there is one, its error right under it. */
export function field(o: FieldOptions): Html {
  const bad = Boolean(o.errors[o.name]);
  const id = (o.idPrefix ?? '') + o.name;
  return html`<div class="cfield${bad ? ' has-error' : ''}${o.className ? ` ${o.className}` : ''}">
<label class="clabel" for="f-${id}">${o.label}</label>
${o.help && html`<p class="chint" id="${id}-hint">${o.help}</p>`}
${o.control}
${fieldError(o.errors, o.name, id)}
</div>`;
}

function describedBy(o: {
  name: string;
  errors: Errors;
  help?: string;
  idPrefix?: string;
}): string {
  const id = (o.idPrefix ?? '') + o.name;
  return [o.help ? `${id}-hint` : '', o.errors[o.name] ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
}

export function textField(
  o: Omit<FieldOptions, 'control'> & {
    values: Values;
    required?: boolean;
    placeholder?: string;
    type?: string;
    multiline?: boolean;
    /** the server's limit, so the browser stops at the same length */
    maxlength?: number;
    autofocus?: boolean;
  },
): Html {
  const v = o.values[o.name] ?? '';
  const max = html`${o.maxlength ? html`maxlength="${String(o.maxlength)}"` : ''}${o.autofocus ? ' autofocus' : ''}`;
  const by = describedBy(o);
  const id = (o.idPrefix ?? '') + o.name;
  const invalid = o.errors[o.name] ? 'true' : null;
  const control = o.multiline
    ? html`<textarea id="f-${id}" name="${o.name}" rows="3" ${max} ${o.required ? 'required' : ''} placeholder="${o.placeholder ?? ''}" ${by ? html`aria-describedby="${by}"` : ''} ${invalid && html`aria-invalid="true"`}>${v}</textarea>`
    : html`<input id="f-${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${v}" ${max} ${o.required ? 'required' : ''} placeholder="${o.placeholder ?? ''}" ${by ? html`aria-describedby="${by}"` : ''} ${invalid && html`aria-invalid="true"`}>`;
  return field({ ...o, control });
}

export function selectField(
  o: Omit<FieldOptions, 'control'> & {
    values: Values;
    options: { value: string; label: string }[];
  },
): Html {
  const v = o.values[o.name] ?? '';
  const by = describedBy(o);
  const control = html`<select id="f-${(o.idPrefix ?? '') + o.name}" name="${o.name}" ${by ? html`aria-describedby="${by}"` : ''}>
${o.options.map((opt) => html`<option value="${opt.value}" ${opt.value === v ? 'selected' : ''}>${opt.label}</option>`)}
</select>`;
  return field({ ...o, control });
}

/** Errors that belong to no field on the form, shown once at the top. */
export function otherErrors(errors: Errors, known: string[]): Html | null {
  const rest = Object.entries(errors).filter(([k]) => !known.includes(k));
  if (rest.length === 0) return null;
  return html`<div class="form-alert" role="alert"><strong>Please fix this first:</strong><ul>${rest.map(([, m]) => html`<li>${m}</li>`)}</ul></div>`;
}

/** Fields shown as a group of choices: the summary links to their message, not to a control. */
const GROUPED = new Set(['components', 'visibility', 'audiences', 'estimate_confirmed', 'mode']);

/**
 * "Nothing was published", then each problem as a link to its field (`fields`: the ones this
 * form shows; `idPrefix`: as given to the fields). Problems of no field are left to otherErrors.
 */
export function errorSummary(
  errors: Errors,
  opts: {
    fields?: string[];
    idPrefix?: string;
    id?: string;
    ids?: Record<string, string>;
    /** what did not happen (default "Nothing was published.") */
    lead?: string;
  } = {},
): Html | null {
  const n = Object.keys(errors).length;
  if (n === 0) return null;
  const p = opts.idPrefix ?? '';
  const linked = opts.fields
    ? Object.entries(errors).filter(([k]) => opts.fields!.includes(k))
    : [];
  return html`<div class="form-alert" role="alert" tabindex="-1" id="${opts.id ?? 'form-errors'}">${opts.lead ?? 'Nothing was published.'} ${n === 1 ? 'One field needs' : `${n} fields need`} attention${linked.length ? ':' : ': see the messages in red below.'}${
    linked.length > 0 &&
    html`<ul class="error-links">${linked.map(
      ([k, m]) =>
        html`<li><a href="#${opts.ids?.[k] ?? (GROUPED.has(k) ? `${p}${k}-error` : `f-${p}${k}`)}">${m}</a></li>`,
    )}</ul>`
  }</div>`;
}

/**
 * "2 Dec, 14:30 GMT": every time on the console in one format, in the page's zone, with the
 * zone label the messages themselves use (lib/format's zoneAbbr), so a card never mixes
 * "GMT-5" in its header with "EST" in the update below it.
 */
export function when(iso: string, zone: string): Html {
  const dt = inZone(iso, zone);
  const text = dt.isValid ? `${dt.toFormat('d LLL, HH:mm')} ${zoneAbbr(dt)}` : iso;
  return html`<time datetime="${iso}">${text}</time>`;
}
