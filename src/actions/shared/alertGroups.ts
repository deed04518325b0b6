/**
 * One batch of alerts applied to its group, inside the caller's transaction: the group is found
 * (or opened, held for the flap window), each alert's firing state is recorded, the mapping's
 * proposals are merged in, and the draft or incident hears of it: a repeat updates it (new
 * components, a timeline line), the last alert resolving proposes the resolution to the comms
 * lead. At most one open group per key: `open_key` is unique, so a concurrent twin finds the
 * row the other inserted instead of making a second.
 */
import {
  type AlertMapping,
  DEFAULT_ALERT_TEMPLATE,
  type IncomingAlert,
  mappedSeverity,
  proposedComponents,
} from '../../domain/alerts.js';
import { isFinal } from '../../domain/lifecycle.js';
import { worstComponentStatus } from '../../domain/status.js';
import type { AnyIncidentStatus, ComponentStatus } from '../../domain/types.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../store/db.js';
import type { AlertGroupTable } from '../../store/schema.js';
import type { Tx } from '../context.js';
import { linkComponents } from './incidentWrites.js';
import { addTimeline } from './team.js';

export interface GroupBatch {
  integration: { id: string; name: string; mapping: AlertMapping };
  key: string;
  alerts: IncomingAlert[];
  flapMinutes: number;
  engine: 'sqlite' | 'postgres';
}

export type GroupOutcome =
  | { kind: 'held' | 'flapped' | 'ignored' | 'updated' | 'opening'; groupId?: string }
  | { kind: 'resolution_proposed'; groupId: string; incidentId: string };

const MEMBER_CHUNK = 200;

