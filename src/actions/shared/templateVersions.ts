/**
 * Template versions: each save stores the template as it now stands as version n+1, with who
 * saved it. Runs inside the caller's transaction, so the version and the change commit together.
 * When no version holds the wording as it stood before the save (a built-in saved for the first
 * time, or a template changed by a plan import since), that wording is kept first, so nothing
 * is lost.
 */
import { sql } from 'kysely';
import { newId } from '../../lib/ids.js';
import type { StoredTemplate } from '../../store/queries/templates.js';
import type { Ctx, Tx } from '../context.js';

/** With the template id's hash: keeps version numbers in sequence on PostgreSQL. */
const VERSION_LOCK = 7_411_534;

export interface VersionedState {
  name: string;
  stage: string;
  renderings: string;
  pre_approved: number;
}

async function latest(tx: Tx, templateId: string) {
  return tx.db
    .selectFrom('template_versions')
    .select(['version', 'name', 'stage', 'renderings', 'pre_approved'])
    .where('template_id', '=', templateId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const same = (a: VersionedState, b: VersionedState) =>
  a.name === b.name &&
  a.stage === b.stage &&
  Number(a.pre_approved) === Number(b.pre_approved) &&
  JSON.stringify(JSON.parse(a.renderings)) === JSON.stringify(JSON.parse(b.renderings));

/** Stores `now` as the template's next version; `before` becomes version 1 if none exists yet. */
export async function recordTemplateVersion(
  tx: Tx,
  ctx: Ctx,
  templateId: string,
  now: VersionedState,
  before?: { template: StoredTemplate; renderings: string },
): Promise<number> {
  if (ctx.store.engine === 'postgres')
    await sql`select pg_advisory_xact_lock(${VERSION_LOCK}, hashtext(${templateId}))`.execute(
      tx.db,
    );
  const last = await latest(tx, templateId);
  let n = Number(last?.version ?? 0);
  if (before) {
    const t = before.template;
    const was = {
      name: t.name,
      stage: t.stage,
      renderings: before.renderings,
      pre_approved: t.pre_approved ? 1 : 0,
    };
    // the wording as it stood, when no version holds it (first save, or a plan import since)
    if (!last || !same(last, was))
      await tx.db
        .insertInto('template_versions')
        .values({
          id: newId(),
          template_id: templateId,
          version: ++n,
          ...was,
          changed_by:
            n > 1
              ? 'changed outside the editor (plan import)'
              : t.builtin
                ? 'built-in'
                : 'before versions were kept',
          at: t.updated_at,
        })
        .execute();
  }
  await tx.db
    .insertInto('template_versions')
    .values({
      id: newId(),
      template_id: templateId,
      version: ++n,
      name: now.name,
      stage: now.stage,
      renderings: now.renderings,
      pre_approved: now.pre_approved,
      changed_by: ctx.actor.id,
      at: tx.at,
    })
    .execute();
  return n;
}
