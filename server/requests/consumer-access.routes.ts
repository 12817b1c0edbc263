import { z } from 'zod';
import type { ApiRouter } from '../http';
import { openLetterPdf } from '../shared/encryption';
import {
  authenticateConsumer,
  consumerLetterPdf,
  consumerRequest,
  consumerRequests,
  consumerSubmission,
  recordConsumerDropSubmission,
} from './consumer-access';
import { dropStatusSchema } from './drop';
import { noticeMessageSchema } from './reply-notice';
import type { RequestRoutesDeps } from './intake.routes';
import { intakeLimiters } from './limits';
import { redeemSignIn, requestSignInLink } from './sign-in.service';
import { submissionParamsSchema } from './intake.schema';
import { deadlineViewSchema } from './request-deadline';

const bearer = {
  401: { description: 'Missing, unknown or expired access token' },
  404: { description: 'Not found, or not yours' },
};

const emailSchema = z.string().trim().max(254).pipe(z.email());

const requestSummary = z.object({
  id: z.number(),
  reference: z.string(),
  vendor: z.object({ slug: z.string(), name: z.string() }),
  right: z.string(),
  jurisdiction: z.string(),
  status: z.string(),
  channel: z.object({ type: z.string(), value: z.string() }).nullable(),
  created_at: z.string(),
  received_at: z.string().nullable(),
  closed_at: z.string().nullable(),
});

const requestView = requestSummary.extend({
  allowed_actions: z.array(z.enum(['answer', 'withdraw'])),
  requirements: z
    .array(
      z.object({
        kind: z.enum(['verification', 'fee', 'required_fields', 'authorized_agent']),
        statement: z.string(),
        fields: z.array(z.string()),
        quote: z.string(),
        reviewed: z.boolean(),
        source: z.object({ title: z.string(), url: z.string(), effective_date: z.string().nullable() }).nullable(),
      }),
    )
    .describe("what the company's own policy says it may ask of the consumer, quoted"),
  timeline: z.array(
    z.object({ type: z.string(), actor: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()) }),
  ),
  deadline: deadlineViewSchema.nullable(),
  letters: z.array(
    z.object({
      id: z.number(),
      purpose: z.string(),
      channel_type: z.string(),
      subject: z.string().nullable(),
      created_at: z.string(),
      pdf_url: z.string(),
      language: z.string().describe("the language the company's letter went in (ISO 639-1)"),
      copy_language: z.string().nullable().describe("the consumer's copy's language, when it differs"),
      copy_subject: z.string().nullable(),
      copy_pdf_url: z.string().nullable(),
    }),
  ),
  reply_notices: z
    .array(
      z.object({
        id: z.number(),
        class: z.string(),
        at: z.string(),
        headline: z.string().describe('in English, as emailed'),
        paragraphs: z.array(z.string()).describe('in English, as emailed'),
        action_label: z.string().optional(),
        action_url: z.string().optional(),
        message: noticeMessageSchema
          .nullable()
          .describe(
            "the same as a code with parameters, for the page to say in the consumer's language; null for a notice stored before codes existed",
          ),
      }),
    )
    .describe("what the company's replies meant, in plain words, once staff (or a rule they agreed to) acted on them"),
  research: z
    .object({
      company: z.string(),
      website: z.string().nullable(),
      contact_given: z.string().nullable(),
      status: z.enum(['looking_up_contact', 'contact_confirmed']),
      message: z.string(),
    })
    .nullable()
    .describe('a company that was not in the registry: what is being done about it'),
  drop: dropStatusSchema
    .nullable()
    .describe(
      "California's DROP where it reaches the request: the offer, and the broker's cycle once the consumer used it",
    ),
});

