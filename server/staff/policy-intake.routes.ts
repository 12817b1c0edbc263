import { z } from 'zod';
import { createGuardedFetch, multiLine, uploadedFile, validationFailed, type ApiRouter } from '../http';
import {
  createPolicyIntake,
  discardPolicyIntake,
  listPolicyIntakes,
  MAX_INPUT_BYTES,
  policyIntakeView,
  publishPolicyIntake,
  recheckVendorPolicy,
  vendorPolicyChanges,
  checkGpcSupportBySlug,
  gpcCheckSchema,
  GPC_FETCH_OPTIONS,
  type IntakeSource,
} from '../vendors';
import type { ActionDeps } from './action-support';
import { staffChange, staffIdOf, staffOnly } from './guards';

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const slug = z.string().trim().regex(SLUG, 'lower-case letters, digits and dashes (at most 80)');
const idParams = z.object({ id: z.coerce.number().int().positive() });
const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

const fact = z.object({
  key: z.string(),
  family: z.string(),
  fact: z.record(z.string(), z.unknown()),
  quote: z.string(),
  citation_start: z.number(),
  citation_end: z.number(),
  change: z.enum(['added', 'kept']),
  current_review_status: z.string().nullable(),
});
const intakeView = z.looseObject({
  id: z.number(),
  kind: z.enum(['upload', 'paste', 'url']),
  source: z.string(),
  fetched_url: z.string().nullable(),
  content_type: z.string(),
  format: z.string(),
  status: z.enum(['draft', 'published', 'discarded']),
  company: z.string().nullable(),
  effective_date: z.string().nullable(),
  sha256: z.string(),
  byte_length: z.number(),
  created_by: z.number(),
  created_at: z.string(),
  decided_at: z.string().nullable(),
  slug: z.string().nullable().describe('the vendor it would create or refresh'),
  vendor: z
    .object({ slug: z.string(), name: z.string(), has_policy: z.boolean() })
    .nullable()
    .describe('the existing vendor it refreshes, if any'),
  unchanged: z.boolean(),
  input_warnings: z.array(z.string()),
  facts: z.array(fact),
  removed: z
    .array(z.object({ key: z.string(), family: z.string(), fact: z.unknown(), quote: z.string() }))
    .describe("the vendor's current facts this policy no longer states"),
});
const changeFact = z.object({
  key: z.string(),
  family: z.string(),
  fact: z.unknown(),
  quote: z.string(),
  review_status: z.string(),
});

const newIntake = z
  .object({
    file: uploadedFile('the policy as a file: text, Markdown, HTML or PDF (recognised from its content)').optional(),
    text: multiLine(z.string().max(MAX_INPUT_BYTES))
      .optional()
      .describe('the policy pasted as text (as large as the JSON body limit allows; upload a file for more)'),
    url: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe('an http(s) URL the server fetches (private and loopback addresses are refused)'),
    slug: slug
      .optional()
      .describe('the vendor to create or refresh; by default found from the company the policy names'),
  })
  .superRefine((b, ctx) => {
    const given = (['file', 'text', 'url'] as const).filter((k) => b[k] !== undefined && b[k] !== '');
    if (given.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: [given[1] ?? 'file'],
        message: 'give exactly one of: a file, pasted text, or a URL',
      });
  });

const decision = z.object({
  decision: z.enum(['approve', 'edit', 'reject']),
  reason: z.string().trim().max(2000).optional(),
  edited_value: z.string().trim().max(2000).optional(),
});

