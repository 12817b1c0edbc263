import type { Knex } from 'knex';
import type { Config } from '../config';
import { dueStatement, startDeadline, utcDate, type Deadline } from '../deadlines';
import { isTransientDbError } from '../db';
import { recordEvent } from '../events';
import { AppError, validationFailed } from '../http';
import {
  canTransition,
  changeRequestStatus,
  type RequestStatus,
  type StatusActor,
  type StatusEventData,
} from '../requests';
import { queueEmail, renderTemplate } from '../mail';
import type { Clock } from '../shared/clock';
import { sealLetterPdf } from '../shared/encryption';
import { LANGUAGE_NAMES, type LetterLanguage } from '../shared/languages';
import { prepareRequestLetter } from './letter-builder';
import { replyAddressFor } from './reply-address';

export type DispatchOutcome =
  | { kind: 'email_queued'; letterId: number; emailId: number }
  | { kind: 'staff_task'; letterId: number; channel: 'postal' | 'webform' | 'phone' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string };

interface Deps {
  config: Config;
  clock: Clock;
}

const SYSTEM_ACTOR: StatusActor = { type: 'system' };

/**
 * Turns a verified request into its letter. Email letters go to the outbox in the same transaction as the letter;
 * post, web-form and phone letters become staff tasks (with the PDF or the text to paste). Idempotent: a request
 * that is not ready, or that already has its letter, is left alone, so a retried or duplicate job changes nothing.
 */
export async function dispatchRequest(db: Knex, deps: Deps, requestId: number): Promise<DispatchOutcome> {
  const current = await db('requests').where({ id: requestId }).first('status');
  if (current?.status !== 'ready_to_dispatch')
    return { kind: 'skipped', reason: `request is ${current?.status ?? 'missing'}` };
  let letter: Awaited<ReturnType<typeof prepareRequestLetter>>;
  try {
    letter = await prepareRequestLetter(db, requestId, deps.clock.now());
  } catch (err) {
    // The database went away for a moment: the job is retried, the request is not failed.
    if (isTransientDbError(err)) throw err;
    // Incomplete data or a right the regime has no letter for: a retry cannot help; staff must look.
    const reason = err instanceof Error ? err.message : String(err);
    await db.transaction(async (trx) => {
      const locked = await trx('requests')
        .where({ id: requestId, status: 'ready_to_dispatch' })
        .forUpdate()
        .first('id');
      if (!locked) return;
      await changeRequestStatus(trx, requestId, {
        to: 'dispatch_failed',
        event: {
          type: 'dispatch_failed',
          actor: SYSTEM_ACTOR,
          reason: reason.slice(0, 500),
          data: { stage: 'letter' },
        },
      });
    });
    return { kind: 'failed', reason };
  }

  return db.transaction(async (trx) => {
    const request = await trx('requests')
      .where({ id: requestId })
      .forUpdate()
      .first('id', 'reference', 'status', 'channel_type', 'channel_value');
    if (request.status !== 'ready_to_dispatch') return { kind: 'skipped', reason: `request is ${request.status}` };
    if (await trx('letters').where({ request_id: requestId, purpose: 'request' }).first('id'))
      return { kind: 'skipped', reason: 'letter already prepared' };
    const [row] = await trx('letters')
      .insert({
        request_id: requestId,
        purpose: 'request',
        channel_type: request.channel_type,
        channel_value: request.channel_value,
        template: letter.template,
        language: letter.language,
        subject: letter.subject,
        text_body: letter.text,
        html_body: letter.html,
        pdf: sealLetterPdf(deps.config.appSecret, letter.pdf),
        // the consumer's copy in their own language (sealed like the letter; the retention purge erases both)
        ...(letter.copy
          ? {
              copy_language: letter.copy.language,
              copy_subject: letter.copy.subject,
              copy_text_body: letter.copy.text,
              copy_html_body: letter.copy.html,
              copy_pdf: sealLetterPdf(deps.config.appSecret, letter.copy.pdf),
            }
          : {}),
        // the date the letter states, or null when it states the rule only (posted, web form)
        stated_due: letter.data.deadline.due,
      })
      .returning<{ id: number }[]>('id');
    const letterId = row!.id;
    if (request.channel_type === 'email') {
      const email = await queueEmail(trx, {
        template: letter.template,
        from: deps.config.mailFrom,
        to: request.channel_value,
        replyTo: replyAddressFor(request.reference, deps.config.appSecret, deps.config.replyDomain),
        subject: letter.subject,
        text: letter.text,
        html: letter.html,
        messageIdDomain: deps.config.replyDomain,
        related: { type: 'request', id: requestId },
        attachments: letter.attachments,
      });
      await trx('letters').where({ id: letterId }).update({ outbound_email_id: email.id });
      await recordEvent(trx, {
        type: 'letter_queued',
        subjectId: requestId,
        actor: SYSTEM_ACTOR,
        payload: {
          letter_id: letterId,
          channel: 'email',
          language: letter.language,
          ...(letter.copy ? { copy_language: letter.copy.language } : {}),
          outbound_email_id: email.id,
          ...(letter.attachments.length
            ? { attachment_document_ids: letter.attachments.map((a) => a.documentId) }
            : {}),
        },
      });
      return { kind: 'email_queued', letterId, emailId: email.id };
    }
    await recordEvent(trx, {
      type: 'letter_prepared',
      subjectId: requestId,
      actor: SYSTEM_ACTOR,
      payload: {
        letter_id: letterId,
        channel: request.channel_type,
        staff_task: true,
        language: letter.language,
        ...(letter.copy ? { copy_language: letter.copy.language } : {}),
      },
    });
    return { kind: 'staff_task', letterId, channel: request.channel_type as 'postal' | 'webform' | 'phone' };
  });
}

