/**
 * The admin token `npm start` prints. It is made once and kept in a file next to the SQLite
 * database (`./data/demo-admin-token`, mode 0600; `./data/` for PostgreSQL), so restarting does
 * not mint another never-expiring admin token each time. Revoke it and the next start makes
 * a new one.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI } from '../actions/context.js';
import { createToken } from '../actions/createToken.js';
import type { App } from '../app.js';
import { DEMO_TOKEN_NAME } from '../domain/tokenNames.js';
import { findTokenBySecret } from '../store/queries/tokens.js';

export { DEMO_TOKEN_NAME };

export function demoTokenFile(app: App): string {
  const url = app.store.url;
  const db = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : '';
  const dir = db && db !== ':memory:' ? dirname(db) : './data';
  return join(dir, 'demo-admin-token');
}

/** The demo admin token's secret, and whether this call made it. */
export async function demoAdminToken(app: App): Promise<{ secret: string; created: boolean }> {
  const file = demoTokenFile(app);
  let kept = '';
  try {
    kept = readFileSync(file, 'utf8').trim();
  } catch {}
  if (kept) {
    const t = await findTokenBySecret(app.store.db, kept);
    if (t && !t.revoked_at) return { secret: kept, created: false };
  }
  const { secret } = await createToken(app.ctx(CLI), { name: DEMO_TOKEN_NAME, scope: 'admin' });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, created: true };
}
