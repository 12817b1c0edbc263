import type { Knex } from 'knex';
import { recordEvent, type EventPayload, type StatusEventType } from '../events';
import { AppError } from '../http';

/**
 * The request lifecycle as an enum plus a transition table. A request is created (on verification) either ready to
 * dispatch or needing research (no usable contact yet); later features (dispatch, replies, staff) move it on, each
 * transition writing its event in the same transaction.
 */
export const REQUEST_STATUSES = [
  'needs_research',
  'ready_to_dispatch',
  'sent',
  'dispatch_failed',
  'awaiting_information',
  'extended',
  'completed',
  'denied',
  'withdrawn',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses in which a request is finished: it no longer blocks a new request for the same vendor and right. */
export const CLOSED_STATUSES: readonly RequestStatus[] = ['completed', 'denied', 'withdrawn', 'closed'];

/**
 * Every status change a request may make. `changeRequestStatus` below is the only code that writes `requests.status`
 * and checks this table on every call (test/unit/single-writer.test.ts fails when anything else writes the column).
 * `dispatch_failed → sent` is deliberately absent: a failed letter goes out again only through a resend or a new
 * contact (`dispatch_failed → ready_to_dispatch`), and only a `ready_to_dispatch` request becomes `sent` when its
 * letter is accepted or delivered. An acceptance recorded after the request failed (a bounce or a lost connection
 * already reported for that letter) leaves it failed: the later evidence stands.
 */
export const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  needs_research: ['ready_to_dispatch', 'withdrawn', 'closed'],
  ready_to_dispatch: ['sent', 'needs_research', 'dispatch_failed', 'withdrawn'],
  sent: ['awaiting_information', 'extended', 'completed', 'denied', 'dispatch_failed', 'withdrawn', 'closed'],
  dispatch_failed: ['ready_to_dispatch', 'needs_research', 'withdrawn', 'closed'],
  awaiting_information: ['sent', 'extended', 'completed', 'denied', 'withdrawn', 'closed'],
  extended: ['awaiting_information', 'completed', 'denied', 'withdrawn', 'closed'],
  // Reopening (staff): back to waiting on the vendor once it received the request, else back to dispatch or research.
  completed: ['closed', 'sent'],
  denied: ['closed', 'sent'],
  withdrawn: ['sent', 'ready_to_dispatch', 'needs_research'],
  closed: ['sent', 'ready_to_dispatch', 'needs_research'],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Who caused a status change, as the event records it. */
export interface StatusActor {
  type: 'staff' | 'consumer' | 'agent' | 'system';
  id?: string | number | null;
}

/** The payload of a status event, less the `from` and `to` the change records itself. */
export type StatusEventData<T extends StatusEventType> = Omit<EventPayload<T>, 'from' | 'to'>;

export interface StatusChange<T extends StatusEventType = StatusEventType> {
  to: RequestStatus;
  /** the event written with the change (its payload gets `from` and `to`): a type of the event catalogue */
  event: { type: T; actor: StatusActor; reason?: string | null; data?: StatusEventData<T>; at?: Date };
  /** other columns of the request that change with this status (e.g. received_at, the channel, the outcome) */
  columns?: Record<string, unknown>;
  /** the error to throw when the table forbids the change (default: a 409 invalid_transition naming the allowed statuses) */
  refuse?: (from: RequestStatus) => Error;
}

export interface StatusChanged {
  id: number;
  from: RequestStatus;
  to: RequestStatus;
  eventId: number;
}

/** A status change the lifecycle table forbids: 409, with the statuses the request may move to. */
export class TransitionRefusedError extends AppError {
  constructor(
    readonly requestId: number,
    readonly from: RequestStatus,
    readonly to: RequestStatus,
  ) {
    super(
      'invalid_transition',
      `Request ${requestId} is ${from.replace(/_/g, ' ')} and cannot become ${to.replace(/_/g, ' ')}.`,
      {
        status: from,
        allowed_transitions: TRANSITIONS[from],
      },
    );
  }
}

/**
 * The only writer of `requests.status` and of `closed_at`, which changes with it. In the caller's transaction: locks the
 * request rows (in id order), checks the lifecycle table for each, writes the status, `closed_at` (set from the event's
 * time when the request becomes finished, kept from finished to finished, cleared when it is reopened; the
 * `requests_keep_closed_at` trigger holds the same rule) and the given columns, and records the event. Throws
 * (nothing written) if a request is missing or any change is forbidden.
 */
export async function changeRequestStatus<T extends StatusEventType>(
  trx: Knex.Transaction,
  requestId: number,
  change: StatusChange<T>,
): Promise<StatusChanged>;
export async function changeRequestStatus<T extends StatusEventType>(
  trx: Knex.Transaction,
  requestIds: readonly number[],
  change: StatusChange<T>,
): Promise<StatusChanged[]>;
export async function changeRequestStatus<T extends StatusEventType>(
  trx: Knex.Transaction,
  ids: number | readonly number[],
  change: StatusChange<T>,
): Promise<StatusChanged | StatusChanged[]> {
  const list = [...new Set(typeof ids === 'number' ? [ids] : ids)].sort((a, b) => a - b);
  const rows: { id: number; status: RequestStatus }[] = list.length
    ? await trx('requests').whereIn('id', list).orderBy('id').forUpdate().select('id', 'status')
    : [];
  const found = new Map(rows.map((r) => [r.id, r.status]));
  for (const id of list) {
    const from = found.get(id);
    if (!from) throw new AppError('not_found', `No request ${id}.`);
    if (!canTransition(from, change.to)) throw change.refuse?.(from) ?? new TransitionRefusedError(id, from, change.to);
  }
  const finished = (s: RequestStatus) => CLOSED_STATUSES.includes(s);
  const { event } = change;
  const out: StatusChanged[] = [];
  for (const id of list) {
    const from = found.get(id)!;
    // without the event's time, a request that becomes finished gets the database's time from the trigger
    const closedAt = !finished(change.to)
      ? { closed_at: null }
      : finished(from) || !event.at
        ? {}
        : { closed_at: event.at };
    await trx('requests')
      .where({ id })
      .update({ ...(change.columns ?? {}), status: change.to, ...closedAt });
    const eventId = await recordEvent(trx, {
      type: event.type,
      subjectId: id,
      actor: event.actor,
      reason: event.reason ?? null,
      payload: { from, to: change.to, ...(event.data ?? {}) } as EventPayload<T>,
      ...(event.at ? { at: event.at } : {}),
    });
    out.push({ id, from, to: change.to, eventId });
  }
  return typeof ids === 'number' ? out[0]! : out;
}

/** The status a freshly verified request starts in. */
export const initialStatus = (hasChannel: boolean): RequestStatus =>
  hasChannel ? 'ready_to_dispatch' : 'needs_research';
