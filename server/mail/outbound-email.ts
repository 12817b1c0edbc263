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
export async function queueEmail(trx: Knex | Knex.Transaction, email: NewEmail): Promise<{ id: number; messageId: string }> {
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
    await trx('outbound_email_attachments').insert(email.attachments.map((a) => ({ email_id: row!.id, document_id: a.documentId, filename: a.filename })));
  }
  await enqueueInTransaction(trx, 'send-email', { emailId: row!.id });
  return { id: row!.id, messageId };
}

/** Many emails in a few statements (bulk work), with the same guarantees as queueEmail. */
export async function queueEmails(trx: Knex | Knex.Transaction, emails: NewEmail[]): Promise<{ id: number; messageId: string }[]> {
  if (emails.length === 0) return [];
  const messageIds = emails.map((e) => `<${randomUUID()}@${e.messageIdDomain}>`);
  const rows = await trx('outbound_emails')
    .insert(
      emails.map((email, i) => ({
        template: email.template, from_address: email.from, to_address: email.to, reply_to: email.replyTo ?? null, subject: email.subject,
        text_body: email.text, html_body: email.html ?? null, message_id: messageIds[i], in_reply_to: email.inReplyTo ?? null,
        related_type: email.related?.type ?? null, related_id: email.related?.id ?? null,
      })),
    )
    .returning<{ id: number; message_id: string }[]>(['id', 'message_id']);
  const idOf = new Map(rows.map((r) => [r.message_id, r.id]));
  const ids = messageIds.map((m) => idOf.get(m)!);
  const attachments = emails.flatMap((e, i) => (e.attachments ?? []).map((a) => ({ email_id: ids[i], document_id: a.documentId, filename: a.filename })));
  if (attachments.length) await trx('outbound_email_attachments').insert(attachments);
  await enqueueManyInTransaction(trx, 'send-email', ids.map((emailId) => ({ emailId })));
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

export const UNCERTAIN_DELIVERY =
  'Delivery uncertain: the connection to the mail server was lost after the whole message had been sent and before the server answered, ' +
  'so the server may or may not have it. It is not sent again automatically, so the recipient never gets two copies; check with the recipient, or resend.';

export class TransientSendError extends Error {}

/** An SMTP 5xx (or a refused recipient) will not succeed on retry; anything else (4xx, network) may. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
}

type EmailRef = { id: number; related_type: string | null; related_id: number | null };

/** The pg connection knex hands out: only the part used to write the mark. */
interface RawConnection {
  query(sql: string): Promise<unknown>;
}

/**
 * Sends one stored email, exactly once, even when the worker is killed at any instant. The status guard makes a
 * duplicate or late retry of a sent or failed message do nothing. A crash is handled by the mark
 * `final_dot_sent_at` (migration email_final_dot_sent):
 * - before the final dot goes out, a database connection is taken and held, idle;
 * - the instant the dot has been handed to the operating system, the mark is written on that connection in the same
 *   call (a few microseconds later), as one autocommitted statement, which Postgres carries out even if this process
 *   is dead by the time it reads it;
 * - a retry that finds the mark counts the message as sent (the server has its final dot); one that finds none
 *   sends again, and the server never kept the earlier attempt, whose final dot it never got.
 * Only a kill in those microseconds between the dot and the mark can still give a second copy.
 * While the worker is alive it records every outcome itself: the answer, or `uncertain` when the connection is lost
 * after the dot and before an answer. `onSent`/`onFailed` run in the same transaction as the status change.
 */
export async function sendStoredEmail(
  db: Knex,
  transport: Transporter,
  emailId: number,
  hooks: {
    now: () => Date;
    /** APP_SECRET, to open attached documents */
    secret?: string;
    onSent?: (trx: Knex.Transaction, email: EmailRef, acceptedAt: Date) => Promise<void>;
    onFailed?: (trx: Knex.Transaction, email: EmailRef, error: string) => Promise<void>;
  },
): Promise<SendOutcome> {
  const claimed = await db('outbound_emails')
    .where({ id: emailId })
    .whereIn('status', ['pending'])
    .increment('attempts', 1)
    .returning(['*', db.raw('exists (select 1 from outbound_email_attachments a where a.email_id = outbound_emails.id) as has_attachments')]);
  const email = claimed[0];
  if (!email) return { kind: 'skipped', reason: 'not pending (already sent, failed or unknown)' };
  if (email.final_dot_sent_at) {
    const acceptedAt = new Date(email.final_dot_sent_at);
    await db.transaction(async (trx) => {
      await trx('outbound_emails').where({ id: emailId }).update({ status: 'sent', accepted_at: acceptedAt, smtp_response: null, last_error: ANSWER_UNRECORDED });
      await hooks.onSent?.(trx, email, acceptedAt);
    });
    return { kind: 'sent_answer_unrecorded', acceptedAt };
  }

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
    const attachments = email.has_attachments ? await attachmentsOf(db, emailId, hooks.secret) : [];
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
        markConnection = (await db.client.acquireConnection()) as RawConnection;
      },
      // pg writes an idle connection's query to its socket synchronously: the mark leaves right behind the dot. It is
      // one simple-protocol message (literals, no parameters) that Postgres runs to its commit before it answers, so
      // it commits even if this process is gone by then. The commit does not wait for the disk flush (about 1.7 ms
      // here): only a crash of Postgres itself within its flush delay could lose the mark, and then a retry would
      // send again (at least once, never lost).
      onFinalDotSent: () => {
        const sentAt = hooks.now().toISOString();
        markWritten = markConnection?.query(
          `begin; set local synchronous_commit to off; update outbound_emails set final_dot_sent_at = '${sentAt}' where id = ${Number(emailId)}; commit;`,
        );
        // held only from just before the dot until the mark is in, not while the server's answer is awaited
        markReleased = releaseMarkConnection();
      },
    };
    const info = await transport.sendMail(options);
    // recording the answer need not wait for the mark: whichever commits first, the row ends up sent
    const acceptedAt = hooks.now();
    await db.transaction(async (trx) => {
      await trx('outbound_emails')
        .where({ id: emailId })
        .update({ status: 'sent', accepted_at: acceptedAt, smtp_response: String(info.response ?? '').slice(0, 1000), last_error: null });
      await hooks.onSent?.(trx, email, acceptedAt);
    });
    await markSettled();
    return { kind: 'sent', acceptedAt, response: String(info.response ?? '') };
  } catch (err) {
    await markSettled(); // the mark must be in before it may be cleared below
    const message = err instanceof Error ? err.message : String(err);
    if (isPermanent(err)) {
      await db.transaction(async (trx) => {
        await trx('outbound_emails').where({ id: emailId }).update({ status: 'failed', last_error: message.slice(0, 1000) });
        await hooks.onFailed?.(trx, email, message);
      });
      return { kind: 'failed_permanently', error: message };
    }
    const answered = typeof (err as { responseCode?: unknown }).responseCode === 'number';
    if (markWritten && !answered) {
      // the dot went out and the connection was lost before any answer: the server may have the message or not
      await db.transaction(async (trx) => {
        await trx('outbound_emails').where({ id: emailId }).update({ status: 'uncertain', last_error: `${UNCERTAIN_DELIVERY} (${message})`.slice(0, 1000) });
        await hooks.onFailed?.(trx, email, UNCERTAIN_DELIVERY);
      });
      return { kind: 'uncertain', error: UNCERTAIN_DELIVERY };
    }
    // not sent, or refused for now with a 4xx: the server did not take it, so the mark (if any) no longer stands
    await db('outbound_emails').where({ id: emailId }).update({ last_error: message.slice(0, 1000), final_dot_sent_at: null });
    throw new TransientSendError(message);
  }
}

async function attachmentsOf(db: Knex, emailId: number, secret: string | undefined) {
  const rows = await db('outbound_email_attachments').where({ email_id: emailId }).orderBy('id').select<{ document_id: number; filename: string }[]>('document_id', 'filename');
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
