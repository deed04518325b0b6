/**
 * A pool of SMTP connections that sends messages already built (raw MIME). It does what
 * nodemailer's pooled transport does for us, on nodemailer's own SMTPConnection (greeting, EHLO,
 * STARTTLS, AUTH, dot-stuffing), but skips composing each message again: nodemailer's pool runs
 * every message through its MailComposer, a MIME tree, random ids and several streams, which
 * cost about as much CPU as everything else Flare does per email.
 *
 * Each connection sends one message at a time; a send that fails closes its connection (as
 * nodemailer's pool does) and the error, with its SMTP code and command, goes to the caller.
 * Sockets are opened with Nagle off: the end-of-data dot is a small separate write which would
 * otherwise wait for the server's delayed ACK (~40 ms), capping a connection at ~25 messages/s.
 */
import { connect, type Socket } from 'node:net';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';

export interface SmtpPoolOptions {
  host: string;
  port: number;
  secure: boolean;
  ignoreTLS: boolean;
  tls: { rejectUnauthorized: boolean };
  auth?: { user: string; pass: string };
  connections: number;
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
  /** an idle connection is closed after this long */
  idleMs?: number;
}

interface Conn {
  smtp: SMTPConnection;
  dead: boolean;
  /** fails the send in progress when the connection dies under it */
  fail: ((err: Error) => void) | null;
  idleTimer?: NodeJS.Timeout;
}

type SmtpError = Error & { code?: string; responseCode?: number; command?: string };

const connectionError = (message: string, code = 'ECONNECTION'): SmtpError =>
  Object.assign(new Error(message), { code, command: 'CONN' });

export class SmtpPool {
  private idle: Conn[] = [];
  private open = 0;
  private waiting: Array<{ resolve: (c: Conn) => void; reject: (e: Error) => void }> = [];
  private closed = false;

  constructor(private readonly o: SmtpPoolOptions) {}

  async send(envelope: { from: string; to: string[] }, message: string | Buffer): Promise<void> {
    const conn = await this.acquire();
    try {
      await new Promise<void>((resolve, reject) => {
        conn.fail = reject;
        conn.smtp.send(envelope, message, (err) => {
          conn.fail = null;
          if (err) reject(err);
          else resolve();
        });
      });
    } catch (err) {
      this.discard(conn);
      throw err;
    }
    this.release(conn);
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(connectionError('the SMTP pool was closed'));
    for (const c of this.idle.splice(0)) {
      clearTimeout(c.idleTimer);
      c.dead = true;
      this.open--;
      c.smtp.quit();
    }
  }

  private acquire(): Promise<Conn> {
    if (this.closed) return Promise.reject(connectionError('the SMTP pool was closed'));
    const c = this.idle.pop();
    if (c) {
      clearTimeout(c.idleTimer);
      return Promise.resolve(c);
    }
    if (this.open < this.o.connections) return this.connect();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(c: Conn): void {
    if (c.dead || this.closed) {
      this.discard(c);
      return;
    }
    const w = this.waiting.shift();
    if (w) {
      w.resolve(c);
      return;
    }
    c.idleTimer = setTimeout(() => {
      const i = this.idle.indexOf(c);
      if (i >= 0) this.idle.splice(i, 1);
      c.dead = true;
      this.open--;
      c.smtp.quit();
    }, this.o.idleMs ?? 30_000);
    c.idleTimer.unref();
    this.idle.push(c);
  }

  /** Drops a connection; its slot goes to the next message waiting, on a new connection. */
  private discard(c: Conn): void {
    clearTimeout(c.idleTimer);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    if (!c.dead) {
      c.dead = true;
      this.open--;
      c.smtp.close();
    }
    this.refill();
  }

  private refill(): void {
    if (this.closed || this.open >= this.o.connections) return;
    const w = this.waiting.shift();
    if (w) this.connect().then(w.resolve, w.reject);
  }

  private connect(): Promise<Conn> {
    this.open++;
    return this.openConnection().catch((err: Error) => {
      this.open--;
      this.refill();
      throw err;
    });
  }

  private async openConnection(): Promise<Conn> {
    const socket = await this.openSocket();
    const smtp = new SMTPConnection({
      host: this.o.host,
      port: this.o.port,
      secure: this.o.secure,
      ignoreTLS: this.o.ignoreTLS,
      tls: this.o.tls,
      connection: socket,
      connectionTimeout: this.o.connectionTimeout,
      greetingTimeout: this.o.greetingTimeout,
      socketTimeout: this.o.socketTimeout,
    });
    const conn: Conn = { smtp, dead: false, fail: null };
    let connecting: ((err: Error) => void) | null = null;
    const lost = (err: Error) => {
      if (connecting) connecting(err);
      else if (conn.fail) conn.fail(err);
      else if (!conn.dead) this.discard(conn);
    };
    smtp.on('error', lost);
    smtp.on('end', () => lost(connectionError('the SMTP server closed the connection')));
    await new Promise<void>((resolve, reject) => {
      connecting = reject;
      smtp.connect((err) => {
        if (err) return reject(err);
        const allowsAuth = (smtp as unknown as { allowsAuth?: boolean }).allowsAuth;
        if (!this.o.auth || !allowsAuth) return resolve();
        smtp.login(this.o.auth, (e) => (e ? reject(e) : resolve()));
      });
    }).catch((err: Error) => {
      smtp.close();
      throw err;
    });
    connecting = null;
    return conn;
  }

  private openSocket(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({
        host: this.o.host,
        port: this.o.port,
        noDelay: true,
        keepAlive: true,
      });
      const fail = (err: Error) => {
        socket.destroy();
        reject(err);
      };
      socket.setTimeout(this.o.connectionTimeout, () =>
        fail(connectionError('Connection timeout', 'ETIMEDOUT')),
      );
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        resolve(socket);
      });
    });
  }
}
