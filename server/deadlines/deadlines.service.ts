/**
 * Deadlines of real requests: the pure engine decides, this module stores the result, its milestones and an append-only
 * event in the caller's transaction. Callers own the transaction so a deadline change can commit together with the state
 * change that caused it (a sent letter, a vendor reply).
 */
import type { Knex } from 'knex';
import { recordEvent } from '../events';
import type { Clock } from '../shared/clock';
import { vendorDeadlineFacts } from '../vendors';
import type { IsoDate } from './calendar';
import { DeadlineRefusedError, withInputProblems } from './deadline-errors';
import {
  cancelPendingMilestones,
  findRequestFacts,
  insertDeadline,
  insertMilestones,
  lockDeadline,
  markClosed,
  markReopened,
  updateDeadline,
  type DeadlineRow,
  type MilestoneRow,
} from './deadlines.repository';
import { computeDeadline, type Deadline } from './compute';
import { applyExtension, applyPause, resume, type EventResult } from './events';
import { vendorPromisesFrom } from './vendor-promises';

export interface Actor {
  type: 'system' | 'staff' | 'vendor' | 'consumer' | 'agent';
  id?: string | null;
}
const SYSTEM: Actor = { type: 'system', id: null };

export interface DeadlineChange {
  deadline: Deadline;
  generation: number;
  milestones: MilestoneRow[];
}

/** Facts for events: dates and the explanation, never names or addresses. */
const facts = (d: Deadline, generation: number) => ({
  regime: d.regime,
  rule_id: d.rule_id,
  rules_version: d.rules_version,
  received: d.received,
  due: d.statutory_due,
  extended_due: d.extended_due,
  ack_due: d.ack_due,
  effective_due: d.due,
  generation,
  explanation: d.explanation,
});

/**
 * Starts the deadline at `receivedAt`, the moment the vendor received the request (SMTP acceptance for email): its date
 * is taken in the jurisdiction's timezone, unless `receivedOn` gives the date itself (a posted letter's delivery is
 * recorded as a calendar date, which no timezone may move). The vendor's published promises are the second date.
 */
export async function startDeadline(
  trx: Knex.Transaction,
  options: { requestId: number; receivedAt: Date; receivedOn?: IsoDate; clock: Clock; actor?: Actor },
): Promise<DeadlineChange> {
  const request = await findRequestFacts(trx, options.requestId);
  if (!request) throw new DeadlineRefusedError('request_not_found', `no request ${options.requestId}`);
  // Serialise concurrent starts of one request (the primary key would refuse the second, but with a 500).
  await trx('requests').where({ id: request.id }).forUpdate().first('id');
  if (await trx('request_deadlines').where({ request_id: request.id }).first('request_id')) {
    throw new DeadlineRefusedError('already_started', `the deadline of request ${request.id} is already running`);
  }
  const promises = vendorPromisesFrom(request.vendor_slug, (await vendorDeadlineFacts(trx, request.vendor_slug)) ?? []);
  const deadline = withInputProblems(() =>
    computeDeadline({
      jurisdiction: request.jurisdiction,
      right: request.right,
      received: options.receivedOn ?? options.receivedAt,
      vendorPromises: promises,
    }),
  );
  const now = options.clock.now();
  // A deadline voided by a returned letter left its cancelled milestones behind: the new receipt is a later generation.
  const previous = await trx('deadline_milestones')
    .where({ request_id: request.id })
    .max<{ g: number | null }[]>('generation as g');
  const generation = Number(previous[0]?.g ?? 0) + 1;
  await insertDeadline(trx, request.id, options.receivedAt, deadline, now, generation);
  const milestones = await insertMilestones(trx, request.id, deadline, generation);
  await recordEvent(trx, {
    subjectId: request.id,
    type: 'deadline_started',
    actor: options.actor ?? SYSTEM,
    at: now,
    payload: {
      ...facts(deadline, generation),
      vendor_id: request.vendor_id,
      received_at: options.receivedAt.toISOString(),
      milestones: milestones.length,
    },
  });
  return { deadline, generation, milestones };
}

