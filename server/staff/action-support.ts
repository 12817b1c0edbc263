/** What every staff action shares: the locked request row, the staff event, and the dependencies. */
import type { Knex } from 'knex';
import type { Config } from '../config';
import { notFound } from '../http';
import type { StatusEventType } from '../events';
import { changeRequestStatus, type RequestStatus, type StatusEventData } from '../requests';
import type { Clock } from '../shared/clock';

export interface ActionDeps {
  db: Knex;
  config: Config;
  clock: Clock;
}

export interface LockedRequest {
  id: number;
  reference: string;
  status: RequestStatus;
  channel_type: string;
  channel_value: string | null;
  received_at: Date | null;
  assignee_id: number | null;
  vendor_id: number;
  requester_id: number;
}

/** The request, locked for the rest of the transaction so two actions on it are serialised. */
export async function lockRequest(trx: Knex.Transaction, id: number): Promise<LockedRequest> {
  const row = await trx('requests')
    .where({ id })
    .forUpdate()
    .first<LockedRequest | undefined>(
      'id',
      'reference',
      'status',
      'channel_type',
      'channel_value',
      'received_at',
      'assignee_id',
      'vendor_id',
      'requester_id',
    );
  if (!row) throw notFound(`No request ${id}.`);
  return row;
}

/**
 * Moves the request to `to` and records the staff event in the same transaction, through the one writer of a request's
 * status (`changeRequestStatus`: the lifecycle table is checked, `closed_at` follows the status). Answers the event id.
 */
export async function transition<T extends StatusEventType>(
  trx: Knex.Transaction,
  request: LockedRequest,
  to: RequestStatus,
  e: {
    type: T;
    /** null: the portal itself, applying a rule staff agreed to (an automatically applied reply classification) */
    staffId: number | null;
    reason?: string | null;
    data?: StatusEventData<T>;
    at: Date;
    columns?: Record<string, unknown>;
  },
): Promise<number> {
  const actor = e.staffId === null ? { type: 'system' as const } : { type: 'staff' as const, id: e.staffId };
  const changed = await changeRequestStatus(trx, request.id, {
    to,
    event: { type: e.type, actor, reason: e.reason, data: e.data, at: e.at },
    columns: e.columns,
  });
  return changed.eventId;
}
