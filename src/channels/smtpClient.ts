/**
 * One SMTP client connection (RFC 5321) for the pool in smtpPool.ts: greeting, EHLO (HELO when
 * EHLO is refused), STARTTLS when offered, AUTH PLAIN or LOGIN, then messages already built.
 *
 * A message goes out with PIPELINING (RFC 2920) when the server offers it, as nearly every
 * provider does: MAIL FROM, RCPT TO and DATA in one write, then the dot-stuffed body and its
 * final dot in a second. That is two round trips and two writes a message, where a client that
 * waits for each reply needs four and five; on a provider 30 ms away it doubles what one
 * connection sends, and on this host it halves the system calls an email costs (ADR 0006).
 *
 * Errors carry `code` (ECONNECTION, ETIMEDOUT, EAUTH, EENVELOPE, EMESSAGE or the socket's own),
 * and for a refusal the server's `responseCode` and the `command` it answered.
 */
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { hostname } from 'node:os';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';

export interface SmtpClientOptions {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, port 465) */
  secure: boolean;
  /** never upgrade with STARTTLS */
  ignoreTLS: boolean;
  tls: { rejectUnauthorized: boolean };
  auth?: { user: string; pass: string };
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
  /** the name given in EHLO (default: this host's name) */
  name?: string;
}

export type SmtpError = Error & { code?: string; responseCode?: number; command?: string };

interface Reply {
  code: number;
  lines: string[];
}

export function smtpError(
  message: string,
  code: string,
  command: string,
  responseCode?: number,
): SmtpError {
  return Object.assign(new Error(message), { code, command, responseCode });
}

/**
 * Doubles a dot at the start of every line (the message must use CRLF line ends, as MIME
 * requires and renderEmail writes). A message without such a line is returned as it is.
 */
export function dotStuff(message: string): string {
  let body = message;
  if (body.startsWith('.')) body = `.${body}`;
  if (body.includes('\n.')) body = body.replace(/\n\./g, '\n..');
  return body;
}

export class SmtpClient {
  private buffer = '';
  /** a reply came that no command was waiting for */
  private unasked = false;
  private waiting: Array<{ resolve: (r: Reply) => void; reject: (e: Error) => void }> = [];
  private extensions = new Set<string>();
  private authMethods: string[] = [];
  private dead: Error | null = null;
  private closeListeners: Array<(err: Error) => void> = [];

  private constructor(
    private socket: Socket | TLSSocket,
    private readonly o: SmtpClientOptions,
  ) {
    this.attach(socket);
  }

  /** Connects, greets, upgrades to TLS when offered, and logs in when configured and offered. */
  static async open(o: SmtpClientOptions): Promise<SmtpClient> {
    const socket = await openSocket(o);
    const client = new SmtpClient(socket, o);
    try {
      await client.handshake();
    } catch (err) {
      client.close();
      throw err;
    }
    return client;
  }

  /** Called once, when the connection ends or fails outside a command. */
  onClose(listener: (err: Error) => void): void {
    this.closeListeners.push(listener);
  }

  async send(envelope: { from: string; to: string[] }, message: string | Buffer): Promise<void> {
    for (const a of [envelope.from, ...envelope.to])
      if (/[\r\n<>]/.test(a))
        throw smtpError(`${JSON.stringify(a)} is not an address`, 'EENVELOPE', 'MAIL FROM');
    const utf8 =
      this.extensions.has('SMTPUTF8') &&
      [envelope.from, ...envelope.to].some((a) => /[^ -~]/.test(a));
    const mail = `MAIL FROM:<${envelope.from}>${utf8 ? ' SMTPUTF8' : ''}`;
    const rcpts = envelope.to.map((to) => `RCPT TO:<${to}>`);
    let replies: Reply[];
    if (this.extensions.has('PIPELINING')) {
      const pending = [mail, ...rcpts, 'DATA'].map(() => this.next());
      this.write(`${mail}\r\n${rcpts.map((r) => `${r}\r\n`).join('')}DATA\r\n`);
      // the replies in order, up to the first that did not come: a server that refuses and then
      // hangs up (`421 … closing connection`) is reported by its refusal, not by the hang-up
      const settled = await Promise.allSettled(pending);
      replies = [];
      for (const r of settled) {
        if (r.status === 'rejected') {
          if (replies.some((x) => x.code >= 400)) break;
          throw r.reason;
        }
        replies.push(r.value);
      }
    } else {
      replies = [];
      for (const cmd of [mail, ...rcpts, 'DATA']) {
        const r = await this.command(cmd);
        replies.push(r);
        if (r.code >= 400) break;
      }
    }
    check(replies[0], 250, 'MAIL FROM', 'EENVELOPE');
    for (let i = 0; i < rcpts.length; i++) {
      const r = replies[1 + i];
      if (!r || (r.code !== 250 && r.code !== 251))
        throw refusal(r ?? replies[replies.length - 1], 'RCPT TO', 'EENVELOPE');
    }
    check(replies[1 + rcpts.length], 354, 'DATA', 'EMESSAGE');
    const body = dotStuff(typeof message === 'string' ? message : message.toString('utf8'));
    const done = this.next();
    // the body and the final dot in one write, without copying the body into a new string
    this.socket.cork();
    this.write(body);
    this.write(body.endsWith('\r\n') ? '.\r\n' : '\r\n.\r\n');
    this.socket.uncork();
    check(await done, 250, 'DATA', 'EMESSAGE');
  }

