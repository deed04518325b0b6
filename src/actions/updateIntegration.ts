/** Renames an alert integration, changes its mapping, or rotates its secrets. Admin; audited (never the secrets). */

import type { AlertKind } from '../domain/alerts.js';
import { notFound } from '../domain/errors.js';
import { getIntegration } from '../store/queries/alertIntegrations.js';
import { type UpdateIntegrationInput, updateIntegrationInput } from './alertInputs.js';
import { type Ctx, inTransaction } from './context.js';
import { type IntegrationSecrets, newSecrets } from './createIntegration.js';
import { parseInput } from './inputs.js';
import { checkMapping } from './shared/alertMappingCheck.js';

export async function updateIntegration(
  ctx: Ctx,
  id: string,
  raw: UpdateIntegrationInput | unknown,
): Promise<IntegrationSecrets | null> {
  const input = parseInput(updateIntegrationInput, raw);
  return inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const before = await getIntegration(tx.db, id);
    if (!before) throw notFound('integration', id);
    if (input.mapping) await checkMapping(tx.db, input.mapping);
    const secrets = input.rotate_secret
      ? newSecrets(ctx.secretKey, id, before.kind as AlertKind)
      : null;
    await tx.db
      .updateTable('alert_integrations')
      .set({
        ...(input.name ? { name: input.name } : {}),
        ...(input.mapping ? { mapping: JSON.stringify(input.mapping) } : {}),
        ...(secrets ? secrets.sealed : {}),
        updated_at: tx.at,
      })
      .where('id', '=', id)
      .execute();
    const shown = (i: { name: string; mapping: unknown }) => ({ name: i.name, mapping: i.mapping });
    await tx.audit({
      action: 'integration.update',
      entityType: 'alert_integration',
      entityId: id,
      before: shown(before),
      after: {
        ...shown({ name: input.name ?? before.name, mapping: input.mapping ?? before.mapping }),
        secret_rotated: !!secrets,
      },
    });
    return secrets?.plain ?? null;
  });
}
