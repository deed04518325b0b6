/**
 * What the declare form pre-marks: components that are not operational and that no open
 * incident explains. A component another open incident already holds at its status belongs to
 * that incident; marking it again would give a small new incident the old one's impact.
 */
import { worstComponentStatus } from '../../domain/status.js';
import type { ComponentStatus } from '../../domain/types.js';
import type { Db } from '../db.js';
import { heldStatuses } from './heldStatuses.js';

export async function unexplainedProblems(
  db: Db,
  components: { id: string; group: boolean; status: string }[],
): Promise<Record<string, string>> {
  const troubled = components.filter(
    (x) => !x.group && x.status !== 'operational' && x.status !== 'under_maintenance',
  );
  const held = await heldStatuses(
    db,
    troubled.map((x) => x.id),
  );
  const out: Record<string, string> = {};
  for (const x of troubled) {
    const holds = held.get(x.id) ?? [];
    if (holds.length && worstComponentStatus(holds) === (x.status as ComponentStatus)) continue;
    out[x.id] = x.status;
  }
  return out;
}
