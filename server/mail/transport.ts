import { Transform } from 'node:stream';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';

/**
 * A message option: called once the whole message has been streamed to the SMTP server, before the final "." that
 * makes the server take it; the dot waits for the returned promise (and is never sent if it rejects).
 */
export interface CommitPointOption {
  beforeFinalDot?: () => Promise<void>;
}
export type MessageOptions = SendMailOptions & CommitPointOption;

/**
 * Holds the end of the message stream until the SMTP connection has read every byte, then runs the hook. A readable
 * high-water mark of 0 keeps the transform from reading ahead: its flush runs only after the connection pulled the
 * last chunk, i.e. during the DATA phase, and nodemailer writes the final dot when this stream ends.
 */
function commitPointGate(hook: () => Promise<void>): Transform {
  return new Transform({
    readableHighWaterMark: 0,
    transform(chunk, _encoding, done) {
      done(null, chunk);
    },
    flush(done) {
      hook().then(() => done(), (err: unknown) => done(err instanceof Error ? err : new Error(String(err))));
    },
  });
}

/** Pooled SMTP transport: one connection pool per process, reused for every message. */
export function createMailTransport(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: 5,
    maxMessages: 1000,
    // a local capture server speaks plain SMTP; a real relay negotiates STARTTLS when offered
    ignoreTLS: url.searchParams.get('tls') === 'off',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  transport.use('stream', (mail, done) => {
    const hook = (mail.data as CommitPointOption).beforeFinalDot;
    if (hook) mail.message.transform(() => commitPointGate(hook));
    done();
  });
  return transport;
}
