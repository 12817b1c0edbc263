import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ParsedMail } from 'mailparser';
import type { Config } from '../config';
import { queueEmail, renderTemplate, type ReceivedMail } from '../mail';
import { voidDeadline } from '../deadlines';
import { recordEvent } from '../events';
import type { Clock } from '../shared/clock';
import { encrypt } from '../shared/encryption';
import { conflict, notFound, validationFailed } from '../http';
import { findBouncedMessageId, isDeliveryStatusNotification } from './bounces';
import { markDispatchFailed } from './dispatch.service';
import { referenceFromReplyAddress, referenceInSubject } from './reply-address';
import { classifyReply } from './classification/classify';
import type { ReplyClassification, ReplyInput } from './classification/types';

export type InboundOutcome =
  | { kind: 'reply'; messageId: number; requestId: number | null; threadedBy: string | null }
  | {
      kind: 'bounce';
      messageId: number;
      outboundEmailId: number | null;
      requestId: number | null;
      bouncedTo: string | null;
    }
  | { kind: 'duplicate' };

/** A stored inbound message with what the classifier made of it, handed to the reply workflow. */
export interface ClassifiedMessage {
  inboundMessageId: number;
  requestId: number | null;
  kind: 'reply' | 'bounce';
  receivedAt: Date;
  classification: ReplyClassification;
  /** a bounce: the address our letter went to, which returned it */
  bouncedTo?: string | null;
}

/**
 * What the portal does with a classified message (the staff feature provides it; worker.ts and the attach route wire
 * it): called in the transaction that stores the message, and when staff attach unmatched mail to a request.
 */
export interface ReplyWorkflow {
  classified(trx: Knex.Transaction, message: ClassifiedMessage): Promise<void>;
  attached(trx: Knex.Transaction, input: { inboundMessageId: number; requestId: number }): Promise<void>;
}

interface ThreadMatch {
  requestId: number;
  threadedBy: 'reply_address' | 'in_reply_to' | 'subject_reference';
}

/**
 * Stores one received message and threads it to its request: by the per-request reply address, else by
 * In-Reply-To/References against the Message-IDs we sent, else by a DR- reference in the subject. A bounce marks the
 * original dispatch failed. Staff (and the consumer, for replies) are told through the outbox, in the same transaction.
 */
export async function receiveInbound(
  db: Knex,
  config: Config,
  mail: ReceivedMail,
  clock: Clock,
  replies: ReplyWorkflow,
): Promise<InboundOutcome> {
  const { parsed } = mail;
  return db.transaction(async (trx) => {
    const bounce = isDeliveryStatusNotification(parsed);
    const thread = bounce ? undefined : await findThread(trx, config, mail);
    const [stored] = await trx('inbound_messages')
      .insert({
        request_id: thread?.requestId ?? null,
        kind: bounce ? 'bounce' : 'reply',
        threaded_by: thread?.threadedBy ?? null,
        message_id: parsed.messageId ?? null,
        in_reply_to: parsed.inReplyTo ?? null,
        from_address: parsed.from?.value[0]?.address ?? mail.envelopeFrom,
        envelope_to: mail.envelopeTo,
        subject: parsed.subject ?? null,
        text_body: parsed.text ?? null,
        html_body: typeof parsed.html === 'string' ? parsed.html : null,
        size_bytes: mail.raw.length,
        received_at: mail.receivedAt,
      })
      .onConflict(trx.raw('(message_id) where message_id is not null'))
      .ignore()
      .returning<{ id: number }[]>('id');
    if (!stored) return { kind: 'duplicate' }; // the same message delivered twice
    await storeAttachments(trx, config, stored.id, parsed);

    const classification = classifyReply(classifierInput(mail));
    if (bounce) {
      const outcome = await recordBounce(trx, config, clock, stored.id, parsed);
      await replies.classified(trx, {
        inboundMessageId: stored.id,
        requestId: outcome.kind === 'bounce' ? outcome.requestId : null,
        kind: 'bounce',
        receivedAt: mail.receivedAt,
        classification,
        bouncedTo: outcome.kind === 'bounce' ? outcome.bouncedTo : null,
      });
      return outcome;
    }
    const message = messageFacts(mail);
    if (thread) await notifyReply(trx, config, thread.requestId, stored.id, message);
    else await notifyUnmatched(trx, config, stored.id, message);
    await replies.classified(trx, {
      inboundMessageId: stored.id,
      requestId: thread?.requestId ?? null,
      kind: 'reply',
      receivedAt: mail.receivedAt,
      classification,
    });
    return {
      kind: 'reply',
      messageId: stored.id,
      requestId: thread?.requestId ?? null,
      threadedBy: thread?.threadedBy ?? null,
    };
  });
}

