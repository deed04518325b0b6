/**
 * Enquiries (issue #11): what customers say back. The pure rules: who sent it, which incident
 * it is about, the anger and churn flags, when to escalate, when the volume spikes (the 5-minute
 * buckets and the top themes are in enquiryStats.ts). The sentiment score itself comes from a library (lib/sentiment.ts).
 */

import { joinList } from './listText.js';

export const ENQUIRY_CHANNELS = [
  'email',
  'phone',
  'sms',
  'helpdesk',
  'social',
  'chat',
  'web',
  'other',
] as const;
export type EnquiryChannel = (typeof ENQUIRY_CHANNELS)[number];

export const ENQUIRY_STATUSES = ['new', 'answered', 'escalated', 'closed'] as const;
export type EnquiryStatus = (typeof ENQUIRY_STATUSES)[number];

/** The longest enquiry text and reply the intake and the inbox take. */
export const ENQUIRY_TEXT_MAX = 20_000;
export const ENQUIRY_REPLY_MAX = 10_000;

export const ENQUIRY_FLAGS = ['anger', 'churn'] as const;
export type EnquiryFlag = (typeof ENQUIRY_FLAGS)[number];

/** The plan's defaults for enquiries (issue #11 part 4). */
export const ENQUIRY_RULES = {
  /** a spike: more than this many times the previous hour's rate … */
  spikeFactor: 3,
  /** … over this many minutes */
  spikeWindowMinutes: 5,
  baselineMinutes: 60,
  /** fewer enquiries than this in the window is never a spike */
  spikeMinimum: 5,
  /** this many negative enquiries in a row on one incident prompt an update */
  negativeRun: 5,
  /** a comparative AFINN score below this is negative */
  negativeBelow: -0.05,
  /** a prompt of one kind is sent at most once per incident in this many minutes */
  promptQuietMinutes: 60,
  escalateKeyAccounts: true,
  escalateNegativeCritical: true,
} as const;
type Widen<T> = T extends number ? number : T extends boolean ? boolean : T;
export type EnquiryRules = {
  -readonly [K in keyof typeof ENQUIRY_RULES]: Widen<(typeof ENQUIRY_RULES)[K]>;
};

/** The rules with the plan's settings (plan_settings rows, as text) over the defaults. */
export function enquiryRulesFrom(settings: Readonly<Record<string, string | null>>): EnquiryRules {
  const num = (key: string, fallback: number) => {
    const n = Number(settings[key]);
    return settings[key] != null && Number.isInteger(n) && n > 0 ? n : fallback;
  };
  const flag = (key: string, fallback: boolean) =>
    settings[key] == null ? fallback : settings[key] === 'true';
  return {
    ...ENQUIRY_RULES,
    spikeFactor: num('enquiry_spike_factor', ENQUIRY_RULES.spikeFactor),
    spikeWindowMinutes: num('enquiry_spike_minutes', ENQUIRY_RULES.spikeWindowMinutes),
    negativeRun: num('enquiry_negative_run', ENQUIRY_RULES.negativeRun),
    escalateKeyAccounts: flag('enquiry_escalate_key_accounts', ENQUIRY_RULES.escalateKeyAccounts),
    escalateNegativeCritical: flag(
      'enquiry_escalate_negative_critical',
      ENQUIRY_RULES.escalateNegativeCritical,
    ),
  };
}

export const ANGER_WORDS = [
  'angry',
  'furious',
  'livid',
  'outraged',
  'unacceptable',
  'ridiculous',
  'disgrace',
  'disgraceful',
  'disgusting',
  'pathetic',
  'useless',
  'incompetent',
  'appalling',
  'fuming',
  'worst',
  'shambles',
];

export const CHURN_WORDS = [
  'cancel',
  'cancelling',
  'canceling',
  'cancellation',
  'terminate',
  'termination',
  'refund',
  'competitor',
  'competitors',
  'switching',
  'lawyer',
  'lawyers',
  'lawsuit',
];
export const CHURN_PHRASES = [
  'switch to',
  'moving to',
  'move to another',
  'look for alternatives',
  'looking for alternatives',
  'sla credit',
  'end our contract',
  'not renew',
  "won't renew",
  'leave you',
  'leaving you',
];

/** Lower-case words of a text (letters, digits and apostrophes). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

/** Which of the anger and churn flags a text raises. */
export function enquiryFlags(text: string): EnquiryFlag[] {
  const w = new Set(words(text));
  const joined = ` ${words(text).join(' ')} `;
  const out: EnquiryFlag[] = [];
  if (ANGER_WORDS.some((x) => w.has(x))) out.push('anger');
  if (CHURN_WORDS.some((x) => w.has(x)) || CHURN_PHRASES.some((p) => joined.includes(` ${p} `)))
    out.push('churn');
  return out;
}

