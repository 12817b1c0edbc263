import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { recordManualDispatch } from '../correspondence';
import { utcDate } from '../deadlines';
import { AppError, notFound, validationFailed, type ApiRouter } from '../http';
import type { Clock } from '../shared/clock';
import { openLetterPdf } from '../shared/encryption';
import { staffChange, staffOnly } from './guards';
import { BUCKETS, countBuckets, decodeCursor, listQueue } from './queue.repository';
import { queueFilters } from './queue-filters';
import { authorizationDocumentOfRequest, letterOfRequest, requestDetail, requestDetailSchema } from './request-detail';
import { registerTemplatePreviewRoutes } from './template-preview.routes';
import { registerAuditRoutes } from './audit.routes';
import { registerDashboardRoutes } from './dashboard.routes';
import { registerExportRoutes } from './exports.routes';
import { registerPolicyIntakeRoutes } from './policy-intake.routes';
import { registerRegistryReviewRoutes } from './registry-review.routes';
import { registerRequestActionRoutes } from './request-actions.routes';
import { registerInboundMailRoutes } from './inbound-mail.routes';
import { registerReplyRoutes } from './replies.routes';

const filters = queueFilters;

const queueRow = z.object({
  id: z.number(),
  reference: z.string(),
  vendor: z.string(),
  vendor_slug: z.string(),
  right: z.string(),
  jurisdiction: z.string(),
  status: z.string(),
  channel_type: z.string(),
  requester: z.string(),
  filed_by: z.string(),
  due: z.string().nullable(),
  days_left: z.number().nullable(),
  assignee: z.object({ id: z.number(), name: z.string() }).nullable(),
  agent: z
    .object({ id: z.number(), name: z.string(), organisation: z.string().nullable() })
    .nullable()
    .describe('the agent who filed it; the requester is then their principal'),
});

/** "Today" for the queue: the UTC date of the injected clock (a request is never shown overdue before its due day ends anywhere). */
const todayOf = (clock: Clock) => utcDate(clock.now());

export function registerStaffRoutes(api: ApiRouter, deps: { db: Knex; config: Config; clock: Clock }): void {
  registerTemplatePreviewRoutes(api);
  registerRequestActionRoutes(api, deps);
  registerAuditRoutes(api, deps);
  registerRegistryReviewRoutes(api, deps);
  registerPolicyIntakeRoutes(api, deps);
  registerDashboardRoutes(api, deps);
  registerExportRoutes(api, deps);
  registerInboundMailRoutes(api, deps);
  registerReplyRoutes(api, deps);
  api.route(
    {
      method: 'get',
      path: '/api/staff/queue',
      summary: 'The deadline queue: overdue first, then soonest due (keyset pagination)',
      tags: ['staff'],
      before: staffOnly,
      query: z.object({
        bucket: z.enum(BUCKETS).optional(),
        ...filters,
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: {
        200: {
          description: 'A page of requests',
          schema: z.object({ items: z.array(queueRow), next_cursor: z.string().nullable() }),
        },
      },
    },
    async ({ query }) => {
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      if (query.cursor && !cursor)
        throw validationFailed([{ field: 'cursor', message: 'not a cursor this queue gave out' }]);
      return listQueue(deps.db, query, { limit: query.limit, cursor }, todayOf(deps.clock));
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/queue/counts',
      summary: "Every bucket's count",
      tags: ['staff'],
      before: staffOnly,
      query: z.object(filters),
      responses: { 200: { description: 'Counts by bucket', schema: z.record(z.enum(BUCKETS), z.number()) } },
    },
    ({ query }) => countBuckets(deps.db, query, todayOf(deps.clock)),
  );
  const idParams = z.object({ id: z.coerce.number().int().positive() });
  api.route(
    {
      method: 'get',
      path: '/api/staff/requests/:id',
      summary:
        'A request with its timeline, letters, replies, deadline (explained and cited) and the actions allowed now',
      tags: ['staff'],
      before: staffOnly,
      params: idParams,
      responses: { 200: { description: 'The request', schema: requestDetailSchema } },
    },
    async ({ params }) => {
      const detail = await requestDetail(deps.db, params.id, deps.clock);
      if (!detail) throw notFound(`No request ${params.id}.`);
      return detail;
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/requests/:id/letters/:letterId/pdf',
      summary: 'Download a letter as PDF',
      tags: ['staff'],
      before: staffOnly,
      params: idParams.extend({ letterId: z.coerce.number().int().positive() }),
      responses: { 200: { description: 'The PDF', contentType: 'application/pdf' } },
    },
    async ({ params, res }) => {
      const letter = await letterOfRequest(deps.db, params.id, params.letterId);
      if (!letter) throw notFound('No such letter on this request.');
      res
        .type('application/pdf')
        .set('Content-Disposition', `attachment; filename="letter-${params.id}-${letter.purpose}.pdf"`)
        .send(openLetterPdf(deps.config.appSecret, letter.pdf));
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/requests/:id/authorization',
      summary: "Download the agent's authorization behind a request (to enclose with a posted letter)",
      tags: ['staff'],
      before: staffOnly,
      params: idParams,
      responses: {
        200: {
          description: 'The uploaded permission (PDF, PNG or JPEG) or the signed e-authorization letter (PDF)',
          contentType: ['application/pdf', 'image/png', 'image/jpeg'],
        },
        404: { description: 'No authorization document' },
      },
    },
    async ({ params, res }) => {
      const document = await authorizationDocumentOfRequest(deps.db, deps.config.appSecret, params.id);
      if (!document) throw notFound('This request has no authorization document.');
      res
        .type(document.content_type)
        .set('Content-Disposition', `attachment; filename="${document.filename}"`)
        .send(document.content);
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/requests/:id/dispatch',
      summary:
        'Record a letter mailed, delivered (starts the deadline), or a web form / call submitted (starts the deadline)',
      tags: ['staff'],
      before: staffChange,
      params: idParams,
      body: z.object({ kind: z.enum(['mailed', 'delivered', 'submitted']), date: z.iso.date().or(z.iso.datetime()) }),
      responses: { 200: { description: 'Recorded', schema: z.object({ status: z.string() }) } },
    },
    async ({ params, body, req }) => {
      const when = new Date(body.date);
      if (Number.isNaN(when.getTime())) throw validationFailed([{ field: 'date', message: 'not a date' }]);
      const staffId = String(req.user?.id ?? '');
      if (!staffId) throw new AppError('unauthenticated', 'Sign in to continue.');
      const input =
        body.kind === 'submitted' ? { kind: 'submitted' as const, at: when } : { kind: body.kind, on: when };
      return recordManualDispatch(deps.db, deps, { requestId: params.id, staffId, ...input });
    },
  );
}
