/**
 * The incident screen's outreach board: its tasks (listOutreach) and
 * POST /console/incidents/:id/outreach/:task to record how a call went (completeOutreach).
 */
import type { BoardTask } from '../../../pages/console/outreach.js';
import type { Console } from './scope.js';

export async function outreachTasks(_c: Console, _incidentId: string): Promise<BoardTask[]> {
  return [];
}
