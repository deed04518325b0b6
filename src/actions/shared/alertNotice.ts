/**
 * Tells the comms lead (the incident's comms_lead, else the plan's on-call comms lead) of a
 * draft an alert opened, or of a resolution its alerts propose, on internal channels, with a
 * signed one-click link to review and publish (lib/signing.ts, as the acknowledge links).
 */
import { sign, verifySignature } from '../../lib/signing.js';
import type { Db } from '../../store/db.js';
import { getPage } from '../../store/queries/page.js';
import { roleHolder } from '../../store/writes/outreach.js';
import { notifyPeople } from './team.js';

export const REVIEW_PURPOSE = 'alert-review';

/** The signed link to the review page of an incident an alert opened, for one person. */
export function reviewLink(key: Buffer, base: string, incidentId: string, personId: string) {
  const sig = sign(key, REVIEW_PURPOSE, `${incidentId}:${personId}`);
  return `${base.replace(/\/+$/, '')}/alerts/review/${encodeURIComponent(incidentId)}/${encodeURIComponent(personId)}?sig=${sig}`;
}

export function reviewSignatureHolds(
  key: Buffer,
  incidentId: string,
  personId: string,
  sig: unknown,
): boolean {
  return verifySignature(key, REVIEW_PURPOSE, `${incidentId}:${personId}`, sig);
}

export async function tellCommsLead(
  db: Db,
  o: {
    key: Buffer;
    fallbackUrl?: string;
    incidentId: string;
    at: string;
    subject: string;
    text: string;
    label: string;
  },
): Promise<string | null> {
  const lead = await roleHolder(db, o.incidentId, 'comms_lead', o.at);
  if (!lead) return null;
  const base = (await getPage(db))?.url || o.fallbackUrl || '';
  await notifyPeople(
    db,
    [lead.id],
    {
      subject: o.subject,
      text: o.text,
      action_url: reviewLink(o.key, base, o.incidentId, lead.id),
      action_label: o.label,
    },
    o.at,
    o.incidentId,
  );
  return lead.id;
}
