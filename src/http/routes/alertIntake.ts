/**
 * POST /api/v1/alerts/:integration/:secret: a monitor's webhook (issue #13 part 1). No API
 * token: the URL carries the integration's random secret, compared in constant time, and where
 * the vendor signs (PagerDuty) the signature over the raw body must hold too, so the body is
 * read raw in a scope of its own, rate-limited per client address. A wrong secret or signature
 * is a 401 (an unknown integration a 404), and nothing is stored. A signed body is stored as it
 * came before it is read; one Flare cannot read is kept and answered 202 naming the field.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { integrationSealPurpose } from '../../actions/createIntegration.js';
import { receiveAlerts } from '../../actions/receiveAlerts.js';
import type { App } from '../../app.js';
import { DomainError } from '../../domain/errors.js';
import { ALERT_SOURCES, alertSource } from '../../inbound/alerts/registry.js';
import { sameSecret } from '../../inbound/shared.js';
import { open } from '../../lib/secretBox.js';
import { getIntegration } from '../../store/queries/alertIntegrations.js';
import { documentRoutes } from '../api.js';
import type { RouteModule } from '../registry.js';

/** The largest alert webhook taken (an Alertmanager group of a few thousand alerts fits). */
export const ALERT_BODY_LIMIT = 4 * 1024 * 1024;

const URL = '/api/v1/alerts/:integration/:secret';

export const alertReceiptOut = z.object({
  status: z
    .enum(['processed', 'ignored', 'unreadable'])
    .describe(
      'processed: applied to its groups; ignored: nothing for Flare; unreadable: stored as received, see fields',
    ),
  id: z.string().describe('the stored receipt'),
  alerts: z.number(),
  groups: z.number(),
  opened: z.array(z.string()).describe('incidents (drafts) this request opened'),
  reason: z.string().optional(),
  fields: z.record(z.string(), z.string()).optional(),
});

interface Req {
  Params: { integration: string; secret: string };
}

export const alertIntakeRoutes: RouteModule = async (server, app) => {
  documentRoutes(server, [
    {
      id: 'receiveAlerts',
      method: 'POST',
      url: URL,
      access: 'public',
      tag: 'integration',
      params: z
        .object({
          integration: z.string().min(1).max(100).describe('the integration’s id'),
          secret: z.string().min(1).max(200).describe('the integration’s URL secret'),
        })
        .strict(),
      summary: `A monitor’s webhook (${ALERT_SOURCES.map((s) => s.title).join(', ')}), in its vendor’s format: authenticated by the secret in the URL and, for PagerDuty, X-PagerDuty-Signature over the raw body. Alerts open or update one draft incident per group`,
      errors: {
        401: 'The URL secret or the signature is wrong: nothing is stored',
        404: 'No such integration (it was deleted): nothing is stored',
        413: `The body is larger than ${ALERT_BODY_LIMIT / 1024 / 1024} MB`,
        429: 'Too many requests from this client address (FLARE_INBOUND_RATE_LIMIT a minute)',
      },
      stream: { types: { 'application/json': { schema: { type: 'object' } } } },
      response: alertReceiptOut,
      accepted: alertReceiptOut,
      acceptedDescription:
        'Authenticated, but Flare cannot read it: stored as received, `fields` names what is wrong',
    },
  ]);

  await server.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: ALERT_BODY_LIMIT },
      (_r, body, done) => done(null, body),
    );
    await scope.register(rateLimit, {
      global: true,
      max: app.config.inboundRateLimit,
      timeWindow: 60_000,
    });
    scope.post<Req>(URL, { bodyLimit: ALERT_BODY_LIMIT }, (req, reply) => receive(app, req, reply));
  });
};

const refused = (why: string) => new DomainError('unauthorized', `alert webhook refused: ${why}`);

async function receive(app: App, req: FastifyRequest<Req>, reply: FastifyReply) {
  const { integration: id, secret } = req.params;
  const integration = await getIntegration(app.store.db, id);
  // an unknown integration is a 404, like an unconfigured inbound source (its id is no secret)
  if (!integration) throw new DomainError('not_found', `no integration ${JSON.stringify(id)}`);
  const want = open(
    app.secretKey,
    integrationSealPurpose(integration.id, 'url'),
    integration.secret_sealed,
  );
  if (!want || !sameSecret(secret, want)) {
    req.log.warn({ integration: id }, 'alert webhook refused: wrong secret');
    throw refused('the URL secret does not match');
  }
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const source = alertSource(integration.kind);
  if (source.signing) {
    const signing = integration.signing_secret_sealed
      ? open(
          app.secretKey,
          integrationSealPurpose(integration.id, 'signing'),
          integration.signing_secret_sealed,
        )
      : undefined;
    const problem = signing
      ? source.signing.verify(signing, {
          body,
          headers: req.headers,
          urls: [],
          now: app.clock.now(),
        })
      : 'the integration has no signing secret (rotate its secrets)';
    if (problem) {
      req.log.warn({ integration: id, problem }, 'alert webhook refused');
      throw refused(problem);
    }
  }
  const ctx = app.ctx({ id: `integration:${integration.id}`, scope: 'write' });
  const out = await receiveAlerts(ctx, integration, body);
  reply.header('cache-control', 'no-store');
  return reply.status(out.status === 'unreadable' ? 202 : 200).send(out);
}