/** Negative: the score says so, or the customer is angry or talking of leaving. */
export function isNegative(
  comparative: number,
  flags: readonly string[],
  rules: Pick<EnquiryRules, 'negativeBelow'> = ENQUIRY_RULES,
): boolean {
  return comparative < rules.negativeBelow || flags.length > 0;
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export function sentimentLabel(comparative: number, flags: readonly string[] = []): SentimentLabel {
  if (isNegative(comparative, flags)) return 'negative';
  return comparative > 0.05 ? 'positive' : 'neutral';
}

export type EscalationReason = 'key_account' | 'negative_critical';

/** Why an enquiry goes to the account manager and the comms lead, or null. */
export function escalationReason(
  e: { keyAccount: boolean; criticality: string | null; negative: boolean },
  rules: Pick<EnquiryRules, 'escalateKeyAccounts' | 'escalateNegativeCritical'> = ENQUIRY_RULES,
): EscalationReason | null {
  if (rules.escalateKeyAccounts && e.keyAccount) return 'key_account';
  if (rules.escalateNegativeCritical && e.negative && e.criticality === 'critical')
    return 'negative_critical';
  return null;
}

/** More than `spikeFactor` times the previous hour's rate over the window, and not a trickle. */
export function isSpike(
  inWindow: number,
  inBaseline: number,
  rules: Pick<
    EnquiryRules,
    'spikeFactor' | 'spikeWindowMinutes' | 'baselineMinutes' | 'spikeMinimum'
  > = ENQUIRY_RULES,
): boolean {
  if (inWindow < rules.spikeMinimum) return false;
  const expected = (inBaseline / rules.baselineMinutes) * rules.spikeWindowMinutes;
  return inWindow > rules.spikeFactor * expected;
}

/** The newest `negativeRun` enquiries (newest first) are all negative. */
export function isNegativeRun(
  newestFirst: readonly boolean[],
  rules: Pick<EnquiryRules, 'negativeRun'> = ENQUIRY_RULES,
): boolean {
  return (
    newestFirst.length >= rules.negativeRun &&
    newestFirst.slice(0, rules.negativeRun).every(Boolean)
  );
}

/** Webmail domains say nothing about which customer wrote. */
export const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'orange.fr',
  'free.fr',
]);

export interface Sender {
  email: string | null;
  /** the email's domain when it can identify a company (not webmail) */
  domain: string | null;
  /** "+" and the digits, when the sender looks like a phone number */
  phone: string | null;
}

/** Reads "Name <a@b.com>", "a@b.com" or "+44 20 7946 0000". */
export function parseSender(from: string): Sender {
  const m = from.match(/<([^<>\s]+@[^<>\s]+)>/) ?? from.match(/([^\s<>"',;@]+@[^\s<>"',;@]+)/);
  if (m) {
    const email = m[1].toLowerCase();
    const domain = email.slice(email.lastIndexOf('@') + 1);
    return { email, domain: FREE_MAIL_DOMAINS.has(domain) ? null : domain, phone: null };
  }
  const digits = from.replace(/[\s().-]/g, '');
  if (/^\+?\d{6,16}$/.test(digits))
    return { email: null, domain: null, phone: digits.startsWith('+') ? digits : `+${digits}` };
  return { email: null, domain: null, phone: null };
}

export interface ActiveIncident {
  id: string;
  name: string;
  components: string[];
}

/** Common words, which say nothing about what an enquiry is about. */
export const STOP = new Set(
  'a an and are as at be but by can do for from has have hi hello i if in is it its me my no not of on or our please so that the their there this to us was we what when why will with you your yours thanks thank again any all just still now been am are were get got has had down issue issues problem problems working work service services'.split(
    ' ',
  ),
);

/**
 * Which active incident a text is about: the one whose component names (a whole name, 2 points)
 * and name words (1 point each, not common words) it mentions most; else the only one active;
 * else none.
 */
export function linkIncident(text: string, active: readonly ActiveIncident[]): string | null {
  if (active.length === 0) return null;
  const joined = ` ${words(text).join(' ')} `;
  const have = new Set(words(text));
  let best: { id: string; score: number } | null = null;
  for (const i of active) {
    let score = 0;
    for (const c of i.components) {
      const name = words(c).join(' ');
      if (name && joined.includes(` ${name} `)) score += 2;
    }
    for (const w of new Set(words(i.name)))
      if (w.length > 2 && !STOP.has(w) && have.has(w)) score += 1;
    if (score > 0 && (!best || score > best.score)) best = { id: i.id, score };
  }
  if (best) return best.id;
  return active.length === 1 ? active[0].id : null;
}

/** The draft update offered to the comms lead when customers pile in. */
export function draftUpdate(i: { name: string; components: string[]; themes: string[] }): string {
  const what = i.components.length ? joinList(i.components) : i.name;
  const asked = i.themes.length
    ? ` Customers are asking about ${i.themes.slice(0, 3).join(', ')}.`
    : '';
  return `We are aware that some customers are affected by problems with ${what} and we are working on it. We will post the next update as soon as we know more.${asked ? `\n\n(Internal note:${asked})` : ''}`;
}

/** Seconds from receipt to the first response, or null while unanswered. */
export function firstResponseSeconds(
  receivedAt: string,
  firstResponseAt: string | null,
): number | null {
  if (!firstResponseAt) return null;
  return Math.max(0, Math.round((Date.parse(firstResponseAt) - Date.parse(receivedAt)) / 1000));
}
