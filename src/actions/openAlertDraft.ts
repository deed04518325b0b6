/**
 * Opens the draft incident of an alert group that is due (its flap window passed, or none was
 * set): declared from the plan with the group's title, mapped components, severity and
 * suggested template, as a draft unless the mapping says `publish: true`. The comms lead is
 * told, with a signed link to review and publish it. Exactly one caller opens each group: it
 * claims the group (opening → declaring) before declaring, and a failed declaration hands the
 * group back to the scheduler.
 */
import type { ComponentStatus } from '../domain/types.js';
import type { Db } from '../store/db.js';
import { loadPlanSettings } from '../store/queries/plan.js';
import { listSeverities } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { declareIncident } from './declareIncident.js';
import { tellCommsLead } from './shared/alertNotice.js';
import { linkComponents } from './shared/incidentWrites.js';
import { addTimeline } from './shared/team.js';

/** Opens the group's draft; returns its incident id, or null when another caller has it. */
export async function openAlertDraft(ctx: Ctx, groupId: string): Promise<string | null> {
  const at = ctx.clock.now().toISOString();
  const claimed = await ctx.store.db
    .updateTable('alert_groups')
    .set({ state: 'declaring', updated_at: at })
    .where('id', '=', groupId)
    .where('state', '=', 'opening')
    .where('incident_id', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  const g = await ctx.store.db
    .selectFrom('alert_groups as g')
    .leftJoin('alert_integrations as i', 'i.id', 'g.integration_id')
    .select([
      'g.id',
      'g.title',
      'g.severity',
      'g.template',
      'g.components',
      'g.publish',
      'g.integration_id',
      'i.name as integration_name',
    ])
    .where('g.id', '=', groupId)
    .executeTakeFirstOrThrow();
  let incidentId: string;
  try {
    const severity = await severityFor(ctx, g.severity);
    const declared = await declareIncident(ctx, {
      severity,
      name: g.title,
      template: g.template,
      vars: { issue: g.title },
      components: await stillThere(
        ctx.store.db,
        JSON.parse(g.components) as Record<string, ComponentStatus>,
      ),
      publish: Boolean(Number(g.publish)),
    });
    incidentId = declared.incident.id;
  } catch (err) {
    await ctx.store.db
      .updateTable('alert_groups')
      .set({ state: 'opening', updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', groupId)
      .where('state', '=', 'declaring')
      .execute();
    throw err;
  }
  const source = g.integration_name ?? 'a monitor';
  await inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
    const now = await tx.db
      .selectFrom('alert_groups')
      .select(['components', 'firing'])
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow();
    await tx.db
      .updateTable('alert_groups')
      .set({ state: 'open', incident_id: incidentId, updated_at: tx.at })
      .where('id', '=', groupId)
      .execute();
    // components alerts proposed while it was being declared
    const comps = await stillThere(
      tx.db,
      JSON.parse(now.components) as Record<string, ComponentStatus>,
    );
    if (!Number(g.publish)) await linkComponents(tx.db, incidentId, Object.keys(comps), comps);
    await addTimeline(
      tx.db,
      incidentId,
      'system',
      `Opened from ${source} alerts (${g.title}); ${now.firing} firing.`,
      ctx.actor.id,
      tx.at,
    );
    const lead = await tellCommsLead(tx.db, {
      key: ctx.secretKey,
      fallbackUrl: ctx.fallbackUrl,
      incidentId,
      at: tx.at,
      subject: `${Number(g.publish) ? 'Published' : 'Draft'} from ${source}: ${g.title}`,
      text: Number(g.publish)
        ? `${source} alerts opened "${g.title}" and the integration's mapping published it. Review it and post the next update.`
        : `${source} alerts opened a draft incident, "${g.title}", from the suggested template. Nothing is public yet: review it and publish it in one step.`,
      label: Number(g.publish) ? 'Review' : 'Review and publish',
    });
    await tx.audit({
      action: 'alert.draft.open',
      entityType: 'incident',
      entityId: incidentId,
      after: {
        group_id: groupId,
        integration_id: g.integration_id,
        published: Boolean(Number(g.publish)),
        comms_lead: lead,
      },
    });
  });
  return incidentId;
}

/** The group's mapped severity if the plan has it, else the plan's default, else SEV2, else the first. */
async function severityFor(ctx: Ctx, mapped: string | null): Promise<string> {
  const all = await listSeverities(ctx.store.db);
  const has = (k: string | null | undefined) => !!k && all.some((s) => s.key === k);
  if (has(mapped)) return mapped as string;
  const fallback = (await loadPlanSettings(ctx.store.db)).default_severity;
  if (has(fallback)) return fallback as string;
  if (has('SEV2')) return 'SEV2';
  if (all[0]) return all[0].key;
  throw new Error('the plan has no severity to declare an alert’s incident with');
}

/** The proposed components that still exist as components (one may be deleted after the mapping was saved). */
async function stillThere(
  db: Db,
  comps: Record<string, ComponentStatus>,
): Promise<Record<string, ComponentStatus>> {
  const ids = Object.keys(comps);
  if (!ids.length) return {};
  const rows = await db
    .selectFrom('components')
    .select('id')
    .where('id', 'in', ids)
    .where('is_group', '=', 0)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.id, comps[r.id]]));
}
