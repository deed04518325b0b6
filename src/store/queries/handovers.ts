/** Read queries for follow the sun: regions, an incident's handovers, and what a handover note starts from. */
import { HANDOVER_DEFAULTS } from '../../domain/handover.js';
import type { Db } from '../db.js';
import type { HandoverTable, RegionTable } from '../schema.js';

export type Region = Omit<RegionTable, 'position' | 'updated_at'>;

export async function listRegions(db: Db): Promise<Region[]> {
  return db
    .selectFrom('regions')
    .select(['key', 'name', 'time_zone', 'hours'])
    .orderBy('position')
    .orderBy('key')
    .execute();
}

export interface Handover {
  id: string;
  incident_id: string;
  role_key: string;
  role_name: string;
  from_person_id: string;
  from_name: string;
  to_person_id: string;
  to_name: string;
  note: string;
  state: 'pending' | 'accepted' | 'superseded';
  created_by: string;
  created_at: string;
  escalated_at: string | null;
  escalated_to: string[];
  accepted_by: string | null;
  accepted_at: string | null;
}

function handoverQuery(db: Db) {
  return db
    .selectFrom('handovers as h')
    .leftJoin('people as f', 'f.id', 'h.from_person_id')
    .leftJoin('people as t', 't.id', 'h.to_person_id')
    .leftJoin('roles as r', 'r.key', 'h.role_key')
    .selectAll('h')
    .select(['f.name as from_name', 't.name as to_name', 'r.name as role_name']);
}

type Row = HandoverTable & {
  from_name: string | null;
  to_name: string | null;
  role_name: string | null;
};

function toHandover(r: Row): Handover {
  return {
    id: r.id,
    incident_id: r.incident_id,
    role_key: r.role_key,
    role_name: r.role_name ?? r.role_key,
    from_person_id: r.from_person_id,
    from_name: r.from_name ?? r.from_person_id,
    to_person_id: r.to_person_id,
    to_name: r.to_name ?? r.to_person_id,
    note: r.note,
    state: r.state as Handover['state'],
    created_by: r.created_by,
    created_at: r.created_at,
    escalated_at: r.escalated_at,
    escalated_to: r.escalated_to ? (JSON.parse(r.escalated_to) as string[]) : [],
    accepted_by: r.accepted_by,
    accepted_at: r.accepted_at,
  };
}

/** An incident's handovers, oldest first. */
export async function listHandovers(db: Db, incidentId: string): Promise<Handover[]> {
  const rows = await handoverQuery(db)
    .where('h.incident_id', '=', incidentId)
    .orderBy('h.created_at')
    .orderBy('h.id')
    .execute();
  return rows.map(toHandover);
}

export async function getHandover(db: Db, id: string): Promise<Handover | undefined> {
  const r = await handoverQuery(db).where('h.id', '=', id).executeTakeFirst();
  return r ? toHandover(r) : undefined;
}

/** The plan's handover times: the prompt's lead before a shift ends, and the time to accept. */
export async function handoverSettings(
  db: Db,
): Promise<{ leadMinutes: number; ackMinutes: number }> {
  const rows = await db
    .selectFrom('plan_settings')
    .select(['key', 'value'])
    .where('key', 'in', ['handover_lead_minutes', 'handover_ack_minutes'])
    .execute();
  const get = (k: string, d: number) => {
    const v = Number(rows.find((r) => r.key === k)?.value);
    return Number.isInteger(v) && v >= 0 ? v : d;
  };
  return {
    leadMinutes: get('handover_lead_minutes', HANDOVER_DEFAULTS.leadMinutes),
    ackMinutes: get('handover_ack_minutes', HANDOVER_DEFAULTS.ackMinutes),
  };
}

/** What a handover note starts from: the incident's state and what is still open on it. */
export interface HandoverBrief {
  incident: { id: string; name: string; status: string; severity: string | null; impact: string };
  next_update_at: string | null;
  pending_approvals: { id: string; requested_by: string; expires_at: string }[];
  open_outreach: { id: string; account: string; due_at: string }[];
  open_enquiries: { id: string; sender: string; subject: string | null }[];
}

const LIST = 20;

export async function handoverBrief(
  db: Db,
  incidentId: string,
): Promise<HandoverBrief | undefined> {
  const i = await db
    .selectFrom('incidents')
    .select(['id', 'name', 'status', 'severity', 'impact', 'next_update_at'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (!i) return undefined;
  const [approvals, outreach, enquiries] = await Promise.all([
    db
      .selectFrom('approvals')
      .select(['id', 'requested_by', 'expires_at'])
      .where('incident_id', '=', incidentId)
      .where('state', 'in', ['pending', 'escalated'])
      .orderBy('requested_at')
      .limit(LIST)
      .execute(),
    db
      .selectFrom('outreach_tasks as o')
      .leftJoin('accounts as a', 'a.id', 'o.account_id')
      .select(['o.id', 'a.name as account', 'o.due_at'])
      .where('o.incident_id', '=', incidentId)
      .where('o.status', 'in', ['open', 'escalated'])
      .orderBy('o.due_at')
      .limit(LIST)
      .execute(),
    db
      .selectFrom('enquiries')
      .select(['id', 'sender', 'subject'])
      .where('incident_id', '=', incidentId)
      .where('status', 'in', ['new', 'escalated'])
      .orderBy('received_at')
      .limit(LIST)
      .execute(),
  ]);
  const { next_update_at, ...incident } = i;
  return {
    incident,
    next_update_at,
    pending_approvals: approvals,
    open_outreach: outreach.map((o) => ({
      id: o.id,
      account: o.account ?? o.id,
      due_at: o.due_at,
    })),
    open_enquiries: enquiries,
  };
}

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The brief as plain text lines, for the prompt notice and as the start of the note. */
export function briefText(b: HandoverBrief): string {
  const lines = [
    `State: ${b.incident.status}${b.incident.severity ? ` (${b.incident.severity})` : ''}, impact ${b.incident.impact}.`,
    `Next promised update: ${b.next_update_at ? utc(b.next_update_at) : 'none promised'}.`,
    `Pending approvals: ${b.pending_approvals.length}.`,
    `Open outreach tasks: ${b.open_outreach.length}${b.open_outreach.length ? ` (${b.open_outreach.map((o) => `${o.account}, due ${utc(o.due_at)}`).join('; ')})` : ''}.`,
    `Open enquiries: ${b.open_enquiries.length}${b.open_enquiries.length ? ` (${b.open_enquiries.map((e) => e.subject ?? e.sender).join('; ')})` : ''}.`,
  ];
  return lines.join('\n');
}
