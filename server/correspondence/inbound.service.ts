import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ParsedMail } from 'mailparser';
import type { Config } from '../config';
import { queueEmail, renderTemplate, type ReceivedMail } from '../mail';
import { encrypt } from '../shared/encryption';
import { findBouncedMessageId, isDeliveryStatusNotification } from './bounces';
import { markDispatchFailed } from './dispatch.service';
import { referenceFromReplyAddress, referenceInSubject } from './reply-address';

export type InboundOutcome =
  | { kind: 'reply'; messageId: number; requestId: number | null; threadedBy: string | null }
  | { kind: 'bounce'; messageId: number; outboundEmailId: number | null; requestId: number | null }
  | { kind: 'duplicate' };

interface ThreadMatch {
  requestId: number;
  threadedBy: 'reply_address' | 'in_reply_to' | 'subject_reference';
}

/**
 * Stores one received message and threads it to its request: by the per-request reply address, else by
 * In-Reply-To/References against the Message-IDs we sent, else by a DR- reference in the subject. A bounce marks the
 * original dispatch failed. Staff (and the consumer, for replies) are told through the outbox, in the same transaction.
 */
export async function receiveInbound(db: Knex, config: Config, mail: ReceivedMail): Promise<InboundOutcome> {
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

    if (bounce) return recordBounce(trx, stored.id, parsed);
    if (thread) await notifyReply(trx, config, thread.requestId, stored.id, mail);
    return { kind: 'reply', messageId: stored.id, requestId: thread?.requestId ?? null, threadedBy: thread?.threadedBy ?? null };
  });
}

/** Mail the parser could not read is still kept, with the reason, for staff to look at. */
export async function receiveUnparsable(db: Knex, raw: Buffer, envelope: { from: string | null; to: string[] }, error: Error) {
  await db('inbound_messages').insert({
    kind: 'unparsed',
    from_address: envelope.from,
    envelope_to: envelope.to,
    text_body: raw.toString('utf8').slice(0, 1_000_000),
    parse_error: error.message.slice(0, 1000),
    size_bytes: raw.length,
    received_at: new Date(),
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
    const sent = await trx('outbound_emails').whereIn('message_id', ids).where({ related_type: 'request' }).first('related_id');
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

async function recordBounce(trx: Knex.Transaction, inboundId: number, parsed: ParsedMail): Promise<InboundOutcome> {
  const original = findBouncedMessageId(parsed);
  const email = original ? await trx('outbound_emails').where({ message_id: original }).first('id', 'related_type', 'related_id') : undefined;
  if (!email) return { kind: 'bounce', messageId: inboundId, outboundEmailId: null, requestId: null };
  await trx('outbound_emails').where({ id: email.id }).update({ status: 'failed', last_error: `bounced: ${bounceReason(parsed)}` });
  const requestId = email.related_type === 'request' ? (email.related_id as number) : null;
  if (requestId) {
    await trx('inbound_messages').where({ id: inboundId }).update({ request_id: requestId });
    await markDispatchFailed(trx, requestId, `the vendor mail server returned the letter (bounce): ${bounceReason(parsed)}`, {
      outbound_email_id: email.id,
      inbound_message_id: inboundId,
    });
  }
  return { kind: 'bounce', messageId: inboundId, outboundEmailId: email.id, requestId };
}

function bounceReason(parsed: ParsedMail): string {
  const text = parsed.text ?? '';
  return (/Diagnostic-Code:\s*(.+)/i.exec(text)?.[1] ?? /Status:\s*(\S+)/i.exec(text)?.[1] ?? parsed.subject ?? 'delivery failed').slice(0, 300);
}

async function notifyReply(trx: Knex.Transaction, config: Config, requestId: number, inboundId: number, mail: ReceivedMail) {
  const request = await trx('requests')
    .join('vendors', 'vendors.id', 'requests.vendor_id')
    .join('requesters', 'requesters.id', 'requests.requester_id')
    .where('requests.id', requestId)
    .first('requests.reference', 'vendors.name as vendor_name', 'requesters.name as consumer_name', 'requesters.email as consumer_email');
  await trx('events').insert({
    subject_type: 'request',
    subject_id: requestId,
    type: 'vendor_replied',
    actor_type: 'vendor',
    data: JSON.stringify({ inbound_message_id: inboundId }),
  });
  const excerpt = (mail.parsed.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 300) || '(no text)';
  const receivedAt = mail.receivedAt.toISOString();
  const requestUrl = `${config.publicUrl}/requests/${requestId}`;
  const staff = renderTemplate('staff_vendor_replied', {
    staff_name: 'team',
    reference: request.reference,
    vendor_name: request.vendor_name,
    received_at: receivedAt,
    from_address: mail.parsed.from?.value[0]?.address ?? mail.envelopeFrom ?? 'unknown@unknown.invalid',
    reply_subject: mail.parsed.subject || '(no subject)',
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
  const common = { from: config.mailFrom, messageIdDomain: config.replyDomain, related: { type: 'inbound_message', id: inboundId } };
  await queueEmail(trx, { ...common, template: 'staff_vendor_replied', to: config.staffEmail, ...staff });
  await queueEmail(trx, { ...common, template: 'consumer_vendor_replied', to: request.consumer_email, ...consumer });
}
