/**
 * The inbound SMTP listener (issue #11): customers' email, forwarded from the support mailbox or
 * sent straight to Flare, becomes enquiries. `flare serve` starts it once (never in a web child,
 * see cluster.ts) when FLARE_INBOUND_SMTP_PORT is set. No AUTH: the recipient allow-list
 * (FLARE_INBOUND_SMTP_RCPT) refuses other addresses with 550. A message over the size limit is
 * refused with 552, more than 50 recipients with 452, more than 10 open connections from one
 * address with 421. The 250 comes only after the raw message is stored (receiveEmail); when the
 * database fails the answer is 451, so the sending MTA keeps the message and tries again.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { SYSTEM } from '../actions/context.js';
import { receiveEmail } from '../actions/receiveEmail.js';
import type { App } from '../app.js';
import { DomainError } from '../domain/errors.js';
import { recipientAllowed } from '../domain/inboundEmail.js';
import type { InboundSmtpSettings } from '../lib/inboundConfig.js';

const smtpError = (responseCode: number, message: string) =>
  Object.assign(new Error(message), { responseCode });

export class InboundSmtp {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly host: string,
  ) {}

  get url(): string {
    return `smtp://${this.host}:${this.port}`;
  }

  /** Starts the listener from the app's settings; null when FLARE_INBOUND_SMTP_PORT is not set. */
  static async fromConfig(app: App): Promise<InboundSmtp | null> {
    const s = app.config.inboundSmtp;
    if (!s) return null;
    const inbound = await InboundSmtp.start(app, s);
    app.logger.info({ url: inbound.url }, 'inbound email: listening for SMTP');
    return inbound;
  }

  static async start(app: App, s: InboundSmtpSettings): Promise<InboundSmtp> {
    const ctx = app.ctx({ ...SYSTEM, id: 'system:inbound-smtp' });
    const perClient = new Map<string, number>();
    const counted = new Set<string>();
    const server = new SMTPServer({
      name: 'flare',
      banner: 'Flare enquiries',
      authOptional: true,
      disabledCommands: ['AUTH'],
      logger: false,
      size: s.maxBytes,
      maxClients: 500,
      disableReverseLookup: true,
      onConnect(session, callback) {
        const ip = session.remoteAddress;
        const open = perClient.get(ip) ?? 0;
        if (open >= s.connectionsPerClient)
          return callback(smtpError(421, 'Too many connections from your address, try later'));
        perClient.set(ip, open + 1);
        counted.add(session.id);
        callback();
      },
      onClose(session) {
        if (!counted.delete(session.id)) return;
        const left = (perClient.get(session.remoteAddress) ?? 1) - 1;
        if (left > 0) perClient.set(session.remoteAddress, left);
        else perClient.delete(session.remoteAddress);
      },
      onRcptTo(address, session, callback) {
        if (!recipientAllowed(s.recipients, address.address))
          return callback(smtpError(550, `5.1.1 <${address.address}>: no such recipient here`));
        if (session.envelope.rcptTo.length >= s.maxRecipients)
          return callback(smtpError(452, '4.5.3 Too many recipients'));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= s.maxBytes) chunks.push(c); // past it, drain and refuse at the end
        });
        stream.on('error', (err) => callback(err));
        stream.on('end', () => {
          if (stream.sizeExceeded || size > s.maxBytes)
            return callback(smtpError(552, `5.3.4 Message too big (over ${s.maxBytes} bytes)`));
          take(Buffer.concat(chunks), session).then(
            (text) => callback(null, text),
            (err) => callback(err),
          );
        });
      },
    });

    async function take(message: Buffer, session: SMTPServerSession): Promise<string> {
      const mailFrom = session.envelope.mailFrom;
      try {
        const got = await receiveEmail(ctx, message, {
          transport: 'smtp',
          mailFrom: mailFrom ? mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          remoteAddress: session.remoteAddress,
          tls: session.secure,
        });
        if (got.outcome === 'skipped') {
          app.logger.info(
            { reason: got.reason },
            'inbound email: automatic message, not an enquiry',
          );
          return 'OK: accepted, not an enquiry (automatic message)';
        }
        const id = got.outcome === 'stored' ? got.enquiry.id : got.enquiryId;
        return `OK: enquiry ${id}${got.outcome === 'duplicate' ? ' (already received)' : ''}`;
      } catch (err) {
        if (err instanceof DomainError && err.code === 'validation_failed')
          throw smtpError(554, `5.6.0 Not taken as an enquiry: ${err.message}`);
        app.logger.error(
          { err },
          'inbound email: could not store the message; the sender will retry',
        );
        throw smtpError(451, '4.3.0 Temporary failure, please try again later');
      }
    }

    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(s.port, s.host, () => resolve());
    });
    server.on('error', (err) => app.logger.warn({ err }, 'inbound email: SMTP connection error'));
    return new InboundSmtp(server, (server.server.address() as AddressInfo).port, s.host);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
