import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../config';
import { explanationItemSchema } from '../deadlines';
import type { ApiRouter } from '../http';
import { createRateLimiter, ipKey } from '../http/rate-limit';
import type { Clock } from '../shared/clock';
import { CONSUMER_RIGHTS, intakeBodySchema, warningSchema } from './intake.schema';
import type { IntakeOptions } from './limits';
import { jurisdictionList, previewIntake } from './preview.service';
import { languageFromAcceptLanguage } from '../shared/languages';
import { requiredFieldsFor } from './rules-check';

const previewResponse = z.object({
  jurisdiction: z.string(),
  planned: z.array(
    z.object({
      vendor: z.string(),
      vendor_name: z.string(),
      right: z.string(),
      requested_as: z.string(),
      channel: z.object({ type: z.string(), value: z.string() }).nullable(),
      warnings: z.array(warningSchema),
      deadline: z.object({
        regime: z.string(),
        regime_name: z.string(),
        received: z.string(),
        due: z.string(),
        due_kind: z.enum(['deadline', 'follow_up']),
        extended_due: z.string().nullable(),
        effective: z.enum(['statute', 'vendor']),
        basis_text: z.string(),
        citation: z.string(),
        statement: z
          .object({
            kind: z.enum(['statute', 'promise', 'follow_up']),
            legal_due: z.string().nullable(),
            legal_citation: z.string(),
          })
          .describe("what the date is: the law's deadline, the company's own promise, or a follow-up point"),
        explanation: z.array(z.string()).describe('how the date was worked out, in English'),
        explanation_items: z
          .array(explanationItemSchema)
          .describe('the same lines as codes with parameters, for the page to say in its language'),
      }),
      letter: z
        .object({ template: z.string(), subject: z.string(), text: z.string(), language: z.string() })
        .nullable()
        .describe("the letter in the consumer's language (their copy)"),
      company_letter: z
        .object({ subject: z.string(), text: z.string(), language: z.string() })
        .nullable()
        .describe('the letter as the company receives it, when it works in another language than the consumer'),
      letter_problem: z.string().nullable(),
    }),
  ),
  warnings: z.array(warningSchema),
});

const jurisdictions = z.object({
  items: z.array(z.object({ code: z.string(), laws: z.array(z.string()), rights: z.array(z.string()) })),
});

/** What a consumer sees before submitting: where they can file from, and the letters a submission would send. */
export function registerPreviewRoutes(
  api: ApiRouter,
  deps: { config: Config; db: Knex; redis: Redis; logger: Logger; clock: Clock; intake?: IntakeOptions },
): void {
  // Its own budget: a person edits and previews several times per submission, and must not use up verification's.
  const limit =
    deps.intake?.rateLimits === false
      ? []
      : [
          createRateLimiter(deps.redis, deps.logger, {
            prefix: deps.config.queuePrefix,
            secret: deps.config.appSecret,
            limits: [{ limit: 120, windowMs: 15 * 60_000, name: 'preview-ip', key: ipKey, onRedisDown: 'open' }],
          }),
        ];
  api.route(
    {
      method: 'get',
      path: '/api/jurisdictions',
      summary: 'Jurisdictions a consumer can file from, with their laws and the rights each grants',
      tags: ['requests'],
      responses: { 200: { description: 'Supported jurisdictions', schema: jurisdictions } },
    },
    () => ({ items: jurisdictionList() }),
  );
  const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
    z
      .string()
      .max(2000)
      .transform((v) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(item).max(50));
  api.route(
    {
      method: 'get',
      path: '/api/requests/required-fields',
      summary:
        'The fields the chosen vendors require for these rights here (the same rule intake checks), by intake body path',
      tags: ['requests'],
      query: z.object({
        jurisdiction: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as US-CA or SE'),
        rights: commaList(z.enum(CONSUMER_RIGHTS)),
        vendors: commaList(z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'vendor slugs separated by commas')),
      }),
      responses: {
        200: {
          description: 'Required fields, each with the vendors asking',
          schema: z.object({
            fields: z.array(z.object({ path: z.string(), fields: z.array(z.string()), vendors: z.array(z.string()) })),
          }),
        },
        422: { description: 'Unsupported jurisdiction or malformed lists' },
      },
    },
    async ({ query }) => ({ fields: await requiredFieldsFor(deps.db, query) }),
  );
  api.route(
    {
      method: 'post',
      path: '/api/requests/preview',
      summary: "Preview a submission without filing it: each vendor's letter, its deadline and why, and every warning",
      tags: ['requests'],
      body: intakeBodySchema,
      before: limit,
      responses: {
        200: {
          description: 'The letters, deadlines and warnings the submission would produce',
          schema: previewResponse,
        },
        422: { description: 'Invalid submission: each error names its field (the same checks as POST /api/requests)' },
      },
    },
    ({ body, req }) =>
      previewIntake(deps, {
        ...body,
        language: body.language ?? languageFromAcceptLanguage(req.get('Accept-Language')),
      }),
  );
}