/**
 * The vendor's mail server accepted a letter: that instant is the vendor's receipt, so the deadline starts from it.
 * Runs in the same transaction as the email's status change. Only a request waiting for its letter to go out
 * (ready_to_dispatch, which a resend also passes through) becomes sent. An acceptance recorded after the request was
 * marked dispatch_failed (the letter's bounce or lost connection was recorded first) does not undo that failure: the
 * lifecycle forbids dispatch_failed -> sent, and staff resend or add a contact; the acceptance is kept as an event.
 */
export async function onRequestEmailAccepted(
  trx: Knex.Transaction,
  deps: Deps,
  requestId: number,
  emailId: number,
  acceptedAt: Date,
) {
  const request = await trx('requests').where({ id: requestId }).forUpdate().first('id', 'status', 'reference');
  if (!request) return;
  if (request.status === 'dispatch_failed') {
    await recordEvent(trx, {
      type: 'letter_accepted_after_failure',
      subjectId: requestId,
      actor: SYSTEM_ACTOR,
      payload: {
        outbound_email_id: emailId,
        accepted_at: acceptedAt.toISOString(),
        status: request.status,
      },
    });
    return;
  }
  if (request.status !== 'ready_to_dispatch') return;
  await markSent(trx, deps, requestId, acceptedAt, { channel: 'email', outbound_email_id: emailId });
}

/**
 * The letter did not arrive: the vendor's server refused it for good (5xx) or returned it (a bounce). The request
 * moves to dispatch_failed, where staff see it, only if its lifecycle allows (a late bounce never reopens a request
 * the vendor already answered); the event is written only when it moved.
 */
export async function markDispatchFailed(
  trx: Knex.Transaction,
  requestId: number,
  reason: string,
  data: StatusEventData<'dispatch_failed'>,
  at?: Date,
): Promise<boolean> {
  const request = await trx('requests').where({ id: requestId }).forUpdate().first('status');
  if (!request || !canTransition(request.status as RequestStatus, 'dispatch_failed')) return false;
  await changeRequestStatus(trx, requestId, {
    to: 'dispatch_failed',
    event: { type: 'dispatch_failed', actor: SYSTEM_ACTOR, reason: reason.slice(0, 500), data, at },
  });
  return true;
}

export async function onRequestEmailRefused(
  trx: Knex.Transaction,
  requestId: number,
  emailId: number,
  error: string,
  at?: Date,
) {
  await markDispatchFailed(trx, requestId, error, { outbound_email_id: emailId }, at);
}

export type ManualDispatch =
  { kind: 'mailed'; on: Date } | { kind: 'delivered'; on: Date } | { kind: 'submitted'; at: Date };

/**
 * Staff record what they did for a letter that is not sent by email: a posted letter is mailed, then delivered
 * (delivery starts the deadline); a web form or a phone call is submitted (the submission starts the deadline).
 */
