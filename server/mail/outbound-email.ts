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
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed_permanently'; error: string }
  | { kind: 'uncertain'; error: string };

export const UNCERTAIN_DELIVERY =
  'Delivery uncertain: an earlier attempt stopped after the whole message had reached the mail server and before its answer was recorded. ' +
  'It is not sent again automatically, so the recipient never gets two copies; check with the recipient, or resend.';

export class TransientSendError extends Error {}

/** An SMTP 5xx (or a refused recipient) will not succeed on retry; anything else (4xx, network) may. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
}

/**
 * Sends one stored email, exactly once. The status guard makes a duplicate or late retry of a sent or failed message
 * do nothing. A crash is handled by the commit point (migration email_commit_point): the mark written just before the
 * final dot tells a retry whether an earlier attempt may have been taken by the server; if so the message becomes
 * `uncertain` (reported through `onFailed`) instead of being sent twice. `onSent`/`onFailed` run in the same
 * transaction as the status change.
 */
export async function sendStoredEmail(
  db: Knex,
  transport: Transporter,
  emailId: number,
  hooks: {
    now: () => Date;
    /** APP_SECRET, to open attached documents */
    secret?: string;
    onSent?: (trx: Knex.Transaction, email: { id: number; related_type: string | null; related_id: number | null }, acceptedAt: Date) => Promise<void>;
    onFailed?: (trx: Knex.Transaction, email: { id: number; related_type: string | null; related_id: number | null }, error: string) => Promise<void>;
  },
): Promise<SendOutcome> {
  const claimed = await db('outbound_emails')
    .where({ id: emailId })
    .whereIn('status', ['pending'])
    .increment('attempts', 1)
    .returning('*');
  const email = claimed[0];
  if (!email) return { kind: 'skipped', reason: 'not pending (already sent, failed or unknown)' };
  if (email.final_dot_at) {
    await db.transaction(async (trx) => {
      await trx('outbound_emails').where({ id: emailId }).update({ status: 'uncertain', last_error: UNCERTAIN_DELIVERY });
      await hooks.onFailed?.(trx, email, UNCERTAIN_DELIVERY);
    });
    return { kind: 'uncertain', error: UNCERTAIN_DELIVERY };
  }
  try {
    const attachments = await attachmentsOf(db, emailId, hooks.secret);
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
      // Committed without waiting for the disk flush (about 1.7 ms here, once per message): the mark guards against a
      // crash of the worker, which cannot undo a commit Postgres acknowledged; only a crash of Postgres itself within
      // its flush delay could lose it, and then the retry sends again (at-least-once, never lost).
      beforeFinalDot: () =>
        db.transaction(async (trx) => {
          await trx.raw('set local synchronous_commit to off');
          await trx('outbound_emails').where({ id: emailId }).update({ final_dot_at: hooks.now() });
        }),
    };
    const info = await transport.sendMail(options);
    const acceptedAt = hooks.now();
    await db.transaction(async (trx) => {
      await trx('outbound_emails')
        .where({ id: emailId })
        .update({ status: 'sent', accepted_at: acceptedAt, smtp_response: String(info.response ?? '').slice(0, 1000), last_error: null });
      await hooks.onSent?.(trx, email, acceptedAt);
    });
    return { kind: 'sent', acceptedAt, response: String(info.response ?? '') };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (isPermanent(err)) {
      await db.transaction(async (trx) => {
        await trx('outbound_emails').where({ id: emailId }).update({ status: 'failed', last_error: message.slice(0, 1000) });
        await hooks.onFailed?.(trx, email, message);
      });
      return { kind: 'failed_permanently', error: message };
    }
    // The server answered (a 4xx): it did not take the message, so the commit mark no longer stands. Without an answer
    // (connection lost, timeout) the mark stays, and the retry reports the delivery as uncertain.
    const answered = typeof (err as { responseCode?: unknown }).responseCode === 'number';
    await db('outbound_emails')
      .where({ id: emailId })
      .update({ last_error: message.slice(0, 1000), ...(answered ? { final_dot_at: null } : {}) });
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
