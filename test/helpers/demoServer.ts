/**
 * A demo status page on real HTTP for one test file: a SQLite app with the demo loaded, served
 * on a free port with no scheduler and no worker, stopped after the file.
 */
import { afterAll, beforeAll } from 'vitest';
import { loadDemo } from '../../src/actions/loadDemo.js';
import type { RouteModule } from '../../src/http/registry.js';
import { type Running, startServer } from '../../src/main/serve.js';
import { makeTestApp, type TestApp } from './app.js';

export interface DemoServer {
  app: TestApp;
  server: Running;
}

/** Filled in before the file's tests run; `routes` are added beside the registry's. */
export function useDemoServer(routes: RouteModule[] = []): DemoServer {
  const demo = {} as DemoServer;
  beforeAll(async () => {
    demo.app = await makeTestApp('sqlite');
    await loadDemo(demo.app.ctx(), { publicUrl: 'http://status.example', onlyIfEmpty: true });
    demo.server = await startServer(demo.app, {
      port: 0,
      host: '127.0.0.1',
      scheduler: false,
      worker: false,
      routes,
    });
  }, 60_000);
  afterAll(async () => {
    await demo.server?.stop();
    await demo.app?.cleanup();
  });
  return demo;
}
