import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { AppError } from '../http';
import { authenticateConsumer, scopeToAccess } from '../requests';
import type { Clock } from '../shared/clock';
import { FINAL_DRP_STATUSES, type DrpStatus, type exerciseStatusSchema } from './protocol';
import { applyDrpStatus } from './status.service';

/** What the DRP routes read: a request's DRP state, whose request it is, and the request a callback is about. */
interface Deps {
  db: Knex;
  config: Config;
  clock: Clock;
}

export const drpStateSchema = z.object({
  exercise: z.string(),
  agent_request_id: z.string(),
  business_request_id: z.string().nullable(),
  status: z.string().nullable(),
  reason: z.string().nullable(),
  processing_details: z.string().nullable(),
  user_verification_url: z.string().nullable(),
  results_url: z.string().nullable(),
  expected_by: z.string().nullable(),
  last_error: z.string().nullable(),
  revoke_requested_at: z.string().nullable(),
  can_revoke: z.boolean(),
});

export async function drpState(db: Knex, requestId: number): Promise<z.infer<typeof drpStateSchema>> {
  const d = await db('drp_requests').where({ request_id: requestId }).first();
  if (!d) throw new AppError('not_found', `Request ${requestId} was not sent by the Data Rights Protocol.`);
  const iso = (v: Date | null) => (v ? v.toISOString() : null);
  return {
    exercise: d.exercise,
    agent_request_id: d.agent_request_id,
    business_request_id: d.business_request_id,
    status: d.drp_status,
    reason: d.drp_reason,
    processing_details: d.processing_details,
    user_verification_url: d.user_verification_url,
    results_url: d.results_url,
    expected_by: iso(d.expected_by),
    last_error: d.last_error,
    revoke_requested_at: iso(d.revoke_requested_at),
    can_revoke:
      Boolean(d.business_request_id) &&
      !d.revoke_requested_at &&
      !FINAL_DRP_STATUSES.includes(d.drp_status as DrpStatus),
  };
}

export async function agentsRequest(db: Knex, agentId: number, requestId: number): Promise<void> {
  const r = await db('requests').where({ id: requestId, agent_account_id: agentId }).first('id');
  if (!r) throw new AppError('not_found', `No request ${requestId}.`);
}

/** The consumer's own request (else 404, as if it did not exist); answers its requester's id. */
export async function consumersRequest(
  deps: Deps,
  req: Parameters<typeof authenticateConsumer>[1],
  requestId: number,
): Promise<number> {
  const access = await authenticateConsumer(deps, req);
  const r = await scopeToAccess(deps.db('requests as r').where('r.id', requestId), access).first('r.requester_id');
  if (!r) throw new AppError('not_found', `No request ${requestId}.`);
  return Number(r.requester_id);
}

/** A status callback for the request with this agent-request-id; false when no such DRP request exists. */
export async function receiveStatusCallback(
  deps: Deps,
  agentRequestId: string,
  status: z.infer<typeof exerciseStatusSchema>,
): Promise<boolean> {
  const drp = await deps.db('drp_requests').where({ agent_request_id: agentRequestId }).first('request_id');
  if (!drp) return false;
  await deps.db.transaction((trx) => applyDrpStatus(trx, deps, Number(drp.request_id), status, 'callback'));
  return true;
}
