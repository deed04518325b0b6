/**
 * POST /api/v1/inbound/<source>: the vendor webhooks (Zendesk, Freshdesk, Intercom, Twilio) that
 * become enquiries. No API token: each request must carry the vendor's signature (or shared
 * secret), checked over the raw body bytes, so the body is read raw in a scope of its own. An
 * unconfigured source is a 404; a bad or missing signature a 401, and nothing is stored.
 *
 * A signed payload is never lost: one Flare cannot read (bad JSON, a missing field) is stored
 * as an enquiry saying so, with the payload kept as received, and answered 202 naming the field.
 * The vendor's id is the dedupe key, so its retry is answered 200 and stores nothing.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { receiveEnquiryOnce } from '../../actions/receiveEnquiry.js';
import type { App } from '../../app.js';
import { DomainError, type FieldErrors } from '../../domain/errors.js';
import { INBOUND_SOURCES } from '../../inbound/registry.js';
import { digest } from '../../inbound/shared.js';
import type { InboundSource, Mapped } from '../../inbound/types.js';
import { getPage } from '../../store/queries/page.js';
import { documentRoutes } from '../api.js';
import { inboundSecretOf } from '../inboundSecrets.js';
import type { RouteModule } from '../registry.js';

/** The largest webhook body taken (a helpdesk ticket with a long thread fits easily). */
export const INBOUND_BODY_LIMIT = 256 * 1024;

export const inboundReceipt = z.object({
  status: z
    .enum(['stored', 'duplicate', 'ignored', 'unreadable'])
    .describe(
      'stored: a new enquiry; duplicate: the vendor’s retry of one already stored; ignored: not a customer message; unreadable: stored as received, see fields',
    ),
  id: z.string().optional().describe('the enquiry'),
  reason: z.string().optional(),
  fields: z.record(z.string(), z.string()).optional(),
});

const urlOf = (d: InboundSource) => `/api/v1/inbound/${d.name}`;

/** The full URLs the vendor may have called: the public URL setting, then the request's own Host. */
async function candidateUrls(app: App, req: FastifyRequest): Promise<string[]> {
  const urls = new Set<string>();
  const base = (await getPage(app.store.db))?.url ?? app.config.publicUrl;
  if (base) {
    try {
      const u = new URL(base);
      urls.add(`${u.origin}${req.url}`);
      urls.add(`${u.origin}${u.pathname.replace(/\/+$/, '')}${req.url}`);
    } catch {
      // a page URL that does not parse offers nothing
    }
  }
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    .trim();
  const proto = /^https?$/.test(forwarded) ? forwarded : req.protocol;
  const host = req.host;
  if (host) urls.add(`${proto}://${host}${req.url}`);
  return [...urls];
}

function problemText(fields: FieldErrors): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

export const inboundRoutes: RouteModule = async (server, app) => {
  documentRoutes(
    server,
    INBOUND_SOURCES.map((d) => ({
      id: `receive${d.name[0].toUpperCase()}${d.name.slice(1)}Webhook`,
      method: 'POST' as const,
      url: urlOf(d),
      access: 'public' as const,
      tag: 'inbound',
      summary: `${d.title} webhook: becomes an enquiry. Authenticated by the vendor’s signature over the raw body with ${d.secretName}, not by an API token; a retry of a stored message stores nothing`,
      errors: {
        401: 'The signature (or shared secret) is missing or does not match, or is too old: nothing is stored',
        404: 'The source has no secret (set one with PUT /api/v1/inbound/{source} or its environment variable)',
        413: `The body is larger than ${INBOUND_BODY_LIMIT / 1024} KB`,
        429: 'Too many requests from this client address (FLARE_INBOUND_RATE_LIMIT a minute)',
      },
      stream: { types: { [d.mediaType]: { schema: { type: 'object' } } } },
      ...(d.reply
        ? {
            content: {
              [d.reply.type.split(';')[0]]: {
                schema: { type: 'string', examples: [d.reply.body] },
              },
            },
          }
        : {
            response: inboundReceipt,
            accepted: inboundReceipt,
            acceptedDescription:
              'Signed, but Flare cannot read it: stored as received, `fields` names what is wrong',
          }),
    })),
  );

  await server.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: INBOUND_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    await scope.register(rateLimit, {
      global: true,
      max: app.config.inboundRateLimit,
      timeWindow: 60_000,
    });
    for (const d of INBOUND_SOURCES)
      scope.post(urlOf(d), { bodyLimit: INBOUND_BODY_LIMIT }, (req, reply) =>
        receive(app, d, req, reply),
      );
  });
};

async function receive(app: App, d: InboundSource, req: FastifyRequest, reply: FastifyReply) {
  const secret = await inboundSecretOf(app, d.name);
  if (!secret)
    throw new DomainError(
      'not_found',
      `the ${d.title} source is not configured: set its secret with PUT /api/v1/inbound/${d.name} or ${d.env}`,
    );
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const problem = d.verify(secret.value, {
    body,
    headers: req.headers,
    urls: await candidateUrls(app, req),
    now: app.clock.now(),
  });
  if (problem) {
    req.log.warn({ source: d.name, problem }, 'inbound webhook refused');
    throw new DomainError('unauthorized', `${d.title} webhook refused: ${problem}`);
  }
  const ctx = app.ctx({ id: `inbound:${d.name}`, scope: 'write' });
  let payload: unknown;
  let fields: FieldErrors = {};
  try {
    payload = d.parse(body);
    const mapped: Mapped = d.map(payload);
    if (mapped.kind === 'ignore')
      return answer(d, reply, 200, { status: 'ignored', reason: mapped.reason });
    const got = await receiveEnquiryOnce(ctx, mapped.enquiry, {
      source: d.name,
      raw: payload,
      dedupeKey: mapped.dedupeKey,
    });
    return answer(d, reply, 200, {
      status: got.duplicate ? 'duplicate' : 'stored',
      id: got.enquiry.id,
    });
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
    fields = err.fields;
  }
  // signed but unreadable: kept as received, for a person to read; a retry of it stores nothing
  const got = await receiveEnquiryOnce(
    ctx,
    {
      channel: d.channel,
      from: `${d.title} (unreadable payload)`,
      text: `Flare could not read this ${d.title} webhook (${problemText(fields)}). The payload is kept as received.`,
    },
    {
      source: d.name,
      raw: payload ?? body.toString('utf8'),
      dedupeKey: `unreadable:${digest(body)}`,
    },
  );
  req.log.warn({ source: d.name, fields, enquiry: got.enquiry.id }, 'inbound webhook unreadable');
  return answer(d, reply, 202, { status: 'unreadable', id: got.enquiry.id, fields });
}

function answer(
  d: InboundSource,
  reply: FastifyReply,
  status: number,
  body: z.infer<typeof inboundReceipt>,
) {
  reply.header('cache-control', 'no-store');
  if (d.reply) return reply.status(200).type(d.reply.type).send(d.reply.body);
  return reply.status(status).send(body);
}