  /** Says goodbye and ends the connection. */
  quit(): void {
    if (this.dead) return;
    this.dead = smtpError('the connection was closed', 'ECONNECTION', 'CONN');
    this.socket.end('QUIT\r\n');
  }

  close(): void {
    if (!this.dead) this.dead = smtpError('the connection was closed', 'ECONNECTION', 'CONN');
    this.socket.destroy();
  }

  private async handshake(): Promise<void> {
    check(await this.next(this.o.greetingTimeout), 220, 'CONN', 'EPROTOCOL');
    await this.hello();
    let tls = this.o.secure;
    if (!tls && !this.o.ignoreTLS && this.extensions.has('STARTTLS')) {
      check(await this.command('STARTTLS'), 220, 'STARTTLS', 'ETLS');
      // anything after the 220 came in clear: a man in the middle may have put it there
      // (RFC 3207 §4.2), so it must not be read as the first answer inside TLS
      if (this.buffer !== '' || this.unasked)
        throw smtpError('the SMTP server sent data after agreeing to STARTTLS', 'ETLS', 'STARTTLS');
      await this.upgrade();
      tls = true;
      await this.hello();
    }
    if (this.o.auth && this.authMethods.length > 0) {
      if (!tls && !this.o.ignoreTLS)
        throw smtpError(
          'the SMTP server offers no TLS, so the password is not sent: use smtps://, a server with STARTTLS, or ?tls=off to send it in clear',
          'ETLS',
          'AUTH',
        );
      await this.login(this.o.auth);
    }
  }

  private async hello(): Promise<void> {
    const name = this.o.name ?? hostname();
    let r = await this.command(`EHLO ${name}`);
    if (r.code !== 250) r = check(await this.command(`HELO ${name}`), 250, 'HELO', 'EPROTOCOL');
    this.extensions = new Set();
    this.authMethods = [];
    for (const line of r.lines.slice(1)) {
      const [keyword, ...params] = line
        .trim()
        .toUpperCase()
        .split(/[\s=]+/);
      this.extensions.add(keyword);
      if (keyword === 'AUTH') this.authMethods = params;
    }
  }

  private async login(auth: { user: string; pass: string }): Promise<void> {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    if (this.authMethods.includes('PLAIN') || !this.authMethods.includes('LOGIN')) {
      const r = await this.command(`AUTH PLAIN ${b64(`\u0000${auth.user}\u0000${auth.pass}`)}`);
      check(r, 235, 'AUTH PLAIN', 'EAUTH');
      return;
    }
    check(await this.command('AUTH LOGIN'), 334, 'AUTH LOGIN', 'EAUTH');
    check(await this.command(b64(auth.user)), 334, 'AUTH LOGIN', 'EAUTH');
    check(await this.command(b64(auth.pass)), 235, 'AUTH LOGIN', 'EAUTH');
  }

