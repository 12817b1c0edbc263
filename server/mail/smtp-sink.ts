import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { systemClock, type Clock } from '../shared/clock';

export interface ReceivedMail {
  parsed: ParsedMail;
  raw: Buffer;
  envelopeFrom: string | null;
  envelopeTo: string[];
  receivedAt: Date;
}

export interface SmtpSink {
  port: number;
  close(): Promise<void>;
}

/**
 * A real SMTP peer: the development capture server, the inbound reply receiver and the test sink are all this.
 * Messages over maxBytes are refused with 552; a handler failure answers 451 so the sender retries later.
 */
export async function startSmtpSink(options: {
  port: number;
  host?: string;
  maxBytes?: number;
  onMail: (mail: ReceivedMail) => Promise<void>;
  /** a message the parser could not read: keep it rather than lose it (else the sender is told 451) */
  onUnparsable?: (raw: Buffer, envelope: { from: string | null; to: string[] }, error: Error) => Promise<void>;
  /** lets a test refuse mail for a while: return an SMTP error to send, or undefined to accept */
  refuse?: () => { code: number; message: string } | undefined;
  /** recipients this server takes mail for; any other is refused at RCPT TO with 550 (an open sink takes all) */
  acceptRecipient?: (address: string) => boolean;
  /** the time a message is received at (`receivedAt`); the system's unless given */
  clock?: Clock;
}): Promise<SmtpSink> {
  const maxBytes = options.maxBytes ?? 25 * 1024 * 1024;
  const clock = options.clock ?? systemClock;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: maxBytes,
    logger: false,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (!options.acceptRecipient || options.acceptRecipient(address.address)) return callback();
      callback(
        Object.assign(new Error(`5.1.1 <${address.address.slice(0, 254)}>: no such mailbox here`), {
          responseCode: 550,
        }),
      );
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = Object.assign(new Error(`Message exceeds the fixed limit of ${maxBytes} bytes`), {
            responseCode: 552,
          });
          return callback(error);
        }
        const refusal = options.refuse?.();
        if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        const raw = Buffer.concat(chunks);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        simpleParser(raw)
          .then(
            (parsed) => options.onMail({ parsed, raw, envelopeFrom, envelopeTo, receivedAt: clock.now() }),
            (parseError: Error) => {
              if (!options.onUnparsable) throw parseError;
              return options.onUnparsable(raw, { from: envelopeFrom, to: envelopeTo }, parseError);
            },
          )
          .then(() => callback(null))
          .catch((err: unknown) =>
            callback(
              Object.assign(new Error(`Temporary failure storing the message: ${String(err)}`), { responseCode: 451 }),
            ),
          );
      });
    },
  });
  server.on('error', () => undefined); // per-connection errors (resets, timeouts) must not crash the process
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
