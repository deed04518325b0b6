/**
 * /webhooks: what a subscriber's webhook receives and how to verify it. Every webhook payload
 * links here from meta.documentation.
 */

import { statusName } from '../domain/status.js';
import { html } from '../lib/html.js';
import type { Snapshot } from '../store/queries/snapshot.js';
import { layout } from './layout.js';
import { registerSection } from './site.js';

const EXAMPLE = `{
  "meta": { "unsubscribe": "https://status.example.com/subscriptions/…/unsubscribe?sig=…",
            "documentation": "https://status.example.com/webhooks",
            "generated_at": "2026-11-26T14:05:00.000Z" },
  "page": { "id": "…", "status_indicator": "major", "status_description": "Partial System Outage" },
  "incident": { "id": "…", "name": "Elevated API error rates", "status": "identified",
                "impact": "major", "shortlink": "https://status.example.com/incidents/…",
                "incident_updates": [ { "status": "identified", "body": "…", "display_at": "…" } ],
                "components": [ … ], "next_update_at": "2026-11-26T14:25:00.000Z" }
}`;

const VERIFY = `import { Webhook } from 'standardwebhooks';

// the whsec_… secret you received once, when the webhook was subscribed
const wh = new Webhook(process.env.FLARE_WEBHOOK_SECRET);
// throws unless webhook-id, webhook-timestamp and webhook-signature match the raw body
const event = wh.verify(rawBody, request.headers);`;

export function renderWebhooksPage(s: Snapshot): string {
  const body = html`<section class="card prose">
    <h1>Webhook notifications</h1>
    <p>When you subscribe a URL to ${statusName(s.page.name)} updates, every incident update, maintenance
    update and component change is sent to it as an HTTP <code>POST</code> with a JSON body in
    Atlassian Statuspage's subscriber format, so tools that read Statuspage webhooks read these unchanged.</p>
    <h2>The payload</h2>
    <p>Every payload has <code>meta</code> and <code>page</code>. An incident or maintenance event adds
    <code>incident</code>; a component change adds <code>component</code> and <code>component_update</code>
    (<code>old_status</code>, <code>new_status</code>).</p>
    <pre><code>${EXAMPLE}</code></pre>
    <h2>Confirming a subscription</h2>
    <p>A URL subscribed from this page starts paused. Its first request carries
    <code>subscription_confirmation</code> with a <code>confirm_url</code>; open that URL (a
    <code>GET</code> is enough, by hand or from your handler) and the updates start. Until then
    nothing else is sent, so nobody can point these notifications at a URL they do not read.
    URLs added by the page's team through the API are active at once. A chat room's incoming
    webhook gets the same link as a message in the room.</p>
    <pre><code>{ "meta": { … }, "page": { … },
  "subscription_confirmation": {
    "confirm_url": "https://status.example.com/subscriptions/…/confirm?sig=…",
    "message": "Someone asked … to send status updates to this URL. …" } }</code></pre>
    <h2>Verifying a request</h2>
    <p>Requests are signed by the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>
    specification: <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code>
    headers, signed with the <code>whsec_…</code> secret shown once when the webhook was subscribed.</p>
    <pre><code>${VERIFY}</code></pre>
    <h2>Retries and duplicates</h2>
    <p>Answer with any <code>2xx</code> within 10 seconds. What a <code>2xx</code> says is not
    read; of any other answer Flare keeps the first 4 KB for the error it shows you. Past 4 KB the
    rest is dropped with the connection. Anything else is retried with growing
    pauses; <code>429</code> and <code>503</code> are retried after their <code>Retry-After</code>;
    <code>410 Gone</code> ends the subscription. A retry carries the same <code>webhook-id</code>, so
    you can drop a message you have already handled. After many failures in a row the subscription is
    paused and its contact address is told.</p>
  </section>`;
  return layout({ page: s.page, path: '/webhooks', title: 'Webhook notifications', body });
}

registerSection(() => [
  { path: '/webhooks', type: 'text/html; charset=utf-8', render: renderWebhooksPage },
]);