  private upgrade(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('error');
    plain.removeAllListeners('close');
    plain.removeAllListeners('timeout');
    return new Promise((resolve, reject) => {
      const secure = tlsConnect({
        socket: plain as Socket,
        servername: serverName(this.o.host),
        rejectUnauthorized: this.o.tls.rejectUnauthorized,
      });
      const fail = (err: SmtpError) => {
        secure.destroy();
        plain.destroy();
        this.dead ??= err;
        reject(err);
      };
      // the handshake has a deadline too: a server that agrees to STARTTLS and then goes
      // silent must fail this connection, not hold a pool slot for ever
      secure.setTimeout(this.o.socketTimeout, () =>
        fail(smtpError('the TLS handshake timed out', 'ETIMEDOUT', 'STARTTLS')),
      );
      secure.once('error', (err) => fail(smtpError(err.message, 'ETLS', 'STARTTLS')));
      secure.once('close', () =>
        fail(
          smtpError(
            'the SMTP server closed the connection during STARTTLS',
            'ECONNECTION',
            'STARTTLS',
          ),
        ),
      );
      secure.once('secureConnect', () => {
        secure.removeAllListeners('error');
        secure.removeAllListeners('close');
        secure.removeAllListeners('timeout');
        secure.setTimeout(0);
        this.socket = secure;
        this.attach(secure);
        resolve();
      });
    });
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.setEncoding('utf8');
    socket.setTimeout(this.o.socketTimeout);
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('timeout', () =>
      this.fail(smtpError('the SMTP server did not answer in time', 'ETIMEDOUT', 'CONN')),
    );
    socket.on('error', (err: Error & { code?: string }) =>
      this.fail(smtpError(err.message, err.code ?? 'ECONNECTION', 'CONN')),
    );
    socket.on('close', () =>
      this.fail(smtpError('the SMTP server closed the connection', 'ECONNECTION', 'CONN')),
    );
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let lines: string[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\n');
      if (end < 0) break;
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      lines.push(line);
      // a reply ends at a line whose fourth character is a space (or that is just the code)
      if (line.length >= 3 && line[3] !== '-') {
        const code = Number(line.slice(0, 3));
        const w = this.waiting.shift();
        if (w) w.resolve({ code, lines: lines.map((l) => l.slice(4)) });
        else this.unasked = true;
        lines = [];
      }
    }
    if (lines.length) this.buffer = `${lines.join('\n')}\n${this.buffer}`;
  }

  private fail(err: SmtpError): void {
    const first = !this.dead;
    if (first) this.dead = err;
    for (const w of this.waiting.splice(0)) w.reject(this.dead ?? err);
    this.socket.destroy();
    if (first) for (const l of this.closeListeners) l(err);
  }

  private next(timeoutMs?: number): Promise<Reply> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      if (timeoutMs === undefined) {
        this.waiting.push({ resolve, reject });
        return;
      }
      const t = setTimeout(
        () => this.fail(smtpError('no greeting from the SMTP server', 'ETIMEDOUT', 'CONN')),
        timeoutMs,
      );
      const stop = () => clearTimeout(t);
      this.waiting.push({
        resolve: (r) => {
          stop();
          resolve(r);
        },
        reject: (e) => {
          stop();
          reject(e);
        },
      });
    });
  }

  private command(cmd: string): Promise<Reply> {
    const reply = this.next();
    this.write(`${cmd}\r\n`);
    return reply;
  }

  private write(data: string): void {
    if (!this.dead) this.socket.write(data);
  }
}

/** The TLS server name: a host name, never an IP address (RFC 6066). */
function serverName(host: string): string | undefined {
  return isIP(host) ? undefined : host;
}

function check(r: Reply, want: number, command: string, code: string): Reply {
  if (r.code !== want) throw refusal(r, command, code);
  return r;
}

function refusal(r: Reply, command: string, code: string): SmtpError {
  return smtpError(`${r.code} ${r.lines.join(' ')}`.trim(), code, command, r.code);
}

function openSocket(o: SmtpClientOptions): Promise<Socket | TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = o.secure
      ? tlsConnect({
          host: o.host,
          port: o.port,
          servername: serverName(o.host),
          rejectUnauthorized: o.tls.rejectUnauthorized,
        })
      : tcpConnect({ host: o.host, port: o.port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    const fail = (err: Error & { code?: string }) => {
      socket.destroy();
      reject(smtpError(err.message, err.code ?? 'ECONNECTION', 'CONN'));
    };
    socket.setTimeout(o.connectionTimeout, () =>
      fail(smtpError('Connection timeout', 'ETIMEDOUT', 'CONN')),
    );
    socket.once('error', fail);
    socket.once(o.secure ? 'secureConnect' : 'connect', () => {
      socket.setTimeout(0);
      socket.off('error', fail);
      socket.removeAllListeners('timeout');
      resolve(socket);
    });
  });
}
