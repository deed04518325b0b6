/** Read queries for approval requests. */
import type { Selectable } from 'kysely';
import type { Db } from '../db.js';
import type { ApprovalTable } from '../schema.js';

export type Approval = Omit<Selectable<ApprovalTable>, 'request'> & {
  incident_name: string | null;
  /** what publishes on approval: the draft's first post, or an update */
  request: unknown;
};

/** `open` is pending or escalated: still waiting for a decision. */
export type ApprovalFilter = 'open' | 'all' | string;

export async function listApprovals(db: Db, state: ApprovalFilter = 'open'): Promise<Approval[]> {
  let q = db
    .selectFrom('approvals as a')
    .leftJoin('incidents as i', 'i.id', 'a.incident_id')
    .selectAll('a')
    .select('i.name as incident_name');
  if (state === 'open') q = q.where('a.state', 'in', ['pending', 'escalated']);
  else if (state !== 'all') q = q.where('a.state', '=', state);
  const rows = await q.orderBy('a.requested_at', 'desc').orderBy('a.id').limit(500).execute();
  return rows.map((r) => ({ ...r, request: JSON.parse(r.request) }));
}

export async function getApproval(db: Db, id: string): Promise<Approval | undefined> {
  const r = await db
    .selectFrom('approvals as a')
    .leftJoin('incidents as i', 'i.id', 'a.incident_id')
    .selectAll('a')
    .select('i.name as incident_name')
    .where('a.id', '=', id)
    .executeTakeFirst();
  return r ? { ...r, request: JSON.parse(r.request) } : undefined;
}
