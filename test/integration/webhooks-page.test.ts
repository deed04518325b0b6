import { afterAll, beforeAll, expect, it } from 'vitest';
import { updatePage } from '../../src/actions/updatePage.js';
import { webhookBody } from '../../src/channels/webhook.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

describeEachEngine('the webhook documentation every payload links to', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeTestApp(engine);
  });
  afterAll(() => app.cleanup());

  it('is served at /webhooks and explains the payload and the signature', async () => {
    await updatePage(app.ctx(), { name: 'Acme <Ops>', url: 'https://status.acme.test' });
    const server = await buildServer(app);
    const res = await server.inject({ method: 'GET', url: '/webhooks' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('webhook-signature');
    expect(res.body).toContain('Acme &lt;Ops&gt;');
    expect(res.body).not.toContain('Acme <Ops>');
    await server.close();
    expect(
      Object.keys(
        webhookBody({
          kind: 'incident.updated',
          page: { id: 'p', status_indicator: 'none', status_description: 'x' },
        } as never),
      ),
    ).toEqual(['page']);
  });
});
