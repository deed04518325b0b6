/** Inbound sources' secrets as stored (sealed; lib/secretBox.ts opens them). */
import type { Db } from '../db.js';
import type { InboundSourceTable } from '../schema.js';

export type InboundSourceRow = InboundSourceTable;

export async function listInboundSecrets(db: Db): Promise<InboundSourceRow[]> {
  return db.selectFrom('inbound_sources').selectAll().orderBy('source').execute();
}

export async function getInboundSecret(
  db: Db,
  source: string,
): Promise<InboundSourceRow | undefined> {
  return db
    .selectFrom('inbound_sources')
    .selectAll()
    .where('source', '=', source)
    .executeTakeFirst();
}
