/** Flare's SMTP pool against a real smtp-server on 127.0.0.1. */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { dotStuff } from '../../src/channels/smtpClient.js';
import { SmtpPool, type SmtpPoolOptions } from '../../src/channels/smtpPool.js';

interface Server {
  port: number;
  received: { to: string[]; body: string; secure: boolean }[];
  connections: number;
  close(): Promise<void>;
}

const servers: Server[] = [];
const pools: SmtpPool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) p.close();
  for (const s of servers.splice(0)) await s.close();
});

async function startServer(opts: Partial<SMTPServerOptions> = {}): Promise<Server> {
  const s: Server = { port: 0, received: [], connections: 0, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, cb) {
      s.connections++;
      cb();
    },
    onData(stream, session, cb) {
      let body = '';
      stream.on('data', (c: Buffer) => {
        body += c.toString();
      });
      stream.on('end', () => {
        s.received.push({
          to: session.envelope.rcptTo.map((a) => a.address),
          body,
          secure: session.secure,
        });
        cb();
      });
    },
    ...opts,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  s.port = (server.server.address() as AddressInfo).port;
  s.close = () => new Promise((resolve) => server.close(() => resolve()));
  servers.push(s);
  return s;
}

function pool(port: number, extra: Partial<SmtpPoolOptions> = {}): SmtpPool {
  const p = new SmtpPool({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    tls: { rejectUnauthorized: true },
    connections: 3,
    connectionTimeout: 2_000,
    greetingTimeout: 2_000,
    socketTimeout: 5_000,
    ...extra,
  });
  pools.push(p);
  return p;
}

const message = (i: number) =>
  `From: a@example.com\r\nTo: u${i}@example.com\r\nSubject: ${i}\r\n\r\nline\r\n.dot at the start\r\n`;

describe('SMTP pool', () => {
  it('sends every message once over no more connections than allowed, dot-stuffed', async () => {
    const server = await startServer();
    const p = pool(server.port);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        p.send({ from: 'a@example.com', to: [`u${i}@example.com`] }, message(i)),
      ),
    );
    expect(server.received.map((r) => r.to[0]).sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => `u${i}@example.com`).sort(),
    );
    expect(server.connections).toBeLessThanOrEqual(3);
    expect(server.received[0].body).toContain('\r\n.dot at the start');
  });

  it('reports a refused recipient with its code and command, and keeps sending', async () => {
    const server = await startServer({
      onRcptTo(address, _session, cb) {
        if (address.address.startsWith('bad')) {
          const err = new Error('no such user') as Error & { responseCode: number };
          err.responseCode = 550;
          return cb(err);
        }
        cb();
      },
    });
    const p = pool(server.port, { connections: 1 });
    const err = await p
      .send({ from: 'a@example.com', to: ['bad@example.com'] }, message(1))
      .catch((e) => e);
    expect(err).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    await p.send({ from: 'a@example.com', to: ['good@example.com'] }, message(2));
    expect(server.received.map((r) => r.to[0])).toEqual(['good@example.com']);
  });

  it('logs in when the server asks for it, and fails with the server code on a bad password', async () => {
    const server = await startServer({
      authOptional: false,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, cb) {
        if (auth.username === 'flare' && auth.password === 's3cret') return cb(null, { user: 1 });
        cb(Object.assign(new Error('bad credentials'), { responseCode: 535 }));
      },
    });
    await pool(server.port, { auth: { user: 'flare', pass: 's3cret' } }).send(
      { from: 'a@example.com', to: ['x@example.com'] },
      message(1),
    );
    expect(server.received).toHaveLength(1);
    const err = await pool(server.port, { auth: { user: 'flare', pass: 'nope' } })
      .send({ from: 'a@example.com', to: ['x@example.com'] }, message(2))
      .catch((e) => e);
    expect(err).toMatchObject({ responseCode: 535 });
  });

  it('fails every waiting message quickly when the server is down, and recovers when it is back', async () => {
    const server = await startServer();
    const port = server.port;
    await server.close();
    servers.length = 0;
    const p = pool(port, { connections: 2 });
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        p.send({ from: 'a@example.com', to: [`u${i}@example.com`] }, message(i)),
      ),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'ECONNREFUSED' });
    expect(Date.now() - started).toBeLessThan(2_000);

    const back = await startServer({ disabledCommands: ['STARTTLS'] });
    const p2 = pool(back.port, { connections: 2 });
    await p2.send({ from: 'a@example.com', to: ['x@example.com'] }, message(1));
    expect(back.received).toHaveLength(1);
  });

  it('opens a new connection when the server dropped an idle one', async () => {
    // the server closes a connection idle for 200 ms
    const server = await startServer({ socketTimeout: 200 });
    const p = pool(server.port, { connections: 1 });
    await p.send({ from: 'a@example.com', to: ['a@example.com'] }, message(1));
    await new Promise((r) => setTimeout(r, 500));
    await p.send({ from: 'a@example.com', to: ['b@example.com'] }, message(2));
    expect(server.received).toHaveLength(2);
    expect(server.connections).toBe(2);
  });

  it('sends one command at a time to a server without PIPELINING', async () => {
    const server = await startServer({ hidePIPELINING: true });
    const p = pool(server.port, { connections: 1 });
    for (let i = 0; i < 3; i++)
      await p.send({ from: 'a@example.com', to: [`u${i}@example.com`] }, message(i));
    const err = await p
      .send({ from: 'a@example.com', to: ['x@example.com'] }, `Subject: no end\r\n\r\nline`)
      .then(() => null);
    expect(err).toBeNull();
    expect(server.received.map((r) => r.to[0])).toEqual([
      'u0@example.com',
      'u1@example.com',
      'u2@example.com',
      'x@example.com',
    ]);
    expect(server.received[3].body).toBe('Subject: no end\r\n\r\nline\r\n');
    expect(server.received[0].body).toContain('\r\n.dot at the start');
  });

  it('upgrades to TLS with STARTTLS when the server offers it', async () => {
    // smtp-server offers STARTTLS with its own self-signed certificate
    const server = await startServer({ disabledCommands: [] });
    const p = pool(server.port, { ignoreTLS: false, tls: { rejectUnauthorized: false } });
    await p.send({ from: 'a@example.com', to: ['tls@example.com'] }, message(1));
    expect(server.received).toMatchObject([{ to: ['tls@example.com'], secure: true }]);
    const strict = pool(server.port, { ignoreTLS: false, tls: { rejectUnauthorized: true } });
    const err = await strict
      .send({ from: 'a@example.com', to: ['x@example.com'] }, message(2))
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'ETLS', command: 'STARTTLS' });
    expect(server.received).toHaveLength(1);
  });
});

describe('dot-stuffing', () => {
  it('doubles a dot that starts a line and leaves everything else alone', () => {
    expect(dotStuff('.a\r\nb\r\n.c\r\n..d\r\ne.f\r\n')).toBe('..a\r\nb\r\n..c\r\n...d\r\ne.f\r\n');
    const plain = 'Subject: x\r\n\r\nno dots here\r\n';
    expect(dotStuff(plain)).toBe(plain);
  });
});
