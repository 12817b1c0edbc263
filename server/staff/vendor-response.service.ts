/**
 * Staff record the vendor's answer: fulfilled, partially fulfilled, denied (with the reason), needs more information,
 * or an extension (notice date and new date, checked by the deadline engine). The status change, the deadline change, the
 * event and the consumer's email commit together.
 */
import type { Knex } from 'knex';
import {
  basisOf,
  DeadlineRefusedError,
  closeDeadline,
  pauseDeadline,
  recordExtension,
  resumeDeadline,
  ruleFor,
  utcDate,
  type Deadline,
} from '../deadlines';
import { validationFailed } from '../http';
import { queueEmail, renderTemplate } from '../mail';
import { allowedResponses, ensureAllowed, refused, RESPONSE_STATUS, type ResponseOutcome } from './actions';
import { lockRequest, transition, type ActionDeps, type LockedRequest } from './action-support';

export interface VendorResponseInput {
  requestId: number;
  /** null: applied automatically from a reply classification under a setting staff agreed to */
  staffId: number | null;
  outcome: ResponseOutcome;
  /** the day the vendor's answer arrived (default: today) */
  receivedOn?: string;
  reason?: string;
  noticeDate?: string;
  newDate?: string;
  /** false when the caller tells the consumer itself (a reply classification explains it in plain words) */
  tellConsumer?: boolean;
}

const SUMMARY: Record<Exclude<ResponseOutcome, 'extension'>, string> = {
  fulfilled: 'The company reports that it has done what you asked.',
  partially_fulfilled: 'The company reports that it has done part of what you asked.',
  denied: 'The company has refused your request.',
  needs_information: 'The company asks for more information before it can act on your request.',
};

export async function recordVendorResponse(deps: ActionDeps, input: VendorResponseInput) {
  if (input.outcome === 'denied' && !input.reason?.trim())
    throw validationFailed([{ field: 'reason', message: 'a denial needs the reason the vendor gave' }]);
  if (input.outcome === 'extension' && !input.noticeDate)
    throw validationFailed([{ field: 'notice_date', message: 'the date of the extension notice is required' }]);
  const today = utcDate(deps.clock.now());
  if (input.receivedOn && input.receivedOn > today)
    throw validationFailed([{ field: 'received_on', message: 'cannot be in the future' }]);
  // A refused extension is still recorded (evidence for a complaint): it commits, then the refusal is answered.
  let refusal: DeadlineRefusedError | undefined;
  const result = await deps.db.transaction(async (trx) => {
    const request = await lockRequest(trx, input.requestId);
    ensureAllowed(request, 'response');
    if (!allowedResponses(request.status).includes(input.outcome)) {
      throw refused(
        request,
        'response',
        `A request that is ${request.status} cannot be recorded as "${input.outcome}".`,
      );
    }
    const now = deps.clock.now();
    const actor =
      input.staffId === null ? { type: 'system' as const } : { type: 'staff' as const, id: String(input.staffId) };
    const receivedOn = input.receivedOn ?? today;
    if (input.outcome === 'extension') {
      const before = await trx('request_deadlines').where({ request_id: request.id }).first('effective_due');
      const outcome = await recordExtension(trx, {
        requestId: request.id,
        noticeDate: input.noticeDate!,
        ...(input.newDate ? { newDate: input.newDate } : {}),
        actor,
        clock: deps.clock,
        reason: input.reason,
      });
      if (!outcome.accepted) {
        refusal = outcome.refusal;
        return undefined;
      }
      await transition(trx, request, 'extended', {
        type: 'vendor_response_recorded',
        staffId: input.staffId,
        reason: input.reason,
        at: now,
        data: {
          outcome: 'extension',
          received_on: receivedOn,
          notice_date: input.noticeDate,
          new_date: input.newDate ?? null,
          effective_due: outcome.deadline.due,
        },
      });
      if (input.tellConsumer !== false)
        await notifyExtension(trx, deps, request, String(before.effective_due), outcome.deadline, input.reason);
      return { id: request.id, status: 'extended', effective_due: outcome.deadline.due };
    }
    const to = RESPONSE_STATUS[input.outcome];
    const final = input.outcome !== 'needs_information';
    const stored = await trx('request_deadlines')
      .where({ request_id: request.id })
      .first('closed_at', 'effective_due', 'paused_since');
    if (final && stored && !stored.closed_at)
      await closeDeadline(trx, { requestId: request.id, reason: input.outcome, actor, clock: deps.clock });
    const paused =
      !final && stored && !stored.closed_at && !stored.paused_since
        ? await pauseWhereTheLawAllows(trx, deps, request.id, receivedOn, actor, input.reason)
        : false;
    await transition(trx, request, to, {
      type: 'vendor_response_recorded',
      staffId: input.staffId,
      reason: input.reason,
      at: now,
      data: {
        outcome: input.outcome,
        received_on: receivedOn,
        effective_due: stored?.effective_due ?? null,
        ...(final ? {} : { deadline_paused: paused }),
      },
      columns: final ? { outcome: input.outcome, answered_on: receivedOn } : {},
    });
    if (input.tellConsumer !== false) await notifyReply(trx, deps, request, input.outcome, receivedOn, input.reason);
    return { id: request.id, status: to };
  });
  if (refusal) throw refusal;
  return result!;
}

