import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import { enqueueInTransaction } from '../queue';

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
  await enqueueInTransaction(trx, 'send-email', { emailId: row!.id });
  return { id: row!.id, messageId };
}

export type SendOutcome =
  | { kind: 'sent'; acceptedAt: Date; response: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed_permanently'; error: string };

export class TransientSendError extends Error {}

/** An SMTP 5xx (or a refused recipient) will not succeed on retry; anything else (4xx, network) may. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
}

/**
 * Sends one stored email. The status guard makes it idempotent: a duplicate or late retry of a sent or failed
 * message does nothing. `onSent`/`onFailed` run in the same transaction as the status change.
 */
export async function sendStoredEmail(
  db: Knex,
  transport: Transporter,
  emailId: number,
  hooks: {
    now: () => Date;
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
  try {
    const info = await transport.sendMail({
      from: email.from_address,
      to: email.to_address,
      replyTo: email.reply_to ?? undefined,
      subject: email.subject,
      text: email.text_body,
      html: email.html_body ?? undefined,
      messageId: email.message_id,
      inReplyTo: email.in_reply_to ?? undefined,
      references: email.in_reply_to ?? undefined,
    });
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
    await db('outbound_emails').where({ id: emailId }).update({ last_error: message.slice(0, 1000) });
    throw new TransientSendError(message);
  }
}
