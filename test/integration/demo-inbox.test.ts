/**
 * The demo inbox behind `npm start`: a real listening server with the in-process SMTP server
 * and webhook receiver, the demo data and demo subscribers, the SSRF guard ON (only the
 * server's own origin let through). Publishing an incident over the admin API must land the
 * demo readers' emails, the affected demo accounts' contacts' emails, their key accounts'
 * managers' outreach notices and a signed webhook in the inbox, and /demo/inbox must show
 * them, escaped.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { DEMO_ACCOUNTS, loadDemo } from '../../src/actions/loadDemo.js';
import { parseOrigins } from '../../src/channels/allowOrigins.js';
import { DemoInbox, INBOX_LIMIT } from '../../src/main/demoInbox.js';
import { addDemoSubscribers, DEMO_EMAILS, DEMO_WEBHOOK } from '../../src/main/demoSubscribers.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type HttpReceiver, startHttpReceiver, waitFor } from '../helpers/receivers.js';

describeEachEngine('demo inbox', (engine) => {
  let app: TestApp;
  let inbox: DemoInbox;
  let server: Running;
  let rogue: HttpReceiver;
  let token: string;
  const componentId: Record<string, string> = {};

  beforeAll(async () => {
    // the guard is on, as it is for `npm start`: only the demo receiver's origin is let through
    app = await makeTestApp(engine, { config: { allowPrivateNetwork: false } });
    inbox = await DemoInbox.start();
    server = await startServer(app, {
      port: 0,
      host: '127.0.0.1',
      scheduler: false,
      ...inbox.serverOptions(),
    });
    expect(await loadDemo(app.ctx(), { publicUrl: server.url, onlyIfEmpty: true })).toBe(true);
    await addDemoSubscribers(app, inbox, server.url);
    // another loopback webhook: the narrow allowance must not let it through
    rogue = await startHttpReceiver();
    await createSubscriber(
      { ...app.ctx(), allowPrivateNetwork: true },
      { channel: 'webhook', url: `${rogue.url}/hook`, confirmed: true },
    );
    token = (await createToken(app.ctx(), { name: 'test', scope: 'admin' })).secret;
    const comps = (await (await fetch(`${server.url}/api/v2/components.json`)).json()) as {
      components: { id: string; name: string }[];
    };
    for (const c of comps.components) componentId[c.name] = c.id;
  });

  afterAll(async () => {
    await server?.stop();
    await inbox?.close();
    await rogue?.close();
    await app?.cleanup();
  });

  /**
   * The demo readers, the contacts of the demo accounts whose footprint has the component, and
   * the managers of those that are key accounts (top tier or critical), with an outreach notice.
   */
  const recipients = (component: string, readers: string[]) => {
    const affected = DEMO_ACCOUNTS.filter((a) => a.footprint.includes(component));
    const managers = affected
      .filter((a) => a.tier === 'enterprise' || a.criticality === 'critical')
      .map((a) => a.manager);
    return [
      ...readers,
      ...affected.flatMap((a) => a.contacts.map(([, email]) => email)),
      ...new Set(managers),
    ].sort();
  };

  async function publish(name: string, component: string): Promise<string> {
    const res = await fetch(`${server.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        body: 'We are looking into it.',
        components: { [componentId[component]]: 'degraded_performance' },
      }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  it('delivers a published incident to both emails and the signed webhook', async () => {
    const name = 'Slow <script>alert(1)</script> API & "quotes"';
    const id = await publish(name, 'API');
    // the two demo readers, and the contacts of the demo accounts that use the API
    const expected = recipients('API', [DEMO_EMAILS.all, DEMO_EMAILS.api]);
    await waitFor(
      () => inbox.emails.length >= expected.length && inbox.webhooks.length >= 1,
      15_000,
      'the emails and a webhook in the demo inbox',
    );
    expect(inbox.emails.map((e) => e.to[0]).sort()).toEqual(expected);
    // the subscribers' and contacts' messages (the managers get an outreach notice instead)
    const managers = new Set(DEMO_ACCOUNTS.map((a) => a.manager));
    for (const e of inbox.emails.filter((m) => !managers.has(m.to[0]))) {
      expect(e.subject).toContain(name);
      expect(e.html).toContain('<');
      expect(e.text).toContain('We are looking into it.');
      const h = Object.fromEntries(e.headers.map(([k, v]) => [k.toLowerCase(), v]));
      expect(h['list-unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+>$/);
      // the demo's page is plain HTTP: RFC 8058 allows one-click only over HTTPS
      expect(h['list-unsubscribe-post']).toBeUndefined();
      expect(h['message-id']).toMatch(/^<dlv_\d+/);
    }
    const [hook] = inbox.webhooks;
    expect(hook.name).toBe(DEMO_WEBHOOK);
    expect(hook.signatureValid).toBe(true);
    expect(JSON.parse(hook.body).incident.id).toBe(id);
  });

  it('shows the emails on /demo/inbox, escaped, with a sandboxed preview', async () => {
    const res = await fetch(`${server.url}/demo/inbox`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain(
      'Slow &lt;script&gt;alert(1)&lt;/script&gt; API &amp; &quot;quotes&quot;',
    );
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain(DEMO_EMAILS.all);
    expect(page).toContain(DEMO_EMAILS.api);
    expect(page).toContain('List-Unsubscribe');
    // the email's HTML is never inlined: a sandboxed frame loads it from a URL whose CSP lets
    // its inline styles apply and nothing run
    const frames = page.match(/<iframe[^>]*>/g) ?? [];
    expect(frames).toHaveLength(inbox.emails.length);
    for (const f of frames) {
      expect(f).toContain('sandbox=""');
      const src = /src="(\/demo\/inbox\/email\/\d+)"/.exec(f)?.[1];
      expect(src).toBeDefined();
      const mail = await fetch(`${server.url}${src}`);
      expect(mail.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = mail.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('script-src');
      expect(csp).toContain('sandbox');
      expect(await mail.text()).toContain('<html');
    }
    expect((await fetch(`${server.url}/demo/inbox/email/999999`)).status).toBe(404);
  });

  it('shows the webhook with its headers and a valid signature, and flags a forged one', async () => {
    let page = await (await fetch(`${server.url}/demo/inbox?tab=webhooks`)).text();
    expect(page).toContain('signature valid ✓');
    expect(page).toContain('webhook-id');
    expect(page).toContain(inbox.webhooks[0].headers.find(([k]) => k === 'webhook-id')?.[1]);
    expect(page).toContain('&quot;incident&quot;: {');
    const forged = await fetch(`${server.url}/demo/webhook/${DEMO_WEBHOOK}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,bm90IGEgc2lnbmF0dXJl',
      },
      body: '{"incident":{"name":"<img src=x onerror=alert(1)>","status":"forged"}}',
    });
    expect(forged.status).toBe(200);
    page = await (await fetch(`${server.url}/demo/inbox?tab=webhooks`)).text();
    expect(page).toContain('signature invalid ✗');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
  });

  it('sends only to subscribers of the affected component; the guard still refuses other private URLs', async () => {
    const before = { emails: inbox.emails.length, hooks: inbox.webhooks.length };
    const expected = recipients('Search', [DEMO_EMAILS.all]);
    await publish('Search is slow', 'Search');
    await waitFor(
      () =>
        inbox.emails.length >= before.emails + expected.length &&
        inbox.webhooks.length > before.hooks,
      15_000,
      'the second incident',
    );
    // give a wrong extra email the time to arrive if it were coming
    await new Promise((r) => setTimeout(r, 500));
    // newest first
    const fresh = inbox.emails.slice(0, inbox.emails.length - before.emails);
    expect(fresh.map((e) => e.to[0]).sort()).toEqual(expected);
    expect(rogue.requests).toHaveLength(0);
    const dead = await app.store.db
      .selectFrom('deliveries')
      .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
      .select(['deliveries.state', 'deliveries.last_error'])
      .where('subscribers.address', '=', `${rogue.url}/hook`)
      .execute();
    expect(dead.length).toBeGreaterThan(0);
    for (const d of dead) expect(d.last_error).toMatch(/refused|private|blocked/i);
  });

  it('keeps at most the last INBOX_LIMIT webhooks, newest first', async () => {
    for (let i = 0; i < INBOX_LIMIT + 5; i++) inbox.addWebhook('flood', {}, `{"n":${i}}`);
    expect(inbox.webhooks).toHaveLength(INBOX_LIMIT);
    expect(inbox.webhooks[0].body).toBe(`{"n":${INBOX_LIMIT + 4}}`);
  });
});

describeEachEngine('without the demo inbox', (engine) => {
  it('has no /demo routes', async () => {
    const app = await makeTestApp(engine);
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      expect((await fetch(`${server.url}/demo/inbox`)).status).toBe(404);
      const post = await fetch(`${server.url}/demo/webhook/acme-ops`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(post.status).toBe(404);
    } finally {
      await server.stop();
      await app.cleanup();
    }
  });
});

it('parses FLARE_ALLOW_ORIGINS as exact origins and names the variable on a bad entry', () => {
  expect([...parseOrigins(' http://127.0.0.1:8080/x , https://a.example ')]).toEqual([
    'http://127.0.0.1:8080',
    'https://a.example',
  ]);
  expect(parseOrigins(undefined).size).toBe(0);
  expect(() => parseOrigins('ftp://x')).toThrow(/FLARE_ALLOW_ORIGINS/);
  expect(() => parseOrigins('not a url')).toThrow(/FLARE_ALLOW_ORIGINS/);
});
