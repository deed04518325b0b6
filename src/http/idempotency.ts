/**
 * The Idempotency-Key header on creating POSTs: the first request with a key is answered and
 * its answer kept for 24 hours (claimed in the same transaction as the creation); a repeat
 * with the same key from the same client gets that answer again, with nothing created or sent
 * twice. The same key with another request is refused, naming the header.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../actions/context.js';
import type { KeyClaim } from '../actions/rememberAnswer.js';
import { rememberAnswer } from '../actions/rememberAnswer.js';
import type { App } from '../app.js';
import { conflict, invalid } from '../domain/errors.js';
import { findIdempotencyKey } from '../store/queries/idempotency.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The request's key, or undefined when it sent none; a malformed one is a 400 naming the header. */
export function idempotencyKey(req: FastifyRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const v = Array.isArray(raw) ? raw.join(',') : raw;
  if (!/^[\x21-\x7e]{1,255}$/.test(v))
    throw invalid({ [IDEMPOTENCY_HEADER]: 'must be 1 to 255 printable ASCII characters' });
  return v;
}

/** What makes two requests the same: the method, the path and the body. */
export function requestHash(req: FastifyRequest, body: unknown = req.body): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url.split('?')[0]}\n${JSON.stringify(body ?? null)}`)
    .digest('base64url');
}

/**
 * Answers a repeat from the stored answer and returns true; returns false when the key is new.
 * With `sameRequestOnly: false` (console forms) a changed body still gets the first answer.
 */
export async function replayAnswer(
  app: App,
  reply: FastifyReply,
  claim: KeyClaim,
  opts: { sameRequestOnly?: boolean } = {},
): Promise<boolean> {
  const found = await findIdempotencyKey(app.store.db, claim.client, claim.key, app.clock.now());
  if (!found) return false;
  if (found.request_hash !== claim.requestHash && opts.sameRequestOnly !== false)
    throw conflict(
      `this ${IDEMPOTENCY_HEADER} was already used for a different request; use a new key for a new request`,
      { [IDEMPOTENCY_HEADER]: 'was used with a different request' },
    );
  if (found.status === null)
    throw conflict(`the first request with this ${IDEMPOTENCY_HEADER} is still being answered`, {
      [IDEMPOTENCY_HEADER]: 'is in use by a request still in progress',
    });
  reply.header('idempotent-replayed', 'true').header('cache-control', 'no-store');
  if (found.location) reply.header('location', found.location);
  reply.status(found.status);
  if (found.response) reply.header('content-type', 'application/json; charset=utf-8');
  await reply.send(found.response ?? '');
  return true;
}

/** A console form's one-time token as a claim: any resubmit gets the first answer (a redirect). */
export function formClaim(form: Record<string, unknown>, actorId: string): KeyClaim | undefined {
  const v = Array.isArray(form._once) ? form._once[0] : form._once;
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(v)) return undefined;
  return { client: `console:${actorId}`, key: `form:${v}`, requestHash: 'form' };
}

/** A context that claims the key with the creation, and keeping the answer once it is known. */
export function withClaim(ctx: Ctx, claim: KeyClaim | undefined): Ctx {
  return claim ? { ...ctx, idempotency: { ...claim } } : ctx;
}

export async function keepAnswer(
  ctx: Ctx,
  claim: KeyClaim | undefined,
  status: number,
  body: unknown,
  location?: string,
): Promise<void> {
  if (!claim || status >= 500) return;
  await rememberAnswer(ctx, claim, {
    status,
    response: body === undefined ? '' : JSON.stringify(body),
    location,
  });
}
