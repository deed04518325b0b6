/**
 * Renames an alert integration, changes its mapping, rotates its secrets, or takes the signing
 * secret the vendor made (PagerDuty). Admin; audited (never the secrets).
 */
import type { AlertKind } from '../domain/alerts.js';
import { invalid, notFound } from '../domain/errors.js';
import { alertSource } from '../inbound/alerts/registry.js';
import { seal } from '../lib/secretBox.js';
import { getIntegration } from '../store/queries/alertIntegrations.js';
import { type UpdateIntegrationInput, updateIntegrationInput } from './alertInputs.js';
import { type Ctx, inTransaction } from './context.js';
import {
  type IntegrationSecrets,
  integrationSealPurpose,
  newSecrets,
} from './createIntegration.js';
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
    if (input.signing_secret && !alertSource(before.kind).signing)
      throw invalid({ signing_secret: `${before.kind} does not sign its requests` });
    const secrets = input.rotate_secret
      ? newSecrets(ctx.secretKey, id, before.kind as AlertKind)
      : null;
    await tx.db
      .updateTable('alert_integrations')
      .set({
        ...(input.name ? { name: input.name } : {}),
        ...(input.mapping ? { mapping: JSON.stringify(input.mapping) } : {}),
        ...(secrets ? secrets.sealed : {}),
        // a vendor-given signing secret wins over the one just made
        ...(input.signing_secret
          ? {
              signing_secret_sealed: seal(
                ctx.secretKey,
                integrationSealPurpose(id, 'signing'),
                input.signing_secret,
              ),
            }
          : {}),
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
        signing_secret_set: !!input.signing_secret,
      },
    });
    if (secrets && input.signing_secret) secrets.plain.signing_secret = null;
    return secrets?.plain ?? null;
  });
}
