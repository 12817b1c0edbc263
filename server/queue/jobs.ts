import { z } from 'zod';

/**
 * The closed list of jobs. Names are stable (never renamed: rows in the outbox and jobs in Redis carry them).
 * Payloads hold ids only, never personal data. Each job's id is deterministic, so a retry, a duplicate relay or a
 * second worker cannot create a second job for the same work.
 */
export const QUEUES = ['mail', 'deadlines', 'imports'] as const;
export type QueueName = (typeof QUEUES)[number];

export const JOBS = {
  'send-email': {
    queue: 'mail',
    payload: z.object({ emailId: z.number().int().positive() }),
    jobId: (p: { emailId: number }) => `send-email-${p.emailId}`,
  },
  // The first verification link of a consumer submission: intake stores the submission, the worker issues the link.
  'issue-verification': {
    queue: 'mail',
    payload: z.object({ submissionId: z.number().int().positive() }),
    jobId: (p: { submissionId: number }) => `issue-verification-${p.submissionId}`,
  },
  // "Find my requests": the worker looks the typed address up and mails a sign-in link only if it has requests.
  'issue-consumer-sign-in': {
    queue: 'mail',
    payload: z.object({ signInRequestId: z.number().int().positive() }),
    jobId: (p: { signInRequestId: number }) => `consumer-sign-in-${p.signInRequestId}`,
  },
  // Recurring (upserted by the worker's scheduler); the id is only used if it is ever written to the outbox.
  'sweep-deadlines': {
    queue: 'deadlines',
    payload: z.object({}),
    jobId: () => 'sweep-deadlines',
  },
  // Recurring: folds the staff queue's appended tallies (see migration queue_tallies).
  'compact-queue-tallies': {
    queue: 'deadlines',
    payload: z.object({}),
    jobId: () => 'compact-queue-tallies',
  },
  // Recurring: erases the personal data of requesters whose retention period ended (server/requests/retention.ts).
  'purge-personal-data': {
    queue: 'deadlines',
    payload: z.object({}),
    jobId: () => 'purge-personal-data',
  },
  // Recurring: deletes relayed outbox rows, expired tokens, sessions and old captured mail (server/ops/prune.ts).
  'prune-expired-rows': {
    queue: 'deadlines',
    payload: z.object({}),
    jobId: () => 'prune-expired-rows',
  },
  // Recurring: fetches the vendors' watched policy URLs that are due (server/vendors/policy-watch.service.ts).
  'recheck-policies': {
    queue: 'imports',
    payload: z.object({}),
    jobId: () => 'recheck-policies',
  },
  // Recurring: recomputes each vendor's observed responsiveness (server/vendors/responsiveness.ts).
  'refresh-responsiveness': {
    queue: 'deadlines',
    payload: z.object({}),
    jobId: () => 'refresh-responsiveness',
  },
  // Recurring when GPC_CHECK_DAYS > 0: fetches the vendors' /.well-known/gpc.json that are due (server/vendors/gpc-support.ts).
  'check-gpc-support': {
    queue: 'imports',
    payload: z.object({}),
    jobId: () => 'check-gpc-support',
  },
  // Recurring: compares the work Postgres shows unfinished with the jobs in Redis (server/reconciler.ts).
  reconcile: {
    queue: 'deadlines',
    payload: z.object({}),
    jobId: () => 'reconcile',
  },
  'dispatch-request': {
    queue: 'mail',
    // `attempt` (staff resend or reopen) gives a later dispatch of the same request its own job id.
    payload: z.object({ requestId: z.number().int().positive(), attempt: z.number().int().positive().optional() }),
    jobId: (p: { requestId: number; attempt?: number }) =>
      p.attempt ? `dispatch-request-${p.requestId}-${p.attempt}` : `dispatch-request-${p.requestId}`,
  },
  // An agent's bulk CSV: pending rows in batches. `authorizationId`: rows held for a principal who has since
  // authorized the agent (its own job id, as the upload's first job may still be kept as completed).
  'process-bulk-upload': {
    queue: 'imports',
    payload: z.object({
      uploadId: z.number().int().positive(),
      authorizationId: z.number().int().positive().optional(),
    }),
    jobId: (p: { uploadId: number; authorizationId?: number }) =>
      p.authorizationId ? `bulk-upload-${p.uploadId}-auth-${p.authorizationId}` : `bulk-upload-${p.uploadId}`,
  },
  // DRP 1.0 §2.04: the signed revoke of a request sent by the Data Rights Protocol (server/drp).
  'drp-revoke': {
    queue: 'mail',
    payload: z.object({ requestId: z.number().int().positive() }),
    jobId: (p: { requestId: number }) => `drp-revoke-${p.requestId}`,
  },
  // Recurring: asks the businesses for the status of open DRP requests (the fallback for lost callbacks).
  'drp-poll-status': {
    queue: 'mail',
    payload: z.object({}),
    jobId: () => 'drp-poll-status',
  },
  'deliver-milestone': {
    queue: 'deadlines',
    payload: z.object({ milestoneId: z.number().int().positive() }),
    jobId: (p: { milestoneId: number }) => `milestone-${p.milestoneId}`,
  },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType; jobId: (p: never) => string }>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;

export function jobIdFor<N extends JobName>(name: N, payload: JobPayload<N>): string {
  return (JOBS[name].jobId as (p: JobPayload<N>) => string)(payload);
}

/**
 * Redis stays bounded: completed jobs are kept a day (so a duplicate id is still ignored) and at most 100,000 per queue;
 * failed jobs 14 days (to be looked at) and at most 50,000 per queue. Every queue has these as its default job options,
 * so the jobs its schedulers create are bounded too.
 */
const JOB_RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 50_000 },
} as const;

/**
 * Default options: retries with backoff (the worker's `capped` strategy: exponential from JOB_RETRY_BASE_MS, capped at
 * JOB_RETRY_MAX_MS) and the retention above. A job BullMQ fails for good is not lost: the reconciler finds the state it
 * left unfinished in Postgres and queues it again.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'capped' },
  ...JOB_RETENTION,
} as const;

/**
 * A send's outcome is decided by its `outbound_emails` row, never by BullMQ's attempt count: the send job is retried
 * for as long as the message is pending, and the send itself fails the message once its retry window has passed.
 */
const UNBOUNDED_ATTEMPTS = 1_000_000;

export function jobOptionsFor(name: string) {
  return name === 'send-email' ? { ...DEFAULT_JOB_OPTIONS, attempts: UNBOUNDED_ATTEMPTS } : DEFAULT_JOB_OPTIONS;
}

/** The worker's backoff: exponential, capped, or exactly the wait an error asks for (another worker's lease). */
export function cappedBackoff(options: { baseMs: number; maxMs: number }) {
  return (attemptsMade: number, _type?: string, err?: Error): number => {
    const asked = (err as { retryInMs?: unknown } | undefined)?.retryInMs;
    if (typeof asked === 'number' && asked > 0) return Math.min(asked, options.maxMs);
    return Math.min(options.baseMs * 2 ** Math.max(0, Math.min(attemptsMade - 1, 30)), options.maxMs);
  };
}
