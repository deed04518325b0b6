/**
 * Imports a Statuspage page (issue #13 part 2) from its public /api/v2 documents: components
 * with their groups, incidents and scheduled maintenances with every update at its own time.
 * The incidents become history, as they were: their updates, and the component statuses their
 * updates set, written into the status history so the uptime bars look as before. Nobody is
 * notified. Each object is mapped to what it became (import_map), so a rerun updates what
 * changed upstream and leaves the rest; every write is audited.
 */

import { fingerprint, type SpIncident, type StatuspageDocs } from '../domain/statuspage.js';
import type { ComponentStatus } from '../domain/types.js';
import { newId } from '../lib/ids.js';
import type { Db } from '../store/db.js';
import { type Ctx, inTransaction, type Tx } from './context.js';
import { newIncidentRow } from './shared/incidentWrites.js';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface StatuspageImport {
  source: string;
  components: ImportCounts;
  incidents: ImportCounts;
  maintenances: ImportCounts;
}

const counts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });

async function mapped(db: Db, source: string, kind: string, externalId: string) {
  return db
    .selectFrom('import_map')
    .select(['local_id', 'fingerprint'])
    .where('source', '=', source)
    .where('kind', '=', kind)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

async function remember(
  tx: Tx,
  source: string,
  kind: string,
  externalId: string,
  localId: string,
  print: string,
) {
  await tx.db
    .insertInto('import_map')
    .values({
      source,
      kind,
      external_id: externalId,
      local_id: localId,
      fingerprint: print,
      imported_at: tx.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['source', 'kind', 'external_id'])
        .doUpdateSet({ local_id: localId, fingerprint: print, imported_at: tx.at }),
    )
    .execute();
}

export async function importStatuspage(
  ctx: Ctx,
  docs: StatuspageDocs,
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<StatuspageImport> {
  const source = `statuspage:${docs.pageId}`;
  const out: StatuspageImport = {
    source,
    components: counts(),
    incidents: counts(),
    maintenances: counts(),
  };
  const total = docs.components.length + docs.incidents.length + docs.maintenances.length;
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);

  // groups first, so their children can point at them
  const ordered = [...docs.components].sort(
    (a, b) => Number(b.group) - Number(a.group) || a.position - b.position,
  );
  const local = new Map<string, string>();
  for (const c of ordered) {
    await inTransaction(ctx, { scope: 'write', changes: 'component' }, async (tx) => {
      const groupId = c.group_id ? (local.get(c.group_id) ?? null) : null;
      const print = fingerprint({ ...c, group_id: groupId });
      const was = await mapped(tx.db, source, 'component', c.id);
      const exists =
        was &&
        (await tx.db
          .selectFrom('components')
          .select('id')
          .where('id', '=', was.local_id)
          .executeTakeFirst());
      const values = {
        name: c.name,
        description: c.description,
        status: c.status,
        manual_status: c.status === 'operational' ? null : c.status,
        position: c.position,
        group_id: groupId,
        is_group: c.group ? 1 : 0,
        updated_at: tx.at,
      };
      if (exists && was.fingerprint === print) {
        local.set(c.id, was.local_id);
        out.components.unchanged++;
        return;
      }
      const id = exists ? was.local_id : newId();
      if (exists) await tx.db.updateTable('components').set(values).where('id', '=', id).execute();
      else
        await tx.db
          .insertInto('components')
          .values({
            id,
            showcase: 1,
            only_show_if_degraded: 0,
            start_date: null,
            created_at: tx.at,
            ...values,
          })
          .execute();
      local.set(c.id, id);
      await remember(tx, source, 'component', c.id, id, print);
      await tx.audit({
        action: exists ? 'import.component.update' : 'import.component.create',
        entityType: 'component',
        entityId: id,
        after: { source, external_id: c.id, name: c.name, status: c.status, group: c.group },
      });
      out.components[exists ? 'updated' : 'created']++;
    });
    tick();
  }
  for (const [list, bucket] of [
    [docs.incidents, out.incidents],
    [docs.maintenances, out.maintenances],
  ] as const) {
    for (const i of list) {
      await inTransaction(ctx, { scope: 'write', changes: i.kind }, (tx) =>
        writeIncident(tx, source, i, local, bucket),
      );
      tick();
    }
  }
  return out;
}

async function writeIncident(
  tx: Tx,
  source: string,
  i: SpIncident,
  local: Map<string, string>,
  bucket: ImportCounts,
): Promise<void> {
  const print = fingerprint(i);
  const was = await mapped(tx.db, source, i.kind, i.id);
  const exists =
    was &&
    (await tx.db
      .selectFrom('incidents')
      .select('id')
      .where('id', '=', was.local_id)
      .executeTakeFirst());
  if (exists && was.fingerprint === print) {
    bucket.unchanged++;
    return;
  }
  const id = exists ? was.local_id : newId(Date.parse(i.created_at));
  if (exists) {
    // rewritten from upstream: its updates, links and the history it set
    await tx.db.deleteFrom('incident_updates').where('incident_id', '=', id).execute();
    await tx.db.deleteFrom('incident_components').where('incident_id', '=', id).execute();
    await tx.db.deleteFrom('component_status_history').where('cause_id', '=', id).execute();
  }
  const open = !['resolved', 'postmortem', 'completed'].includes(i.status);
  const last = i.updates[i.updates.length - 1];
  const row = newIncidentRow(tx.at, {
    id,
    kind: i.kind,
    name: i.name,
    status: i.status,
    impact: i.impact,
    created_at: i.created_at,
    updated_at: i.updated_at,
    started_at: i.started_at,
    monitoring_at: i.monitoring_at,
    resolved_at: i.resolved_at,
    scheduled_for: i.scheduled_for,
    scheduled_until: i.scheduled_until,
  });
  if (exists) {
    const { id: _id, ...rest } = row;
    await tx.db.updateTable('incidents').set(rest).where('id', '=', id).execute();
  } else await tx.db.insertInto('incidents').values(row).execute();

  const code = (c: string) => local.get(c);
  const linked = new Map<string, ComponentStatus | null>();
  for (const c of i.component_ids) if (code(c)) linked.set(code(c)!, null);
  const history: {
    component_id: string;
    status: ComponentStatus;
    previous_status: ComponentStatus;
    at: string;
  }[] = [];
  for (const u of i.updates) {
    const affected = u.affected.flatMap((a) => {
      const cid = code(a.code);
      return cid ? [{ ...a, code: cid }] : [];
    });
    await tx.db
      .insertInto('incident_updates')
      .values({
        id: newId(Date.parse(u.created_at)),
        incident_id: id,
        status: u.status,
        body: u.body,
        created_at: u.created_at,
        updated_at: u.created_at,
        display_at: u.display_at,
        affected_components: affected.length
          ? JSON.stringify(
              affected.map((a) => ({
                code: a.code,
                old_status: a.old_status,
                new_status: a.new_status,
              })),
            )
          : null,
        deliver_notifications: 0,
        next_update_at: null,
        template_key: null,
        template_vars: null,
      })
      .execute();
    for (const a of affected) {
      linked.set(a.code, a.new_status);
      history.push({
        component_id: a.code,
        status: a.new_status,
        previous_status: a.old_status,
        at: u.display_at,
      });
    }
  }
  // a closed incident gives back what it took, at its end, when its last update did not
  const end =
    i.resolved_at ??
    (i.kind === 'maintenance' && !open ? (i.scheduled_until ?? last?.display_at) : null);
  if (!open && end)
    for (const [cid, status] of linked)
      if (status && status !== 'operational')
        history.push({
          component_id: cid,
          status: 'operational',
          previous_status: status,
          at: end,
        });
  if (linked.size)
    await tx.db
      .insertInto('incident_components')
      .values(
        [...linked.keys()].map((component_id) => ({
          incident_id: id,
          component_id,
          status: null,
        })),
      )
      .execute();
  if (history.length)
    await tx.db
      .insertInto('component_status_history')
      .values(
        history.map((h) => ({
          id: newId(Date.parse(h.at)),
          ...h,
          cause_type: i.kind,
          cause_id: id,
        })),
      )
      .execute();
  await remember(tx, source, i.kind, i.id, id, print);
  await tx.audit({
    action: exists ? `import.${i.kind}.update` : `import.${i.kind}.create`,
    entityType: i.kind,
    entityId: id,
    after: { source, external_id: i.id, name: i.name, status: i.status, updates: i.updates.length },
  });
  bucket[exists ? 'updated' : 'created']++;
}
