import type { Knex } from 'knex';
import type { Config } from '../config';
import { closeDeadline } from '../deadlines';
import { recordEvent, type EventPayload } from '../events';
import { AppError } from '../http';
import { queueEmail, renderTemplate } from '../mail';
import { canTransition, changeRequestStatus, type RequestStatus } from '../requests';
import type { Clock } from '../shared/clock';
import type { ExerciseStatus } from './protocol';

export type StatusSource = 'exercise' | 'callback' | 'poll' | 'revoke';

interface Deps {
  config: Config;
  clock: Clock;
}

const SYSTEM = { type: 'system' } as const;

/** Where a DRP status takes the request (DRP 1.0 §3.02 -> the portal's lifecycle, server/requests/request-status.ts). */
function targetStatus(status: ExerciseStatus): { to: RequestStatus; outcome?: 'fulfilled' | 'denied' } | null {
  switch (status.status) {
    case 'open':
      return null;
    case 'in_progress':
      return { to: status.reason === 'need_user_verification' ? 'awaiting_information' : 'sent' };
    case 'fulfilled':
      return { to: 'completed', outcome: 'fulfilled' };
    case 'denied':
      return { to: 'denied', outcome: 'denied' };
    case 'expired':
      return { to: 'closed' };
    case 'revoked':
      return { to: 'withdrawn' };
  }
}

/** The event type of a DRP status: `drp_<status>`, and `drp_need_user_verification` for that in_progress reason. */
const eventType = (s: ExerciseStatus) =>
  s.status === 'in_progress' && s.reason === 'need_user_verification'
    ? ('drp_need_user_verification' as const)
    : (`drp_${s.status}` as const);

const time = (v: string | null | undefined) => (v ? new Date(v) : null);
const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * The consumer's link to the business's verification page, with the parameters DRP 1.0 §3.02.1 requires:
 * `redirect_to` (where the business sends the consumer back: their status page) and `request_id`.
 */
function verificationLink(url: string, businessRequestId: string, requestPage: string): string {
  const link = new URL(url);
  link.searchParams.set('redirect_to', requestPage);
  link.searchParams.set('request_id', businessRequestId);
  return link.toString();
}

/**
 * Applies an Exercise Status (DRP 1.0 §3.03) a business sent for one of our requests, whatever brought it (the
 * exercise's answer, the status callback, the poll, the revoke's answer), in the caller's transaction. A status that
 * repeats what is stored changes nothing (the poll sees the same one many times). A new one is kept on `drp_requests`,
 * becomes an event `drp_<status>` on the request's timeline (ids and facts only: the vendor's free text and URLs stay
 * in the row) and, where the lifecycle allows, the request's status changes through changeRequestStatus:
 * in_progress -> sent (back from awaiting_information once the consumer verified), in_progress/need_user_verification
 * -> awaiting_information (the consumer is mailed the verification link), fulfilled -> completed, denied -> denied,
 * expired -> closed, revoked -> withdrawn (the last four stop the deadline). `expected_by` is checked against the
 * portal's own deadline: a later date, and a later date without `processing_details` (§3.08 requires the reason for
 * an extension), are flagged as events.
 */
export async function applyDrpStatus(
  trx: Knex.Transaction,
  deps: Deps,
  requestId: number,
  status: ExerciseStatus,
  source: StatusSource,
): Promise<{ changed: boolean }> {
  const drp = await trx('drp_requests').where({ request_id: requestId }).forUpdate().first();
  if (!drp) throw new AppError('not_found', `No DRP request ${requestId}.`);
  if (drp.business_request_id && drp.business_request_id !== status.request_id)
    throw new AppError('validation_failed', 'request_id: not the request the business returned', {
      errors: [{ field: 'request_id', message: 'does not match the request the business returned' }],
    });
  if (status.agent_request_id && status.agent_request_id !== drp.agent_request_id)
    throw new AppError('validation_failed', 'agent_request_id: not ours', {
      errors: [{ field: 'agent_request_id', message: 'does not match the agent-request-id sent' }],
    });
  const now = deps.clock.now();
  const expectedBy = time(status.expected_by);
  const unchanged =
    drp.drp_status === status.status &&
    (drp.drp_reason ?? null) === (status.reason ?? null) &&
    same(drp.expected_by, expectedBy) &&
    (drp.user_verification_url ?? null) === (status.user_verification_url ?? null) &&
    (drp.results_url ?? null) === (status.results_url ?? null) &&
    (drp.processing_details ?? null) === (status.processing_details ?? null);
  await trx('drp_requests')
    .where({ request_id: requestId })
    .update({
      business_request_id: status.request_id,
      drp_status: status.status,
      drp_reason: status.reason ?? null,
      processing_details: status.processing_details ?? null,
      user_verification_url: status.user_verification_url ?? drp.user_verification_url ?? null,
      results_url: status.results_url ?? drp.results_url ?? null,
      received_at: time(status.received_at) ?? drp.received_at ?? null,
      expected_by: expectedBy ?? drp.expected_by ?? null,
      last_status_at: now,
      ...(source === 'poll' ? { last_polled_at: now } : {}),
    });
  if (unchanged) return { changed: false };

  const request = await trx('requests').where({ id: requestId }).forUpdate().first('id', 'status');
  const facts = {
    drp_status: status.status,
    drp_reason: status.reason ?? null,
    source,
    business_request_id: status.request_id,
    ...(status.expected_by ? { expected_by: status.expected_by } : {}),
    ...(status.results_url ? { results_url_given: true } : {}),
  };
  const target = targetStatus(status);
  if (target && target.to !== request.status && canTransition(request.status as RequestStatus, target.to)) {
    if (['completed', 'denied', 'closed', 'withdrawn'].includes(target.to)) {
      const clock = await trx('request_deadlines').where({ request_id: requestId }).first('closed_at');
      if (clock && !clock.closed_at)
        await closeDeadline(trx, { requestId, reason: target.to, actor: SYSTEM, clock: deps.clock });
    }
    await changeRequestStatus(trx, requestId, {
      to: target.to,
      event: {
        type: eventType(status),
        actor: SYSTEM,
        reason: status.status === 'denied' ? (status.reason ?? 'other') : null,
        data: facts,
        at: now,
      },
      columns: target.outcome ? { outcome: target.outcome, answered_on: now.toISOString().slice(0, 10) } : undefined,
    });
  } else {
    await recordEvent(trx, {
      type: eventType(status),
      subjectId: requestId,
      actor: SYSTEM,
      reason: status.status === 'denied' ? (status.reason ?? 'other') : null,
      at: now,
      payload: { ...facts, request_status: request.status },
    });
  }
  if (eventType(status) === 'drp_need_user_verification' && status.user_verification_url)
    await mailVerificationLink(trx, deps, requestId, status.request_id, status.user_verification_url);
  await checkExpectedBy(trx, deps, requestId, drp, status);
  return { changed: true };
}