async function findOpen(tx: Tx, b: GroupBatch, lock: boolean) {
  let q = tx.db
    .selectFrom('alert_groups')
    .selectAll()
    .where('integration_id', '=', b.integration.id)
    .where('open_key', '=', b.key);
  if (lock && b.engine === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Closes a group whose incident is over, so the next firing opens a new one. */
async function closeIfOver(db: Db, g: AlertGroupTable, at: string): Promise<boolean> {
  if (!g.incident_id) return false;
  const inc = await db
    .selectFrom('incidents')
    .select('status')
    .where('id', '=', g.incident_id)
    .executeTakeFirst();
  if (inc && !isFinal(inc.status as AnyIncidentStatus)) return false;
  await db
    .updateTable('alert_groups')
    .set({ open_key: null, state: 'closed', updated_at: at })
    .where('id', '=', g.id)
    .execute();
  return true;
}

export async function applyToGroup(tx: Tx, b: GroupBatch): Promise<GroupOutcome> {
  const at = tx.at;
  let g = await findOpen(tx, b, true);
  if (g && (await closeIfOver(tx.db, g, at))) g = undefined;
  const firingNow = b.alerts.filter((a) => a.status === 'firing');
  if (!g) {
    // a resolve for a group Flare has no open record of changes nothing
    if (firingNow.length === 0) return { kind: 'ignored' };
    const holding = b.flapMinutes > 0;
    const first = firingNow[0];
    await tx.db
      .insertInto('alert_groups')
      .values({
        id: newId(Date.parse(at)),
        integration_id: b.integration.id,
        group_key: b.key,
        open_key: b.key,
        state: holding ? 'held' : 'opening',
        incident_id: null,
        title:
          b.integration.mapping.group === 'all'
            ? `${b.integration.name}: ${first.title}`
            : first.title,
        severity: mappedSeverity(firingNow, b.integration.mapping) ?? null,
        template: b.integration.mapping.template ?? DEFAULT_ALERT_TEMPLATE,
        components: '{}',
        publish: b.integration.mapping.publish ? 1 : 0,
        hold_until: holding
          ? new Date(Date.parse(at) + b.flapMinutes * 60_000).toISOString()
          : null,
        alert_count: 0,
        firing: 0,
        resolution_proposed_at: null,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.columns(['integration_id', 'open_key']).doNothing())
      .execute();
    g = await findOpen(tx, b, true);
    if (!g) throw new Error(`alert group ${b.key} vanished while it was being opened`);
  }
  const group = g;

  // each alert's latest state: a fingerprint's repeat overwrites it
  const latest = new Map<string, string>();
  for (const a of b.alerts) latest.set(a.fingerprint, a.status);
  const members = [...latest].map(([fingerprint, status]) => ({
    group_id: group.id,
    fingerprint: fingerprint.slice(0, 500),
    status,
    updated_at: at,
  }));
  for (let i = 0; i < members.length; i += MEMBER_CHUNK)
    await tx.db
      .insertInto('alert_members')
      .values(members.slice(i, i + MEMBER_CHUNK))
      .onConflict((oc) =>
        oc.columns(['group_id', 'fingerprint']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  const firing = Number(
    (
      await tx.db
        .selectFrom('alert_members')
        .select((e) => e.fn.countAll().as('n'))
        .where('group_id', '=', group.id)
        .where('status', '=', 'firing')
        .executeTakeFirstOrThrow()
    ).n,
  );

  const had = JSON.parse(group.components) as Record<string, ComponentStatus>;
  const proposed = proposedComponents(b.alerts, b.integration.mapping);
  const merged = { ...had };
  for (const [id, s] of Object.entries(proposed))
    merged[id] = had[id] ? worstComponentStatus([had[id], s]) : s;
  const fresh = Object.keys(merged).filter((id) => merged[id] !== had[id]);
  const severity = group.severity ?? mappedSeverity(firingNow, b.integration.mapping) ?? null;
  const flapped = group.state === 'held' && firing === 0;
  await tx.db
    .updateTable('alert_groups')
    .set({
      components: JSON.stringify(merged),
      severity,
      alert_count: Number(group.alert_count) + b.alerts.length,
      firing,
      updated_at: at,
      ...(flapped ? { state: 'flapped', open_key: null } : {}),
    })
    .where('id', '=', group.id)
    .execute();
  if (flapped) return { kind: 'flapped', groupId: group.id };
  if (group.state === 'held') return { kind: 'held', groupId: group.id };
  if (group.state === 'opening' && !group.incident_id)
    return { kind: 'opening', groupId: group.id };
  if (!group.incident_id) return { kind: 'updated', groupId: group.id };
  return touchIncident(tx, b, { ...group, firing }, merged, fresh);
}

/** A repeat on a group with a draft or incident: new components and a line on its timeline. */
async function touchIncident(
  tx: Tx,
  b: GroupBatch,
  g: AlertGroupTable,
  components: Record<string, ComponentStatus>,
  fresh: string[],
): Promise<GroupOutcome> {
  const incidentId = g.incident_id as string;
  const inc = await tx.db
    .selectFrom('incidents')
    .select(['draft'])
    .where('id', '=', incidentId)
    .executeTakeFirstOrThrow();
  // a draft takes the new components at once; a public incident only hears of them
  if (fresh.length && Number(inc.draft)) await linkComponents(tx.db, incidentId, fresh, components);
  const firingCount = Number(g.firing);
  const sent = b.alerts.length;
  const what = b.alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing';
  await addTimeline(
    tx.db,
    incidentId,
    'system',
    `${b.integration.name}: ${sent} alert${sent === 1 ? '' : 's'} ${what}; ${firingCount} still firing.${fresh.length ? ` Components proposed: ${fresh.join(', ')}.` : ''}`,
    `integration:${b.integration.id}`,
    tx.at,
  );
  if (firingCount === 0 && !g.resolution_proposed_at) {
    await addTimeline(
      tx.db,
      incidentId,
      'system',
      'Every alert has resolved: the resolution is proposed. Post the resolved update to publish it.',
      `integration:${b.integration.id}`,
      tx.at,
    );
    await tx.db
      .updateTable('alert_groups')
      .set({ resolution_proposed_at: tx.at })
      .where('id', '=', g.id)
      .execute();
    return { kind: 'resolution_proposed', groupId: g.id, incidentId };
  }
  if (firingCount > 0 && g.resolution_proposed_at)
    await tx.db
      .updateTable('alert_groups')
      .set({ resolution_proposed_at: null })
      .where('id', '=', g.id)
      .execute();
  return { kind: 'updated', groupId: g.id };
}
