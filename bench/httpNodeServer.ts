/**
 * The HTTP bench's Node baseline: one node:http process, no framework and no application,
 * that serves from memory the very bytes and headers Flare sent for each path (read from Flare
 * once at start). It is the best one Node thread can do with the same response, on the same
 * machine: the fair ceiling for `flare serve` in one process, beside nginx's two workers.
 *
 *   node --import tsx bench/httpNodeServer.ts PORT FLARE_URL PATH...
 */
import { createServer } from 'node:http';

const [port, from, ...paths] = process.argv.slice(2);
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const files = new Map<string, { headers: Record<string, string>; body: Buffer }>();
for (const path of paths) {
  // the identity bytes: wrk asks for no encoding
  const res = await fetch(from + path, { headers: { 'accept-encoding': 'identity' } });
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (!PER_CONNECTION.has(k)) headers[k] = v;
  });
  headers['content-length'] = String(body.length);
  files.set(path, { headers, body });
}
const server = createServer((req, res) => {
  const file = files.get(req.url ?? '');
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, file.headers);
  res.end(req.method === 'HEAD' ? undefined : file.body);
});
server.keepAliveTimeout = 72_000; // as Fastify sets it for Flare
server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
