import type { Knex } from 'knex';
import { startDeadline } from '../deadlines';
import { GuardedFetchError } from '../http/guarded-fetch';
import { changeRequestStatus, drpExerciseFor, drpRegimeFor } from '../requests';
import { agentKey } from './agent-key';
import { DrpCallError, forgetToken, postExercise, validity, type DrpChannel, type DrpDeps } from './pip-client';
import { DRP_VERSION, callbackToken, sha256Hex } from './protocol';
import { applyDrpStatus } from './status.service';

export type DrpDispatchOutcome =
  | { kind: 'accepted'; businessRequestId: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string };

/** A retry is wanted, after at least `retryInMs` (the worker's backoff honours it). */
class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryInMs?: number,
  ) {
    super(message);
  }
}

const REFUSED_TOKEN_ATTEMPTS = 3;

/** The status callback URL handed to the business (DRP 1.0 §2.01 `status_callback`, §2.03). */
function statusCallbackUrl(deps: DrpDeps, agentRequestId: string): string {
  return `${deps.config.publicUrl}/api/drp/status-callback/${encodeURIComponent(agentRequestId)}/${callbackToken(deps.config.appSecret, agentRequestId)}`;
}

/**
 * DRP 1.0 §3.04: the identity claims. The name (a claim the business matches on); the email address only with
 * `email_verified: true`, and only when the consumer proved it (a consumer's verification link, or a principal's
 * confirmation of an e-authorization from that address) and the business takes email verification (or lists none).
 * The portal verifies no phone number or postal address, so it claims none: "Other identity fields SHOULD be omitted".
 */
async function identityClaims(db: Knex, requestId: number, channel: DrpChannel) {
  const row = await db('requests as r')
    .join('requesters as q', 'q.id', 'r.requester_id')
    .leftJoin('submissions as s', 's.id', 'r.submission_id')
    .leftJoin('agent_authorizations as a', 'a.id', 'r.authorization_id')
    .where('r.id', requestId)
    .first('q.name', 'q.email', 'r.filed_by', 's.verified_at', 'a.confirmed_at');
  const emailVerified = row.filed_by === 'agent' ? Boolean(row.confirmed_at) : Boolean(row.verified_at);
  const wantsEmail = channel.supported_verifications.length === 0 || channel.supported_verifications.includes('email');
  return {
    name: row.name as string,
    ...(emailVerified && wantsEmail && row.email ? { email: row.email as string, email_verified: true } : {}),
  };
}

/** Fails the request with the reason: it moves to dispatch_failed, the staff queue's bucket for failed sends. */
async function fail(db: Knex, deps: DrpDeps, requestId: number, reason: string): Promise<DrpDispatchOutcome> {
  await db.transaction(async (trx) => {
    const locked = await trx('requests').where({ id: requestId, status: 'ready_to_dispatch' }).forUpdate().first('id');
    if (!locked) return;
    await trx('drp_requests')
      .where({ request_id: requestId })
      .update({ last_error: reason.slice(0, 1000), send_started_at: null });
    await changeRequestStatus(trx, requestId, {
      to: 'dispatch_failed',
      event: {
        type: 'dispatch_failed',
        actor: { type: 'system' },
        reason: reason.slice(0, 500),
        data: { stage: 'drp' },
        at: deps.clock.now(),
      },
    });
  });
  return { kind: 'failed', reason };
}

/**
 * Sends a request whose channel is DRP as a signed Data Rights Exercise (DRP 1.0 §2.01), from the `dispatch-request`
 * job, so it has the letter's guarantees: the job is written in the outbox with the request, the reconciler queues it
 * again while the request is `ready_to_dispatch` with no letter (server/reconciler.ts), and this function decides
 * from the rows, not from BullMQ's attempts:
 * - the `drp_requests` row is made once, with `agent-request-id` = the request's reference (a resend adds the
 *   attempt): a retry after a crash between the POST and the commit sends the same id again, so the business can
 *   recognise the duplicate (the spec's identifier for exactly this; the portal cannot do better without an answer);
 * - a lease (`send_started_at`, SEND_LEASE_MS) keeps a second worker from sending while one is;
 * - the answer's Exercise Status is applied in the same transaction that moves the request to `sent` (the receipt:
 *   the deadline starts);
 * - a refused token is set up again (3 times at most), a fatal error state (§3.06) or a refusal fails the request
 *   with the reason, and a business that cannot be reached is retried until LETTER_RETRY_WINDOW_MS has passed.
 */