/** Staff add or refresh a company from its policy: submit, review the drafts with their quotes, publish or discard; and see what re-checks changed. */
export function registerPolicyIntakeRoutes(api: ApiRouter, deps: ActionDeps): void {
  const fetch = createGuardedFetch({ allowPrivate: deps.config.fetchAllowPrivateHosts });
  const intakeDeps = { db: deps.db, clock: deps.clock, fetch, recheckHours: deps.config.policyRecheckHours };

  api.route(
    {
      method: 'post',
      path: '/api/staff/policy-intakes',
      summary:
        "Submit a company's policy (a file, pasted text, or a URL the server fetches); answers the extracted facts as drafts for review",
      tags: ['staff', 'registry'],
      before: staffChange,
      consumes: ['multipart/form-data', 'application/json'],
      upload: { field: 'file', maxBytes: MAX_INPUT_BYTES },
      body: newIntake,
      responses: { 201: { description: 'The draft with its extracted facts', schema: intakeView } },
    },
    async ({ body, req, res }) => {
      const source: IntakeSource = body.file
        ? { kind: 'upload', bytes: body.file.buffer, filename: body.file.originalname.slice(0, 300) || 'upload' }
        : body.text !== undefined && body.text !== ''
          ? { kind: 'paste', text: body.text }
          : { kind: 'url', url: body.url! };
      const view = await createPolicyIntake(intakeDeps, {
        staffId: staffIdOf(req),
        source,
        ...(body.slug ? { slug: body.slug } : {}),
      });
      res.status(201).json(view);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/policy-intakes',
      summary: 'Submitted policies, newest first (drafts by default)',
      tags: ['staff', 'registry'],
      before: staffOnly,
      query: z.object({
        status: z.enum(['draft', 'published', 'discarded']).default('draft'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: {
        200: {
          description: 'Intakes',
          schema: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                kind: z.enum(['upload', 'paste', 'url']),
                source: z.string(),
                content_type: z.string(),
                status: z.enum(['draft', 'published', 'discarded']),
                slug: z.string().nullable(),
                created_at: z.string(),
                decided_at: z.string().nullable(),
                vendor_slug: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    ({ query }) => listPolicyIntakes(deps.db, query.status, query.limit),
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/policy-intakes/:id',
      summary:
        'A submitted policy: each extracted fact with its quote, new or already known, and the current facts it would remove',
      tags: ['staff', 'registry'],
      before: staffOnly,
      params: idParams,
      responses: { 200: { description: 'The intake', schema: intakeView } },
    },
    ({ params }) => policyIntakeView(deps.db, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/policy-intakes/:id/publish',
      summary:
        'Publish a submitted policy: creates the vendor or updates it (fact diff, review flag), applies the decisions made on its drafts, watches a URL',
      tags: ['staff', 'registry'],
      before: staffChange,
      params: idParams,
      body: z.object({
        slug: slug.optional(),
        decisions: z
          .record(z.string().max(300), decision)
          .optional()
          .describe(
            'by fact key: approve, edit (reason and corrected value) or reject (reason); facts left out stay drafts',
          ),
      }),
      responses: {
        200: {
          description: 'Published',
          schema: z.object({
            slug: z.string(),
            vendorId: z.number(),
            documentId: z.number(),
            unchanged: z.boolean(),
            needsReview: z.boolean(),
            watching: z.string().nullable(),
            diff: z.object({ added: z.array(z.string()), removed: z.array(z.string()), kept: z.array(z.string()) }),
          }),
        },
      },
    },
    async ({ params, body, req }) => {
      if (body.decisions && Object.keys(body.decisions).length > 2000)
        throw validationFailed([{ field: 'decisions', message: 'at most 2000 decisions' }]);
      const result = await publishPolicyIntake(intakeDeps, {
        id: params.id,
        staffId: staffIdOf(req),
        ...(body.slug ? { slug: body.slug } : {}),
        ...(body.decisions ? { decisions: body.decisions } : {}),
      });
      return { ...result, vendorId: Number(result.vendorId), documentId: Number(result.documentId) };
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/policy-intakes/:id/discard',
      summary: 'Discard a submitted policy without publishing it',
      tags: ['staff', 'registry'],
      before: staffChange,
      params: idParams,
      responses: {
        200: { description: 'Discarded', schema: z.object({ id: z.number(), status: z.literal('discarded') }) },
      },
    },
    ({ params, req }) => discardPolicyIntake(deps.db, deps.clock, { id: params.id, staffId: staffIdOf(req) }),
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/vendors/:slug/policy-changes',
      summary:
        "A vendor's policy versions with the facts each added and removed (quoted), and its watched URL's last re-check",
      tags: ['staff', 'registry'],
      before: staffOnly,
      params: slugParams,
      responses: {
        200: {
          description: 'Versions, newest first',
          schema: z.object({
            vendor: z.object({
              slug: z.string(),
              name: z.string(),
              needs_review: z.boolean(),
              review_note: z.string().nullable(),
            }),
            watch: z
              .object({
                url: z.string(),
                last_checked_at: z.string().nullable(),
                last_changed_at: z.string().nullable(),
                next_check_at: z.string(),
                last_error: z.string().nullable(),
              })
              .nullable(),
            versions: z.array(
              z.object({
                event_id: z.number(),
                at: z.string(),
                by: z.string(),
                document: z
                  .object({
                    id: z.number(),
                    source: z.string(),
                    title: z.string(),
                    sha256: z.string(),
                    retrieved_at: z.string(),
                    effective_date: z.string().nullable(),
                  })
                  .nullable(),
                previous_document_id: z.number().nullable(),
                kept: z.number().describe('facts both versions state'),
                added: z.array(changeFact),
                removed: z.array(changeFact),
              }),
            ),
          }),
        },
      },
    },
    ({ params }) => vendorPolicyChanges(deps.db, params.slug),
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/vendors/:slug/policy-recheck',
      summary: "Re-check a vendor's watched policy URL now (as the scheduled job does)",
      tags: ['staff', 'registry'],
      before: staffChange,
      params: slugParams,
      responses: {
        200: {
          description: 'unchanged, changed (with the diff) or failed (with the reason)',
          schema: z.discriminatedUnion('outcome', [
            z.object({ vendor: z.string(), outcome: z.literal('unchanged') }),
            z.object({
              vendor: z.string(),
              outcome: z.literal('changed'),
              document_id: z.number(),
              added: z.array(z.string()),
              removed: z.array(z.string()),
              needs_review: z.boolean(),
            }),
            z.object({ vendor: z.string(), outcome: z.literal('failed'), error: z.string() }),
          ]),
        },
      },
    },
    ({ params }) => recheckVendorPolicy(intakeDeps, params.slug),
  );
  const gpcFetch = createGuardedFetch({ ...GPC_FETCH_OPTIONS, allowPrivate: deps.config.fetchAllowPrivateHosts });
  api.route(
    {
      method: 'post',
      path: '/api/staff/vendors/:slug/gpc-check',
      summary: "Fetch the vendor's /.well-known/gpc.json now (Global Privacy Control support) and store the outcome",
      tags: ['staff', 'registry'],
      before: staffChange,
      params: slugParams,
      responses: {
        200: {
          description: 'The stored outcome; null when the registry cites no website for the vendor',
          schema: z.object({ checked: gpcCheckSchema.nullable() }),
        },
        404: { description: 'No such vendor' },
      },
    },
    ({ params }) => checkGpcSupportBySlug({ db: deps.db, clock: deps.clock, fetch: gpcFetch }, params.slug),
  );
}