/** The consumer's own view, opened by an access token (one submission, or every request under an address), and "find my requests". */
export function registerConsumerAccessRoutes(api: ApiRouter, deps: RequestRoutesDeps): void {
  const limiters = intakeLimiters(deps, deps.intake);
  api.route(
    {
      method: 'post',
      path: '/api/consumer/sign-in-links',
      summary:
        '"Find my requests": email a sign-in link to this address if requests were filed under it (the answer is the same either way)',
      tags: ['requests'],
      before: limiters.signIn,
      body: z.object({
        email: emailSchema,
        next: z
          .string()
          .max(60)
          .optional()
          .describe('a request page to open after signing in, e.g. /requests/DR-2026-000123'),
      }),
      responses: {
        202: {
          description: 'If the address has requests, a link is on its way',
          schema: z.object({ status: z.literal('sent_if_known') }),
        },
        422: { description: 'Not an email address' },
        429: { description: 'Too many links asked for' },
      },
    },
    async ({ body, res }) => {
      res.status(202).json(await requestSignInLink(deps, body));
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/consumer/sign-in',
      summary: 'Redeem a sign-in link (once) for an access token to every request under its address',
      tags: ['requests'],
      before: limiters.redeem,
      body: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'not a sign-in token') }),
      responses: {
        200: {
          description: 'The access token and the page to open',
          schema: z.object({ access: z.object({ token: z.string() }), next: z.string() }),
        },
        404: { description: 'Unknown link' },
        410: { description: 'Used or expired: ask for a new one' },
      },
    },
    ({ body }) => redeemSignIn(deps, body.token),
  );
  api.route(
    {
      method: 'get',
      path: '/api/consumer/requests',
      summary: 'Every request the access token opens, newest first',
      tags: ['requests'],
      responses: {
        200: { description: 'The requests', schema: z.object({ requests: z.array(requestSummary) }) },
        ...bearer,
      },
    },
    async ({ req }) => consumerRequests(deps.db, await authenticateConsumer(deps, req)),
  );

  api.route(
    {
      method: 'get',
      path: '/api/submissions/:id',
      summary: "A consumer's submission and its requests (Authorization: Bearer <access token>)",
      tags: ['requests'],
      params: submissionParamsSchema,
      responses: {
        200: {
          description: 'The submission and its requests',
          schema: z.object({
            submission_id: z.string(),
            status: z.string(),
            jurisdiction: z.string(),
            created_at: z.string(),
            verified_at: z.string().nullable(),
            requests: z.array(requestSummary),
          }),
        },
        ...bearer,
      },
    },
    async ({ params, req }) => consumerSubmission(deps.db, await authenticateConsumer(deps, req), params.id),
  );

  api.route(
    {
      method: 'get',
      path: '/api/requests/:id',
      summary: "One of the consumer's requests with its timeline and deadline (by id or reference)",
      tags: ['requests'],
      params: z.object({ id: z.string().min(1).max(20) }),
      responses: { 200: { description: 'Status, channel, timeline and deadline', schema: requestView }, ...bearer },
    },
    async ({ params, req }) => consumerRequest(deps, await authenticateConsumer(deps, req), params.id),
  );

  api.route(
    {
      method: 'get',
      path: '/api/requests/:id/letters/:letterId/pdf',
      summary: "A PDF copy of a letter sent for one of the consumer's requests",
      tags: ['requests'],
      params: z.object({ id: z.coerce.number().int().positive(), letterId: z.coerce.number().int().positive() }),
      responses: { 200: { description: 'The PDF', contentType: 'application/pdf' }, ...bearer },
    },
    async ({ params, req, res }) => {
      const letter = await consumerLetterPdf(
        deps.db,
        await authenticateConsumer(deps, req),
        params.id,
        params.letterId,
      );
      res
        .type('application/pdf')
        .set('Content-Disposition', `attachment; filename="letter-${params.id}-${letter.purpose}.pdf"`)
        .send(openLetterPdf(deps.config.appSecret, letter.pdf));
    },
  );

  api.route(
    {
      method: 'post',
      path: '/api/requests/:id/drop',
      summary:
        "Record the day the consumer made their request on California's DROP, so the broker's statutory cycle is tracked",
      tags: ['requests'],
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({
        submitted_on: z.string().max(10).describe('the day of the DROP request (YYYY-MM-DD), not in the future'),
      }),
      responses: {
        200: { description: "DROP for this request, with the broker's processing deadline", schema: dropStatusSchema },
        ...bearer,
        409: {
          description: 'DROP does not reach this request (not a California deletion request to a registered broker)',
        },
        422: { description: 'Not a date, before DROP opened, or in the future' },
      },
    },
    async ({ params, body, req }) =>
      recordConsumerDropSubmission(deps, await authenticateConsumer(deps, req), params.id, body.submitted_on),
  );

  api.route(
    {
      method: 'get',
      path: '/api/requests/:id/letters/:letterId/copy/pdf',
      summary:
        "The consumer's own copy of a letter, in their language, when the company's letter went in another (404 otherwise)",
      tags: ['requests'],
      params: z.object({ id: z.coerce.number().int().positive(), letterId: z.coerce.number().int().positive() }),
      responses: { 200: { description: 'The PDF', contentType: 'application/pdf' }, ...bearer },
    },
    async ({ params, req, res }) => {
      const letter = await consumerLetterPdf(
        deps.db,
        await authenticateConsumer(deps, req),
        params.id,
        params.letterId,
        true,
      );
      res
        .type('application/pdf')
        .set('Content-Disposition', `attachment; filename="letter-${params.id}-${letter.purpose}-copy.pdf"`)
        .send(openLetterPdf(deps.config.appSecret, letter.pdf));
    },
  );
}
