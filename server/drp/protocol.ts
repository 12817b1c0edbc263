import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The protocol version the portal speaks (DRP 1.0 §2.01 `drp.version`). */
export const DRP_VERSION = '1.0';

/**
 * How long a signed message stays valid (`expires-at` minus `issued-at`): DRP 1.0 §2.01 recommends "no more than 10
 * minute time windows to prevent re-use while still allowing for backend-processing delays".
 */
export const SIGNED_MESSAGE_TTL_MS = 10 * 60_000;

/** DRP 1.0 §3.02: the request states, and the reasons a state may carry. */
const DRP_STATUSES = ['open', 'in_progress', 'fulfilled', 'revoked', 'denied', 'expired'] as const;
export type DrpStatus = (typeof DRP_STATUSES)[number];
export const FINAL_DRP_STATUSES: readonly DrpStatus[] = ['fulfilled', 'revoked', 'denied', 'expired'];

const timestamp = z
  .string()
  .max(64)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 timestamp');
const secureUrl = z
  .url()
  .max(2000)
  .refine((v) => /^https?:\/\//i.test(v), 'an http(s) URL');

/**
 * The Exercise Status object (DRP 1.0 §3.03), as the portal accepts it from a business: from the exercise and revoke
 * responses, the status endpoint and the status callback alike. Unknown keys are dropped.
 */
export const exerciseStatusSchema = z.object({
  request_id: z.string().min(1).max(200),
  status: z.enum(DRP_STATUSES),
  reason: z.string().max(100).nullish(),
  agent_request_id: z.string().max(200).nullish(),
  received_at: timestamp.nullish(),
  expected_by: timestamp.nullish(),
  processing_details: z.string().max(2000).nullish(),
  user_verification_url: secureUrl.nullish(),
  results_url: secureUrl.nullish(),
  expires_at: timestamp.nullish(),
});
export type ExerciseStatus = z.infer<typeof exerciseStatusSchema>;

/** DRP 1.0 §3.06 Error States. */
export const errorStateSchema = z.object({
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string().max(2000).optional(),
  fatal: z.boolean().optional(),
});

/**
 * The status callback's capability (DRP 1.0 §2.03 gives a callback no signature or token of its own): the URL the
 * portal hands the business carries an HMAC of the agent-request-id under APP_SECRET, so only the business the request
 * was sent to can post to it, and the body's `request_id` must then be the one that business returned.
 */
export function callbackToken(secret: string, agentRequestId: string): string {
  return createHmac('sha256', secret).update(`drp-status-callback:${agentRequestId}`).digest('base64url');
}

export function callbackTokenMatches(secret: string, agentRequestId: string, presented: string): boolean {
  const expected = Buffer.from(callbackToken(secret, agentRequestId));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
