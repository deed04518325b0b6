/**
 * A receiver for bench/fanout.ts, run as its own process so it does not share Flare's event
 * loop: `http` (a plain node:http server) or `smtp` (smtp-server). It records when each message
 * arrived and its idempotency key (webhook-id / X-Flare-Delivery), and answers the parent over
 * IPC: progress every 250 ms, and a summary (count, duplicates, first/last arrival, latency
 * percentiles, peak RSS) on request. Listens on 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

type ToChild = { type: 'reset' } | { type: 'report'; publishAt: number } | { type: 'exit' };

const kind = process.argv[2];
if (kind !== 'http' && kind !== 'smtp') throw new Error('usage: fanoutReceiver.ts http|smtp');
if (!process.send) throw new Error('fanoutReceiver.ts must be started with an IPC channel');
const send = (m: unknown) => process.send?.(m);

/** arrival times (epoch ms, sub-ms precision) in a growable typed array: 8 bytes a message */
let times = new Float64Array(1 << 16);
let count = 0;
/** one bit per delivery id seen, to count duplicates without a Set of strings */
let seen = new Uint8Array(1 << 16);
let duplicates = 0;
let unkeyed = 0;
let peakRss = process.memoryUsage.rss();
let cpuAtReset = process.cpuUsage();

const now = () => performance.timeOrigin + performance.now();

function record(key: string | undefined): void {
  const t = now();
  if (count === times.length) {
    const next = new Float64Array(times.length * 2);
    next.set(times);
    times = next;
  }
  times[count++] = t;
  const id = key?.startsWith('dlv_') ? Number(key.slice(4)) : Number.NaN;
  if (!Number.isInteger(id) || id < 0) {
    unkeyed++;
    return;
  }
  const byte = id >> 3;
  if (byte >= seen.length) {
    const next = new Uint8Array(Math.max(seen.length * 2, byte + 1));
    next.set(seen);
    seen = next;
  }
  const bit = 1 << (id & 7);
  if (seen[byte] & bit) duplicates++;
  else seen[byte] |= bit;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(publishAt: number) {
  const lat = new Float64Array(count);
  for (let i = 0; i < count; i++) lat[i] = times[i] - publishAt;
  lat.sort();
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (let i = 0; i < count; i++) {
    if (times[i] < first) first = times[i];
    if (times[i] > last) last = times[i];
  }
  return {
    type: 'report',
    count,
    unique: count - duplicates - unkeyed,
    duplicates,
    unkeyed,
    first: count ? first : null,
    last: count ? last : null,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    /** the latency at every 0.1%, so the parent can merge both channels' distributions */
    quantiles: Array.from({ length: 1001 }, (_, i) => percentile(lat, i / 10)),
    peakRss,
    /** CPU time (user + system) since the last reset, in ms */
    cpuMs: cpuMs(),
  };
}

function cpuMs(): number {
  const c = process.cpuUsage(cpuAtReset);
  return (c.user + c.system) / 1000;
}

setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
}, 50).unref();
setInterval(() => send({ type: 'progress', count, duplicates }), 250).unref();

const HEADER = kind === 'http' ? 'webhook-id' : 'x-flare-delivery';
let port = 0;
let close: () => void;

if (kind === 'http') {
  const server = createServer((req, res) => {
    const key = req.headers[HEADER];
    req.on('data', () => {});
    req.on('end', () => {
      record(typeof key === 'string' ? key : undefined);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  close = () => {
    server.closeAllConnections();
    server.close();
  };
} else {
  const keyRe = /^x-flare-delivery:\s*(\S+)/im;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    maxClients: 1000,
    onData(stream, _session, callback) {
      // only the head is kept (to find the delivery key); the rest is read and dropped
      let head = '';
      let key: string | undefined;
      stream.on('data', (chunk: Buffer) => {
        if (key === undefined && head.length < 16_384) {
          head += chunk.toString('latin1');
          key = keyRe.exec(head)?.[1];
        }
      });
      stream.on('end', () => {
        record(key);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
  close = () => server.close();
}

process.on('message', (m: ToChild) => {
  if (m.type === 'reset') {
    count = 0;
    duplicates = 0;
    unkeyed = 0;
    seen = new Uint8Array(1 << 16);
    times = new Float64Array(1 << 16);
    peakRss = process.memoryUsage.rss();
    cpuAtReset = process.cpuUsage();
    send({ type: 'reset' });
  } else if (m.type === 'report') {
    send(summary(m.publishAt));
  } else if (m.type === 'exit') {
    close();
    process.disconnect?.();
    setTimeout(() => process.exit(0), 200).unref();
  }
});
// the parent's overall timeout also bounds us: exit when it goes away
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', port });
