/** Builds the DeliveryEvent of a notification: what happened, in Statuspage's shapes, read fresh. */
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { seenBy } from '../domain/visibility.js';
import { pageUrl, v2Component, v2Context, v2Status, webhookIncident } from '../present/v2.js';
import type { Db } from '../store/db.js';
import type { Page } from '../store/queries/models.js';
import { loadSnapshot } from '../store/queries/snapshot.js';
import { listTemplates } from '../store/queries/templates.js';

export async function buildEvent(
  db: Db,
  notificationId: string,
  now: Date,
  defaultPage: Page,
): Promise<DeliveryEvent | null> {
  const n = await db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', notificationId)
    .executeTakeFirst();
  if (!n) return null;
  const payload = JSON.parse(n.payload) as Record<string, unknown>;
  // an audience-only notice is about an update (maybe an incident) the public snapshot leaves
  // out: read it with the audience's updates, and only the updates its audiences may see
  const audienceOnly = payload.public === false;
  const snap = await loadSnapshot(db, now, defaultPage, audienceOnly ? { audiences: true } : {});
  if (audienceOnly) {
    const keys = new Set(
      ((payload.targets as { key: string }[] | undefined) ?? []).map((t) => t.key),
    );
    for (const list of [snap.incidents, snap.maintenances])
      for (const i of list) i.updates = i.updates.filter((u) => seenBy(u, keys));
  }
  const ctx = v2Context(snap.page, snap.components);
  const status = v2Status(snap);
  const url = pageUrl(snap.page);
  const event: DeliveryEvent = {
    notificationId: n.id,
    kind: n.kind,
    page: {
      id: snap.page.id,
      name: snap.page.name,
      url,
      time_zone: snap.page.time_zone,
      status_indicator: status.indicator,
      status_description: status.description,
      support_url: snap.page.support_url,
      support_email: snap.page.support_email,
      brand_color: snap.page.brand_color,
    },
    links: { page: url },
    generated_at: now.toISOString(),
    ...(payload.audience === 'internal' || payload.person_ids ? { team: true } : {}),
  };
  if (n.incident_id) {
    const inc = [...snap.incidents, ...snap.maintenances].find((i) => i.id === n.incident_id);
    if (inc) {
      const shaped = webhookIncident(inc, ctx);
      event.incident = shaped as unknown as DeliveryEvent['incident'];
      event.links.incident = shaped.shortlink as string;
      const u = inc.updates.find((x) => x.id === n.update_id) ?? inc.updates[0];
      const tpl = u as
        | (typeof u & { template_key?: string | null; template_vars?: string | null })
        | undefined;
      if (tpl?.template_key) {
        const defs = Object.fromEntries(
          (await listTemplates(db, { key: tpl.template_key })).map((t) => [t.locale, t]),
        );
        if (Object.keys(defs).length)
          event.template = {
            defs,
            vars: {
              ...JSON.parse(tpl.template_vars ?? '{}'),
              next_update_at: u?.next_update_at ?? '',
            },
          };
      }
      if (u) {
        event.update = {
          id: u.id,
          status: u.status,
          body: u.body,
          display_at: u.display_at,
          next_update_at: u.next_update_at,
          affected_components: u.affected_components,
        };
      }
    }
  }
  if (n.component_id) {
    const c = snap.components.find((x) => x.id === n.component_id);
    if (c) {
      event.component = v2Component(c, ctx) as unknown as DeliveryEvent['component'];
      const change = payload as { old_status?: string; new_status?: string };
      event.component_update = {
        id: n.id,
        component_id: c.id,
        old_status: change.old_status ?? c.status,
        new_status: change.new_status ?? c.status,
        created_at: n.created_at,
      };
    }
  }
  if (payload.top === true) event.top = true;
  if (payload.compensation && typeof payload.compensation === 'object')
    event.compensation = payload.compensation as Record<string, string>;
  if (payload.data && typeof payload.data === 'object')
    event.data = payload.data as Record<string, string>;
  return event;
}
