/** Shared by the security suites: form posts through server.inject from a chosen client address. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Db } from '../../src/store/db.js';

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function postForm(
  server: FastifyInstance,
  url: string,
  fields: Record<string, string> | [string, string][],
  opts: { remoteAddress?: string; headers?: Record<string, string> } = {},
) {
  return server.inject({
    method: 'POST',
    url,
    remoteAddress: opts.remoteAddress,
    headers: { ...FORM, ...opts.headers },
    payload: new URLSearchParams(fields).toString(),
  } as InjectOptions);
}

/** The confirmation messages queued so far (confirm links, SMS codes, "already subscribed" notes). */
export async function confirmationsQueued(db: Db): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'subscriber.confirm')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A random documentation-range IPv4 address, for spoofed X-Forwarded-For values. */
export const randomIp = () =>
  `198.51.100.${Math.floor(Math.random() * 250) + 1}, 203.0.113.${Math.floor(Math.random() * 250) + 1}`;