/**
 * The vendor never received the request after all (its mail server returned the letter): the deadline that started at
 * the SMTP acceptance is void. Its unfired milestones are cancelled (no reminder, overdue notice or escalation against
 * a vendor that never got the letter) and the deadline is removed, so a resend or a new channel starts it afresh from
 * the new receipt. The event keeps what the void deadline said. Answers undefined when no deadline was running.
 */
export async function voidDeadline(
  trx: Knex.Transaction,
  options: { requestId: number; reason: string; clock: Clock; actor?: Actor },
): Promise<{ cancelled: number } | undefined> {
  const row = await lockDeadline(trx, options.requestId);
  if (!row) return undefined;
  const now = options.clock.now();
  const cancelled = await cancelPendingMilestones(trx, row.request_id, now);
  await trx('request_deadlines').where({ request_id: row.request_id }).delete();
  await recordEvent(trx, {
    subjectId: row.request_id,
    type: 'deadline_voided',
    actor: options.actor ?? SYSTEM,
    reason: options.reason,
    at: now,
    payload: {
      received_at: new Date(row.received_at).toISOString(),
      effective_due: row.effective_due,
      generation: row.generation,
      closed: Boolean(row.closed_at),
      cancelled_milestones: cancelled,
    },
  });
  return { cancelled };
}

async function lockOpenDeadline(trx: Knex.Transaction, requestId: number): Promise<DeadlineRow> {
  const row = await lockDeadline(trx, requestId);
  if (!row) throw new DeadlineRefusedError('not_started', `request ${requestId} has no running deadline`);
  if (row.closed_at)
    throw new DeadlineRefusedError(
      'clock_closed',
      `the deadline of request ${requestId} was closed (${row.close_reason ?? 'no reason'})`,
    );
  return row;
}

/** Stores a recomputed deadline as a new generation: unfired milestones are cancelled and scheduled afresh. */
async function replace(
  trx: Knex.Transaction,
  row: DeadlineRow,
  deadline: Deadline,
  now: Date,
): Promise<DeadlineChange> {
  const generation = row.generation + 1;
  await updateDeadline(trx, row.request_id, deadline, generation, now);
  await cancelPendingMilestones(trx, row.request_id, now);
  const milestones = await insertMilestones(trx, row.request_id, deadline, generation);
  return { deadline, generation, milestones };
}

export type ExtensionOutcome =
  ({ accepted: true } & DeadlineChange) | { accepted: false; refusal: DeadlineRefusedError };

/**
 * Records a vendor's extension notice. Accepted only if dated on/before the original statutory due date (and within
 * the regime's maximum); a refused notice is still recorded as an event, because a late notice is evidence for a
 * complaint, and returned as a typed refusal the caller throws AFTER committing.
 */
export async function recordExtension(
  trx: Knex.Transaction,
  options: { requestId: number; noticeDate: IsoDate; newDate?: IsoDate; actor: Actor; clock: Clock; reason?: string },
): Promise<ExtensionOutcome> {
  const row = await lockOpenDeadline(trx, options.requestId);
  const now = options.clock.now();
  const notice =
    options.newDate === undefined
      ? { noticeDate: options.noticeDate }
      : { noticeDate: options.noticeDate, newDate: options.newDate };
  const result = withInputProblems(() => applyExtension(row.state, notice));
  if (!result.ok) {
    await recordEvent(trx, {
      subjectId: row.request_id,
      type: 'extension_refused',
      actor: options.actor,
      reason: options.reason,
      at: now,
      payload: {
        notice_date: options.noticeDate,
        new_date: options.newDate ?? null,
        refusal: result.code,
        explanation: [result.reason],
        effective_due: row.effective_due,
      },
    });
    return { accepted: false, refusal: new DeadlineRefusedError(result.code, result.reason) };
  }
  const change = await replace(trx, row, result.deadline, now);
  await recordEvent(trx, {
    subjectId: row.request_id,
    type: 'extension_accepted',
    actor: options.actor,
    reason: options.reason,
    at: now,
    payload: {
      ...facts(result.deadline, change.generation),
      notice_date: options.noticeDate,
      new_date: options.newDate ?? null,
      previous_effective_due: row.effective_due,
    },
  });
  return { accepted: true, ...change };
}

