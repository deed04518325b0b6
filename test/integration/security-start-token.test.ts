/**
 * What `npm start` prints to sign in: the demo admin token is made once and kept beside the
 * database (not minted again on every start), and `flare signin-code` prints a one-time link
 * whose code signs in exactly once.
 */
import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../src/actions/revokeToken.js';
import { buildServer } from '../../src/http/server.js';
import { DEMO_TOKEN_NAME, demoAdminToken, demoTokenFile } from '../../src/main/demoToken.js';
import { findTokenBySecret, listTokens } from '../../src/store/queries/tokens.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { flare } from '../helpers/cli.js';
import { postForm } from '../helpers/security.js';

describe('the sign-in npm start and the CLI print', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeTestApp('sqlite');
  });
  afterAll(async () => app?.cleanup());

  it('keeps one demo admin token across starts, and makes a new one only once it is revoked', async () => {
    const first = await demoAdminToken(app);
    expect(first.created).toBe(true);
    const file = demoTokenFile(app);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    for (let i = 0; i < 3; i++)
      expect(await demoAdminToken(app)).toEqual({ secret: first.secret, created: false });
    const named = (await listTokens(app.store.db)).filter((t) => t.name === DEMO_TOKEN_NAME);
    expect(named).toHaveLength(1);
    await revokeToken(app.ctx(), named[0].id);
    const next = await demoAdminToken(app);
    expect(next.created).toBe(true);
    expect(next.secret).not.toBe(first.secret);
    expect((await findTokenBySecret(app.store.db, next.secret))?.revoked_at).toBeNull();
  });

  it('`flare signin-code` prints a link whose code signs in once', async () => {
    const run = await flare(
      app.config.databaseUrl,
      'signin-code',
      '--url',
      'https://status.acme.test/',
    );
    expect(run.code).toBe(0);
    const m = /https:\/\/status\.acme\.test\/console\/signin\?code=(fsc_[\w-]+)/.exec(run.stdout);
    expect(m).not.toBeNull();
    expect(run.lastLine).toBe(m![1]);
    const server = await buildServer(app);
    try {
      expect((await postForm(server, '/console/signin', { code: m![1] })).statusCode).toBe(303);
      expect((await postForm(server, '/console/signin', { code: m![1] })).statusCode).toBe(401);
    } finally {
      await server.close();
    }
    const bad = await flare(app.config.databaseUrl, 'signin-code', '--minutes', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--minutes');
  }, 120_000);
});
