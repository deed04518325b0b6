/**
 * A pool of SMTP connections (smtpClient.ts) that sends messages already built (raw MIME).
 * nodemailer's pooled transport would compose each message again (its MailComposer, a MIME tree,
 * random ids and several streams, about as much CPU as everything else Flare does per email) and
 * waits for a reply to each command; this pool sends what the channel built, pipelined.
 *
 * Each connection sends one message at a time; a send that fails closes its connection (as
 * nodemailer's pool does) and the error, with its SMTP code and command, goes to the caller.
 */
import { SmtpClient, type SmtpClientOptions, type SmtpError, smtpError } from './smtpClient.js';

export interface SmtpPoolOptions extends SmtpClientOptions {
  connections: number;
  /** an idle connection is closed after this long */
  idleMs?: number;
}

interface Conn {
  smtp: SmtpClient;
  dead: boolean;
  /** fails the send in progress when the connection dies under it */
  fail: ((err: Error) => void) | null;
  idleTimer?: NodeJS.Timeout;
}

const connectionError = (message: string): SmtpError => smtpError(message, 'ECONNECTION', 'CONN');

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
        conn.smtp.send(envelope, message).then(
          () => {
            conn.fail = null;
            resolve();
          },
          (err: SmtpError) => {
            conn.fail = null;
            reject(err);
          },
        );
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
    const smtp = await SmtpClient.open(this.o);
    const conn: Conn = { smtp, dead: false, fail: null };
    smtp.onClose((err) => {
      if (conn.fail) conn.fail(err);
      else if (!conn.dead) this.discard(conn);
    });
    return conn;
  }
}
