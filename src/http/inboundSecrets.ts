/** Where an inbound source's secret comes from: set through the API (sealed in the database), else its environment variable. */
import { inboundSealPurpose } from '../actions/setInboundSecret.js';
import type { App } from '../app.js';
import { open } from '../lib/secretBox.js';
import { getInboundSecret } from '../store/queries/inboundSources.js';

export interface InboundSecret {
  value: string;
  from: 'api' | 'env';
}

export async function inboundSecretOf(
  app: App,
  source: string,
): Promise<InboundSecret | undefined> {
  const row = await getInboundSecret(app.store.db, source);
  if (row) {
    const value = open(app.secretKey, inboundSealPurpose(source), row.secret_sealed);
    if (value === undefined)
      throw new Error(
        `the stored ${source} secret cannot be opened (was FLARE_SECRET_KEY changed?): set it again with PUT /api/v1/inbound/${source}`,
      );
    return { value, from: 'api' };
  }
  const env = app.config.inboundSecrets?.[source];
  return env ? { value: env, from: 'env' } : undefined;
}
