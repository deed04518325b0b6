import { conflict, notFound } from '../domain/errors.js';
import { type Ctx, inTransaction } from './context.js';
import { recordPlanVersion } from './shared/planVersions.js';

/** Deletes a severity. One still used by an unresolved incident is refused (409). */
export async function deleteSeverity(ctx: Ctx, key: string): Promise<void> {
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('severities')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    if (!before) throw notFound('severity', key);
    const open = await tx.db
      .selectFrom('incidents')
      .select('id')
      .where('severity', '=', key)
      .where('kind', '=', 'incident')
      .where('resolved_at', 'is', null)
      .limit(5)
      .execute();
    if (open.length)
      throw conflict(
        `${key} is the severity of unresolved incidents (${open.map((i) => i.id).join(', ')}); resolve them or change their severity first`,
        { key: 'is in use by an unresolved incident' },
      );
    await tx.db.deleteFrom('severities').where('key', '=', key).execute();
    await tx.audit({
      action: 'severity.delete',
      entityType: 'severity',
      entityId: key,
      before: { ...before, settings: JSON.parse(before.settings) },
    });
    await recordPlanVersion(tx, ctx, `-${key}`);
  });
}
