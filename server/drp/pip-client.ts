import type { Knex } from 'knex';
import type { Config } from '../config';
import type { GuardedSend } from '../http';
import type { Clock } from '../shared/clock';
import { decrypt, encrypt } from '../shared/encryption';
import { agentKey } from './agent-key';
import {
  DRP_VERSION,
  SIGNED_MESSAGE_TTL_MS,
  errorStateSchema,
  exerciseStatusSchema,
  type ExerciseStatus,
} from './protocol';
import { signJson } from './signing';

export interface DrpDeps {
  db: Knex;
  config: Config;
  clock: Clock;
  send: GuardedSend;
}

export interface DrpChannel {
  id: number;
  business_id: string;
  api_base: string;
  supported_verifications: string[];
  token_sealed: Buffer | null;
}

/** A business's answer that is not a valid Exercise Status: `fatal` when the spec says it will not be processed. */
export class DrpCallError extends Error {
  constructor(
    message: string,
    readonly kind: 'refused_token' | 'fatal' | 'retryable',
  ) {
    super(message);
    this.name = 'DrpCallError';
  }
}

/** `issued-at` and `expires-at` of a signed message (DRP 1.0 §2.01), from the injected clock. */
export function validity(clock: Clock) {
  const now = clock.now();
  return {
    'issued-at': now.toISOString(),
    'expires-at': new Date(now.getTime() + SIGNED_MESSAGE_TTL_MS).toISOString(),
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Reads an answer: the Exercise Status on 200, else the reason (§3.06 error state) and whether a retry can help. */
function statusFrom(res: { status: number; body: Buffer }, what: string): ExerciseStatus {
  const json = parseJson(res.body);
  if (res.status === 200) {
    const parsed = exerciseStatusSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    throw new DrpCallError(
      `${what}: the answer is not an Exercise Status (DRP 1.0 §3.03): ${parsed.error.issues
        .map((i) => `${i.path.join('.') || 'body'} ${i.message}`)
        .join('; ')}`,
      'fatal',
    );
  }
  const error = errorStateSchema.safeParse(json);
  const message = error.success && error.data.message ? `: ${error.data.message}` : '';
  // a refusal the business marks fatal (§3.06) is final; a bare 401/403 is the token's: set it up again (§2.05)
  if ((res.status === 401 || res.status === 403) && !(error.success && error.data.fatal === true))
    throw new DrpCallError(`${what}: HTTP ${res.status}, the token was refused${message}`, 'refused_token');
  // §3.06: "Requests which are not fatal shall be assumed to be retryable"; a 4xx other than 408/429 cannot succeed
  // unchanged either.
  const fatal =
    (error.success && error.data.fatal === true) ||
    (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429);
  throw new DrpCallError(`${what}: HTTP ${res.status}${message}`, fatal ? 'fatal' : 'retryable');
}

/**
 * The pair-wise token for a business (DRP 1.0 §2.05): kept sealed once obtained ("once per business"); made by POSTing
 * a signed `{agent-id, business-id, issued-at, expires-at, drp.version}` to `/v1/agent/{agent-id}`. The answer's
 * `agent-id` must be ours (§2.05.1); the token is opaque.
 */
async function pairwiseToken(deps: DrpDeps, channel: DrpChannel): Promise<string> {
  if (channel.token_sealed) return decrypt(deps.config.appSecret, 'drp-token', channel.token_sealed).toString('utf8');
  const key = await agentKey(deps.db, deps.config);
  const body = signJson(key.signingKey, {
    'agent-id': key.agentId,
    'business-id': channel.business_id,
    ...validity(deps.clock),
    'drp.version': DRP_VERSION,
  });
  const res = await deps.send(`${channel.api_base}/v1/agent/${encodeURIComponent(key.agentId)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body,
  });
  const json = parseJson(res.body) as { 'agent-id'?: unknown; token?: unknown } | undefined;
  if (res.status !== 200 || typeof json?.token !== 'string' || !json.token)
    throw new DrpCallError(
      `pair-wise key setup with ${channel.business_id}: HTTP ${res.status}${res.status === 403 ? ' (the business did not accept our signature or agent id)' : ''}`,
      res.status >= 500 || res.status === 429 ? 'retryable' : 'fatal',
    );
  if (json['agent-id'] !== key.agentId)
    throw new DrpCallError(`pair-wise key setup with ${channel.business_id}: the answer names another agent`, 'fatal');
  await deps
    .db('drp_channels')
    .where({ id: channel.id })
    .update({
      token_sealed: encrypt(deps.config.appSecret, 'drp-token', Buffer.from(json.token, 'utf8')),
      token_obtained_at: deps.clock.now(),
    });
  channel.token_sealed = encrypt(deps.config.appSecret, 'drp-token', Buffer.from(json.token, 'utf8'));
  return json.token;
}

/** A refused token is forgotten, so the next attempt sets up a new one (§2.05). */
export async function forgetToken(db: Knex, channelId: number): Promise<void> {
  await db('drp_channels').where({ id: channelId }).update({ token_sealed: null, token_obtained_at: null });
}

/** DRP 1.0 §2.01: POST /v1/data-rights-request, the signed exercise as text/plain with the pair-wise Bearer token. */
export async function postExercise(
  deps: DrpDeps,
  channel: DrpChannel,
  message: Record<string, unknown>,
): Promise<ExerciseStatus> {
  const token = await pairwiseToken(deps, channel);
  const key = await agentKey(deps.db, deps.config);
  const res = await deps.send(`${channel.api_base}/v1/data-rights-request`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
    body: signJson(key.signingKey, message),
  });
  return statusFrom(res, `exercise at ${channel.business_id}`);
}

/** DRP 1.0 §2.02: GET /v1/data-rights-request/{request_id} (the poll). */
export async function getStatus(deps: DrpDeps, channel: DrpChannel, requestId: string): Promise<ExerciseStatus> {
  const token = await pairwiseToken(deps, channel);
  const res = await deps.send(`${channel.api_base}/v1/data-rights-request/${encodeURIComponent(requestId)}`, {
    method: 'GET',
    headers: { authorization: `Bearer ${token}` },
  });
  return statusFrom(res, `status at ${channel.business_id}`);
}

/** DRP 1.0 §2.04: DELETE /v1/data-rights-request/{request_id} with the signed `{reason}`; the answer is `revoked`. */
export async function deleteRequest(
  deps: DrpDeps,
  channel: DrpChannel,
  requestId: string,
  reason: string | null,
): Promise<ExerciseStatus> {
  const token = await pairwiseToken(deps, channel);
  const key = await agentKey(deps.db, deps.config);
  const res = await deps.send(`${channel.api_base}/v1/data-rights-request/${encodeURIComponent(requestId)}`, {
    method: 'DELETE',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
    body: signJson(key.signingKey, reason ? { reason } : {}),
  });
  return statusFrom(res, `revoke at ${channel.business_id}`);
}
