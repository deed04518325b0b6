import { newId } from '../lib/ids.js';
import { LIBRARY } from '../templates/library/index.js';
import { type Ctx, inTransaction } from './context.js';

/** Adds every built-in template that is missing (by key and locale). Edited templates are kept. */
export async function ensureTemplateLibrary(ctx: Ctx): Promise<number> {
  const have = await ctx.store.db.selectFrom('templates').select(['key', 'locale']).execute();
  const seen = new Set(have.map((t) => `${t.key}:${t.locale}`));
  const missing = Object.entries(LIBRARY).flatMap(([locale, defs]) =>
    defs.filter((d) => !seen.has(`${d.key}:${locale}`)).map((d) => ({ locale, d })),
  );
  if (missing.length === 0) return 0;
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    for (const { locale, d } of missing) {
      const { key, stage, name, ...renderings } = d;
      await tx.db
        .insertInto('templates')
        .values({
          id: newId(),
          key,
          stage,
          locale,
          name,
          pre_approved: 1,
          builtin: 1,
          renderings: JSON.stringify(renderings),
          created_at: tx.at,
          updated_at: tx.at,
        })
        .onConflict((oc) => oc.columns(['key', 'locale']).doNothing())
        .execute();
    }
    await tx.audit({
      action: 'template.library.install',
      entityType: 'template',
      entityId: null,
      after: { added: missing.map((m) => `${m.d.key}:${m.locale}`) },
    });
  });
  return missing.length;
}