function accepted(result: EventResult): Deadline {
  if (!result.ok) throw new DeadlineRefusedError(result.code, result.reason);
  return result.deadline;
}

/** Stops the deadline while waiting for ID or clarification, where the regime allows it (UK GDPR, Oregon, GDPR medium). */
export async function pauseDeadline(
  trx: Knex.Transaction,
  options: { requestId: number; from: IsoDate; actor: Actor; clock: Clock; reason?: string },
): Promise<DeadlineChange> {
  const row = await lockOpenDeadline(trx, options.requestId);
  const deadline = accepted(withInputProblems(() => applyPause(row.state, { from: options.from })));
  const now = options.clock.now();
  const change = await replace(trx, row, deadline, now);
  await recordEvent(trx, {
    subjectId: row.request_id,
    type: 'deadline_paused',
    actor: options.actor,
    reason: options.reason,
    at: now,
    payload: { ...facts(deadline, change.generation), paused_since: options.from },
  });
  return change;
}

/** Restarts a paused deadline; the engine adds the paused days to every date. */
export async function resumeDeadline(
  trx: Knex.Transaction,
  options: { requestId: number; at: IsoDate; actor: Actor; clock: Clock; reason?: string },
): Promise<DeadlineChange> {
  const row = await lockOpenDeadline(trx, options.requestId);
  const deadline = accepted(withInputProblems(() => resume(row.state, { at: options.at })));
  const now = options.clock.now();
  const change = await replace(trx, row, deadline, now);
  await recordEvent(trx, {
    subjectId: row.request_id,
    type: 'deadline_resumed',
    actor: options.actor,
    reason: options.reason,
    at: now,
    payload: {
      ...facts(deadline, change.generation),
      resumed_on: options.at,
      paused_days: deadline.paused_days,
      previous_effective_due: row.effective_due,
    },
  });
  return change;
}

/** The vendor's final answer (or a withdrawal): nothing scheduled fires after this. */
export async function closeDeadline(
  trx: Knex.Transaction,
  options: { requestId: number; reason: string; actor?: Actor; clock: Clock },
): Promise<{ cancelled: number }> {
  const row = await lockOpenDeadline(trx, options.requestId);
  const now = options.clock.now();
  await markClosed(trx, row.request_id, options.reason, now);
  const cancelled = await cancelPendingMilestones(trx, row.request_id, now);
  await recordEvent(trx, {
    subjectId: row.request_id,
    type: 'deadline_closed',
    actor: options.actor ?? SYSTEM,
    reason: options.reason,
    at: now,
    payload: { effective_due: row.effective_due, generation: row.generation, cancelled_milestones: cancelled },
  });
  return { cancelled };
}

/**
 * A closed request reopened by staff: the same deadline runs again (a reopening buys the vendor no time), and the
 * milestones that have not fired are scheduled afresh, so an overdue request is reported as overdue. Returns undefined
 * when there is no deadline or it is not closed (nothing to reopen).
 */
export async function reopenDeadline(
  trx: Knex.Transaction,
  options: { requestId: number; actor: Actor; clock: Clock; reason?: string },
): Promise<DeadlineChange | undefined> {
  const row = await lockDeadline(trx, options.requestId);
  if (!row?.closed_at) return undefined;
  const now = options.clock.now();
  await markReopened(trx, row.request_id, now);
  const change = await replace(trx, row, row.state, now);
  await recordEvent(trx, {
    subjectId: row.request_id,
    type: 'deadline_reopened',
    actor: options.actor,
    reason: options.reason,
    at: now,
    payload: {
      effective_due: row.effective_due,
      generation: change.generation,
      closed_at: new Date(row.closed_at).toISOString(),
      milestones: change.milestones.length,
    },
  });
  return change;
}
