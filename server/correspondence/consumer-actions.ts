/**
 * What a consumer can do on their own request: answer the company's request for information (text and an optional
 * document, forwarded in the same email thread) and withdraw it (the company is told where it already has the letter).
 * Every status change goes through the lifecycle table and writes its event in the same transaction.
 */
import type { Knex } from 'knex';
import type { Config } from '../config';
import { closeDeadline, requestLetterLanguage, resumeDeadline, utcDate } from '../deadlines';
import { recordEvent } from '../events';
import { AppError, notFound, validationFailed } from '../http';
import { queueDrpRevoke } from '../drp';
import { queueEmail, renderTemplate } from '../mail';
import {
  ANSWERABLE_STATUSES,
  canTransition,
  changeRequestStatus,
  consumerActions,
  scopeToAccess,
  type ConsumerAccess,
  type RequestStatus,
} from '../requests';
import type { Clock } from '../shared/clock';
import { storeDocument } from '../shared/documents';
import { sniffDocumentType } from '../shared/sniff';
import { replyAddressFor } from './reply-address';

/** A document sent with an answer: the same limit as an agent's authorization. */
export const MAX_ANSWER_DOCUMENT_BYTES = 10 * 1024 * 1024;

interface Deps {
  db: Knex;
  config: Config;
  clock: Clock;
}

interface Locked {
  id: number;
  reference: string;
  status: RequestStatus;
  channel_type: string;
  channel_value: string | null;
  received_at: Date | null;
  vendor_name: string;
  requester_name: string;
}

async function lockOwnRequest(trx: Knex.Transaction, access: ConsumerAccess, requestId: number): Promise<Locked> {
  const row = await scopeToAccess(trx('requests as r'), access).where('r.id', requestId).forUpdate('r').first('r.id');
  if (!row) throw notFound('No such request.');
  return trx('requests as r')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .join('requesters as p', 'p.id', 'r.requester_id')
    .where('r.id', requestId)
    .first(
      'r.id',
      'r.reference',
      'r.status',
      'r.channel_type',
      'r.channel_value',
      'r.received_at',
      'v.name as vendor_name',
      'p.name as requester_name',
    );
}

const refused = (request: Locked, action: string, why: string) =>
  new AppError('invalid_transition', `You cannot ${action} this request now: ${why}`, {
    allowed_actions: consumerActions(request.status),
    status: request.status,
  });

/** The message our next email continues: the company's latest reply, else our letter. */
async function threadOf(trx: Knex.Transaction, requestId: number): Promise<{ inReplyTo?: string; subject: string }> {
  const letter = await trx('letters as l')
    .leftJoin('outbound_emails as e', 'e.id', 'l.outbound_email_id')
    .where({ 'l.request_id': requestId, 'l.purpose': 'request' })
    .first('l.subject', 'e.message_id');
  const reply = await trx('inbound_messages')
    .where({ request_id: requestId, kind: 'reply' })
    .whereNotNull('message_id')
    .orderBy('received_at', 'desc')
    .first('message_id', 'subject');
  const subject = String(letter?.subject ?? reply?.subject ?? 'Your data-rights request').replace(/^(re:\s*)+/i, '');
  return {
    inReplyTo: (reply?.message_id as string | undefined) ?? (letter?.message_id as string | undefined) ?? undefined,
    subject,
  };
}

/** Whether the company already has (or is being sent) the letter: then a withdrawal must be sent to it too. */
async function letterWentOut(trx: Knex.Transaction, request: Locked): Promise<boolean> {
  if (request.received_at) return true;
  const letter = await trx('letters as l')
    .leftJoin('outbound_emails as e', 'e.id', 'l.outbound_email_id')
    .where({ 'l.request_id': request.id, 'l.purpose': 'request' })
    .first('l.mailed_on', 'e.status');
  return Boolean(letter && (letter.mailed_on || ['sent', 'pending', 'sending'].includes(letter.status)));
}