/** Mail the parser could not read is still kept, with the reason, for staff to look at. */
export async function receiveUnparsable(
  db: Knex,
  raw: Buffer,
  envelope: { from: string | null; to: string[] },
  error: Error,
  receivedAt: Date,
) {
  await db('inbound_messages').insert({
    kind: 'unparsed',
    from_address: envelope.from,
    envelope_to: envelope.to,
    text_body: raw.toString('utf8').slice(0, 1_000_000),
    parse_error: error.message.slice(0, 1000),
    size_bytes: raw.length,
    received_at: receivedAt,
  });
}

async function findThread(trx: Knex.Transaction, config: Config, mail: ReceivedMail): Promise<ThreadMatch | undefined> {
  const recipients = [...mail.envelopeTo, ...addresses(mail.parsed.to), ...addresses(mail.parsed.cc)];
  for (const address of recipients) {
    const reference = referenceFromReplyAddress(address, config.appSecret, config.replyDomain);
    const id = reference ? await requestIdByReference(trx, reference) : undefined;
    if (id) return { requestId: id, threadedBy: 'reply_address' };
  }
  const ids = [mail.parsed.inReplyTo, ...[mail.parsed.references ?? []].flat()].filter((v): v is string => Boolean(v));
  if (ids.length > 0) {
    const sent = await trx('outbound_emails')
      .whereIn('message_id', ids)
      .whereIn('related_type', ['request', 'request_message'])
      .first('related_id');
    if (sent?.related_id) return { requestId: sent.related_id, threadedBy: 'in_reply_to' };
  }
  const reference = referenceInSubject(mail.parsed.subject);
  const id = reference ? await requestIdByReference(trx, reference) : undefined;
  return id ? { requestId: id, threadedBy: 'subject_reference' } : undefined;
}

async function requestIdByReference(trx: Knex.Transaction, reference: string): Promise<number | undefined> {
  return (await trx('requests').where({ reference }).first('id'))?.id;
}

function addresses(field: ParsedMail['to']): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

async function storeAttachments(trx: Knex.Transaction, config: Config, inboundId: number, parsed: ParsedMail) {
  for (const attachment of parsed.attachments) {
    await trx('inbound_attachments').insert({
      inbound_message_id: inboundId,
      filename: attachment.filename ?? null,
      content_type: attachment.contentType,
      size_bytes: attachment.size,
      sha256: createHash('sha256').update(attachment.content).digest('hex'),
      sealed_content: encrypt(config.appSecret, 'reply-attachment', attachment.content),
    });
  }
}

async function recordBounce(
  trx: Knex.Transaction,
  config: Config,
  clock: Clock,
  inboundId: number,
  parsed: ParsedMail,
): Promise<Extract<InboundOutcome, { kind: 'bounce' }>> {
  const original = findBouncedMessageId(parsed);
  const email = original
    ? await trx('outbound_emails')
        .where({ message_id: original })
        .first('id', 'related_type', 'related_id', 'to_address')
    : undefined;
  if (!email) return { kind: 'bounce', messageId: inboundId, outboundEmailId: null, requestId: null, bouncedTo: null };
  const reason = bounceReason(parsed);
  await trx('outbound_emails')
    .where({ id: email.id })
    .update({ status: 'failed', last_error: `bounced: ${reason}` });
  const requestId = email.related_type === 'request' ? (email.related_id as number) : null;
  if (requestId) {
    await trx('inbound_messages').where({ id: inboundId }).update({ request_id: requestId });
    const moved = await markDispatchFailed(
      trx,
      requestId,
      `the vendor mail server returned the letter (bounce): ${reason}`,
      {
        outbound_email_id: email.id,
        inbound_message_id: inboundId,
      },
      clock.now(),
    );
    if (moved) await voidDeadlineAndTell(trx, config, clock, requestId, reason);
  }
  return { kind: 'bounce', messageId: inboundId, outboundEmailId: email.id, requestId, bouncedTo: email.to_address };
}

