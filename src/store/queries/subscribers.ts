import type { Db } from '../db.js';
import type { SubscriberTable } from '../schema.js';

export interface Subscriber {
  id: string;
  channel: string;
  /** the email, phone or URL */
  address: string;
  state: string;
  components: string[] | null;
  locale: string;
  time_zone: string | null;
  contact_email: string | null;
  audience: string;
  consecutive_failures: number;
  created_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  disabled_reason: string | null;
  /** a daily digest instead of the per-update emails below the most severe level */
  digest: boolean;
  /** "22:00-07:00" in the subscriber's zone; null: none */
  quiet_hours: string | null;
}

export function toSubscriber(r: SubscriberTable, components: string[]): Subscriber {
  return {
    id: r.id,
    channel: r.channel,
    address: r.address,
    state: r.state,
    components: r.all_components ? null : components,
    locale: r.locale,
    time_zone: r.time_zone,
    contact_email: r.contact_email,
    audience: r.audience,
    consecutive_failures: Number(r.consecutive_failures),
    created_at: r.created_at,
    confirmed_at: r.confirmed_at,
    unsubscribed_at: r.unsubscribed_at,
    disabled_reason: r.disabled_reason,
    digest: Number(r.digest ?? 0) === 1,
    quiet_hours: r.quiet_hours ?? null,
  };
}

export function addressKey(channel: string, address: string): string {
  return channel === 'email' ? address.trim().toLowerCase() : address.trim();
}

export async function getSubscriber(db: Db, id: string): Promise<Subscriber | undefined> {
  const r = await db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const cs = await db
    .selectFrom('subscriber_components')
    .select('component_id')
    .where('subscriber_id', '=', id)
    .execute();
  return toSubscriber(
    r,
    cs.map((c) => c.component_id),
  );
}

export async function listSubscribers(
  db: Db,
  f: { channel?: string; state?: string; limit?: number; after?: string } = {},
): Promise<Subscriber[]> {
  let q = db.selectFrom('subscribers').selectAll();
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.after) q = q.where('id', '>', f.after);
  const rows = await q
    .orderBy('id')
    .limit(f.limit ?? 100)
    .execute();
  if (rows.length === 0) return [];
  const cs = await db
    .selectFrom('subscriber_components')
    .selectAll()
    .where(
      'subscriber_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const by = new Map<string, string[]>();
  for (const c of cs) by.set(c.subscriber_id, [...(by.get(c.subscriber_id) ?? []), c.component_id]);
  return rows.map((r) => toSubscriber(r, by.get(r.id) ?? []));
}
