/**
 * Records a past outage (imported from another tool, or recorded late): an incident created
 * resolved, whose components' statuses are written into their history for [started_at,
 * resolved_at), with the status each had before restored at resolved_at. Nobody is notified:
 * no outbox row, no deliveries, no outreach. The current component statuses do not change.
 * Called by createIncident for `backfilled: true`.
 */
import type { z } from 'zod';
import { invalid } from '../domain/errors.js';
import { deriveImpact } from '../domain/status.js';
import type { ComponentStatus } from '../domain/types.js';
import { newId } from '../lib/ids.js';
import type { Db } from '../store/db.js';
import { getIncident } from '../store/queries/incidents.js';
import type { Incident } from '../store/queries/models.js';
import { type Ctx, inTransaction } from './context.js';
import type { createIncidentInput } from './inputs.js';
import { checkComponentIds, linkComponents, newIncidentRow } from './shared/incidentWrites.js';

type Input = z.output<typeof createIncidentInput>;

export async function backfillIncident(ctx: Ctx, input: Input): Promise<Incident> {
  const components = input.components ?? {};
  const now = ctx.clock.now().getTime();
  const fields: Record<string, string> = {};
  if (!input.started_at) fields.started_at = 'is required for a backfilled incident';
  if (!input.resolved_at) fields.resolved_at = 'is required for a backfilled incident';
  const start = input.started_at ? Date.parse(input.started_at) : 0;
  const end = input.resolved_at ? Date.parse(input.resolved_at) : 0;
  if (input.started_at && input.resolved_at && start >= end)
    fields.resolved_at = 'must be after started_at';
  else if (input.resolved_at && end > now) fields.resolved_at = 'must not be in the future';
  if (input.visibility === 'audiences')
    fields.visibility = 'must be public for a backfilled incident';
  if (Object.keys(fields).length) throw invalid(fields);
  const startedAt = new Date(start).toISOString();
  const resolvedAt = new Date(end).toISOString();

  const id = await inTransaction(ctx, { scope: 'write', changes: 'incident' }, async (tx) => {
    await checkComponentIds(tx.db, Object.keys(components), 'components');
    if (input.severity) {
      const known = await tx.db
        .selectFrom('severities')
        .select('key')
        .where('key', '=', input.severity)
        .executeTakeFirst();
      if (!known) throw invalid({ severity: 'is not one of the plan’s severities' });
    }
    const row = newIncidentRow(tx.at, {
      kind: 'incident',
      name: input.name,
      status: 'resolved',
      impact: input.impact ?? deriveImpact(Object.values(components)),
      impact_override: input.impact ? 1 : 0,
      started_at: startedAt,
      resolved_at: resolvedAt,
      severity: input.severity ?? null,
    });
    await tx.db.insertInto('incidents').values(row).execute();
    await linkComponents(tx.db, row.id, Object.keys(components));
    const history = [];
    const affected = [];
    const names = new Map(
      (
        await tx.db
          .selectFrom('components')
          .select(['id', 'name'])
          .where('id', 'in', Object.keys(components).length ? Object.keys(components) : [''])
          .execute()
      ).map((c) => [c.id, c.name]),
    );
    for (const [componentId, status] of Object.entries(components)) {
      const written = await writeInterval(
        tx.db,
        row.id,
        componentId,
        status,
        startedAt,
        resolvedAt,
      );
      history.push(...written);
      affected.push({
        code: componentId,
        name: names.get(componentId) ?? componentId,
        old_status: written[0].previous_status,
        new_status: status,
      });
    }
    await tx.db
      .insertInto('incident_updates')
      .values({
        id: newId(),
        incident_id: row.id,
        status: 'resolved',
        body: input.body,
        created_at: tx.at,
        updated_at: tx.at,
        display_at: resolvedAt,
        affected_components: affected.length ? JSON.stringify(affected) : null,
        deliver_notifications: 0,
        next_update_at: null,
        template_key: null,
        template_vars: null,
        visibility: 'public',
        audiences: null,
      })
      .execute();
    await tx.audit({
      action: 'incident.backfill',
      entityType: 'incident',
      entityId: row.id,
      after: { ...row, body: input.body, components, history },
    });
    return row.id;
  });
  return (await getIncident(ctx.store.db, id))!;
}

/** The status in force at `at` by the recorded history (strictly before it, or at it too). */
async function statusAt(db: Db, componentId: string, at: string, inclusive: boolean) {
  const r = await db
    .selectFrom('component_status_history')
    .select('status')
    .where('component_id', '=', componentId)
    .where('at', inclusive ? '<=' : '<', at)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (r?.status ?? 'operational') as ComponentStatus;
}

/**
 * Two history rows: the status from `from`, and at `to` the status the history had there
 * before (none when a recorded change already happens exactly at `to`). Changes recorded
 * inside the interval keep their place: they still hold from their own time.
 */
async function writeInterval(
  db: Db,
  incidentId: string,
  componentId: string,
  status: ComponentStatus,
  from: string,
  to: string,
) {
  const previous = await statusAt(db, componentId, from, true);
  const restore = await statusAt(db, componentId, to, false);
  const atEnd = await db
    .selectFrom('component_status_history')
    .select('id')
    .where('component_id', '=', componentId)
    .where('at', '=', to)
    .executeTakeFirst();
  const rows = [
    {
      id: newId(),
      component_id: componentId,
      status,
      previous_status: previous,
      at: from,
      cause_type: 'incident',
      cause_id: incidentId,
    },
  ];
  if (!atEnd)
    rows.push({
      id: newId(),
      component_id: componentId,
      status: restore,
      previous_status: status,
      at: to,
      cause_type: 'incident',
      cause_id: incidentId,
    });
  await db.insertInto('component_status_history').values(rows).execute();
  return rows;
}