/** The consumer (for an agent's request, the principal) is sent the business's verification page (§3.02.1). */
async function mailVerificationLink(
  trx: Knex.Transaction,
  deps: Deps,
  requestId: number,
  businessRequestId: string,
  url: string,
) {
  const row = await trx('requests as r')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .join('requesters as q', 'q.id', 'r.requester_id')
    .where('r.id', requestId)
    .first('r.reference', 'v.name as vendor_name', 'q.name', 'q.email');
  if (!row?.email) return;
  const requestPage = `${deps.config.publicUrl}/requests/${row.reference}`;
  const rendered = renderTemplate('consumer_drp_verification', {
    consumer_name: row.name,
    reference: row.reference,
    vendor_name: row.vendor_name,
    verification_url: verificationLink(url, businessRequestId, requestPage),
    request_url: requestPage,
  });
  const email = await queueEmail(trx, {
    template: 'consumer_drp_verification',
    from: deps.config.mailFrom,
    to: row.email,
    messageIdDomain: deps.config.replyDomain,
    related: { type: 'request_notice', id: requestId },
    ...rendered,
  });
  await recordEvent(trx, {
    type: 'drp_verification_link_sent',
    subjectId: requestId,
    actor: { type: 'system' },
    at: deps.clock.now(),
    payload: { outbound_email_id: email.id },
  });
}

/**
 * DRP 1.0 §3.03: `expected_by` "should conform to the legal regime's deadline guidances ... processing_details MUST be
 * updated to reflect the reason for this extension". The portal's own deadline (request_deadlines.effective_due, the
 * law's date or a lawful extension staff recorded) is the yardstick: a later `expected_by` is flagged, and so is one
 * moved later without `processing_details`.
 */
async function checkExpectedBy(
  trx: Knex.Transaction,
  deps: Deps,
  requestId: number,
  before: { expected_by: Date | null; processing_details: string | null },
  status: ExerciseStatus,
) {
  if (!status.expected_by) return;
  const expected = status.expected_by.slice(0, 10);
  const flag = <T extends 'drp_expected_by_late' | 'drp_extension_without_reason'>(
    type: T,
    data: Omit<EventPayload<T>, 'expected_by'>,
  ) =>
    recordEvent(trx, {
      type,
      subjectId: requestId,
      actor: { type: 'system' },
      at: deps.clock.now(),
      payload: { expected_by: status.expected_by, ...data } as EventPayload<T>,
    });
  const deadline = await trx('request_deadlines').where({ request_id: requestId }).first('effective_due', 'due');
  const due = deadline?.effective_due ?? deadline?.due;
  const dueDate = due instanceof Date ? due.toISOString().slice(0, 10) : due ? String(due).slice(0, 10) : null;
  if (dueDate && expected > dueDate) await flag('drp_expected_by_late', { effective_due: dueDate });
  const extended = before.expected_by && new Date(status.expected_by).getTime() > before.expected_by.getTime();
  const reasonGiven = status.processing_details && status.processing_details !== before.processing_details;
  if (extended && !reasonGiven)
    await flag('drp_extension_without_reason', { previous_expected_by: before.expected_by!.toISOString() });
}
