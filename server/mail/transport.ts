import { Socket } from 'node:net';
import { Transform, type Readable, type TransformCallback, type Writable } from 'node:stream';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';

/**
 * Message options for exactly-once sending. A message is taken by the server when it receives the final "." of the
 * DATA phase, so the moment that matters is when that dot leaves this process.
 */
interface FinalDotOptions {
  /**
   * Awaited once the whole message has been streamed to the server, before the final dot: the place to get ready for
   * `onFinalDotSent` (the dot waits for the returned promise, and is never sent if it rejects).
   */
  beforeFinalDot?: () => Promise<void>;
  /**
   * Called synchronously as soon as the final dot has been handed to the operating system, which delivers it even if
   * this process is killed the next instant. Anything it writes to another socket in the same call lands a few
   * microseconds after the dot. Not called when the dot could not be seen leaving (the send then fails or the
   * connection is lost before it).
   */
  onFinalDotSent?: () => void;
}
export type MessageOptions = SendMailOptions & FinalDotOptions;

/**
 * Holds the end of the message stream until the SMTP connection has read every byte, then runs the hook. A readable
 * high-water mark of 0 keeps the transform from reading ahead: its flush runs only after the connection pulled the
 * last chunk, i.e. during the DATA phase, and nodemailer writes the final dot when this stream ends.
 */
function finalDotGate(hook: () => Promise<void>): Transform {
  return new Transform({
    readableHighWaterMark: 0,
    transform(chunk, _encoding, done) {
      done(null, chunk);
    },
    flush(done) {
      hook().then(
        () => done(),
        (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
}

/**
 * nodemailer pipes the message into its dot-escaping stream, which it has piped into the connection's socket; that
 * stream writes the final dot as its last chunk and ends right after. Node lists a readable's pipe destinations only
 * in its internal state, so the socket is looked up there; if that ever changes, no socket is found, the hook is not
 * called, and the email test for the final dot fails.
 */
function socketPipedFrom(stream: Readable): Socket | undefined {
  const pipes = (stream as unknown as { _readableState?: { pipes?: unknown } })._readableState?.pipes;
  const sockets = Array.isArray(pipes) ? pipes.filter((p): p is Socket => p instanceof Socket) : [];
  return sockets.length === 1 ? sockets[0] : undefined;
}

/**
 * Calls `onSent` once the last chunk `dataStream` wrote to its socket (the final dot) is in the operating system. The
 * dot is pushed by the stream's flush; when it goes straight to the socket (the usual case), the stream's 'data'
 * listeners run in the same call, after the pipe's own listener wrote it, and `onSent` runs right there. Otherwise
 * (the dot waited in a queue) it runs once everything queued before an empty write has been handed over.
 */
function watchFinalDot(dataStream: Writable, onSent: () => void): void {
  const socket = socketPipedFrom(dataStream as unknown as Readable);
  if (!socket) return;
  const stream = dataStream as Transform & { _flush: (done: TransformCallback) => void };
  const flush = stream._flush;
  let flushing = false;
  let sent = false;
  stream._flush = function (this: Transform, done: TransformCallback) {
    flushing = true;
    try {
      flush.call(this, done);
    } finally {
      flushing = false;
    }
  };
  stream.on('data', () => {
    // only the dot can be emitted during the flush itself: anything pushed before it would have been queued ahead
    if (flushing && !sent && socket.writableLength === 0) {
      sent = true;
      onSent();
    }
  });
  stream.once('end', () => {
    if (sent || socket.destroyed) return;
    sent = true;
    if (socket.writableLength === 0) onSent();
    else socket.write(Buffer.alloc(0), (err) => !err && onSent());
  });
}

/** Pooled SMTP transport: one connection pool per process, reused for every message. */
/**
 * Every SMTP phase is bounded: the TCP connection, the server's greeting, and any silence on the socket afterwards
 * (including the wait for the answer to the final dot), so a hung mail server fails a send instead of holding it.
 */
export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export function createMailTransport(
  smtpUrl: string,
  timeouts: SmtpTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 60_000 },
): Transporter {
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
    // The pool must never send a message again on its own: when a connection closes mid-send it would re-queue the
    // message (after a 50 ms wait that a busy process can overrun, even past the final dot) and deliver a second copy.
    // The send fails instead, and the letter's row (its mark) decides whether it may be sent again.
    maxRequeues: 0,
    // a local capture server speaks plain SMTP; a real relay negotiates STARTTLS when offered
    ignoreTLS: url.searchParams.get('tls') === 'off',
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  });
  transport.use('stream', (mail, done) => {
    const { beforeFinalDot, onFinalDotSent } = mail.data as FinalDotOptions;
    if (beforeFinalDot) mail.message.transform(() => finalDotGate(beforeFinalDot));
    if (onFinalDotSent) {
      // the stream nodemailer creates for sending is piped into the dot-escaping stream: catch that pipe
      const createReadStream = mail.message.createReadStream.bind(mail.message);
      mail.message.createReadStream = (...args: Parameters<typeof createReadStream>) => {
        const message = createReadStream(...args);
        const pipe = message.pipe.bind(message);
        message.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
          watchFinalDot(destination as unknown as Writable, onFinalDotSent);
          return pipe(destination, options);
        };
        return message;
      };
    }
    done();
  });
  return transport;
}
