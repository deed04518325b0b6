import { conflict } from '../domain/errors.js';
import type { TemplateDef } from '../domain/templates.js';
import { newId } from '../lib/ids.js';
import { getTemplateById, type StoredTemplate } from '../store/queries/templates.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { recordPlanVersion } from './shared/planVersions.js';
import { assertLiquid, storedRenderings } from './shared/templateChecks.js';
import { recordTemplateVersion } from './shared/templateVersions.js';
import { type CreateTemplateInput, createTemplateInput } from './templateInputs.js';

/** Adds a template (a new key, or a new locale of a key). Its Liquid must parse. Audited. */
export async function createTemplate(
  ctx: Ctx,
  raw: CreateTemplateInput | unknown,
): Promise<StoredTemplate> {
  const input = parseInput(createTemplateInput, raw);
  const def = {
    key: input.key,
    stage: input.stage,
    name: input.name,
    ...Object.fromEntries(Object.entries(input.renderings).filter(([, v]) => v != null)),
  } as TemplateDef;
  assertLiquid(def);
  const id = newId();
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const taken = await tx.db
      .selectFrom('templates')
      .select('id')
      .where('key', '=', input.key)
      .where('locale', '=', input.locale)
      .executeTakeFirst();
    if (taken)
      throw conflict(`a template ${input.key} in ${input.locale} already exists (${taken.id})`, {
        key: 'is taken in this locale; edit it with PATCH /api/v1/templates/:id',
      });
    const row = {
      id,
      key: input.key,
      stage: input.stage,
      locale: input.locale,
      name: input.name,
      pre_approved: input.pre_approved ? 1 : 0,
      builtin: 0,
      renderings: JSON.stringify(storedRenderings(def)),
      created_at: tx.at,
      updated_at: tx.at,
    };
    await tx.db.insertInto('templates').values(row).execute();
    await recordTemplateVersion(tx, ctx, id, row);
    await tx.audit({ action: 'template.create', entityType: 'template', entityId: id, after: row });
    await recordPlanVersion(tx, ctx, `+template ${row.key} (${row.locale})`);
  });
  return (await getTemplateById(ctx.store.db, id))!;
}
