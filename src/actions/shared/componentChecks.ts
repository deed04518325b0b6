import { invalid } from '../../domain/errors.js';
import type { Db } from '../../store/db.js';

export async function checkGroupId(db: Db, groupId: string, selfId?: string): Promise<void> {
  if (groupId === selfId) throw invalid({ group_id: 'a component cannot be its own group' });
  const g = await db
    .selectFrom('components')
    .select(['id', 'is_group'])
    .where('id', '=', groupId)
    .executeTakeFirst();
  if (!g) throw invalid({ group_id: 'is not a known group id' });
  if (!g.is_group) throw invalid({ group_id: 'names a component that is not a group' });
}