/**
 * Sends a message to the company in the request's thread: by email where the request went by email (Reply-To the
 * request's reply address, In-Reply-To the latest message); for a posted, web-form or phone request the staff mailbox
 * gets it to forward the same way the letter went.
 */
async function sendToVendor(
  trx: Knex.Transaction,
  deps: Deps,
  request: Locked,
  mail: {
    template: 'vendor_consumer_answer' | 'vendor_withdrawal';
    subject: string;
    text: string;
    html: string;
    inReplyTo?: string;
    attachments?: { documentId: number; filename: string }[];
  },
): Promise<{ emailId: number; to: 'vendor' | 'staff' }> {
  const byEmail = request.channel_type === 'email' && Boolean(request.channel_value);
  const email = await queueEmail(trx, {
    template: mail.template,
    from: deps.config.mailFrom,
    to: byEmail ? request.channel_value! : deps.config.staffEmail,
    replyTo: replyAddressFor(request.reference, deps.config.appSecret, deps.config.replyDomain),
    subject: byEmail ? mail.subject : `[forward by ${request.channel_type} to ${request.vendor_name}] ${mail.subject}`,
    text: mail.text,
    html: mail.html,
    ...(byEmail && mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    messageIdDomain: deps.config.replyDomain,
    related: { type: 'request_message', id: request.id },
    attachments: mail.attachments,
  });
  return { emailId: email.id, to: byEmail ? 'vendor' : 'staff' };
}

export interface AnswerInput {
  requestId: number;
  text: string;
  file?: { buffer: Buffer; originalname?: string };
}

/**
 * The consumer answers the company's request for information. The document (optional) must be a PDF, PNG or JPEG by
 * its bytes, is sealed at rest, and goes to the company attached to the answer. A request that was waiting on the
 * consumer goes back to waiting on the company (and a paused deadline runs again from today).
 */
export async function answerVendor(deps: Deps, access: ConsumerAccess, input: AnswerInput) {
  const text = input.text.trim();
  if (!text) throw validationFailed([{ field: 'text', message: 'write your answer' }]);
  let sniffed: ReturnType<typeof sniffDocumentType>;
  if (input.file) {
    sniffed = sniffDocumentType(input.file.buffer);
    if (!sniffed)
      throw validationFailed([
        { field: 'file', message: 'send a PDF, PNG or JPEG document (recognised by its content, not its name)' },
      ]);
  }
  return deps.db.transaction(async (trx) => {
    const request = await lockOwnRequest(trx, access, input.requestId);
    if (!ANSWERABLE_STATUSES.includes(request.status))
      throw refused(request, 'answer', `it is ${request.status.replace(/_/g, ' ')}.`);
    const now = deps.clock.now();
    let documentId: number | null = null;
    let filename: string | undefined;
    if (input.file && sniffed) {
      filename = `${request.reference}-answer.${sniffed.extension}`;
      documentId = await storeDocument(trx, deps.config.appSecret, {
        purpose: 'consumer-document',
        contentType: sniffed.contentType,
        filename,
        content: input.file.buffer,
        now,
      });
    }
    const thread = await threadOf(trx, request.id);
    const rendered = renderTemplate(
      'vendor_consumer_answer',
      {
        vendor_name: request.vendor_name,
        requester_name: request.requester_name,
        reference: request.reference,
        subject: thread.subject,
        answer_text: text,
        ...(filename ? { document_name: filename } : {}),
      },
      await requestLetterLanguage(trx, request.id),
    ); // in the language of the letter it answers
    const sent = await sendToVendor(trx, deps, request, {
      template: 'vendor_consumer_answer',
      ...rendered,
      inReplyTo: thread.inReplyTo,
      attachments: documentId && filename ? [{ documentId, filename }] : undefined,
    });
    const [answer] = await trx('consumer_answers')
      .insert({
        request_id: request.id,
        body: text,
        document_id: documentId,
        outbound_email_id: sent.emailId,
        created_at: now,
      })
      .returning<{ id: number }[]>('id');
    const to: RequestStatus = request.status === 'awaiting_information' ? 'sent' : request.status;
    const data = {
      consumer_answer_id: answer!.id,
      outbound_email_id: sent.emailId,
      sent_to: sent.to,
      document_id: documentId,
    };
    if (to !== request.status) {
      await changeRequestStatus(trx, request.id, {
        to,
        event: { type: 'consumer_answered', actor: { type: 'consumer' }, at: now, data },
        refuse: () => refused(request, 'answer', `it is ${request.status}.`),
      });
      const stored = await trx('request_deadlines')
        .where({ request_id: request.id })
        .first('paused_since', 'closed_at');
      if (stored?.paused_since && !stored.closed_at) {
        await resumeDeadline(trx, {
          requestId: request.id,
          at: utcDate(now),
          actor: { type: 'consumer' },
          clock: deps.clock,
          reason: 'the consumer supplied the information',
        });
      }
    } else {
      await recordEvent(trx, {
        type: 'consumer_answered',
        subjectId: request.id,
        actor: { type: 'consumer' },
        at: now,
        payload: { from: request.status, to, ...data },
      });
    }
    return { id: request.id, status: to, answer: { id: answer!.id, document: filename ?? null, sent_to: sent.to } };
  });
}

/**
 * The consumer withdraws a request, if the lifecycle allows it. Its deadline closes (nothing more is scheduled), and the
 * company is told in the same thread when it already had the letter.
 */
export async function withdrawRequest(
  deps: Deps,
  access: ConsumerAccess,
  input: { requestId: number; reason?: string },
) {
  return deps.db.transaction(async (trx) => {
    const request = await lockOwnRequest(trx, access, input.requestId);
    if (!canTransition(request.status, 'withdrawn'))
      throw refused(request, 'withdraw', `it is ${request.status.replace(/_/g, ' ')}.`);
    const now = deps.clock.now();
    const reason = input.reason?.trim() || undefined;
    const notify = await letterWentOut(trx, request);
    const stored = await trx('request_deadlines').where({ request_id: request.id }).first('closed_at');
    if (stored && !stored.closed_at)
      await closeDeadline(trx, {
        requestId: request.id,
        reason: 'withdrawn by the consumer',
        actor: { type: 'consumer' },
        clock: deps.clock,
      });
    let sent: { emailId: number | null; to: 'vendor' | 'staff' } | undefined;
    // a request sent by the Data Rights Protocol is revoked by DRP (§2.04), not by a letter (server/drp)
    const revoked =
      request.channel_type === 'drp' &&
      (await queueDrpRevoke(trx, now, {
        requestId: request.id,
        actor: { type: 'consumer' },
        reason: reason ?? null,
      })) === 'queued';
    if (revoked) sent = { emailId: null, to: 'vendor' };
    else if (notify) {
      const thread = await threadOf(trx, request.id);
      const rendered = renderTemplate(
        'vendor_withdrawal',
        {
          vendor_name: request.vendor_name,
          requester_name: request.requester_name,
          reference: request.reference,
          subject: thread.subject,
          sent_on: utcDate(request.received_at ?? now),
          ...(reason ? { reason } : {}),
        },
        await requestLetterLanguage(trx, request.id),
      ); // in the language of the letter it withdraws
      sent = await sendToVendor(trx, deps, request, {
        template: 'vendor_withdrawal',
        ...rendered,
        inReplyTo: thread.inReplyTo,
      });
    }
    // the consumer's own words stay on the request (erased by the retention purge), never in the append-only history
    await changeRequestStatus(trx, request.id, {
      to: 'withdrawn',
      columns: { withdrawal_reason: reason ?? null },
      event: {
        type: 'withdrawn',
        actor: { type: 'consumer' },
        at: now,
        data: {
          vendor_told: sent ? sent.to : false,
          outbound_email_id: sent?.emailId ?? null,
          reason_given: Boolean(reason),
        },
      },
      refuse: () => refused(request, 'withdraw', `it is ${request.status.replace(/_/g, ' ')}.`),
    });
    return { id: request.id, status: 'withdrawn' as const, vendor_told: sent ? sent.to : false };
  });
}
