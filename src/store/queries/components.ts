import type { Db } from '../db.js';
import { type Component, toComponent } from './models.js';

/** Components ordered as the page shows them: groups and top-level by position, then children. */
export async function listComponents(db: Db): Promise<Component[]> {
  const rows = await db
    .selectFrom('components')
    .selectAll()
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  return rows.map(toComponent);
}

export async function getComponent(db: Db, id: string): Promise<Component | undefined> {
  const row = await db.selectFrom('components').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toComponent(row) : undefined;
}

export interface HistoryRow {
  component_id: string;
  status: string;
  at: string;
}

export async function statusHistorySince(db: Db, since: string): Promise<HistoryRow[]> {
  // the change in force at `since` matters too, so take every row of each component from the
  // last one before `since` on; a simple way that stays small: all rows at or after since-1 day
  // plus the latest earlier row per component.
  const recent = await db
    .selectFrom('component_status_history')
    .select(['component_id', 'status', 'at'])
    .where('at', '>=', since)
    .orderBy('at')
    .execute();
  const earlier = await db
    .selectFrom('component_status_history as h')
    .select(['h.component_id', 'h.status', 'h.at'])
    .where('h.at', '<', since)
    .where(({ eb, selectFrom }) =>
      eb(
        'h.at',
        '=',
        selectFrom('component_status_history as h2')
          .select((e) => e.fn.max('h2.at').as('m'))
          .whereRef('h2.component_id', '=', 'h.component_id')
          .where('h2.at', '<', since),
      ),
    )
    .execute();
  return [...earlier, ...recent];
}
