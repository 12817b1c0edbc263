import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import { enqueueInTransaction, enqueueManyInTransaction } from '../queue';
import type { MessageOptions } from './transport';
import { readDocument } from '../shared/documents';

export interface NewEmail {
  template: string;
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  inReplyTo?: string;
  /** the domain of the Message-ID, e.g. the reply domain */
  messageIdDomain: string;
  related?: { type: string; id: number };
  /** stored documents sent with the message (opened only when it is sent) */
  attachments?: { documentId: number; filename: string }[];
}

/**
 * Stores a rendered email and its send job in the caller's transaction. The Message-ID is fixed here, once, so
 * every retry sends the same message and receivers can recognise a repeat.
 */
export async function queueEmail(
  trx: Knex | Knex.Transaction,
  email: NewEmail,
): Promise<{ id: number; messageId: string }> {
  const messageId = `<${randomUUID()}@${email.messageIdDomain}>`;
  const [row] = await trx('outbound_emails')
    .insert({
      template: email.template,
      from_address: email.from,
      to_address: email.to,
      reply_to: email.replyTo ?? null,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html ?? null,
      message_id: messageId,
      in_reply_to: email.inReplyTo ?? null,
      related_type: email.related?.type ?? null,
      related_id: email.related?.id ?? null,
    })
    .returning<{ id: number }[]>('id');
  if (email.attachments?.length) {
    await trx('outbound_email_attachments').insert(
      email.attachments.map((a) => ({ email_id: row!.id, document_id: a.documentId, filename: a.filename })),
    );
  }
  await enqueueInTransaction(trx, 'send-email', { emailId: row!.id });
  return { id: row!.id, messageId };
}

/** Many emails in a few statements (bulk work), with the same guarantees as queueEmail. */
export async function queueEmails(
  trx: Knex | Knex.Transaction,
  emails: NewEmail[],
): Promise<{ id: number; messageId: string }[]> {
  if (emails.length === 0) return [];
  const messageIds = emails.map((e) => `<${randomUUID()}@${e.messageIdDomain}>`);
  const rows = await trx('outbound_emails')
    .insert(
      emails.map((email, i) => ({
        template: email.template,
        from_address: email.from,
        to_address: email.to,
        reply_to: email.replyTo ?? null,
        subject: email.subject,
        text_body: email.text,
        html_body: email.html ?? null,
        message_id: messageIds[i],
        in_reply_to: email.inReplyTo ?? null,
        related_type: email.related?.type ?? null,
        related_id: email.related?.id ?? null,
      })),
    )
    .returning<{ id: number; message_id: string }[]>(['id', 'message_id']);
  const idOf = new Map(rows.map((r) => [r.message_id, r.id]));
  const ids = messageIds.map((m) => idOf.get(m)!);
  const attachments = emails.flatMap((e, i) =>
    (e.attachments ?? []).map((a) => ({ email_id: ids[i], document_id: a.documentId, filename: a.filename })),
  );
  if (attachments.length) await trx('outbound_email_attachments').insert(attachments);
  await enqueueManyInTransaction(
    trx,
    'send-email',
    ids.map((emailId) => ({ emailId })),
  );
  return ids.map((id, i) => ({ id, messageId: messageIds[i]! }));
}

export type SendOutcome =
  | { kind: 'sent'; acceptedAt: Date; response: string }
  | { kind: 'sent_answer_unrecorded'; acceptedAt: Date }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed_permanently'; error: string }
  | { kind: 'uncertain'; error: string };

export const ANSWER_UNRECORDED =
  "Sent, the mail server's answer not recorded: the worker stopped after the final dot had left it and before the answer came. " +
  'A server keeps a message once it has the final dot, so this counts as delivered at the time the dot was sent, and is not sent again.';

const UNCERTAIN_DELIVERY =
  'Delivery uncertain: the connection to the mail server was lost after the whole message had been sent and before the server answered, ' +
  'so the server may or may not have it. It is not sent again automatically, so the recipient never gets two copies; check with the recipient, or resend.';