/**
 * Where the law stops the time while the controller waits for information it asked for (UK GDPR; ICO guidance), the
 * deadline pauses from the day the vendor asked. Elsewhere it keeps running: the safe reading, as the deadline then comes
 * no later than the law's. A pause the engine refuses (asked after the due date) leaves the deadline as it was.
 */
async function pauseWhereTheLawAllows(
  trx: Knex.Transaction,
  deps: ActionDeps,
  requestId: number,
  askedOn: string,
  actor: { type: 'staff'; id: string } | { type: 'system' },
  reason?: string,
) {
  const { jurisdiction, right } = await trx('requests').where({ id: requestId }).first('jurisdiction', 'right');
  if (ruleFor(jurisdiction, right)?.pause !== 'allowed') return false;
  try {
    await pauseDeadline(trx, { requestId, from: askedOn, actor, clock: deps.clock, reason });
    return true;
  } catch (err) {
    if (err instanceof DeadlineRefusedError) return false;
    throw err;
  }
}

export interface InformationSuppliedInput {
  requestId: number;
  staffId: number;
  /** the day the consumer gave the vendor what it asked for (default: today) */
  suppliedOn?: string;
  reason?: string;
}

/** The consumer supplied what the vendor asked for: the vendor owes an answer again, and a paused deadline restarts. */
export async function recordInformationSupplied(deps: ActionDeps, input: InformationSuppliedInput) {
  const today = utcDate(deps.clock.now());
  const suppliedOn = input.suppliedOn ?? today;
  if (suppliedOn > today) throw validationFailed([{ field: 'supplied_on', message: 'cannot be in the future' }]);
  return deps.db.transaction(async (trx) => {
    const request = await lockRequest(trx, input.requestId);
    ensureAllowed(request, 'information_supplied');
    const actor = { type: 'staff' as const, id: String(input.staffId) };
    const stored = await trx('request_deadlines').where({ request_id: request.id }).first('closed_at', 'paused_since');
    const pausedSince = stored?.paused_since
      ? typeof stored.paused_since === 'string'
        ? stored.paused_since
        : utcDate(stored.paused_since as Date)
      : null;
    if (pausedSince && suppliedOn < pausedSince)
      throw validationFailed([
        { field: 'supplied_on', message: `cannot be before the deadline was paused (${pausedSince})` },
      ]);
    const resumed = Boolean(pausedSince && !stored?.closed_at);
    if (resumed)
      await resumeDeadline(trx, {
        requestId: request.id,
        at: suppliedOn,
        actor,
        clock: deps.clock,
        reason: input.reason,
      });
    await transition(trx, request, 'sent', {
      type: 'information_supplied',
      staffId: input.staffId,
      reason: input.reason,
      at: deps.clock.now(),
      data: { supplied_on: suppliedOn, deadline_resumed: resumed },
    });
    return { id: request.id, status: 'sent' };
  });
}

async function consumerOf(trx: Knex.Transaction, request: LockedRequest) {
  return trx('requesters as p')
    .join('requests as r', 'r.requester_id', 'p.id')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .where('r.id', request.id)
    .first('p.name', 'p.email', 'p.erased_at', 'v.name as vendor_name');
}

async function notifyReply(
  trx: Knex.Transaction,
  deps: ActionDeps,
  request: LockedRequest,
  outcome: Exclude<ResponseOutcome, 'extension'>,
  receivedOn: string,
  reason?: string,
) {
  const consumer = await consumerOf(trx, request);
  if (!consumer || consumer.erased_at) return;
  const excerpt =
    outcome === 'denied' || outcome === 'needs_information'
      ? `${SUMMARY[outcome]} ${reason ?? ''}`.trim()
      : SUMMARY[outcome];
  const rendered = renderTemplate('consumer_vendor_replied', {
    consumer_name: consumer.name,
    reference: request.reference,
    vendor_name: consumer.vendor_name,
    received_at:
      receivedOn === utcDate(deps.clock.now()) ? deps.clock.now().toISOString() : `${receivedOn}T00:00:00.000Z`,
    excerpt,
    request_url: `${deps.config.publicUrl}/requests/${request.id}`,
  });
  await queueEmail(trx, {
    template: 'consumer_vendor_replied',
    from: deps.config.mailFrom,
    to: consumer.email,
    messageIdDomain: deps.config.replyDomain,
    related: { type: 'request_notice', id: request.id },
    ...rendered,
  });
}

async function notifyExtension(
  trx: Knex.Transaction,
  deps: ActionDeps,
  request: LockedRequest,
  originalDue: string,
  deadline: Deadline,
  reason?: string,
) {
  const consumer = await consumerOf(trx, request);
  if (!consumer || consumer.erased_at) return;
  const rendered = renderTemplate('consumer_extension_announced', {
    consumer_name: consumer.name,
    reference: request.reference,
    vendor_name: consumer.vendor_name,
    original_due: originalDue,
    extended_due: deadline.due,
    ...basisOf(deadline),
    ...(reason?.trim() ? { vendor_reason: reason.trim() } : {}),
    request_url: `${deps.config.publicUrl}/requests/${request.id}`,
  });
  await queueEmail(trx, {
    template: 'consumer_extension_announced',
    from: deps.config.mailFrom,
    to: consumer.email,
    messageIdDomain: deps.config.replyDomain,
    related: { type: 'request_notice', id: request.id },
    ...rendered,
  });
}
