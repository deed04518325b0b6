/**
 * Console sessions. Each is a row on the server (console_sessions); the cookie holds
 * `<session id>.<expiry>.<HMAC>` — never the token itself — signed with the app's secret key.
 * Each request checks the signature and the expiry, then reads the session and its token
 * again, so signing out or revoking the token ends it at once, even for a replayed cookie.
 * Every POST carries a CSRF field (an HMAC of the session) on top of SameSite=Strict.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../actions/context.js';
import { endSession } from '../../../actions/endSession.js';
import { markTokenUsed } from '../../../actions/markTokenUsed.js';
import { startSession } from '../../../actions/startSession.js';
import type { App } from '../../../app.js';
import { sign, verifySignature } from '../../../lib/signing.js';
import { getSession } from '../../../store/queries/sessions.js';
import { formBody, one } from '../../pageReplies.js';

export const SESSION_COOKIE = 'flare_console';
export const SESSION_HOURS = 12;

export interface Session {
  id: string;
  tokenId: string;
  tokenName: string;
  actor: Actor;
  /** the value every POST form must send back as `_csrf` */
  csrf: string;
}

const sessions = new WeakMap<FastifyRequest, Session>();

/** The signed-in session of a request that passed `requireSession`. */
export function sessionOf(req: FastifyRequest): Session {
  const s = sessions.get(req);
  if (!s) throw new Error('console route without requireSession');
  return s;
}

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function cookieAttributes(req: FastifyRequest, maxAge: number): string {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
}

/** Starts a session on this token (for SESSION_HOURS) and sets its cookie. */
export async function openSession(
  app: App,
  req: FastifyRequest,
  reply: FastifyReply,
  tokenId: string,
): Promise<void> {
  const actor: Actor = { id: 'console', scope: 'read' };
  const { id, expiresAt } = await startSession(app.ctx(actor), tokenId, SESSION_HOURS);
  const body = `${id}.${Math.floor(Date.parse(expiresAt) / 1000)}`;
  setSessionCookie(req, reply, `${body}.${sign(app.secretKey, 'console-session', body)}`);
}

/** Ends the request's session on the server (sign-out). */
export async function closeSession(app: App, session: Session): Promise<void> {
  await endSession(app.ctx(session.actor), session.id);
}

export function csrfFor(app: App, value: string): string {
  return sign(app.secretKey, 'console-csrf', value);
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, value: string): void {
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${value}; ${cookieAttributes(req, SESSION_HOURS * 3600)}`,
  );
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; ${cookieAttributes(req, 0)}`);
}

export type SessionCheck =
  | { ok: true; session: Session }
  | { ok: false; reason: 'none' | 'expired' | 'revoked' };

/** Reads and re-validates the session cookie against the api_tokens table. */
export async function checkSession(app: App, req: FastifyRequest): Promise<SessionCheck> {
  const value = readCookie(req, SESSION_COOKIE);
  if (!value) return { ok: false, reason: 'none' };
  const m = /^([0-9a-f-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(value);
  if (!m || !verifySignature(app.secretKey, 'console-session', `${m[1]}.${m[2]}`, m[3]))
    return { ok: false, reason: 'none' };
  if (Number(m[2]) * 1000 <= app.clock.now().getTime()) return { ok: false, reason: 'expired' };
  const row = await getSession(app.store.db, m[1]);
  if (!row || row.ended_at) return { ok: false, reason: 'none' };
  if (Date.parse(row.expires_at) <= app.clock.now().getTime())
    return { ok: false, reason: 'expired' };
  if (row.revoked_at || row.scope === 'read') return { ok: false, reason: 'revoked' };
  await markTokenUsed(app.ctx(), { id: row.token_id, lastUsedAt: row.last_used_at }, (err) =>
    req.log.warn({ err }, 'could not record the token use'),
  );
  return {
    ok: true,
    session: {
      id: row.id,
      tokenId: row.token_id,
      tokenName: row.token_name,
      actor: { id: `token:${row.token_name}`, scope: row.scope },
      csrf: csrfFor(app, value),
    },
  };
}

/** Where to send someone who is not signed in, remembering where they were going. */
function signinUrl(req: FastifyRequest, reason: string): string {
  const path = req.method === 'GET' ? req.url : '/console';
  const q = new URLSearchParams();
  if (path !== '/console') q.set('next', path);
  if (reason !== 'none') q.set('why', reason);
  const s = q.toString();
  return `/console/signin${s ? `?${s}` : ''}`;
}

/**
 * True when the request says it comes from another site (defence in depth next to SameSite):
 * a Sec-Fetch-Site other than same-origin (or none, typed by the user), or an Origin on
 * another host. A missing or "null" Origin (sent under some referrer policies) and no
 * Sec-Fetch-Site leave it to the CSRF field.
 */
export function crossOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.host;
  } catch {
    return true;
  }
}

/**
 * A preHandler for every console route but sign-in: no valid session → redirect to sign-in;
 * a POST without the session's CSRF field (or from another origin) → 403.
 */
export function requireSession(
  app: App,
  onForbidden: (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const check = await checkSession(app, req);
    if (!check.ok) {
      if (check.reason !== 'none') clearSessionCookie(req, reply);
      return reply.redirect(signinUrl(req, check.reason), 303);
    }
    if (req.method === 'POST') {
      const sent = one(formBody(req.body)._csrf);
      const cookie = readCookie(req, SESSION_COOKIE) ?? '';
      if (crossOrigin(req) || !verifySignature(app.secretKey, 'console-csrf', cookie, sent))
        return onForbidden(req, reply);
    }
    sessions.set(req, check.session);
  };
}