/** The reason a letter that kept being refused for now (4xx) or could not reach its server is given up on. */
function retryWindowExceeded(windowMs: number, lastError: string): string {
  return (
    `Not delivered: the mail server did not take the message within the retry window of ${formatDuration(windowMs)} ` +
    `(it refused it for now, or could not be reached, on every try). Last error: ${lastError}`
  );
}

export class TransientSendError extends Error {
  /** when set, the earliest moment a retry can do anything (another worker's lease ends then) */
  constructor(
    message: string,
    readonly retryInMs?: number,
  ) {
    super(message);
    this.name = 'TransientSendError';
  }
}

/** An SMTP 5xx (or a refused recipient) will not succeed on retry; anything else (4xx, network) may. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
}

type EmailRef = { id: number; related_type: string | null; related_id: number | null };

/** The pg connection knex hands out: only the part used to write the mark. */
interface RawConnection {
  query(sql: string): Promise<{ rowCount?: number | null }>;
}

export interface SendHooks {
  now: () => Date;
  /** APP_SECRET, to open attached documents */
  secret?: string;
  onSent?: (trx: Knex.Transaction, email: EmailRef, acceptedAt: Date) => Promise<void>;
  onFailed?: (trx: Knex.Transaction, email: EmailRef, error: string) => Promise<void>;
  /** how long a claim lasts unless extended (it is extended every third of it while the send runs); default 30 s */
  leaseMs?: number;
  /** a message the server keeps refusing for now (4xx) or cannot be reached for is failed this long after it was stored; default 24 h */
  retryWindowMs?: number;
  /** how long an outcome the server already gave is kept and its recording retried while the database is unreachable; default 5 min */
  recordRetryMs?: number;
  /** the database errors that are worth retrying (connection lost, restart, full pool) */
  isTransientDbError?: (err: unknown) => boolean;
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_RETRY_WINDOW_MS = 24 * 3600_000;
const DEFAULT_RECORD_RETRY_MS = 5 * 60_000;

/**
 * Sends one stored email, exactly once, even when the worker is killed at any instant or the database goes away
 * during the send.
 *
 * The claim is a lease with a fencing token (`claim_token`, `lease_expires_at`): it is taken only when the row is
 * `pending` and no other worker's lease is running, extended while the send lasts, renewed on the mark's connection
 * just before the final dot (no dot goes out if the token is no longer on the row), and every later write (the mark,
 * the outcome) lands only while the row still carries this token. The dot itself goes out only while at least half
 * a lease is certainly left, counted on this process's monotonic clock from when the renewal was asked, so a process
 * stalled after the renewal (for longer than the lease, while another worker claimed and sent the message) holds its
 * dot back. A stalled job handed to a second worker while the first is alive therefore finds the lease held and is
 * retried once it ends, instead of sending a second copy; and a first worker whose lease was taken over (its
 * extensions starved) does not send its dot.
 *
 * A crash is handled by the mark `final_dot_sent_at` (migration email_final_dot_sent):
 * - before the final dot goes out, a database connection is taken and held, idle;
 * - the instant the dot has been handed to the operating system, the mark is written on that connection in the same
 *   call (a few microseconds later), as one autocommitted statement, which Postgres carries out even if this process
 *   is dead by the time it reads it;
 * - a retry that finds the mark counts the message as sent (the server has its final dot); one that finds none
 *   sends again, and the server never kept the earlier attempt, whose final dot it never got.
 * Only a kill in those microseconds between the dot and the mark can still give a second copy.
 *
 * While the worker is alive it records every outcome itself: the answer, or `uncertain` when the SMTP connection is
 * lost after the dot and before an answer. An answer the server gave is kept in memory and its recording retried while
 * the database is unreachable (`recordRetryMs`), so a database outage never turns a delivered message into an
 * `uncertain` one. A 4xx or an unreachable server is retried until `retryWindowMs` after the message was stored, then
 * the message is failed with the reason. `onSent`/`onFailed` run in the same transaction as the status change.
 */
export async function sendStoredEmail(
  db: Knex,
  transport: Transporter,
  emailId: number,
  hooks: SendHooks,
): Promise<SendOutcome> {
  const leaseMs = hooks.leaseMs ?? DEFAULT_LEASE_MS;
  const retryWindowMs = hooks.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
  const isTransient = hooks.isTransientDbError ?? (() => false);
  const token = randomUUID();
  const lease = db.raw(`now() + make_interval(secs => ?)`, [leaseMs / 1000]);
  const claimed = await db('outbound_emails')
    .where({ id: emailId })
    .where('status', 'pending')
    .andWhere((q) => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<=', db.fn.now()))
    .update({ attempts: db.raw('attempts + 1'), claim_token: token, lease_expires_at: lease })
    .returning([
      '*',
      db.raw(
        'exists (select 1 from outbound_email_attachments a where a.email_id = outbound_emails.id) as has_attachments',
      ),
      // measured by the database, whose clock set created_at
      db.raw('(extract(epoch from now() - created_at) * 1000)::float8 as stored_ms'),
    ]);
  const email = claimed[0];
  const claimedAt = performance.now();
  if (!email) {
    const held = await db('outbound_emails')
      .where({ id: emailId, status: 'pending' })
      .first<{ wait_ms: number } | undefined>(
        db.raw('greatest(0, extract(epoch from lease_expires_at - now()) * 1000)::float8 as wait_ms'),
      );
    if (held)
      throw new TransientSendError(
        `another worker holds this message's send lease for ${Math.ceil(held.wait_ms)} ms more`,
        Math.ceil(held.wait_ms) + 50,
      );
    return { kind: 'skipped', reason: 'not pending (already sent, failed or unknown)' };
  }
  /** this worker's writes: only while the row still carries its token (no other worker took the message over) */
  const mine = (q: Knex | Knex.Transaction) => q('outbound_emails').where({ id: emailId, claim_token: token });
  const record = (write: (trx: Knex.Transaction) => Promise<void>) =>
    recordOutcome(db, write, { isTransient, retryMs: hooks.recordRetryMs ?? DEFAULT_RECORD_RETRY_MS });

  if (email.final_dot_sent_at) {
    const acceptedAt = new Date(email.final_dot_sent_at);
    await record(async (trx) => {
      if (
        !(await mine(trx).update({
          status: 'sent',
          accepted_at: acceptedAt,
          smtp_response: null,
          last_error: ANSWER_UNRECORDED,
          lease_expires_at: null,
        }))
      )
        return;
      await hooks.onSent?.(trx, email, acceptedAt);
    });
    return { kind: 'sent_answer_unrecorded', acceptedAt };
  }

  // the lease is extended while the send lasts; each extension holds a connection only for its one statement. Only a
  // pending row is extended: an extension still in flight when the outcome is written re-reads the row (the outcome
  // holds its lock) and leaves a sent or failed message without a lease.
  const extender = setInterval(
    () => {
      mine(db)
        .where({ status: 'pending' })
        .update({ lease_expires_at: db.raw(`now() + make_interval(secs => ?)`, [leaseMs / 1000]) })
        .catch(() => undefined);
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  extender.unref();

  let markConnection: RawConnection | undefined;
  let markWritten: Promise<unknown> | undefined;
  /** Gives the connection back once the mark (if any) is written; safe to call twice. */
  const releaseMarkConnection = async () => {
    const connection = markConnection;
    markConnection = undefined;
    if (!connection) return;
    await markWritten?.catch(() => undefined); // a failed mark only means that a crash now would send again
    await db.client.releaseConnection(connection);
  };
  let markReleased: Promise<void> | undefined;
  /** The connection is back and the mark, if one was sent, is in. */
  const markSettled = async () => {
    await releaseMarkConnection(); // still held if the dot never went out (or could not be seen leaving)
    await markReleased;
  };
  try {
    let info: { response?: unknown } | undefined;
    let smtpError: unknown;
    let databaseFailed = false;
    let leaseLost = false;
    /** the dot may go out until then (performance.now()): half a lease after the renewal before it was asked */
    let dotDeadline = -Infinity;
    let dotHeldBack = false;
    let attachments: Awaited<ReturnType<typeof attachmentsOf>>;
    try {
      attachments = email.has_attachments ? await attachmentsOf(db, emailId, hooks.secret) : [];
    } catch (err) {
      await mine(db)
        .update({ lease_expires_at: null })
        .catch(() => undefined); // nothing was sent: let the retry in at once
      throw err;
    }
    try {
      const options: MessageOptions = {
        from: email.from_address,
        to: email.to_address,
        replyTo: email.reply_to ?? undefined,
        subject: email.subject,
        text: email.text_body,
        html: email.html_body ?? undefined,
        messageId: email.message_id,
        inReplyTo: email.in_reply_to ?? undefined,
        references: email.in_reply_to ?? undefined,
        ...(attachments.length ? { attachments } : {}),
        beforeFinalDot: async () => {
          let renewed: { rowCount?: number | null };
          let asked: number;
          try {
            markConnection = (await db.client.acquireConnection()) as RawConnection;
            // The fence before the dot: the dot goes out only while this worker still holds the lease, renewed here
            // for a whole lease, so no other worker can claim the message until long after the mark is in. The lease
            // runs from when Postgres carries the renewal out, which is after it was asked: counted from the asking,
            // on this process's monotonic clock, at least a whole lease is left until then.
            asked = performance.now();
            renewed = await markConnection.query(
              `update outbound_emails set lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000}) ` +
                `where id = ${Number(emailId)} and claim_token = '${token}' and status = 'pending'`,
            );
          } catch (err) {
            databaseFailed = true; // the dot is held back: nothing was sent, and the database, not the server, is at fault
            throw err;
          }
          if (renewed.rowCount !== 1) {
            leaseLost = true;
            throw new Error('the send lease was taken over before the final dot; the message was not sent');
          }
          dotDeadline = asked + leaseMs / 2;
        },
        // Asked in the very call that writes the dot. A process stalled after the renewal (descheduled, paused, its
        // event loop starved) may have let the lease run out and another worker claim and send the message: the dot
        // goes out only while at least half the lease is certainly left, else it is held back (the server keeps
        // nothing) and the message is retried under a new claim.
        mayStillSendFinalDot: () => {
          if (performance.now() <= dotDeadline) return true;
          dotHeldBack = true;
          return false;
        },
        // pg writes an idle connection's query to its socket synchronously: the mark leaves right behind the dot. It is
        // one simple-protocol message (literals, no parameters) that Postgres runs to its commit before it answers, so
        // it commits even if this process is gone by then. The commit does not wait for the disk flush (about 1.7 ms
        // here): only a crash of Postgres itself within its flush delay could lose the mark, and then a retry would
        // send again (at least once, never lost). The token fences it: a worker whose lease was taken over marks nothing.
        onFinalDotSent: () => {
          const sentAt = hooks.now().toISOString();
          markWritten = markConnection?.query(
            `begin; set local synchronous_commit to off; update outbound_emails set final_dot_sent_at = '${sentAt}' where id = ${Number(emailId)} and claim_token = '${token}'; commit;`,
          );
          // held only from just before the dot until the mark is in, not while the server's answer is awaited
          markReleased = releaseMarkConnection();
        },
      };
      info = await transport.sendMail(options);
    } catch (err) {
      smtpError = err;
    }
    await markSettled(); // the mark must be in before it may be cleared below

    if (!smtpError) {
      // The server took the message: its answer is kept here and recorded, retried while the database is away.
      const acceptedAt = hooks.now();
      const response = String(info?.response ?? '');
      await record(async (trx) => {
        if (
          !(await mine(trx).update({
            status: 'sent',
            accepted_at: acceptedAt,
            smtp_response: response.slice(0, 1000),
            last_error: null,
            lease_expires_at: null,
          }))
        )
          return;
        await hooks.onSent?.(trx, email, acceptedAt);
      });
      return { kind: 'sent', acceptedAt, response };
    }

    const message = smtpError instanceof Error ? smtpError.message : String(smtpError);
    // another worker holds the message now: nothing was sent, and nothing of this attempt may be recorded over it
    if (leaseLost) throw new TransientSendError(message);
    if (isPermanent(smtpError)) {
      await record(async (trx) => {
        if (!(await mine(trx).update({ status: 'failed', last_error: message.slice(0, 1000), lease_expires_at: null })))
          return;
        await hooks.onFailed?.(trx, email, message);
      });
      return { kind: 'failed_permanently', error: message };
    }
    const answered = typeof (smtpError as { responseCode?: unknown }).responseCode === 'number';
    if (markWritten && !answered) {
      // the dot went out and the SMTP connection was lost before any answer: the server may have the message or not
      await record(async (trx) => {
        if (
          !(await mine(trx).update({
            status: 'uncertain',
            last_error: `${UNCERTAIN_DELIVERY} (${message})`.slice(0, 1000),
            lease_expires_at: null,
          }))
        )
          return;
        await hooks.onFailed?.(trx, email, UNCERTAIN_DELIVERY);
      });
      return { kind: 'uncertain', error: UNCERTAIN_DELIVERY };
    }
    // Not sent, or refused for now with a 4xx: the server did not take it, so the mark (if any) no longer stands.
    const storedFor = Number(email.stored_ms) + (performance.now() - claimedAt);
    if (storedFor >= retryWindowMs && !databaseFailed && !dotHeldBack) {
      const reason = retryWindowExceeded(retryWindowMs, message);
      await record(async (trx) => {
        if (
          !(await mine(trx).update({
            status: 'failed',
            last_error: reason.slice(0, 1000),
            final_dot_sent_at: null,
            lease_expires_at: null,
          }))
        )
          return;
        await hooks.onFailed?.(trx, email, reason);
      });
      return { kind: 'failed_permanently', error: reason };
    }
    await record(async (trx) => {
      await mine(trx).update({ last_error: message.slice(0, 1000), final_dot_sent_at: null, lease_expires_at: null });
    });
    throw new TransientSendError(message);
  } finally {
    clearInterval(extender);
  }
}

/**
 * Runs an outcome's transaction, retrying it while the database is unreachable (bounded by `retryMs`): the outcome is
 * already decided (the server answered), only writing it down waits. Any other error, or running out of time, throws;
 * the job is then retried and the mark decides.
 */
async function recordOutcome(
  db: Knex,
  write: (trx: Knex.Transaction) => Promise<void>,
  options: { isTransient: (err: unknown) => boolean; retryMs: number },
): Promise<void> {
  const started = performance.now();
  for (let delay = 100; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await db.transaction(write);
      return;
    } catch (err) {
      if (!options.isTransient(err) || performance.now() - started + delay > options.retryMs) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function formatDuration(ms: number): string {
  if (ms % 3600_000 === 0) return `${ms / 3600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

async function attachmentsOf(db: Knex, emailId: number, secret: string | undefined) {
  const rows = await db('outbound_email_attachments')
    .where({ email_id: emailId })
    .orderBy('id')
    .select<{ document_id: number; filename: string }[]>('document_id', 'filename');
  if (rows.length === 0) return [];
  if (!secret) throw new Error('this email has attachments but no secret was given to open them');
  const out: { filename: string; content: Buffer; contentType: string }[] = [];
  for (const row of rows) {
    const doc = await readDocument(db, secret, row.document_id);
    if (!doc) throw new Error(`attachment document ${row.document_id} is missing or erased`);
    out.push({ filename: row.filename, content: doc.content, contentType: doc.content_type });
  }
  return out;
}
