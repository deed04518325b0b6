/**
 * Sets an inbound source's secret (the vendor's signing secret, client secret or auth token).
 * It is kept sealed under the server's secret key and never shown again, not even in the audit
 * log; it wins over the source's environment variable.
 */
import { notFound } from '../domain/errors.js';
import { inboundSource } from '../inbound/registry.js';
import { seal } from '../lib/secretBox.js';
import { type Ctx, inTransaction } from './context.js';
import { type SetInboundSecretInput, setInboundSecretInput } from './enquiryInputs.js';
import { parseInput } from './inputs.js';

/** The purpose a source's secret is sealed for (lib/secretBox.ts). */
export const inboundSealPurpose = (source: string) => `inbound-source:${source}`;

export async function setInboundSecret(
  ctx: Ctx,
  source: string,
  raw: SetInboundSecretInput | unknown,
): Promise<void> {
  if (!inboundSource(source)) throw notFound('inbound source', source);
  const input = parseInput(setInboundSecretInput, raw);
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await tx.db
      .selectFrom('inbound_sources')
      .select(['source', 'updated_at'])
      .where('source', '=', source)
      .executeTakeFirst();
    const sealed = seal(ctx.secretKey, inboundSealPurpose(source), input.secret);
    if (before)
      await tx.db
        .updateTable('inbound_sources')
        .set({ secret_sealed: sealed, updated_by: ctx.actor.id, updated_at: tx.at })
        .where('source', '=', source)
        .execute();
    else
      await tx.db
        .insertInto('inbound_sources')
        .values({
          source,
          secret_sealed: sealed,
          updated_by: ctx.actor.id,
          created_at: tx.at,
          updated_at: tx.at,
        })
        .execute();
    await tx.audit({
      action: before ? 'inbound_source.secret.replace' : 'inbound_source.secret.set',
      entityType: 'inbound_source',
      entityId: source,
      before: before ? { configured: true } : { configured: false },
      after: { configured: true },
    });
  });
}
