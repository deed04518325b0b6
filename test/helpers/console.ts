/** Signing in to the console over server.inject, as the browser would: the session cookie, then the page's CSRF token. */
import type { FastifyInstance } from 'fastify';

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export interface ConsoleSession {
  cookie: string;
  csrf: string;
}

/** Signs in with an API token and reads the CSRF token from `page`; fails loudly when either is missing. */
export async function signInConsole(
  server: FastifyInstance,
  token: string,
  page = '/console',
): Promise<ConsoleSession> {
  const r = await server.inject({
    method: 'POST',
    url: '/console/signin',
    headers: FORM,
    payload: new URLSearchParams({ token }).toString(),
  });
  if (r.statusCode !== 303) throw new Error(`console sign-in answered ${r.statusCode}: ${r.body}`);
  const cookie = String(r.headers['set-cookie']).split(';')[0];
  const got = await server.inject({ url: page, headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(got.body)?.[1];
  if (!csrf) throw new Error(`no CSRF token on ${page} (${got.statusCode})`);
  return { cookie, csrf };
}
