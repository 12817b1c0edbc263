import { Socket } from 'node:net';
import type { Readable, Transform, TransformCallback, Writable } from 'node:stream';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';

/**
 * Message options for exactly-once sending. A message is taken by the server when it receives the final "." of the
 * DATA phase, so the moment that matters is when that dot leaves this process.
 */
interface FinalDotOptions {
  /**
   * Awaited once the whole message has been handed to the operating system (DATA phase, every byte but the final
   * dot), right before the dot: the place to get ready for `onFinalDotSent`. The dot waits for the returned promise,
   * and is never sent if it rejects (the connection is dropped instead and the send fails with that error).
   */
  beforeFinalDot?: () => Promise<void>;
  /**
   * Asked synchronously in the very call that would hand the final dot to the operating system, after
   * `beforeFinalDot`. `false` holds the dot back for good: the connection is dropped instead, so the server never
   * gets the end of the message and keeps nothing, and the send fails. The place for a time check that must not go
   * stale between the check and the dot.
   */
  mayStillSendFinalDot?: () => boolean;
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
 * nodemailer pipes the message into its dot-escaping stream, which it has piped into the connection's socket; that
 * stream writes the final dot as its last chunk and ends right after. Node lists a readable's pipe destinations only
 * in its internal state, so the socket is looked up there; if that ever changes, no socket is found and the send
 * fails (the worker's start-up self-check, final-dot-check.ts, refuses to start then).
 */
function socketPipedFrom(stream: Readable): Socket | undefined {
  const pipes = (stream as unknown as { _readableState?: { pipes?: unknown } })._readableState?.pipes;
  const sockets = Array.isArray(pipes) ? pipes.filter((p): p is Socket => p instanceof Socket) : [];
  return sockets.length === 1 ? sockets[0] : undefined;
}

/**
 * Waits until every byte of the message written so far has been handed to the operating system: nothing left in the
 * dot-escaping stream's buffer or in the socket's. Bounded by the connection's socket timeout, which destroys a socket
 * the server stopped reading.
 */
async function drained(socket: Socket, dataStream: Readable): Promise<void> {
  while (!socket.destroyed && (socket.writableLength > 0 || dataStream.readableLength > 0)) {
    if (socket.writableLength > 0) await new Promise<void>((resolve) => socket.write(Buffer.alloc(0), () => resolve()));
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Runs the hooks around the final dot, which the dot-escaping stream `dataStream` pushes in its flush, once it has
 * received the whole message (the DATA phase). The flush is held until every byte before the dot is with the
 * operating system and `beforeFinalDot` has resolved; `mayStillSendFinalDot` is asked right before the dot is pushed.
 * When the dot goes straight to the socket (the usual case), the stream's 'data' listeners run in the same call,
 * after the pipe's own listener wrote it, and `onFinalDotSent` runs right there. Otherwise (the dot waited in a
 * queue) it runs once everything queued before an empty write has been handed over. A failed hook or a held-back
 * dot destroys the socket: the send fails and the server, without the dot, keeps nothing.
 */
function watchFinalDot(dataStream: Writable, hooks: FinalDotOptions): boolean {
  const socket = socketPipedFrom(dataStream as unknown as Readable);
  if (!socket) return false;
  const stream = dataStream as Transform & { _flush: (done: TransformCallback) => void };
  const flush = stream._flush;
  let flushing = false;
  let sent = false;
  const dropConnection = (reason: unknown) =>
    socket.destroy(reason instanceof Error ? reason : new Error(String(reason)));
  stream._flush = function (this: Transform, done: TransformCallback) {
    const ready = async () => {
      await drained(socket, stream);
      await hooks.beforeFinalDot?.();
    };
    ready().then(
      () => {
        if (socket.destroyed) return done();
        if (hooks.mayStillSendFinalDot && !hooks.mayStillSendFinalDot()) {
          dropConnection('the final dot was held back and the connection dropped: the message was not sent');
          return done();
        }
        flushing = true;
        try {
          flush.call(this, done);
        } finally {
          flushing = false;
        }
      },
      (err: unknown) => {
        dropConnection(err);
        done();
      },
    );
  };
  stream.on('data', () => {
    // only the dot can be emitted during the flush itself: anything pushed before it would have been queued ahead
    if (flushing && !sent && socket.writableLength === 0) {
      sent = true;
      hooks.onFinalDotSent?.();
    }
  });
  stream.once('end', () => {
    if (sent || socket.destroyed) return;
    sent = true;
    if (socket.writableLength === 0) hooks.onFinalDotSent?.();
    else socket.write(Buffer.alloc(0), (err) => !err && hooks.onFinalDotSent?.());
  });
  return true;
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
    const hooks = mail.data as FinalDotOptions;
    if (hooks.beforeFinalDot || hooks.mayStillSendFinalDot || hooks.onFinalDotSent) {
      // the stream nodemailer creates for sending is piped into the dot-escaping stream: catch that pipe
      const createReadStream = mail.message.createReadStream.bind(mail.message);
      mail.message.createReadStream = (...args: Parameters<typeof createReadStream>) => {
        const message = createReadStream(...args);
        const pipe = message.pipe.bind(message);
        message.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
          if (watchFinalDot(destination as unknown as Writable, hooks)) return pipe(destination, options);
          // without the hooks the dot would go out unfenced and unmarked: the message is not sent at all
          message.destroy(
            new Error('the final dot cannot be watched (no SMTP socket found): the message was not sent'),
          );
          return destination;
        };
        return message;
      };
    }
    done();
  });
  return transport;
}
