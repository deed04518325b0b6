/**
 * The OpenAPI 3.1 document of the admin API, built from the registered routes and the same zod
 * schemas that validate their input, so what is documented is what is enforced.
 */
import { z } from 'zod';
import type { ApiRoute } from './api.js';
import { NAMED_OUTPUTS } from './schemas.js';

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const uri = (id: string) => `#/components/schemas/${id}`;
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

function clean(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** Converts a registry of named schemas to `components.schemas` entries. */
function named(reg: z.core.$ZodRegistry<{ id: string }>, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(reg, { io, uri, unrepresentable: 'any' }).schemas;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, clean(v as Json)]));
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || !s.safeParse(undefined).success,
    schema: clean(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json),
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

function operation(r: ApiRoute, inputId: string | undefined, outputId: string | undefined) {
  const responses: Json = {};
  const ok = r.status ?? 200;
  responses[ok] =
    ok === 204
      ? { description: 'Done; no content' }
      : {
          description: ok === 201 ? 'Created' : 'OK',
          ...(r.content
            ? { content: r.content }
            : outputId
              ? { content: { 'application/json': { schema: ref(outputId) } } }
              : {}),
        };
  if (r.creates && ok !== 201)
    responses[201] = { ...(responses[ok] as Json), description: 'Created' };
  if (r.accepted)
    responses[202] = {
      description: r.acceptedDescription ?? 'Accepted: it waits for a decision (e.g. the approver)',
      content: {
        'application/json': {
          schema: clean(
            z.toJSONSchema(r.accepted, { io: 'output', unrepresentable: 'any' }) as Json,
          ),
        },
      },
    };
  // every route refuses a NUL character in the query, so each can answer 400
  responses[400] = errorResponse(
    r.body || r.query || r.params
      ? 'Invalid input: `error.fields` names each bad field'
      : 'Invalid query: a NUL character in it; `error.fields` names the parameter',
  );
  if (r.access !== 'public') {
    responses[401] = errorResponse('No API token, or the token is not valid or revoked');
    responses[403] = errorResponse(`The token lacks the ${r.access} scope`);
  }
  if (r.params) responses[404] = errorResponse('No such item');
  for (const [status, description] of Object.entries(r.errors ?? {}))
    responses[status] = errorResponse(description);
  if (r.body) responses[409] = errorResponse('Conflict, or a status change that is not allowed');
  responses.default = errorResponse('Unexpected error');
  return {
    operationId: r.id,
    summary: r.summary,
    tags: [r.tag],
    description:
      r.access === 'public' ? 'Needs no token.' : `Needs a token with the ${r.access} scope.`,
    'x-flare-scope': r.access,
    security: r.access === 'public' ? [] : [{ bearer: [] }],
    parameters: [
      ...parameters(r.params, 'path'),
      ...parameters(r.query, 'query'),
      ...(r.idempotent ? [IDEMPOTENCY_KEY] : []),
    ],
    ...(r.stream
      ? {
          requestBody: {
            required: true,
            content: {
              ...(inputId ? { 'application/json': { schema: ref(inputId) } } : {}),
              ...r.stream.types,
            },
          },
        }
      : {}),
    ...(r.body && inputId && !r.stream
      ? {
          requestBody: {
            required: r.method === 'POST' || r.method === 'PUT',
            content: { 'application/json': { schema: ref(inputId) } },
          },
        }
      : {}),
    responses,
  };
}

