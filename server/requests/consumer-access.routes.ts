import type { Knex } from 'knex';
import { z } from 'zod';
import type { ApiRouter } from '../http';
import type { Clock } from '../shared/clock';
import { authenticateConsumer, consumerRequest, consumerSubmission } from './consumer-access';
import { submissionParamsSchema } from './intake.schema';

const bearer = { 401: { description: 'Missing, unknown or expired access token' }, 404: { description: 'Not found, or not yours' } };

/** The consumer's own view: read-only, scoped by the access token to one submission. */
export function registerConsumerAccessRoutes(api: ApiRouter, deps: { db: Knex; clock: Clock }): void {
  api.route(
    {
      method: 'get',
      path: '/api/submissions/:id',
      summary: "A consumer's submission and its requests (Authorization: Bearer <access token>)",
      tags: ['requests'],
      params: submissionParamsSchema,
      responses: { 200: { description: 'The submission and its requests' }, ...bearer },
    },
    async ({ params, req }) => consumerSubmission(deps.db, await authenticateConsumer(deps.db, deps.clock, req), params.id),
  );

  api.route(
    {
      method: 'get',
      path: '/api/requests/:id',
      summary: "One of the consumer's requests with its timeline and deadline (by id or reference)",
      tags: ['requests'],
      params: z.object({ id: z.string().min(1).max(20) }),
      responses: { 200: { description: 'Status, channel, timeline and deadline' }, ...bearer },
    },
    async ({ params, req }) => consumerRequest(deps, await authenticateConsumer(deps.db, deps.clock, req), params.id),
  );
}
