import { notFound } from '../domain/errors.js';
import { TEMPLATE_CHANNELS, type TemplateDef } from '../domain/templates.js';
import { getTemplateById, type StoredTemplate } from '../store/queries/templates.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { recordPlanVersion } from './shared/planVersions.js';
import { assertLiquid, storedRenderings } from './shared/templateChecks.js';
import { recordTemplateVersion } from './shared/templateVersions.js';
import { type UpdateTemplateInput, updateTemplateInput } from './templateInputs.js';

/**
 * Edits a template's name, stage or wording. A changed wording is no longer pre-approved
 * (updates from it then wait for the approver where the severity asks) unless the admin
 * says `pre_approved: true`. `null` for an optional channel goes back to the page's wording.
 * Audited with the before and after; each save that changes something is kept as a new version.
 */
export async function updateTemplate(
  ctx: Ctx,
  id: string,
  raw: UpdateTemplateInput | unknown,
): Promise<StoredTemplate> {
  const input = parseInput(updateTemplateInput, raw);
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await getTemplateById(tx.db, id);
    if (!before) throw notFound('template', id);
    const def: TemplateDef = { ...before, name: input.name ?? before.name };
    if (input.stage) def.stage = input.stage;
    let reworded = false;
    for (const [ch, v] of Object.entries(input.renderings ?? {})) {
      if (!(TEMPLATE_CHANNELS as readonly string[]).includes(ch)) continue;
      const key = ch as keyof TemplateDef;
      if ((def[key] ?? null) === v) continue;
      reworded = true;
      if (v === null) delete def[key];
      else (def as unknown as Record<string, string>)[key] = v as string;
    }
    assertLiquid(def);
    const preApproved = input.pre_approved ?? (reworded ? false : before.pre_approved);
    const set = {
      name: def.name,
      stage: def.stage,
      renderings: JSON.stringify(storedRenderings(def)),
      pre_approved: preApproved ? 1 : 0,
      updated_at: tx.at,
    };
    await tx.db.updateTable('templates').set(set).where('id', '=', id).execute();
    const changed =
      reworded ||
      set.name !== before.name ||
      set.stage !== before.stage ||
      set.pre_approved !== (before.pre_approved ? 1 : 0);
    const version = changed
      ? await recordTemplateVersion(tx, ctx, id, set, {
          template: before,
          renderings: JSON.stringify(storedRenderings(before)),
        })
      : null;
    await tx.audit({
      action: 'template.update',
      entityType: 'template',
      entityId: id,
      before,
      after: { ...before, ...set, renderings: storedRenderings(def), reworded, version },
    });
    await recordPlanVersion(tx, ctx, `template ${before.key} (${before.locale}) changed`);
  });
  return (await getTemplateById(ctx.store.db, id))!;
}
