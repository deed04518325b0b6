/**
 * Masks for readers below write scope: subscriber and team addresses are personal data, and a
 * Slack or Teams webhook URL is a credential (anyone holding it can post). Read-scope tokens see
 * `j***@example.com`, `+44*******89` and `https://hooks.slack.com/…`.
 */
import type { PlanDocument } from './planDocument.js';

export function maskEmail(v: string): string {
  const at = v.lastIndexOf('@');
  if (at < 1) return '***';
  return `${v[0]}***${v.slice(at)}`;
}

export function maskPhone(v: string): string {
  const digits = v.replace(/[^\d+]/g, '');
  if (digits.length < 6) return '***';
  const head = digits.startsWith('+') ? digits.slice(0, 3) : digits.slice(0, 2);
  return `${head}${'*'.repeat(digits.length - head.length - 2)}${digits.slice(-2)}`;
}

/** A URL keeps its scheme and host only: the path and query hold the secret. */
export function maskUrl(v: string): string {
  try {
    const u = new URL(v);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '***';
  }
}

/** Masks an address by the channel it belongs to. */
export function maskAddress(channel: string | null, address: string | null): string | null {
  if (address === null) return null;
  if (channel === 'email' || (!channel && address.includes('@'))) return maskEmail(address);
  if (channel === 'sms') return maskPhone(address);
  return maskUrl(address);
}

/** A person (API shape or plan document) with email, phone, Slack and Teams masked. */
export function maskPerson<
  T extends {
    email?: string | null;
    phone?: string | null;
    slack?: string | null;
    teams?: string | null;
  },
>(p: T): T {
  return {
    ...p,
    ...(p.email ? { email: maskEmail(p.email) } : {}),
    ...(p.phone ? { phone: maskPhone(p.phone) } : {}),
    ...(p.slack ? { slack: maskUrl(p.slack) } : {}),
    ...(p.teams ? { teams: maskUrl(p.teams) } : {}),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function maskEmails(v: unknown): unknown {
  if (typeof v === 'string') return EMAIL.test(v) ? maskEmail(v) : v;
  if (Array.isArray(v)) return v.map(maskEmails);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskEmails(x)]));
  return v;
}

/**
 * The plan document for a read-scope reader: the team masked, and every reference to a person
 * by email (rotations, owners) masked too. Templates are left alone. It no longer imports.
 */
export function maskPlanDocument(doc: PlanDocument): PlanDocument {
  return {
    ...doc,
    settings: maskEmails(doc.settings) as PlanDocument['settings'],
    team: doc.team.map((p) => maskPerson(p)),
    roles: maskEmails(doc.roles) as PlanDocument['roles'],
    severities: maskEmails(doc.severities) as PlanDocument['severities'],
  };
}
