/** The debrief's action items (issue #14), with their owner's and incident's names. */
import type { Db } from '../db.js';

export type DebriefActionStatus = 'open' | 'done';

export interface DebriefAction {
  id: string;
  incident_id: string;
  incident_name: string;
  text: string;
  owner_id: string;
  owner_name: string | null;
  due_at: string;
  status: DebriefActionStatus;
  done_at: string | null;
  done_by: string | null;
  note: string | null;
  suggestion_id: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

/** The most action items one list returns. */
export const ACTIONS_MAX = 1000;

function base(db: Db) {
  return db
    .selectFrom('debrief_actions as a')
    .innerJoin('incidents as i', 'i.id', 'a.incident_id')
    .leftJoin('people as p', 'p.id', 'a.owner_id')
    .select([
      'a.id',
      'a.incident_id',
      'i.name as incident_name',
      'a.text',
      'a.owner_id',
      'p.name as owner_name',
      'a.due_at',
      'a.status',
      'a.done_at',
      'a.done_by',
      'a.note',
      'a.suggestion_id',
      'a.created_at',
      'a.created_by',
      'a.updated_at',
    ]);
}

const shaped = (r: Omit<DebriefAction, 'status'> & { status: string }): DebriefAction => ({
  ...r,
  status: r.status === 'done' ? 'done' : 'open',
});

export async function getDebriefAction(db: Db, id: string): Promise<DebriefAction | null> {
  const r = await base(db).where('a.id', '=', id).executeTakeFirst();
  return r ? shaped(r) : null;
}

/**
 * Action items, soonest due first (then by creation): of one incident, or across incidents;
 * optionally only open or done ones, or one owner's.
 */
export async function listDebriefActions(
  db: Db,
  f: { incidentId?: string; status?: DebriefActionStatus; ownerId?: string } = {},
): Promise<DebriefAction[]> {
  let q = base(db);
  if (f.incidentId) q = q.where('a.incident_id', '=', f.incidentId);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.ownerId) q = q.where('a.owner_id', '=', f.ownerId);
  const rows = await q
    .orderBy('a.due_at')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(ACTIONS_MAX)
    .execute();
  return rows.map(shaped);
}
