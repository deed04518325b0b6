/**
 * Template versions: each save stores the template as it now stands as version n+1, with who
 * saved it. Runs inside the caller's transaction, so the version and the change commit together.
 * A template saved for the first time (a built-in, or one made before versions existed) first
 * keeps its earlier wording as version 1, so nothing is lost.
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

async function latest(tx: Tx, templateId: string): Promise<number> {
  const r = await tx.db
    .selectFrom('template_versions')
    .select((eb) => eb.fn.max('version').as('n'))
    .where('template_id', '=', templateId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

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
  let n = await latest(tx, templateId);
  if (n === 0 && before) {
    const t = before.template;
    await tx.db
      .insertInto('template_versions')
      .values({
        id: newId(),
        template_id: templateId,
        version: ++n,
        name: t.name,
        stage: t.stage,
        renderings: before.renderings,
        pre_approved: t.pre_approved ? 1 : 0,
        changed_by: t.builtin ? 'built-in' : 'before versions were kept',
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
