/** What every action receives: the store, the clock, who is acting, and where to announce changes. */
import { EventEmitter } from 'node:events';
import { conflict, DomainError } from '../domain/errors.js';
import type { Clock, TokenScope } from '../domain/types.js';
import type { Db, Store } from '../store/db.js';
import { type AuditEntry, writeAudit } from '../store/writes/audit.js';
import { claimIdempotencyKey, type KeyClaim } from '../store/writes/idempotency.js';

export interface Actor {
  /** e.g. "token:ci-bot", "cli", "system:scheduler" */
  id: string;
  scope: TokenScope;
}

export const SYSTEM: Actor = { id: 'system', scope: 'admin' };
export const CLI: Actor = { id: 'cli', scope: 'admin' };

/** Emits 'changed' after a commit that may change what the public sees. */
export class ChangeBus extends EventEmitter {
  changed(what: string) {
    this.emit('changed', what);
  }
}

export interface Ctx {
  store: Store;
  clock: Clock;
  actor: Actor;
  bus: ChangeBus;
  /** signs subscriber links (set by the app) */
  secretKey: Buffer;
  /** lets webhook URLs point at private addresses (tests, closed networks) */
  allowPrivateNetwork?: boolean;
  /** the page URL to use when the page has none yet */
  fallbackUrl?: string;
  /** an Idempotency-Key to claim in the action's (first) transaction, with the creation */
  idempotency?: KeyClaim & { claimed?: boolean };
  /** confirmation messages public subscribe may send one address per hour */
  subscribeAddressLimit?: number;
  /** origins (FLARE_ALLOW_ORIGINS) a public URL subscription may point at even when private */
  allowOrigins?: Set<string>;
}

const RANK: Record<TokenScope, number> = { read: 0, write: 1, admin: 2 };

export function requireScope(actor: Actor, needed: TokenScope) {
  if (RANK[actor.scope] < RANK[needed]) {
    throw new DomainError(
      'forbidden',
      `this needs the ${needed} scope; ${actor.id} has ${actor.scope}`,
    );
  }
}

export interface Tx {
  db: Db;
  at: string;
  audit(e: Omit<AuditEntry, 'actor' | 'at'>): Promise<void>;
}

/**
 * Runs `fn` in one transaction with the audit helper bound to the actor and the time, then
 * tells the bus what changed. The permission check comes first.
 */
export async function inTransaction<T>(
  ctx: Ctx,
  opts: { scope: TokenScope; changes?: string },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  requireScope(ctx.actor, opts.scope);
  const at = ctx.clock.now().toISOString();
  const claim = ctx.idempotency && !ctx.idempotency.claimed ? ctx.idempotency : undefined;
  const result = await ctx.store.db.transaction().execute(async (trx) => {
    if (claim) {
      await claimIdempotencyKey(trx, claim, at).catch((err) => {
        throw /unique|duplicate/i.test(String(err?.message))
          ? conflict('a request with this Idempotency-Key is already being answered; retry it', {
              'Idempotency-Key': 'is in use by a request still in progress',
            })
          : err;
      });
    }
    return fn({
      db: trx,
      at,
      audit: (e) => writeAudit(trx, { ...e, actor: ctx.actor.id, at }),
    });
  });
  if (claim) claim.claimed = true;
  if (opts.changes) ctx.bus.changed(opts.changes);
  return result;
}