/** The message as the classifier reads it: subject, text (else the HTML's text), the headers that mark robots. */
function classifierInput(mail: ReceivedMail): ReplyInput {
  const headers: Record<string, string> = {};
  for (const [name, value] of mail.parsed.headers) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
    else if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string')
      headers[name.toLowerCase()] = value.value;
  }
  const html = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
  const text = mail.parsed.text ?? html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  return { subject: mail.parsed.subject ?? null, text, headers, receivedAt: mail.receivedAt };
}

/**
 * A returned letter was never received: the deadline that started at the SMTP acceptance is voided (its reminders,
 * overdue notice and escalation cancelled), and staff and the consumer, or the agent who filed it, are told.
 */
async function voidDeadlineAndTell(
  trx: Knex.Transaction,
  config: Config,
  clock: Clock,
  requestId: number,
  reason: string,
) {
  await voidDeadline(trx, { requestId, reason: `letter returned: ${reason}`.slice(0, 500), clock });
  await trx('requests').where({ id: requestId }).update({ received_at: null, due_on: null });
  const row = await trx('requests as r')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .join('requesters as p', 'p.id', 'r.requester_id')
    .leftJoin('accounts as a', 'a.id', 'r.agent_account_id')
    .where('r.id', requestId)
    .first(
      'r.reference',
      'r.channel_value',
      'v.name as vendor_name',
      'p.name as requester_name',
      'p.email as requester_email',
      'p.erased_at',
      'a.name as agent_name',
      'a.email as agent_email',
    );
  const common = {
    from: config.mailFrom,
    messageIdDomain: config.replyDomain,
    related: { type: 'request_notice', id: requestId },
  };
  const staff = renderTemplate('staff_letter_returned', {
    staff_name: 'team',
    reference: row.reference,
    vendor_name: row.vendor_name,
    channel_value: row.channel_value ?? '(none)',
    reason,
    request_url: `${config.publicUrl}/staff/requests/${requestId}`,
  });
  await queueEmail(trx, { ...common, template: 'staff_letter_returned', to: config.staffEmail, ...staff });
  // An agent's request: the agent is the one who acts on it (and the consumer-facing link would not open for them).
  const recipient = row.agent_email
    ? { name: row.agent_name as string, email: row.agent_email as string, url: `${config.publicUrl}/agent/requests` }
    : row.erased_at
      ? undefined
      : {
          name: row.requester_name as string,
          email: row.requester_email as string,
          url: `${config.publicUrl}/requests/${row.reference}`,
        };
  if (!recipient) return;
  const notice = renderTemplate('consumer_letter_returned', {
    recipient_name: recipient.name,
    reference: row.reference,
    vendor_name: row.vendor_name,
    reason,
    request_url: recipient.url,
  });
  await queueEmail(trx, { ...common, template: 'consumer_letter_returned', to: recipient.email, ...notice });
}

function bounceReason(parsed: ParsedMail): string {
  const text = parsed.text ?? '';
  return (
    /Diagnostic-Code:\s*(.+)/i.exec(text)?.[1] ??
    /Status:\s*(\S+)/i.exec(text)?.[1] ??
    parsed.subject ??
    'delivery failed'
  ).slice(0, 300);
}

/** What the notifications quote of a message: from the parsed mail on arrival, from the stored row when staff attach it. */
export interface MessageFacts {
  from: string;
  subject: string;
  text: string;
  receivedAt: Date;
}

function messageFacts(mail: ReceivedMail): MessageFacts {
  return {
    from: mail.parsed.from?.value[0]?.address ?? mail.envelopeFrom ?? 'unknown@unknown.invalid',
    subject: mail.parsed.subject || '(no subject)',
    text: mail.parsed.text ?? '',
    receivedAt: mail.receivedAt,
  };
}

const excerptOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300) || '(no text)';

/** Mail that matched no request: kept, and staff are told it waits in the unmatched inbox. */
async function notifyUnmatched(trx: Knex.Transaction, config: Config, inboundId: number, message: MessageFacts) {
  const staff = renderTemplate('staff_unmatched_mail', {
    staff_name: 'team',
    from_address: message.from.slice(0, 320),
    reply_subject: message.subject,
    received_at: message.receivedAt.toISOString(),
    excerpt: excerptOf(message.text),
    inbox_url: `${config.publicUrl}/staff/mail/unmatched`,
  });
  await queueEmail(trx, {
    template: 'staff_unmatched_mail',
    from: config.mailFrom,
    to: config.staffEmail,
    messageIdDomain: config.replyDomain,
    related: { type: 'inbound_message', id: inboundId },
    ...staff,
  });
}

