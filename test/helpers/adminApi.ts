/** A test server for the admin API with one token per scope, on a real store. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createToken } from '../../src/actions/createToken.js';
import type { Config } from '../../src/config.js';
import type { TokenScope } from '../../src/domain/types.js';
import { buildServer } from '../../src/http/server.js';
import { type EngineName, makeTestApp, type TestApp, type TestClock } from './app.js';

export interface ApiHarness {
  app: TestApp;
  server: FastifyInstance;
  secrets: Record<TokenScope, string>;
  /** calls the API as `who` (a scope's token, a raw secret, or nobody) */
  call(
    who: TokenScope | { secret: string } | null,
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: any; headers: Record<string, unknown>; body: string }>;
  close(): Promise<void>;
}

export async function makeApiHarness(
  engine: EngineName,
  opts: { clock?: TestClock; config?: Partial<Config> } = {},
): Promise<ApiHarness> {
  const app = await makeTestApp(engine, { clock: opts.clock, config: opts.config });
  const server = await buildServer(app);
  const secrets = {} as Record<TokenScope, string>;
  for (const scope of ['read', 'write', 'admin'] as const) {
    secrets[scope] = (await createToken(app.ctx(), { name: `${scope}-bot`, scope })).secret;
  }
  return {
    app,
    server,
    secrets,
    async call(who, method, url, payload, headers = {}) {
      const secret = who === null ? undefined : typeof who === 'string' ? secrets[who] : who.secret;
      const res = await server.inject({
        method,
        url,
        headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...headers },
        ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
      });
      let json: unknown;
      try {
        json = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, json, headers: res.headers, body: res.body };
    },
    async close() {
      await server.close();
      await app.cleanup();
    },
  };
}
