/**
 * The web tier in several processes on one host (`flare serve --web-processes N`, node:cluster).
 * The primary runs the scheduler and the delivery worker and serves no HTTP; each child serves
 * HTTP from its own site cache and runs none of them (nor the inbound SMTP listener). A write that any process sees on its ChangeBus
 * is passed through the primary to every other process, so every cache drops it at once (and
 * the primary's worker wakes for the deliveries it queued). See docs/adr/0004.
 */
import cluster, { type Worker as Child } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { App } from '../app.js';
import { Scheduler } from '../schedule/scheduler.js';
import { InboundSmtp } from './inboundSmtp.js';
import { type Running, startServer } from './serve.js';
import { startWorker } from './worker.js';

const CHANGED = 'flare:changed';
interface Changed {
  type: typeof CHANGED;
  what: string;
}
const isChanged = (m: unknown): m is Changed =>
  typeof m === 'object' && m !== null && (m as Changed).type === CHANGED;

/** True in a process forked by `startWebCluster`. */
export const isWebChild = (): boolean => cluster.isWorker;

/** In a child: serve HTTP only, and trade invalidations with the primary. */
export async function startWebChild(
  app: App,
  opts: { port?: number; host?: string },
): Promise<Running> {
  const running = await startServer(app, {
    ...opts,
    worker: false,
    scheduler: false,
    inboundSmtp: false,
  });
  let fromPrimary = false;
  app.bus.on('changed', (what: string) => {
    if (!fromPrimary && process.connected) process.send?.({ type: CHANGED, what });
  });
  process.on('message', (m: unknown) => {
    if (!isChanged(m)) return;
    fromPrimary = true;
    try {
      app.bus.changed(m.what);
    } finally {
      fromPrimary = false;
    }
  });
  return {
    url: running.url,
    stop: async () => {
      await running.stop();
      if (process.connected) process.disconnect(); // the IPC channel would keep us alive
    },
  };
}

/** In the primary: fork `processes` web children, and run the scheduler and (maybe) the worker. */
export async function startWebCluster(
  app: App,
  opts: { port?: number; host?: string; worker?: boolean; processes: number },
): Promise<Running> {
  const host = opts.host ?? app.config.host;
  const children = new Set<Child>();
  let stopping = false;
  let from: Child | null = null; // the child whose change the primary is relaying

  app.bus.on('changed', (what: string) => {
    for (const c of children) if (c !== from && c.isConnected()) c.send({ type: CHANGED, what });
  });
  const fork = () => {
    const c = cluster.fork();
    children.add(c);
    c.on('message', (m: unknown) => {
      if (!isChanged(m)) return;
      from = c;
      try {
        app.bus.changed(m.what);
      } finally {
        from = null;
      }
    });
    return c;
  };

  // every child must be listening before we answer; one that dies first fails the start
  const ready = Array.from({ length: opts.processes }, () => {
    const c = fork();
    return new Promise<AddressInfo>((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) =>
        reject(new Error(`a web process exited while starting (${code ?? signal})`));
      c.once('exit', onExit);
      c.once('listening', (address: AddressInfo) => {
        c.off('exit', onExit);
        resolve(address);
      });
    });
  });
  let addresses: AddressInfo[];
  try {
    addresses = await Promise.all(ready);
  } catch (err) {
    stopping = true;
    await Promise.all([...children].map(stopChild));
    throw err;
  }
  cluster.on('exit', (c, code, signal) => {
    children.delete(c);
    // exit code 0: it was told to stop (e.g. Ctrl-C reaches the whole process group)
    if (stopping || code === 0) return;
    app.logger.error({ pid: c.process.pid, code, signal }, 'a web process died; starting another');
    setTimeout(() => !stopping && fork(), 1000).unref();
  });

  const scheduler = new Scheduler(app);
  await scheduler.start();
  const inbound = await InboundSmtp.fromConfig(app); // once, here: never in a web child
  const worker = opts.worker === false ? null : startWorker(app);
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${addresses[0].port}`,
    inboundSmtpUrl: inbound?.url,
    stop: async () => {
      stopping = true;
      await scheduler.stop();
      await inbound?.close();
      await Promise.all([...children].map(stopChild));
      await worker?.stop();
    },
  };
}

/** SIGTERM, which a child answers by closing its server; SIGKILL after 10 s. */
function stopChild(c: Child): Promise<void> {
  if (c.isDead()) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => c.process.kill('SIGKILL'), 10_000);
    c.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    c.process.kill('SIGTERM');
  });
}
