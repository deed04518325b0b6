/**
 * Flare's SMTP client against a scripted server on 127.0.0.1, for what a well-behaved server
 * never does: stall in STARTTLS, slip plaintext in after agreeing to it, offer no TLS to a
 * client with a password, refuse and hang up mid-pipeline.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpClient, type SmtpClientOptions } from '../../src/channels/smtpClient.js';

type OnLine = (sock: Socket, line: string) => void;

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server that greets, then answers each command line with `onLine`; it records what it got. */
async function scripted(onLine: OnLine): Promise<{ port: number; lines: string[] }> {
  const lines: string[] = [];
  const server = createServer((sock) => {
    sock.on('error', () => {});
    let buf = '';
    sock.write('220 scripted ESMTP\r\n');
    sock.on('data', (c) => {
      buf += c.toString('latin1');
      for (;;) {
        const i = buf.indexOf('\r\n');
        if (i < 0) break;
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        lines.push(line);
        onLine(sock, line);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, lines };
}

const options = (port: number, extra: Partial<SmtpClientOptions> = {}): SmtpClientOptions => ({
  host: '127.0.0.1',
  port,
  secure: false,
  ignoreTLS: false,
  tls: { rejectUnauthorized: false },
  connectionTimeout: 1_000,
  greetingTimeout: 1_000,
  socketTimeout: 500,
  ...extra,
});

/** Answers EHLO with the given extensions (a multi-line 250 reply). */
function ehlo(sock: Socket, ...features: string[]): void {
  const all = ['scripted', ...features];
  sock.write(all.map((f, i) => `250${i === all.length - 1 ? ' ' : '-'}${f}\r\n`).join(''));
}

describe('SMTP client', () => {
  it('gives up on a server that agrees to STARTTLS and then says nothing', async () => {
    const { port } = await scripted((sock, line) => {
      if (line.startsWith('EHLO')) ehlo(sock, 'STARTTLS');
      else if (line === 'STARTTLS') sock.write('220 go ahead\r\n'); // then silence
    });
    const started = Date.now();
    const err = await SmtpClient.open(options(port)).catch((e) => e);
    expect(err).toMatchObject({ code: 'ETIMEDOUT', command: 'STARTTLS' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses plaintext that follows the 220 to STARTTLS', async () => {
    const { port } = await scripted((sock, line) => {
      if (line.startsWith('EHLO')) ehlo(sock, 'STARTTLS');
      else if (line === 'STARTTLS')
        sock.write('220 go ahead\r\n250-injected\r\n250 PIPELINING\r\n');
    });
    const err = await SmtpClient.open(options(port)).catch((e) => e);
    expect(err).toMatchObject({ code: 'ETLS', command: 'STARTTLS' });
    expect(err.message).toMatch(/sent data after agreeing to STARTTLS/);
  });

  it('does not send a password over a connection without TLS unless told to', async () => {
    const { port, lines } = await scripted((sock, line) => {
      if (line.startsWith('EHLO')) ehlo(sock, 'AUTH PLAIN LOGIN');
      else if (line.startsWith('AUTH')) sock.write('235 ok\r\n');
    });
    const auth = { user: 'flare', pass: 's3cret' };
    const err = await SmtpClient.open(options(port, { auth })).catch((e) => e);
    expect(err).toMatchObject({ code: 'ETLS', command: 'AUTH' });
    expect(err.message).toMatch(/\?tls=off/);
    expect(lines.some((l) => l.startsWith('AUTH'))).toBe(false);
    // ?tls=off (ignoreTLS) is the explicit choice to send it in clear
    const client = await SmtpClient.open(options(port, { auth, ignoreTLS: true }));
    expect(lines.filter((l) => l.startsWith('AUTH PLAIN'))).toHaveLength(1);
    client.close();
  });

  it('reports the refusal of a server that refuses and hangs up mid-pipeline', async () => {
    const { port } = await scripted((sock, line) => {
      if (line.startsWith('EHLO')) ehlo(sock, 'PIPELINING');
      else if (line.startsWith('MAIL FROM')) sock.write('250 ok\r\n');
      else if (line.startsWith('RCPT TO')) {
        sock.write('421 4.7.0 too many messages, closing connection\r\n');
        sock.end();
      }
    });
    const client = await SmtpClient.open(options(port));
    const err = await client
      .send({ from: 'a@example.com', to: ['b@example.com'] }, 'Subject: x\r\n\r\nhi\r\n')
      .catch((e) => e);
    expect(err).toMatchObject({ responseCode: 421, command: 'RCPT TO' });
    expect(err.message).toMatch(/too many messages/);
  });

  it('refuses an envelope address with a line break or angle bracket', async () => {
    const { port, lines } = await scripted((sock, line) => {
      if (line.startsWith('EHLO')) ehlo(sock, 'PIPELINING');
    });
    const client = await SmtpClient.open(options(port));
    const err = await client
      .send({ from: 'a@example.com', to: ['b@example.com>\r\nRCPT TO:<c@example.com'] }, 'x\r\n')
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'EENVELOPE' });
    expect(lines.some((l) => l.startsWith('RCPT'))).toBe(false);
    client.close();
  });
});
