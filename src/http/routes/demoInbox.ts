/**
 * Demo-inbox routes, registered only when `flare start` runs the demo inbox (not in the
 * registry): the page at /demo/inbox and the webhook receiver at POST /demo/webhook/:name,
 * which keeps the raw body so the Standard Webhooks signature can be checked.
 */
import type { FastifyInstance } from 'fastify';
import type { DemoInbox } from '../../main/demoInbox.js';
import { demoInboxPage, type InboxTab } from '../../pages/demoInbox.js';
import { pageData, sendHtml } from '../pageReplies.js';
import type { RouteModule } from '../registry.js';

export function demoInboxRoutes(inbox: DemoInbox): RouteModule {
  return async (server, app) => {
    server.get<{ Querystring: { tab?: string } }>('/demo/inbox', async (req, reply) => {
      const { page } = await pageData(app);
      const tab: InboxTab = req.query.tab === 'webhooks' ? 'webhooks' : 'email';
      const body = demoInboxPage({
        page,
        tab,
        emails: inbox.emails,
        webhooks: inbox.webhooks,
        version: inbox.version,
      });
      return sendHtml(reply, 200, body);
    });

    // an email's own HTML, for the preview frame: its inline styles may apply, nothing may run
    server.get<{ Params: { id: string } }>('/demo/inbox/email/:id', async (req, reply) => {
      const mail = inbox.emails.find((e) => String(e.id) === req.params.id);
      if (!mail?.html) return reply.status(404).type('text/plain').send('no such email');
      return reply
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
        )
        .header('x-frame-options', 'SAMEORIGIN')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(mail.html);
    });

    await server.register(async (scope: FastifyInstance) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_r, b, done) =>
        done(null, b),
      );
      scope.post<{ Params: { name: string }; Body: string }>(
        '/demo/webhook/:name',
        async (req, reply) => {
          const name = req.params.name.slice(0, 100);
          const hook = inbox.addWebhook(
            name,
            req.headers,
            typeof req.body === 'string' ? req.body : '',
          );
          return reply.status(200).send({ received: true, signature_valid: hook.signatureValid });
        },
      );
    });
  };
}
