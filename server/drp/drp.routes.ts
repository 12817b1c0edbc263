import type { Knex } from 'knex';
import { z } from 'zod';
import { requireCsrf, requireRole } from '../auth';
import type { Config } from '../config';
import { AppError, type ApiRouter } from '../http';
import type { Clock } from '../shared/clock';
import { agentDirectoryEntry } from './agent-key';
import { businessEntrySchema, importBusinessDirectory } from './business-directory';
import { requestDrpRevoke } from './followup.service';
import { callbackTokenMatches, exerciseStatusSchema } from './protocol';
import { agentsRequest, consumersRequest, drpState, drpStateSchema, receiveStatusCallback } from './request-access';

interface Deps {
  db: Knex;
  config: Config;
  clock: Clock;
}

const staffChange = [requireRole('staff', 'admin'), requireCsrf];
const agentOnly = [requireRole('agent')];
const agentChange = [requireRole('agent'), requireCsrf];

const directoryEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  verify_key: z.string(),
  web_url: z.string(),
  identity_assurance_url: z.string(),
  technical_contact: z.string(),
  business_contact: z.string(),
});

const revokeBody = z.object({ reason: z.string().trim().max(500).optional() });
const idParams = z.object({ id: z.coerce.number().int().positive() });

/** The DRP routes: the agent's directory entry, the status callback (DRP 1.0 §2.03), the import, state and revoke. */
export function registerDrpRoutes(api: ApiRouter, deps: Deps): void {
  api.route(
    {
      method: 'get',
      path: '/api/drp/agent',
      summary:
        "The portal's entry for the DRP agent directory (DRP 1.0 §3.05.1), for the network's operators to publish",
      tags: ['drp'],
      responses: { 200: { description: 'The agent directory entry', schema: directoryEntrySchema } },
    },
    () => agentDirectoryEntry(deps.db, deps.config),
  );
  api.route(
    {
      method: 'get',
      path: '/api/drp/identity-assurance',
      summary: 'How the portal verifies a consumer before it signs a DRP request (the directory entry links here)',
      tags: ['drp'],
      responses: { 200: { description: 'The process, as text', contentType: 'text/plain' } },
    },
    ({ res }) => {
      res
        .type('text/plain')
        .send(
          [
            `${deps.config.drp.agentName}: identity assurance for Data Rights Protocol requests`,
            '',
            'A consumer proves control of their email address by following a single-use link the portal mails to it',
            'before any request is filed. For an authorized agent, the principal confirms the authorization from a link',
            'mailed to their own address, or the agent uploads a signed authorization. A signed DRP request claims',
            '"email_verified": true only after one of the two email confirmations; the portal verifies no phone number',
            'or postal address and claims none as verified.',
          ].join('\n'),
        );
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/drp/status-callback/:agentRequestId/:token',
      summary:
        'Status callback (DRP 1.0 §2.03): a business posts the Exercise Status (§3.03) of a request; the URL carries a token only that business was given',
      tags: ['drp'],
      params: z.object({
        agentRequestId: z.string().regex(/^[A-Za-z0-9-]{1,60}$/),
        token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
      }),
      body: exerciseStatusSchema,
      responses: {
        200: { description: 'Received', schema: z.object({}) },
        403: { description: 'Unknown request or wrong token' },
        422: { description: 'Not an Exercise Status, or not the request the business returned' },
      },
    },
    async ({ params, body }) => {
      const refused = () => new AppError('forbidden', 'Unknown request or wrong token.');
      if (!callbackTokenMatches(deps.config.appSecret, params.agentRequestId, params.token)) throw refused();
      if (!(await receiveStatusCallback(deps, params.agentRequestId, body))) throw refused();
      return {};
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/drp/businesses',
      summary:
        'Import a DRP business directory (businesses.json, DRP 1.0 §3.05.2): each business becomes a DRP channel of its vendor, cited by its directory record',
      tags: ['drp'],
      before: staffChange,
      body: z.object({
        source: z.string().trim().min(1).max(2000),
        version: z.string().trim().min(1).max(100),
        businesses: z.array(businessEntrySchema).min(1).max(5000),
        vendor_slugs: z.record(z.string(), z.string().max(200)).optional(),
      }),
      responses: {
        200: {
          description: 'What was imported, and the businesses no vendor matched',
          schema: z.object({
            imported: z.array(
              z.object({
                business_id: z.string(),
                vendor: z.string(),
                drp_channel_id: z.number(),
                document_id: z.number(),
              }),
            ),
            unmatched: z.array(z.object({ business_id: z.string(), name: z.string() })),
          }),
        },
      },
    },
    ({ body }) =>
      importBusinessDirectory(deps.db, {
        source: body.source,
        version: body.version,
        businesses: body.businesses,
        vendorSlugs: body.vendor_slugs,
        now: deps.clock.now(),
      }),
  );
  api.route(
    {
      method: 'get',
      path: '/api/agent/requests/:id/drp',
      summary: "The DRP state of one of the agent's requests (status, verification and results URLs, revocable)",
      tags: ['drp'],
      params: idParams,
      before: agentOnly,
      responses: {
        200: { description: 'The DRP state', schema: drpStateSchema },
        404: { description: 'Not yours or not DRP' },
      },
    },
    async ({ params, req }) => {
      await agentsRequest(deps.db, req.user!.id, params.id);
      return drpState(deps.db, params.id);
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/agent/requests/:id/drp-revoke',
      summary: 'Revoke one of the agent’s DRP requests (DRP 1.0 §2.04)',
      tags: ['drp'],
      params: idParams,
      body: revokeBody,
      before: agentChange,
      responses: {
        200: { description: 'The revoke is on its way', schema: z.object({ status: z.literal('revoke_requested') }) },
        404: { description: 'Not yours or not DRP' },
        409: { description: 'Not accepted yet, or already final' },
      },
    },
    async ({ params, req, body }) => {
      await agentsRequest(deps.db, req.user!.id, params.id);
      return requestDrpRevoke(deps, {
        requestId: params.id,
        actor: { type: 'agent', id: req.user!.id },
        reason: body.reason ?? null,
      });
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/requests/:id/drp',
      summary: "The DRP state of one of the consumer's requests (Authorization: Bearer <access token>)",
      tags: ['drp'],
      params: idParams,
      responses: {
        200: { description: 'The DRP state', schema: drpStateSchema },
        404: { description: 'Not yours or not DRP' },
      },
    },
    async ({ params, req }) => {
      await consumersRequest(deps, req, params.id);
      return drpState(deps.db, params.id);
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/requests/:id/drp-revoke',
      summary: 'Revoke one of the consumer’s DRP requests (DRP 1.0 §2.04; Authorization: Bearer <access token>)',
      tags: ['drp'],
      params: idParams,
      body: revokeBody,
      responses: {
        200: { description: 'The revoke is on its way', schema: z.object({ status: z.literal('revoke_requested') }) },
        404: { description: 'Not yours or not DRP' },
        409: { description: 'Not accepted yet, or already final' },
      },
    },
    async ({ params, req, body }) => {
      const requesterId = await consumersRequest(deps, req, params.id);
      return requestDrpRevoke(deps, {
        requestId: params.id,
        actor: { type: 'consumer', id: requesterId },
        reason: body.reason ?? null,
      });
    },
  );
}
