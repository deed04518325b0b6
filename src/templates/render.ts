/**
 * Renders a template for one channel, locale and reader time zone. Times are written in the
 * reader's zone and language; Liquid keeps what teams write sandboxed.
 */
import { Liquid } from 'liquidjs';
import { DateTime } from 'luxon';
import { smsSegments } from '../domain/sms.js';
import type { Stage, TemplateChannel, TemplateDef } from '../domain/templates.js';
import { zoneAbbr } from '../lib/format.js';
import { LIBRARY } from './library/index.js';
import { SANDBOX } from './sandbox.js';

export interface Reader {
  locale: string;
  timeZone: string;
}

const engine = new Liquid({
  ...SANDBOX,
  strictFilters: true,
  cache: 500,
  jsTruthy: false,
  ownPropertyOnly: true,
});

function when(iso: unknown, reader: Reader | undefined, withDate: boolean): string {
  if (!iso) return '';
  const zone = reader?.timeZone || 'UTC';
  const dt = DateTime.fromISO(String(iso), { zone });
  if (!dt.isValid) return String(iso);
  // plain "en" reads times the international way (14:30), as en-GB does
  const wanted = !reader?.locale || reader.locale === 'en' ? 'en-GB' : reader.locale;
  const locale = knownLocale(wanted) ? wanted : 'en-GB';
  const local = dt.setLocale(locale);
  const abbr = zoneAbbr(dt);
  const time = local.toLocaleString(DateTime.TIME_SIMPLE);
  if (!withDate) return `${time} ${abbr}`.trim();
  return `${local.toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' })}, ${time} ${abbr}`.trim();
}

/** A time as the `local_time` filter writes it for this reader (what the linter looks for). */
export function localTime(iso: unknown, reader: Reader): string {
  return when(iso, reader, false);
}

/** Whether Intl can format in this locale (a malformed tag throws; an unknown one is unsupported). */
function knownLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}

engine.registerFilter(
  'local_time',
  function (this: { context: { getSync(p: string[]): unknown } }, v: unknown) {
    return when(v, this.context.getSync(['_reader']) as Reader | undefined, false);
  },
);
engine.registerFilter(
  'local_datetime',
  function (this: { context: { getSync(p: string[]): unknown } }, v: unknown) {
    return when(v, this.context.getSync(['_reader']) as Reader | undefined, true);
  },
);

export type Vars = Record<string, string | boolean | number | null | undefined>;

/** The definition of a template in a locale, falling back to English, then to the built-ins. */
export function builtinTemplate(key: string, locale = 'en'): TemplateDef | undefined {
  const lang = locale.slice(0, 2).toLowerCase();
  return LIBRARY[lang]?.find((t) => t.key === key) ?? LIBRARY.en.find((t) => t.key === key);
}

export function sourceFor(def: TemplateDef, channel: TemplateChannel): string {
  switch (channel) {
    case 'page':
      return def.page;
    case 'email_subject':
      return def.email_subject ?? '[{{ page_name }}] {{ incident_name }}: {{ stage_label }}';
    case 'email':
      return def.email ?? def.page;
    case 'slack':
      return def.slack ?? def.page;
    case 'teams':
      return def.teams ?? def.page;
    case 'sms':
      return def.sms;
    case 'social':
      return def.social;
  }
}

const STAGE_LABEL: Record<Stage, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  interim: 'Update',
  resolved: 'Resolved',
  false_alarm: 'False alarm',
  maintenance_scheduled: 'Maintenance scheduled',
  maintenance_started: 'Maintenance in progress',
  maintenance_completed: 'Maintenance completed',
  postmortem_published: 'Postmortem',
};

export function renderTemplate(
  def: TemplateDef,
  channel: TemplateChannel,
  vars: Vars,
  reader: Reader,
): string {
  const out = engine.parseAndRenderSync(sourceFor(def, channel), {
    stage_label: STAGE_LABEL[def.stage],
    ...vars,
    _reader: reader,
  });
  const tidy = out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return channel === 'sms' || channel === 'social' || channel === 'email_subject'
    ? tidy.replace(/\s+/g, ' ')
    : tidy;
}

/** Variables a template uses (for the linter's "unresolved variables" rule). */
export function variablesUsed(def: TemplateDef, channel: TemplateChannel): string[] {
  return engine
    .globalVariablesSync(sourceFor(def, channel))
    .filter((v) => !v.startsWith('_') && v !== 'stage_label');
}

export function smsInfo(text: string) {
  return smsSegments(text);
}