/** What each operation tag groups; every tag a route uses must be described here. */
export const TAGS: Record<string, string> = {
  account: 'Accounts (customers): their tier, footprint and contacts, and their bulk import',
  approval: 'Updates that wait for an approver, and the decisions on them',
  audience:
    'Customer audiences: which account contacts each selects, the account tiers, and the preview of who a notice reaches',
  audit: 'The audit log: who changed what, and when',
  briefing:
    'The briefing pack for support, sales and account managers: one statement, approved answers, who read it',
  debrief:
    'The comms debrief after an incident: metrics with their definitions, a Markdown export, and suggestions applied to the plan',
  component: 'The components shown on the status page and their statuses',
  delivery: 'Notification deliveries per incident: their state, and requeueing dead letters',
  drill: 'Practice incidents that notify only the team',
  enquiry:
    'What customers say back (email, phone, helpdesk, social): the intake, the inbox, replies and the reaction stats',
  handover:
    'Follow the sun: an incident role handed from one shift to the next with a note, and its acceptance',
  inbound:
    'Vendor webhooks that become enquiries (Zendesk, Freshdesk, Intercom, Twilio SMS and voice), signed by the vendor, and their secrets',
  incident: 'Incidents, their updates, drafts and postmortems',
  integration:
    'Monitoring integrations (Alertmanager, Grafana, Datadog, PagerDuty, Opsgenie, generic JSON): their alerts open draft incidents',
  'incident room': 'The team side of an incident: its timeline and role assignments',
  maintenance: 'Scheduled maintenance windows',
  meta: 'About the API itself',
  outreach: 'Account-manager calls to key accounts an incident affects, and their outcomes',
  page: 'The status page settings',
  person: 'The people on the team who can be paged',
  plan: 'The comms plan as one document: its import, versions, settings and readiness',
  region: 'Team regions (APAC, EMEA, AMER…) with working hours in their own time zones',
  role: 'Incident roles and their rotations',
  severity: 'Severity levels: their cadence, approval and channel matrix',
  sla: 'SLA policies, the monthly credits report (JSON and billing CSV) and finance’s decisions on credits',
  social: 'The status page’s Mastodon and Bluesky accounts: their mentions become enquiries',
  subscriber: 'Subscribers to notifications, by channel',
  template: 'Message templates per stage, channel and language',
  token: 'API tokens and their scopes',
};

/**
 * The `tags` list: each tag the routes use, with its description, in name order. A tag missing
 * from TAGS is listed without one, which the linters in the test suite report.
 */
function tagList(routes: ApiRoute[]): Json[] {
  const used = [...new Set(routes.map((r) => r.tag))].sort();
  return used.map((name) => (TAGS[name] ? { name, description: TAGS[name] } : { name }));
}

/** The header a creating POST takes so that a retry cannot create twice (see http/idempotency.ts). */
const IDEMPOTENCY_KEY: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Any unique string (1–255 printable ASCII characters, e.g. a UUID). A repeat with the same key from the same token within 24 hours gets the first answer again (same status and body, with `Idempotent-Replayed: true`) and creates and sends nothing; the same key with a different body is a 409 naming the header.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

export function buildOpenApi(routes: ApiRoute[], info: { title: string; version: string }): Json {
  const inputs = z.registry<{ id: string }>();
  const outputs = z.registry<{ id: string }>();
  for (const [id, s] of Object.entries(NAMED_OUTPUTS)) outputs.add(s, { id });
  for (const r of routes) {
    if (r.body && !inputs.has(r.body)) inputs.add(r.body, { id: `${capital(r.id)}Input` });
    if (r.response && !outputs.has(r.response))
      outputs.add(r.response, { id: `${capital(r.id)}Response` });
  }
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = operation(
      r,
      r.body ? inputs.get(r.body)?.id : undefined,
      r.response ? outputs.get(r.response)?.id : undefined,
    );
  }
  return {
    openapi: '3.1.1',
    info: {
      ...info,
      description:
        'The admin API of Flare. Authenticate with `Authorization: Bearer <token>` ' +
        '(create a token with `flare token create --name NAME --scope read|write|admin`). ' +
        'Errors answer `{"error": {"code", "message", "fields"}}`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // relative: the API is served by the same server as this document, whatever its address
    servers: [{ url: '/', description: 'The Flare server that serves this document' }],
    tags: tagList(routes),
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token; its scope (read, write or admin) decides what it may do',
        },
      },
      schemas: { ...named(outputs, 'output'), ...named(inputs, 'input') },
    },
  };
}
