import { newId } from '../../lib/ids.js';
import type { Db } from '../db.js';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  at: string;
}

/** Every write leaves one of these, inside the same transaction as the write. */
export async function writeAudit(trx: Db, e: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      actor: e.actor,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      before: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      after: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
      at: e.at,
    })
    .execute();
}
