import type { Knex } from 'knex';
import { recordEvent } from '../events';
import { AppError } from '../http';
import { enqueueInTransaction } from '../queue';
import { deleteRequest, DrpCallError, getStatus, type DrpChannel, type DrpDeps } from './pip-client';
import { FINAL_DRP_STATUSES, type DrpStatus } from './protocol';
import { applyDrpStatus } from './status.service';

async function channelOf(deps: DrpDeps, channelId: number): Promise<DrpChannel> {
  return deps.db('drp_channels').where({ id: channelId }).first();
}

/**
 * The poll (DRP 1.0 §2.02), the fallback for a business that does not call back or whose callback was lost: every
 * DRP_POLL_INTERVAL_MS the worker asks for the status of the open requests not polled for that long, a batch at a
 * time, oldest poll first (the partial index drp_requests_open holds only requests in play). One business failing does
 * not stop the others; its requests are polled again next time.
 */
export async function pollOpenDrpRequests(deps: DrpDeps, options: { batchSize?: number } = {}) {
  const due = new Date(deps.clock.now().getTime() - deps.config.drp.pollIntervalMs);
  const rows: { request_id: number; drp_channel_id: number; business_request_id: string }[] = await deps
    .db('drp_requests')
    .whereNotNull('business_request_id')
    .where((q) => q.whereNull('drp_status').orWhereIn('drp_status', ['open', 'in_progress']))
    .where((q) => q.whereNull('last_polled_at').orWhere('last_polled_at', '<=', due))
    .orderByRaw('last_polled_at nulls first')
    .limit(options.batchSize ?? 100)
    .select('request_id', 'drp_channel_id', 'business_request_id');
  let changed = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      const status = await getStatus(deps, await channelOf(deps, row.drp_channel_id), row.business_request_id);
      const result = await deps.db.transaction((trx) =>
        applyDrpStatus(trx, deps, Number(row.request_id), status, 'poll'),
      );
      if (result.changed) changed++;
    } catch {
      failed++;
      await deps.db('drp_requests').where({ request_id: row.request_id }).update({ last_polled_at: deps.clock.now() });
    }
  }
  return { polled: rows.length, changed, failed };
}

/**
 * Revoke (DRP 1.0 §2.04: "An Authorized Agent SHALL provide Users with a mechanism to request cancellation of an open
 * or in progress request"), asked by the consumer or their agent: recorded, and sent by the `drp-revoke` job written in
 * the same transaction (so a Redis outage loses nothing). Refused for a request that is not sent by DRP, not yet
 * accepted, or already final.
 */
export async function requestDrpRevoke(
  deps: Pick<DrpDeps, 'db' | 'clock'>,
  input: { requestId: number; actor: { type: 'consumer' | 'agent'; id: number | string }; reason: string | null },
) {
  return deps.db.transaction(async (trx) => {
    const outcome = await queueDrpRevoke(trx, deps.clock.now(), input);
    if (outcome === 'not_drp')
      throw new AppError('not_found', `Request ${input.requestId} was not sent by the Data Rights Protocol.`);
    if (outcome !== 'queued' && outcome !== 'already_asked')
      throw new AppError(
        'invalid_transition',
        outcome === 'not_accepted' ? 'The business has not accepted it yet.' : `The request is already ${outcome}.`,
        { allowed: [] },
      );
    return { status: 'revoke_requested' as const };
  });
}

/**
 * In the caller's transaction: records the revoke and writes its job, when the request went by DRP, the business
 * accepted it and it is not final. The consumer's withdrawal of a DRP request uses this too (the business is told by
 * DRP, not by a letter). The reason is the person's free text: kept on the DRP row, never in the event.
 */
export async function queueDrpRevoke(
  trx: Knex.Transaction,
  now: Date,
  input: { requestId: number; actor: { type: 'consumer' | 'agent'; id?: number | string }; reason: string | null },
): Promise<'queued' | 'already_asked' | 'not_drp' | 'not_accepted' | DrpStatus> {
  const drp = await trx('drp_requests').where({ request_id: input.requestId }).forUpdate().first();
  if (!drp) return 'not_drp';
  if (!drp.business_request_id) return 'not_accepted';
  if (FINAL_DRP_STATUSES.includes(drp.drp_status as DrpStatus)) return drp.drp_status as DrpStatus;
  if (drp.revoke_requested_at) return 'already_asked';
  await trx('drp_requests')
    .where({ request_id: input.requestId })
    .update({ revoke_requested_at: now, revoke_reason: input.reason });
  await recordEvent(trx, {
    type: 'drp_revoke_requested',
    subjectId: input.requestId,
    actor: input.actor,
    at: now,
    payload: { business_request_id: drp.business_request_id ?? null },
  });
  await enqueueInTransaction(trx, 'drp-revoke', { requestId: input.requestId });
  return 'queued';
}

/** The `drp-revoke` job: the signed DELETE, and its answer (the `revoked` state) applied. Idempotent. */
export async function sendDrpRevoke(deps: DrpDeps, requestId: number) {
  const drp = await deps.db('drp_requests').where({ request_id: requestId }).first();
  if (!drp?.revoke_requested_at || FINAL_DRP_STATUSES.includes(drp.drp_status as DrpStatus))
    return { kind: 'skipped' as const };
  try {
    const status = await deleteRequest(
      deps,
      await channelOf(deps, drp.drp_channel_id),
      drp.business_request_id,
      drp.revoke_reason ?? null,
    );
    await deps.db.transaction((trx) => applyDrpStatus(trx, deps, requestId, status, 'revoke'));
    return { kind: 'revoked' as const, status: status.status };
  } catch (err) {
    if (err instanceof DrpCallError && err.kind === 'fatal') {
      await recordEvent(deps.db, {
        type: 'drp_revoke_failed',
        subjectId: requestId,
        actor: { type: 'system' },
        reason: err.message.slice(0, 500),
        at: deps.clock.now(),
        payload: {},
      });
      return { kind: 'failed' as const, reason: err.message };
    }
    throw err;
  }
}