/** A reply now threaded to its request: the event, and staff and the consumer told (on arrival, or when staff attach it). */
async function notifyReply(
  trx: Knex.Transaction,
  config: Config,
  requestId: number,
  inboundId: number,
  message: MessageFacts,
) {
  const request = await trx('requests')
    .join('vendors', 'vendors.id', 'requests.vendor_id')
    .join('requesters', 'requesters.id', 'requests.requester_id')
    .where('requests.id', requestId)
    .first(
      'requests.reference',
      'vendors.name as vendor_name',
      'requesters.name as consumer_name',
      'requesters.email as consumer_email',
    );
  await recordEvent(trx, {
    type: 'vendor_replied',
    subjectId: requestId,
    actor: { type: 'vendor' },
    payload: { inbound_message_id: inboundId },
  });
  const excerpt = excerptOf(message.text);
  const receivedAt = message.receivedAt.toISOString();
  const requestUrl = `${config.publicUrl}/requests/${request.reference}`;
  const staff = renderTemplate('staff_vendor_replied', {
    staff_name: 'team',
    reference: request.reference,
    vendor_name: request.vendor_name,
    received_at: receivedAt,
    from_address: message.from,
    reply_subject: message.subject,
    excerpt,
    request_url: `${config.publicUrl}/staff/requests/${requestId}`,
  });
  const consumer = renderTemplate('consumer_vendor_replied', {
    consumer_name: request.consumer_name,
    reference: request.reference,
    vendor_name: request.vendor_name,
    received_at: receivedAt,
    excerpt,
    request_url: requestUrl,
  });
  const common = {
    from: config.mailFrom,
    messageIdDomain: config.replyDomain,
    related: { type: 'inbound_message', id: inboundId },
  };
  await queueEmail(trx, { ...common, template: 'staff_vendor_replied', to: config.staffEmail, ...staff });
  await queueEmail(trx, { ...common, template: 'consumer_vendor_replied', to: request.consumer_email, ...consumer });
}

/**
 * Staff attach an unmatched message to its request (by id or reference). Audited (`inbound_attached`, with the staff
 * member and reason), then treated exactly like a threaded reply: the `vendor_replied` event, staff and consumer told.
 * A message already on a request, or a bounce, is refused (409).
 */
export async function attachInboundMessage(
  db: Knex,
  config: Config,
  input: { messageId: number; request: string; staffId: number; reason?: string; now: Date },
  replies: ReplyWorkflow,
) {
  return db.transaction(async (trx) => {
    const message = await trx('inbound_messages')
      .where({ id: input.messageId })
      .forUpdate()
      .first('id', 'kind', 'request_id', 'from_address', 'subject', 'text_body', 'received_at');
    if (!message) throw notFound(`No inbound message ${input.messageId}.`);
    if (message.request_id) throw conflict('This message is already attached to a request.');
    if (message.kind === 'bounce') throw conflict('A bounce is not a reply; it cannot be attached to a request.');
    const target = /^\d{1,15}$/.test(input.request)
      ? await trx('requests')
          .where({ id: Number(input.request) })
          .forUpdate()
          .first('id', 'reference')
      : await trx('requests').where({ reference: input.request.toUpperCase() }).forUpdate().first('id', 'reference');
    if (!target) throw validationFailed([{ field: 'request', message: 'no request with this id or reference' }]);
    await trx('inbound_messages')
      .where({ id: message.id })
      .update({ request_id: target.id, threaded_by: 'staff', attached_by: input.staffId, attached_at: input.now });
    await recordEvent(trx, {
      type: 'inbound_attached',
      subjectId: target.id,
      actor: { type: 'staff', id: input.staffId },
      reason: input.reason ?? null,
      at: input.now,
      payload: { inbound_message_id: message.id },
    });
    await notifyReply(trx, config, target.id, message.id, {
      from: message.from_address ?? 'unknown@unknown.invalid',
      subject: message.subject || '(no subject)',
      text: message.text_body ?? '',
      receivedAt: new Date(message.received_at),
    });
    await replies.attached(trx, { inboundMessageId: Number(message.id), requestId: Number(target.id) });
    return {
      id: Number(message.id),
      request: { id: Number(target.id), reference: target.reference as string },
      threaded_by: 'staff',
    };
  });
}
