/**
 * The seed's five elements, checked in the text each reader actually gets (one channel at a
 * time, after rendering): what is wrong, that it is being worked on, when the next update
 * comes, how to get help, and the estimate when one was given. Pure: text in, findings out.
 */

export type ElementRule =
  | 'no_issue'
  | 'not_worked_on'
  | 'no_next_update_time'
  | 'no_help_route'
  | 'estimate_not_shown';

export interface ElementFinding {
  rule: ElementRule;
  severity: 'error' | 'warning';
  message: string;
  channel: string;
}

export interface ChannelText {
  channel: string;
  /** what the reader gets on this channel, rendered */
  text: string;
  /** the reader's language, e.g. "fr" or "de-AT" */
  locale: string;
  /** values as the reader sees them; a blank one is not looked for (without a time, the
   * words "next update" are) */
  vars: {
    issue?: string;
    /** the next update time formatted for this reader, e.g. "14:30 CET" */
    next_update_at?: string;
    contact?: string;
    status_url?: string;
    estimate?: string;
  };
}

/** Word starts that say someone is on it, per language (English is always accepted too:
 * a variant missing in the reader's language falls back to the English text). */
export const WORKING_WORDS: Record<string, string[]> = {
  en: [
    'work',
    'investigat',
    'looking into',
    'on it',
    'fix',
    'monitor',
    'restor',
    'roll back',
    'rolling back',
    'mitigat',
    'repair',
    'recover',
    'engineers are',
    'team is',
  ],
  fr: [
    'travail',
    'enquêt',
    'analys',
    'corrig',
    'correctif',
    'surveill',
    'mobilis',
    'répar',
    'rétabl',
    'examin',
  ],
  de: [
    'arbeit',
    'untersuch',
    'beheb',
    'behoben',
    'fix',
    'beobacht',
    'analys',
    'dran',
    'kümmer',
    'wiederherstell',
  ],
};

/** Words that announce the next update, used when no time was given to look for. */
export const NEXT_UPDATE_WORDS: Record<string, string[]> = {
  en: ['next update'],
  fr: ['prochaine mise à jour', 'prochaine info'],
  de: ['nächste update', 'nächstes update', 'nächste aktualisierung'],
};

/** Channels too short for a contact line: the status link is their help route. */
const LINK_IS_HELP = new Set(['sms', 'social']);

const blank = (v: string | undefined): v is undefined => v === undefined || v.trim() === '';
const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

function words(table: Record<string, string[]>, locale: string): string[] {
  const lang = locale.slice(0, 2).toLowerCase();
  return [...new Set([...(table[lang] ?? []), ...table.en])];
}

/** A word start: no letter just before it (\b knows no accented letters). */
function hasWordStart(text: string, stems: string[]): boolean {
  const t = norm(text);
  return stems.some((s) => {
    let at = t.indexOf(s);
    while (at >= 0) {
      if (at === 0 || !/\p{L}/u.test(t[at - 1])) return true;
      at = t.indexOf(s, at + 1);
    }
    return false;
  });
}

const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>()]+/gi;

function hasHelpRoute(c: ChannelText): boolean {
  const t = norm(c.text);
  if (!blank(c.vars.contact) && t.includes(norm(c.vars.contact))) return true;
  if (EMAIL.test(c.text)) return true;
  const status = blank(c.vars.status_url) ? undefined : c.vars.status_url.replace(/\/+$/, '');
  for (const m of c.text.matchAll(URL)) {
    const url = m[0].replace(/[.,;:!?)]+$/, '').replace(/\/+$/, '');
    if (LINK_IS_HELP.has(c.channel) || !status || !url.startsWith(status)) return true;
  }
  return false;
}

/** Findings for one channel of a stage that needs the five elements (not a resolution). */
export function elementFindings(c: ChannelText): ElementFinding[] {
  const out: ElementFinding[] = [];
  const add = (rule: ElementRule, severity: ElementFinding['severity'], what: string) =>
    out.push({ rule, severity, channel: c.channel, message: `${c.channel}: ${what}` });
  const text = norm(c.text);
  const v = c.vars;
  if (!blank(v.issue) && !text.includes(norm(v.issue)))
    add(
      'no_issue',
      'warning',
      `does not say what is wrong (“${v.issue.trim()}” does not appear). Name the problem so readers know whether it touches them.`,
    );
  if (!hasWordStart(c.text, words(WORKING_WORDS, c.locale)))
    add(
      'not_worked_on',
      'warning',
      'does not say it is being worked on. Say that the team is on it (e.g. “we are investigating”, “a fix is in progress”).',
    );
  const next = blank(v.next_update_at)
    ? hasWordStart(c.text, words(NEXT_UPDATE_WORDS, c.locale))
    : text.includes(norm(v.next_update_at));
  if (!next)
    add(
      'no_next_update_time',
      'error',
      blank(v.next_update_at)
        ? 'no next update time. Say when the next update comes.'
        : `no next update time (${v.next_update_at.trim()} does not appear). Readers were promised one: show it with {{ next_update_at | local_time }}.`,
    );
  if (!hasHelpRoute(c))
    add(
      'no_help_route',
      'warning',
      LINK_IS_HELP.has(c.channel)
        ? 'gives no way to get help: add the contact or the link ({{ status_url }}).'
        : 'gives no way to get help: add the contact ({{ contact }}), an email address or a help link.',
    );
  if (!blank(v.estimate) && !text.includes(norm(v.estimate)))
    add(
      'estimate_not_shown',
      'warning',
      `does not show the estimate (${v.estimate.trim()}). Say it in every channel, or remove it from all of them.`,
    );
  return out;
}
