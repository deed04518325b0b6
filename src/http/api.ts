/**
 * The admin API's routes as data. Each route module lists its routes once; the same list
 * registers them with Fastify and builds the OpenAPI document, so the two cannot drift.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor, Ctx } from '../actions/context.js';
import { parseInput } from '../actions/inputs.js';
import type { App } from '../app.js';
import { invalid, notFound } from '../domain/errors.js';
import { type Access, actorOf, authenticate } from './auth.js';
import { idempotencyKey, keepAnswer, replayAnswer, requestHash, withClaim } from './idempotency.js';
import type { RouteModule } from './registry.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteArgs<P, Q> {
  app: App;
  server: FastifyInstance;
  ctx: Ctx;
  actor: Actor;
  params: P;
  query: Q;
  /** the parsed JSON body: an object, or undefined when none was sent. Actions validate it. */
  body: unknown;
  reply: FastifyReply;
}

export interface ApiRoute<P = any, Q = any> {
  /** the OpenAPI operationId */
  id: string;
  method: Method;
  /** Fastify path, e.g. /api/v1/incidents/:id */
  url: string;
  access: Access;
  tag: string;
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** the action's input schema: documented here, validated by the action */
  body?: z.ZodType;
  /** success status; 204 sends no body */
  status?: 200 | 201 | 204;
  /** the success response's schema, for the OpenAPI document and the tests */
  response?: z.ZodType;
  /** the success response's content by media type, when it is more than one JSON schema */
  content?: Record<string, { schema: Record<string, unknown> }>;
  /** the 202 response's schema, for a route that may accept work instead (see Accepted) */
  accepted?: z.ZodType;
  /** what a 202 means, when not "waits for a decision" */
  acceptedDescription?: string;
  /** error answers beyond the usual ones, by status, with what each means (for the document) */
  errors?: Record<number, string>;
  /** creates or replaces: 201 when the handler answers `new Created(body)`, else the status */
  creates?: boolean;
  /** creates something: takes an Idempotency-Key header (see idempotency.ts) */
  idempotent?: boolean;
  /**
   * The body is not parsed: the handler gets it as a stream of bytes (a bulk import), of these
   * media types, up to `bodyLimit` bytes (the handler counts them as it reads).
   */
  stream?: { types: Record<string, { schema: Record<string, unknown> }> };
  handler(args: RouteArgs<P, Q>): Promise<unknown>;
}

/** A handler's answer when the work was accepted but not done yet (e.g. it waits for approval): 202. */
export class Accepted {
  constructor(readonly body: unknown) {}
}

/** A create-or-replace handler's answer when it created the item: 201 (see ApiRoute.creates). */
export class Created {
  constructor(readonly body: unknown) {}
}

/** Declares one route, inferring the types of its params and query from their schemas. */
export function route<P = Record<string, never>, Q = Record<string, never>>(
  r: ApiRoute<P, Q>,
): ApiRoute<P, Q> {
  return r;
}

const registered = new WeakMap<FastifyInstance, ApiRoute[]>();

/** Every API route registered on this server, in registration order. */
export function routesOf(server: FastifyInstance): ApiRoute[] {
  return registered.get(server) ?? [];
}

/**
 * Lists routes that a module serves itself (a vendor webhook that needs its raw body, rate
 * limit and reply type), so that the OpenAPI document shows them like every other route.
 */
export function documentRoutes(server: FastifyInstance, routes: Omit<ApiRoute, 'handler'>[]) {
  const list = registered.get(server) ?? [];
  registered.set(server, list);
  for (const r of routes)
    list.push({
      ...r,
      handler: () => Promise.reject(new Error(`${r.method} ${r.url} is served by its own module`)),
    });
}

/** Turns a list of routes into a registry module. */
export function apiModule(routes: ApiRoute[]): RouteModule {
  return (server, app) => {
    const list = registered.get(server) ?? [];
    registered.set(server, list);
    for (const r of routes) {
      list.push(r);
      const options = {
        method: r.method,
        url: r.url,
        onRequest: authenticate(app, r.access),
        preValidation: r.body && !r.stream ? checkBody : undefined,
        handler: (req: FastifyRequest, reply: FastifyReply) => handle(server, app, r, req, reply),
      };
      if (!r.stream) {
        server.route(options);
        continue;
      }
      // its own scope, where every body passes through unread
      server.register(async (scope) => {
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
        scope.route(options);
      });
    }
  };
}

async function handle(
  server: FastifyInstance,
  app: App,
  r: ApiRoute,
  req: FastifyRequest,
  reply: FastifyReply,
) {
  const rawParams = (req.params ?? {}) as Record<string, string>;
  // an id that cannot exist (too long, NUL) is simply not found
  for (const [k, v] of Object.entries(rawParams)) {
    if (v.length > 100 || v.includes('\0')) throw notFound(k === 'id' ? r.tag : k, v);
  }
  const params = r.params ? parseInput(r.params, rawParams) : {};
  const rawQuery = (req.query ?? {}) as Record<string, unknown>;
  const nul = findNul(rawQuery);
  if (nul) throw invalid({ [nul]: 'must not contain NUL characters' });
  const query = r.query ? parseInput(r.query, rawQuery) : {};
  const actor = actorOf(req);
  const key = r.idempotent ? idempotencyKey(req) : undefined;
  const claim = key ? { client: actor.id, key, requestHash: requestHash(req) } : undefined;
  if (claim && (await replayAnswer(app, reply, claim))) return reply;
  const ctx = withClaim(app.ctx(actor), claim);
  const out = await r.handler({
    app,
    server,
    ctx,
    actor,
    params,
    query,
    body: req.body,
    reply,
  });
  if (out instanceof Accepted) {
    await keepAnswer(ctx, claim, 202, out.body);
    return reply.header('cache-control', 'no-store').status(202).send(out.body);
  }
  if (out instanceof Created) {
    await keepAnswer(ctx, claim, 201, out.body);
    return reply.header('cache-control', 'no-store').status(201).send(out.body);
  }
  await keepAnswer(ctx, claim, r.status ?? 200, r.status === 204 ? undefined : out);
  reply.header('cache-control', 'no-store').status(r.status ?? 200);
  return r.status === 204 ? reply.send() : reply.send(out);
}

/** A body, when sent, must be a JSON object without NUL characters (PostgreSQL refuses them). */
async function checkBody(req: FastifyRequest): Promise<void> {
  const body = req.body;
  if (body === undefined) return;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid({ '(body)': 'must be a JSON object' });
  }
  const nul = findNul(body);
  if (nul) throw invalid({ [nul]: 'must not contain NUL characters' });
}

/** The path of the first string (value or key) holding a NUL character. Iterative: deep JSON cannot overflow the stack. */
export function findNul(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\0')) return path || '(body)';
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (k.includes('\0')) return p;
        stack.push([child, p]);
      }
    }
  }
  return undefined;
}
