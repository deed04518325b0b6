/**
 * Connects a monitor (issue #13 part 1): an alert integration with a name, a kind and mapping
 * rules. It gets a random URL secret and, where the vendor signs (PagerDuty), a signing secret;
 * both are sealed under the server's secret key, shown in this answer only and never again
 * (nor in the audit log). Admin; audited.
 */
import { randomBytes } from 'node:crypto';
import type { AlertKind } from '../domain/alerts.js';
import { alertSource } from '../inbound/alerts/registry.js';
import { newId } from '../lib/ids.js';
import { seal } from '../lib/secretBox.js';
import { type CreateIntegrationInput, createIntegrationInput } from './alertInputs.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { checkMapping } from './shared/alertMappingCheck.js';

/** The purposes an integration's secrets are sealed for (lib/secretBox.ts). */
export const integrationSealPurpose = (id: string, which: 'url' | 'signing') =>
  `alert-integration:${which}:${id}`;

export interface IntegrationSecrets {
  secret: string;
  signing_secret: string | null;
}

/** New secrets for an integration, and their sealed forms. */
export function newSecrets(key: Buffer, id: string, kind: AlertKind) {
  const secret = randomBytes(24).toString('base64url');
  const signing = alertSource(kind).signing ? randomBytes(32).toString('base64url') : null;
  return {
    plain: { secret, signing_secret: signing } as IntegrationSecrets,
    sealed: {
      secret_sealed: seal(key, integrationSealPurpose(id, 'url'), secret),
      signing_secret_sealed: signing
        ? seal(key, integrationSealPurpose(id, 'signing'), signing)
        : null,
    },
  };
}

export async function createIntegration(
  ctx: Ctx,
  raw: CreateIntegrationInput | unknown,
): Promise<{ id: string } & IntegrationSecrets> {
  const input = parseInput(createIntegrationInput, raw);
  return inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    await checkMapping(tx.db, input.mapping);
    const id = newId(Date.parse(tx.at));
    const secrets = newSecrets(ctx.secretKey, id, input.kind);
    const row = {
      id,
      name: input.name,
      kind: input.kind,
      mapping: JSON.stringify(input.mapping),
      created_at: tx.at,
      updated_at: tx.at,
    };
    await tx.db
      .insertInto('alert_integrations')
      .values({ ...row, ...secrets.sealed })
      .execute();
    await tx.audit({
      action: 'integration.create',
      entityType: 'alert_integration',
      entityId: id,
      after: { ...row, mapping: input.mapping, signed: !!secrets.plain.signing_secret },
    });
    return { id, ...secrets.plain };
  });
}
