/** Removes an inbound source's secret set through the API (its environment variable, if any, applies again). */
import { notFound } from '../domain/errors.js';
import { inboundSource } from '../inbound/registry.js';
import { type Ctx, inTransaction } from './context.js';

export async function clearInboundSecret(ctx: Ctx, source: string): Promise<void> {
  if (!inboundSource(source)) throw notFound('inbound source', source);
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const gone = await tx.db
      .deleteFrom('inbound_sources')
      .where('source', '=', source)
      .executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw notFound('inbound source secret', source);
    await tx.audit({
      action: 'inbound_source.secret.clear',
      entityType: 'inbound_source',
      entityId: source,
      before: { configured: true },
      after: { configured: false },
    });
  });
}