export async function dispatchDrpRequest(
  deps: DrpDeps,
  requestId: number,
  attempt?: number,
): Promise<DrpDispatchOutcome> {
  const { db, clock } = deps;
  const prepared = await db.transaction(async (trx) => {
    const request = await trx('requests')
      .where({ id: requestId })
      .forUpdate()
      .first('id', 'reference', 'status', 'right', 'jurisdiction', 'channel_type', 'channel_value');
    if (request?.status !== 'ready_to_dispatch' || request.channel_type !== 'drp')
      return { skip: `request is ${request?.status ?? 'missing'} by ${request?.channel_type ?? 'none'}` };
    const channel = await trx('drp_channels')
      .where({ business_id: request.channel_value })
      .whereNull('retired_at')
      .first();
    const exercise = channel ? drpExerciseFor(channel, request.right, request.jurisdiction) : null;
    if (!channel || !exercise) return { fail: `the DRP channel ${request.channel_value} no longer carries this right` };
    const agentRequestId = attempt ? `${request.reference}-${attempt}` : (request.reference as string);
    await trx('drp_requests')
      .insert({
        request_id: requestId,
        drp_channel_id: channel.id,
        agent_request_id: agentRequestId,
        exercise,
        regime: drpRegimeFor(request.jurisdiction, request.right),
        callback_token_hash: sha256Hex(callbackToken(deps.config.appSecret, agentRequestId)),
        created_at: clock.now(),
      })
      .onConflict('request_id')
      .merge(
        attempt
          ? {
              agent_request_id: agentRequestId,
              callback_token_hash: sha256Hex(callbackToken(deps.config.appSecret, agentRequestId)),
              sent_at: null,
              business_request_id: null,
              drp_status: null,
            }
          : ['request_id'],
      );
    const drp = await trx('drp_requests').where({ request_id: requestId }).forUpdate().first();
    const leaseLeft = drp.send_started_at
      ? drp.send_started_at.getTime() + deps.config.sendLeaseMs - clock.now().getTime()
      : 0;
    if (leaseLeft > 0) return { wait: leaseLeft };
    await trx('drp_requests')
      .where({ request_id: requestId })
      .update({ send_started_at: clock.now(), attempts: drp.attempts + 1 });
    return { channel: channel as DrpChannel, drp, exercise };
  });
  if ('skip' in prepared) return { kind: 'skipped', reason: prepared.skip! };
  if ('fail' in prepared) return fail(db, deps, requestId, prepared.fail!);
  if ('wait' in prepared) throw new RetryLater('another worker is sending this DRP request', prepared.wait);
  const { channel, drp, exercise } = prepared;

  const key = await agentKey(db, deps.config);
  const message = {
    'agent-id': key.agentId,
    'business-id': channel.business_id,
    ...validity(clock),
    'agent-request-id': drp.agent_request_id as string,
    'drp.version': DRP_VERSION,
    exercise,
    ...(drp.regime ? { regime: drp.regime as string } : {}),
    status_callback: statusCallbackUrl(deps, drp.agent_request_id as string),
    ...(await identityClaims(db, requestId, channel)),
  };
  let status;
  try {
    status = await postExercise(deps, channel, message);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await db('drp_requests')
      .where({ request_id: requestId })
      .update({ last_error: reason.slice(0, 1000), send_started_at: null });
    if (err instanceof DrpCallError && err.kind === 'refused_token') {
      await forgetToken(db, channel.id);
      if (drp.attempts + 1 >= REFUSED_TOKEN_ATTEMPTS) return fail(db, deps, requestId, reason);
      throw new RetryLater(reason);
    }
    if (err instanceof DrpCallError && err.kind === 'fatal') return fail(db, deps, requestId, reason);
    if (err instanceof GuardedFetchError && !['timeout', 'network', 'dns'].includes(err.reason))
      return fail(db, deps, requestId, reason);
    if (clock.now().getTime() - new Date(drp.created_at).getTime() > deps.config.letterRetryWindowMs)
      return fail(
        db,
        deps,
        requestId,
        `${reason} (retried for ${Math.round(deps.config.letterRetryWindowMs / 60_000)} minutes)`,
      );
    throw new RetryLater(reason);
  }
  return db.transaction(async (trx) => {
    const current = await trx('requests').where({ id: requestId }).forUpdate().first('status');
    const now = clock.now();
    await trx('drp_requests')
      .where({ request_id: requestId })
      .update({ sent_at: now, last_error: null, business_request_id: status.request_id });
    if (current.status === 'ready_to_dispatch') {
      // DRP 1.0 §3.03: `received_at` is "the time which the initial request was registered by the Covered Business"
      const receivedAt = status.received_at ? new Date(status.received_at) : now;
      await changeRequestStatus(trx, requestId, {
        to: 'sent',
        columns: { received_at: receivedAt },
        event: {
          type: 'dispatched',
          actor: { type: 'system' },
          data: {
            channel: 'drp',
            drp_channel_id: channel.id,
            exercise,
            business_request_id: status.request_id,
            received_at: receivedAt.toISOString(),
          },
          at: now,
        },
      });
      await startDeadline(trx, { requestId, receivedAt, clock });
    }
    await applyDrpStatus(trx, deps, requestId, status, 'exercise');
    return { kind: 'accepted', businessRequestId: status.request_id } as const;
  });
}
