import type { Knex } from 'knex';
import request from 'supertest';
import type { Config } from '../../server/config';
import { issueFirstVerification, type IntakeOptions } from '../../server/requests';
import { systemClock, type Clock } from '../../server/shared/clock';
import { createTestContext, unique, uniqueEmail, type TestContext } from '../setup/context';

/**
 * A test app whose intake rate limits the test chooses: off for most tests (they all come from 127.0.0.1), small
 * for the rate-limit tests. Each context gets its own Redis key prefix (the test config's queue prefix), so limits
 * never leak between tests; pass the same `config` to two contexts to act as two API processes.
 */
export function createIntakeContext(
  options: { config?: Config; clock?: Clock; rateLimits?: IntakeOptions['rateLimits']; redisUrl?: string } = {},
): TestContext {
  return createTestContext({ ...options, intake: { rateLimits: options.rateLimits ?? false } });
}

export interface IntakeBodyInput {
  requester?: Record<string, unknown>;
  jurisdiction?: string;
  rights?: string[];
  vendors?: string[];
  [key: string]: unknown;
}

/** A valid submission (Sonos, access, California) with a unique email; override any part. */
export function intakeBody(overrides: IntakeBodyInput = {}) {
  const { requester, ...rest } = overrides;
  return {
    jurisdiction: 'US-CA',
    rights: ['access'],
    vendors: ['sonos'],
    ...rest,
    requester: {
      name: `Test ${unique('consumer')}`,
      email: uniqueEmail('consumer'),
      address: {
        line1: '1 Test Street',
        city: 'Springfield',
        region: 'CA',
        postal_code: '94110',
        country: 'United States',
      },
      ...requester,
    },
  };
}

/**
 * The verification token, read from the stored (rendered) email. Intake leaves issuing the link to the worker's
 * `issue-verification` job; for tests that do not run the worker (or run ahead of it) this issues it the same way
 * first (a no-op when the worker already did).
 */
export async function storedVerificationToken(
  ctx: { db: Knex; config: Config; clock?: Clock },
  submissionPublicId: string,
): Promise<string> {
  const submission = await ctx.db('submissions').where({ public_id: submissionPublicId }).first('id');
  if (!submission) throw new Error(`no submission ${submissionPublicId}`);
  await issueFirstVerification({ db: ctx.db, config: ctx.config, clock: ctx.clock ?? systemClock }, submission.id);
  const email = await ctx
    .db('outbound_emails')
    .where({ related_type: 'submission', related_id: submission.id, template: 'consumer_verify' })
    .orderBy('id', 'desc')
    .first('text_body');
  const token = /\/verify\/([A-Za-z0-9_-]+)/.exec(email?.text_body ?? '')?.[1];
  if (!token) throw new Error(`no verification email for submission ${submissionPublicId}`);
  return token;
}

/** Submits and verifies; answers the verify response (requests and access token). */
export async function submitAndVerify(ctx: Pick<TestContext, 'app' | 'db' | 'config' | 'clock'>, body = intakeBody()) {
  const { app } = ctx;
  const submitted = await request(app).post('/api/requests').send(body);
  if (submitted.status !== 202)
    throw new Error(`intake answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const token = await storedVerificationToken(ctx, submitted.body.submission_id);
  const verified = await request(app).post('/api/verify').send({ token });
  if (verified.status !== 200) throw new Error(`verify answered ${verified.status}: ${JSON.stringify(verified.body)}`);
  return {
    body,
    submission: submitted.body,
    verified: verified.body as {
      submission_id: string;
      requests: { id: number; reference: string; vendor: string; right: string; status: string }[];
      access: { token: string };
    },
  };
}
