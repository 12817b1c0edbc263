/**
 * Data access for request deadlines: plain typed rows in, plain typed rows out. Every function takes the caller's
 * transaction, so the deadline, its milestones and its event commit together or not at all.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { IsoDate } from './calendar';
import type { Deadline } from './compute';
import { milestonesFor, type MilestoneKind } from './events';

export interface RequestFacts {
  id: number;
  reference: string;
  right: string;
  jurisdiction: string;
  vendor_id: number;
  vendor_slug: string;
  vendor_name: string;
  requester_id: number;
  channel_type: string;
  channel_value: string | null;
}

export interface DeadlineRow {
  request_id: number;
  regime: string;
  rules_version: string;
  received_at: Date;
  received_on: IsoDate;
  due: IsoDate;
  extended_due: IsoDate | null;
  ack_due: IsoDate | null;
  effective_due: IsoDate;
  paused_since: IsoDate | null;
  generation: number;
  state: Deadline;
  closed_at: Date | null;
  close_reason: string | null;
}

export interface MilestoneRow {
  id: number;
  request_id: number;
  kind: MilestoneKind;
  due_on: IsoDate;
  fire_at: Date;
  fired_at: Date | null;
  cancelled_at: Date | null;
  generation: number;
  notified_at: Date | null;
  notification: unknown;
}

export async function findRequestFacts(
  db: Knex | Knex.Transaction,
  requestId: number,
): Promise<RequestFacts | undefined> {
  return db('requests as r')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .where('r.id', requestId)
    .first<RequestFacts | undefined>(
      'r.id',
      'r.reference',
      'r.right',
      'r.jurisdiction',
      'r.vendor_id',
      'v.slug as vendor_slug',
      'v.name as vendor_name',
      'r.requester_id',
      'r.channel_type',
      'r.channel_value',
    );
}

/** Locks the deadline row: deadline changes of one request are serialised, and the sweep's claims are not blocked. */
export async function lockDeadline(trx: Knex.Transaction, requestId: number): Promise<DeadlineRow | undefined> {
  return trx('request_deadlines').where({ request_id: requestId }).forUpdate().first<DeadlineRow | undefined>();
}

function columnsOf(deadline: Deadline) {
  return {
    regime: deadline.regime,
    rules_version: deadline.rules_version,
    received_on: deadline.received,
    due: deadline.statutory_due,
    extended_due: deadline.extended_due,
    ack_due: deadline.ack_due,
    // `deadline.due` is already the effective one: the earlier vendor promise, or the accepted extension date.
    effective_due: deadline.due,
    paused_since: deadline.paused_since,
    state: JSON.stringify(deadline),
  };
}

export async function insertDeadline(
  trx: Knex.Transaction,
  requestId: number,
  receivedAt: Date,
  deadline: Deadline,
  now: Date,
  generation = 1,
): Promise<void> {
  await trx('request_deadlines').insert({
    request_id: requestId,
    received_at: receivedAt,
    generation,
    ...columnsOf(deadline),
    created_at: now,
    updated_at: now,
  });
}

export async function updateDeadline(
  trx: Knex.Transaction,
  requestId: number,
  deadline: Deadline,
  generation: number,
  now: Date,
): Promise<void> {
  await trx('request_deadlines')
    .where({ request_id: requestId })
    .update({ ...columnsOf(deadline), generation, updated_at: now });
}

export async function markClosed(trx: Knex.Transaction, requestId: number, reason: string, now: Date): Promise<void> {
  await trx('request_deadlines')
    .where({ request_id: requestId })
    .update({ closed_at: now, close_reason: reason, updated_at: now });
}

export async function markReopened(trx: Knex.Transaction, requestId: number, now: Date): Promise<void> {
  await trx('request_deadlines')
    .where({ request_id: requestId })
    .update({ closed_at: null, close_reason: null, updated_at: now });
}

/** The instant a milestone becomes due: the start of its day where the law applies, not in the server's zone. */
function fireAt(dueOn: IsoDate, timezone: string): Date {
  return DateTime.fromISO(dueOn, { zone: timezone }).startOf('day').toJSDate();
}

/** Cancels every milestone that has not fired yet; returns how many. Fired ones stay as history. */
export async function cancelPendingMilestones(trx: Knex.Transaction, requestId: number, now: Date): Promise<number> {
  return trx('deadline_milestones')
    .where({ request_id: requestId })
    .whereNull('fired_at')
    .whereNull('cancelled_at')
    .update({ cancelled_at: now });
}

/**
 * Writes the milestone schedule of `deadline` as `generation`. A milestone of the same kind and date that already
 * fired is not scheduled again (the acknowledgement date does not move with an extension; it must not remind twice).
 */
export async function insertMilestones(
  trx: Knex.Transaction,
  requestId: number,
  deadline: Deadline,
  generation: number,
): Promise<MilestoneRow[]> {
  const fired: { kind: string; due_on: IsoDate }[] = await trx('deadline_milestones')
    .where({ request_id: requestId })
    .whereNotNull('fired_at')
    .select('kind', 'due_on');
  const firedKeys = new Set(fired.map((f) => `${f.kind}@${f.due_on}`));
  const rows = milestonesFor(deadline)
    .filter((m) => !firedKeys.has(`${m.kind}@${m.at}`))
    .map((m) => ({
      request_id: requestId,
      kind: m.kind,
      due_on: m.at,
      fire_at: fireAt(m.at, deadline.calendar.timezone),
      generation,
    }));
  if (rows.length === 0) return [];
  return trx('deadline_milestones').insert(rows).returning<MilestoneRow[]>('*');
}
