import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../config';
import type { ApiRouter } from '../http';
import type { Clock } from '../shared/clock';
import { languageFromAcceptLanguage } from '../shared/languages';
import { gpcHeaderOn } from '../shared/opt-out-signals';
import { parseIdempotencyKey } from './idempotency';
import { intakeBodySchema, intakeResponseSchema, submissionParamsSchema, verifyBodySchema } from './intake.schema';
import { submitIntake } from './intake.service';
import { intakeLimiters, type IntakeOptions } from './limits';
import { resendVerification, verifySubmission } from './verification.service';

export interface RequestRoutesDeps {
  config: Config;
  db: Knex;
  redis: Redis;
  logger: Logger;
  clock: Clock;
  /** rate limits; createApp passes its deps through, so a caller (test, bench) may add this */
  intake?: IntakeOptions;
}

const verifyResponse = z.object({
  submission_id: z.uuid(),
  status: z.literal('verified'),
  requests: z.array(
    z.object({
      id: z.number(),
      reference: z.string(),
      vendor: z.string(),
      right: z.string(),
      status: z.string(),
      channel: z.object({ type: z.string(), value: z.string() }).nullable(),
    }),
  ),
  access: z.object({ token: z.string(), url: z.string(), expires_at: z.string() }),
});

export function registerIntakeRoutes(api: ApiRouter, deps: RequestRoutesDeps): void {
  const limiters = intakeLimiters(deps, deps.intake);
  api.route(
    {
      method: 'post',
      path: '/api/requests',
      summary:
        'Submit data-rights requests (one per vendor × right); they are created once the email address is verified',
      tags: ['requests'],
      body: intakeBodySchema,
      before: limiters.intake,
      responses: {
        202: {
          description:
            'Accepted: the worker emails a verification link saying what it confirms (and any open request the address already has for the same thing: ' +
            'that is told only to the address owner, never in this answer); the plan and its warnings',
          schema: intakeResponseSchema,
        },
        422: { description: 'Invalid submission: each error names its field' },
        429: { description: 'Too many submissions' },
      },
    },
    async ({ body, req, res }) => {
      const key = parseIdempotencyKey(req.get('Idempotency-Key'));
      // the consumer's language: chosen, else the browser's (Accept-Language), else English
      const language = body.language ?? languageFromAcceptLanguage(req.get('Accept-Language'));
      const result = await submitIntake(deps, { ...body, language }, key, {
        gpcHeader: gpcHeaderOn(req.get('Sec-GPC')),
      });
      if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(result.status).json(result.body);
    },
  );

  api.route(
    {
      method: 'post',
      path: '/api/verify',
      summary: 'Redeem an email verification link: creates the requests and returns the consumer access token',
      tags: ['requests'],
      body: verifyBodySchema,
      before: limiters.verify,
      responses: {
        200: { description: 'Verified: the requests created and the access link', schema: verifyResponse },
        404: { description: 'Unknown link' },
        410: { description: 'Expired, used or replaced link' },
      },
    },
    async ({ body }) => verifySubmission(deps, body.token),
  );

  api.route(
    {
      method: 'post',
      path: '/api/submissions/:id/resend-verification',
      summary: 'Email a new verification link (earlier links stop working)',
      tags: ['requests'],
      params: submissionParamsSchema,
      before: limiters.resend,
      responses: {
        202: {
          description: 'A new link was emailed',
          schema: z.object({
            submission_id: z.string(),
            status: z.literal('pending_verification'),
            verification: z.object({ expires_at: z.string() }),
          }),
        },
        404: { description: 'Unknown submission' },
        409: { description: 'Already verified' },
        429: { description: 'Too many resends' },
        503: { description: 'The rate limiter is unavailable; resends wait for it' },
      },
    },
    async ({ params, res }) => {
      res.status(202).json(await resendVerification(deps, params.id));
    },
  );
}
