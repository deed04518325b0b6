/**
 * Account-manager outreach tasks: one per key account an incident touches, with the talking
 * points of the latest update and the account's contacts (read live from its subscribers).
 */
import type { OutreachOutcome } from '../../domain/audience.js';
import type { Db } from '../db.js';

export type OutreachStatus = 'open' | 'done' | 'escalated';

/** What the account manager says: the update it was refreshed from, its status and components. */
export interface TalkingPoints {
  update_id: string | null;
  status: string | null;
  body: string;
  components: { id: string; name: string; status: string }[];
  at: string;
}

export interface OutreachContact {
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
}

export interface OutreachTask {
  id: string;
  incident_id: string;
  account_id: string;
  account_name: string;
  audience_key: string;
  assignee_id: string | null;
  assignee_name: string | null;
  /** null: the account's own manager; else the plan role the task fell back to */
  assignee_role: string | null;
  status: OutreachStatus;
  due_at: string;
  created_at: string;
  escalated_at: string | null;
  completed_at: string | null;
  completed_by: string | null;
  outcome: OutreachOutcome | null;
  note: string | null;
  talking_points: TalkingPoints;
  contacts: OutreachContact[];
}

/** The task table's talking_points column, parsed (an old free-text value becomes its body). */
export function parseTalkingPoints(raw: string): TalkingPoints {
  try {
    const v = JSON.parse(raw) as TalkingPoints;
    if (v && typeof v === 'object' && typeof v.body === 'string') return v;
  } catch {
    // not JSON: free text
  }
  return { update_id: null, status: null, body: raw, components: [], at: '' };
}

/**
 * An account's contacts by person: a contact subscribed by email and by SMS is one entry with
 * both. Only email and SMS subscriptions give a way to call or write.
 */
async function contactsOf(db: Db, accountIds: string[]): Promise<Map<string, OutreachContact[]>> {
  const out = new Map<string, OutreachContact[]>();
  if (accountIds.length === 0) return out;
  const rows = await db
    .selectFrom('subscribers')
    .select(['account_id', 'channel', 'address', 'contact_email', 'contact_name', 'contact_role'])
    .where('account_id', 'in', accountIds)
    .where('channel', 'in', ['email', 'sms'])
    .orderBy('account_id')
    .orderBy('contact_name')
    .orderBy('id')
    .execute();
  const byKey = new Map<string, OutreachContact>();
  for (const r of rows) {
    const account = r.account_id as string;
    const name = r.contact_name ?? r.contact_email ?? r.address;
    const key = `${account}\u0000${name}\u0000${r.contact_role ?? ''}`;
    let c = byKey.get(key);
    if (!c) {
      c = { name, role: r.contact_role, email: null, phone: null };
      byKey.set(key, c);
      const list = out.get(account) ?? [];
      list.push(c);
      out.set(account, list);
    }
    if (r.channel === 'email') c.email ??= r.address;
    else c.phone ??= r.address;
    if (!c.email && r.contact_email) c.email = r.contact_email;
  }
  return out;
}

async function listTasks(db: Db, where: { incidentId?: string; id?: string }) {
  let q = db
    .selectFrom('outreach_tasks as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .leftJoin('people as p', 'p.id', 't.assignee_id')
    .selectAll('t')
    .select(['a.name as account_name', 'p.name as assignee_name']);
  if (where.incidentId) q = q.where('t.incident_id', '=', where.incidentId);
  if (where.id) q = q.where('t.id', '=', where.id);
  const rows = await q.orderBy('t.due_at').orderBy('a.name').orderBy('t.id').execute();
  const contacts = await contactsOf(db, [...new Set(rows.map((r) => r.account_id))]);
  return rows.map(
    (r): OutreachTask => ({
      id: r.id,
      incident_id: r.incident_id,
      account_id: r.account_id,
      account_name: r.account_name,
      audience_key: r.audience_key,
      assignee_id: r.assignee_id,
      assignee_name: r.assignee_name ?? null,
      assignee_role: r.assignee_role,
      status: r.status as OutreachStatus,
      due_at: r.due_at,
      created_at: r.created_at,
      escalated_at: r.escalated_at,
      completed_at: r.completed_at,
      completed_by: r.completed_by,
      outcome: r.outcome as OutreachOutcome | null,
      note: r.note,
      talking_points: parseTalkingPoints(r.talking_points),
      contacts: contacts.get(r.account_id) ?? [],
    }),
  );
}

/** An incident's outreach tasks, soonest due first, each with its account's contacts. */
export async function listOutreach(db: Db, incidentId: string): Promise<OutreachTask[]> {
  return listTasks(db, { incidentId });
}

export async function getOutreachTask(db: Db, id: string): Promise<OutreachTask | undefined> {
  return (await listTasks(db, { id }))[0];
}

/** The components an incident holds: what its audiences' `affected_only` is measured by. */
export async function incidentComponentIds(db: Db, incidentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('incident_components')
    .select('component_id')
    .where('incident_id', '=', incidentId)
    .execute();
  return rows.map((r) => r.component_id);
}