export async function recordManualDispatch(
  db: Knex,
  deps: Deps,
  input: { requestId: number; staffId: string } & ManualDispatch,
) {
  return db.transaction(async (trx) => {
    const request = await trx('requests')
      .where({ id: input.requestId })
      .forUpdate()
      .first('id', 'status', 'channel_type');
    if (!request) throw new AppError('not_found', `No request ${input.requestId}.`);
    const letter = await trx('letters')
      .where({ request_id: input.requestId, purpose: 'request' })
      .first('id', 'mailed_on');
    if (!letter) throw new AppError('invalid_transition', 'The letter has not been prepared yet.', { allowed: [] });
    const wanted = input.kind === 'submitted' ? ['webform', 'phone'] : ['postal'];
    if (!wanted.includes(request.channel_type)) {
      throw validationFailed([
        { field: 'kind', message: `a ${request.channel_type} request cannot be marked ${input.kind}` },
      ]);
    }
    const actor = { type: 'staff' as const, id: input.staffId };
    if (input.kind === 'mailed') {
      if (request.status !== 'ready_to_dispatch')
        throw new AppError('invalid_transition', `The request is ${request.status}.`, { allowed: [] });
      await trx('letters')
        .where({ id: letter.id })
        .update({ mailed_on: utcDate(input.on) });
      await recordEvent(trx, {
        type: 'letter_mailed',
        subjectId: input.requestId,
        actor,
        payload: { letter_id: letter.id, mailed_on: utcDate(input.on) },
      });
      return { status: request.status };
    }
    if (request.status !== 'ready_to_dispatch')
      throw new AppError('invalid_transition', `The request is ${request.status}.`, { allowed: [] });
    const at = input.kind === 'delivered' ? input.on : input.at;
    if (input.kind === 'delivered') {
      if (!letter.mailed_on) throw validationFailed([{ field: 'kind', message: 'record the mailing date first' }]);
      if (utcDate(at) < String(letter.mailed_on))
        throw validationFailed([{ field: 'on', message: 'delivery cannot be before mailing' }]);
      await trx('letters')
        .where({ id: letter.id })
        .update({ delivered_on: utcDate(at) });
    }
    if (at.getTime() > deps.clock.now().getTime() + 24 * 3600_000)
      throw validationFailed([{ field: input.kind === 'submitted' ? 'at' : 'on', message: 'cannot be in the future' }]);
    // a delivery is a calendar date (the one stored on the letter), not an instant to be moved into a timezone
    const receivedOn = input.kind === 'delivered' ? utcDate(at) : undefined;
    await markSent(
      trx,
      deps,
      input.requestId,
      at,
      { channel: request.channel_type, recorded_by: input.staffId },
      { type: 'staff', id: input.staffId },
      receivedOn,
    );
    return { status: 'sent' };
  });
}

async function markSent(
  trx: Knex.Transaction,
  deps: Deps,
  requestId: number,
  receivedAt: Date,
  data: Omit<StatusEventData<'dispatched'>, 'received_at'>,
  actor: StatusActor = SYSTEM_ACTOR,
  receivedOn?: string,
) {
  await changeRequestStatus(trx, requestId, {
    to: 'sent',
    columns: { received_at: receivedAt },
    event: { type: 'dispatched', actor, data: { ...data, received_at: receivedAt.toISOString() } },
  });
  const change = await startDeadline(trx, { requestId, receivedAt, receivedOn, clock: deps.clock });
  await notifyConsumer(trx, deps, requestId, change.deadline);
}

/** "Sent on" is the receipt date the deadline counts from (local to the jurisdiction), and the due date says what it is. */
async function notifyConsumer(trx: Knex.Transaction, deps: Deps, requestId: number, deadline: Deadline) {
  const row = await trx('requests')
    .join('vendors', 'vendors.id', 'requests.vendor_id')
    .join('requesters', 'requesters.id', 'requests.requester_id')
    .join('letters', function () {
      this.on('letters.request_id', '=', 'requests.id').andOnVal('letters.purpose', '=', 'request');
    })
    .where('requests.id', requestId)
    .first(
      'requests.reference',
      'requests.channel_type',
      'vendors.name as vendor_name',
      'requesters.name',
      'requesters.email',
      'letters.subject',
      'letters.text_body',
      'letters.copy_subject',
      'letters.copy_text_body',
      'letters.language',
    );
  const statement = dueStatement(deadline);
  const rendered = renderTemplate('consumer_request_sent', {
    consumer_name: row.name,
    reference: row.reference,
    vendor_name: row.vendor_name,
    channel: row.channel_type === 'email' ? 'email' : 'postal',
    sent_at: deadline.received,
    due: deadline.due,
    due_kind: statement.kind,
    citation: statement.citation,
    legal_due: statement.legal_due,
    legal_citation: statement.legal_citation,
    // the consumer reads their own copy (in their language) when the company's letter is in another one
    letter_subject: row.copy_subject ?? row.subject,
    letter_text: row.copy_text_body ?? row.text_body,
    ...(row.copy_text_body ? { letter_language: LANGUAGE_NAMES[row.language as LetterLanguage] } : {}),
    request_url: `${deps.config.publicUrl}/requests/${requestId}`,
  });
  await queueEmail(trx, {
    template: 'consumer_request_sent',
    from: deps.config.mailFrom,
    to: row.email,
    messageIdDomain: deps.config.replyDomain,
    related: { type: 'request_notice', id: requestId },
    ...rendered,
  });
}
