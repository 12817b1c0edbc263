import { z } from 'zod';
import { requireCsrf, requireRole } from '../auth';
import { uploadedFile, type ApiRouter } from '../http';
import {
  authorizationDocument,
  MAX_AUTHORIZATION_BYTES,
  requestEAuthorization,
  uploadAuthorization,
} from './authorizations.service';
import type { AgentDeps } from './deps';
import type { agentLimiters } from './limits';
import {
  authorizationParams,
  authorizationSchema,
  principalBodySchema,
  principalDetailSchema,
  principalListQuery,
  principalParams,
  principalSchema,
} from './principals.schema';
import { createPrincipal, listPrincipals, principalDetail } from './principals.service';

const agentOnly = [requireRole('agent')];
const agentChange = [requireRole('agent'), requireCsrf];

export function registerPrincipalRoutes(
  api: ApiRouter,
  deps: AgentDeps,
  limiters: ReturnType<typeof agentLimiters>,
): void {
  api.route(
    {
      method: 'get',
      path: '/api/agent/principals',
      summary: "The agent's principals with the state of their authorization",
      tags: ['agents'],
      query: principalListQuery,
      before: agentOnly,
      responses: {
        200: {
          description: 'A page (newest first)',
          schema: z.object({ items: z.array(principalSchema), next_cursor: z.string().nullable() }),
        },
      },
    },
    ({ req, query }) => listPrincipals(deps.db, req.user!.id, query, deps.clock.now()),
  );
  api.route(
    {
      method: 'post',
      path: '/api/agent/principals',
      summary: 'Add a principal (a consumer the agent represents)',
      tags: ['agents'],
      body: principalBodySchema,
      before: agentChange,
      responses: {
        201: { description: 'Created', schema: principalSchema },
        409: { description: 'A principal with this email exists' },
      },
    },
    async ({ req, body, res }) => {
      res.status(201).json(await createPrincipal(deps.db, req.user!.id, body, deps.clock.now()));
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/agent/principals/:id',
      summary: 'One principal with all their authorizations',
      tags: ['agents'],
      params: principalParams,
      before: agentOnly,
      responses: {
        200: { description: 'The principal', schema: principalDetailSchema },
        404: { description: 'Not one of your principals' },
      },
    },
    ({ req, params }) => principalDetail(deps.db, req.user!.id, params.id, deps.clock.now()),
  );
  api.route(
    {
      method: 'post',
      path: '/api/agent/principals/:id/authorizations',
      summary:
        "Upload the principal's signed authorization (PDF, PNG or JPEG, at most 10 MB; the type is read from the content); stored encrypted",
      tags: ['agents'],
      params: principalParams,
      before: agentChange,
      upload: { field: 'file', maxBytes: MAX_AUTHORIZATION_BYTES },
      body: z.object({ file: uploadedFile('The signed authorization: PDF, PNG or JPEG, at most 10 MB') }),
      responses: {
        201: { description: 'A valid authorization of kind upload', schema: authorizationSchema },
        404: { description: 'Not one of your principals' },
        413: { description: 'The file is larger than 10 MB' },
        422: { description: 'No file, or not a PDF, PNG or JPEG' },
      },
    },
    async ({ req, params, body, res }) => {
      res.status(201).json(await uploadAuthorization(deps, req.user!.id, params.id, body.file));
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/agent/principals/:id/e-authorizations',
      summary: 'Email the principal a one-time link to confirm the agent (earlier unconfirmed links stop working)',
      tags: ['agents'],
      params: principalParams,
      before: [...agentChange, ...limiters.eAuthorization],
      responses: {
        202: {
          description: 'Sent; pending until the principal confirms',
          schema: z.object({ authorization: authorizationSchema }),
        },
        404: { description: 'Not one of your principals' },
        429: { description: 'Too many links for this principal' },
      },
    },
    async ({ req, params, res }) => {
      res.status(202).json({ authorization: await requestEAuthorization(deps, req.user!.id, params.id) });
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/agent/principals/:id/authorizations/:authId/document',
      summary:
        'The authorization document (the upload, or the signed e-authorization letter), decrypted, with its sniffed type',
      tags: ['agents'],
      params: authorizationParams,
      before: agentOnly,
      responses: {
        200: {
          description: 'The document',
          contentType: ['application/pdf', 'image/png', 'image/jpeg'],
        },
        404: { description: 'Not yours, or no document yet (an unconfirmed e-authorization)' },
      },
    },
    async ({ req, params, res }) => {
      const doc = await authorizationDocument(deps, req.user!.id, params.id, params.authId);
      res.status(200).type(doc.content_type).setHeader('Content-Disposition', `attachment; filename="${doc.filename}"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(doc.content);
    },
  );
}
