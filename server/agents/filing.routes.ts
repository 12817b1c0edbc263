import { z } from 'zod';
import { requireCsrf, requireRole } from '../auth';
import { uploadedFile, type ApiRouter } from '../http';
import { parseIdempotencyKey } from '../requests';
import {
  agentRequestDetail,
  agentRequestDetailSchema,
  agentRequestListQuery,
  agentRequestListSchema,
  agentRequestParams,
  listAgentRequests,
} from './agent-requests';
import { MAX_BULK_BYTES, MAX_BULK_ROWS } from './bulk-csv';
import {
  bulkUploadErrorsCsv,
  bulkUploadParams,
  bulkUploadStatus,
  bulkUploadStatusSchema,
  createBulkUpload,
} from './bulk-upload.service';
import type { AgentDeps } from './deps';
import { agentFilingBodySchema, agentFilingResponseSchema } from './filing.schema';
import { fileForPrincipal } from './filing.service';

const agentOnly = [requireRole('agent')];
const agentChange = [requireRole('agent'), requireCsrf];

export function registerAgentFilingRoutes(api: ApiRouter, deps: AgentDeps): void {
  api.route(
    {
      method: 'post',
      path: '/api/agent/requests',
      summary:
        'File requests for a principal (the consumer intake body plus principal_id); created and dispatched at once',
      tags: ['agents'],
      body: agentFilingBodySchema,
      before: agentChange,
      responses: {
        201: { description: 'Filed', schema: agentFilingResponseSchema },
        403: { description: 'Missing email verification or a valid authorization (`missing` says which)' },
        404: { description: 'Not one of your principals' },
        409: {
          description: 'An open request for the same person, vendor and right exists (send confirm_duplicates: true)',
        },
        422: { description: 'Invalid filing: each error names its field' },
      },
    },
    async ({ req, body, res }) => {
      const result = await fileForPrincipal(deps, req.user!.id, body, parseIdempotencyKey(req.get('Idempotency-Key')));
      if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(result.status).json(result.body);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/agent/requests',
      summary: "The agent's own requests (status, vendor, right, principal, due date), newest first",
      tags: ['agents'],
      query: agentRequestListQuery,
      before: agentOnly,
      responses: { 200: { description: 'A page', schema: agentRequestListSchema } },
    },
    ({ req, query }) => listAgentRequests(deps.db, req.user!.id, query),
  );
  api.route(
    {
      method: 'get',
      path: '/api/agent/requests/:id',
      summary: "One of the agent's requests with its timeline",
      tags: ['agents'],
      params: agentRequestParams,
      before: agentOnly,
      responses: {
        200: { description: 'The request', schema: agentRequestDetailSchema },
        404: { description: 'Not one of your requests' },
      },
    },
    ({ req, params }) => agentRequestDetail(deps.db, req.user!.id, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/api/agent/bulk-uploads',
      summary: `Upload a CSV (UTF-8, header row, at most ${MAX_BULK_ROWS} rows) of principals × vendors × rights; the worker files it`,
      tags: ['agents'],
      before: agentChange,
      upload: { field: 'file', maxBytes: MAX_BULK_BYTES },
      body: z.object({
        file: uploadedFile(
          'CSV, UTF-8, header row. Required columns: principal_email, principal_name, jurisdiction, vendor, right; optional: phone, address_line1, ' +
            'address_line2, city, region, postal_code, country, details. One request per row.',
        ),
      }),
      responses: {
        202: {
          description: 'Stored; being processed',
          schema: z.object({ id: z.number(), status: z.literal('queued'), rows_total: z.number() }),
        },
        403: { description: 'Email not verified' },
        413: { description: 'File too large' },
        422: { description: 'Not UTF-8, wrong header, no rows or more than 10,000 rows (names `file`)' },
      },
    },
    async ({ req, body, res }) => {
      res.status(202).json(await createBulkUpload(deps, req.user!.id, body.file));
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/agent/bulk-uploads/:id',
      summary: 'Progress of a bulk upload',
      tags: ['agents'],
      params: bulkUploadParams,
      before: agentOnly,
      responses: {
        200: { description: 'Progress', schema: bulkUploadStatusSchema },
        404: { description: 'Not one of your uploads' },
      },
    },
    ({ req, params }) => bulkUploadStatus(deps.db, req.user!.id, params.id),
  );
  api.route(
    {
      method: 'get',
      path: '/api/agent/bulk-uploads/:id/errors.csv',
      summary: 'Per-row error report: row (header = row 1), column, message',
      tags: ['agents'],
      params: bulkUploadParams,
      before: agentOnly,
      responses: {
        200: { description: 'CSV', contentType: 'text/csv', schema: z.string() },
        404: { description: 'Not one of your uploads' },
      },
    },
    async ({ req, params, res }) => {
      const csv = await bulkUploadErrorsCsv(deps.db, req.user!.id, params.id);
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="bulk-upload-${params.id}-errors.csv"`);
      res.send(csv);
    },
  );
}
