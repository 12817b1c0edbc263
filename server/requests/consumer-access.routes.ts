import type { Knex } from 'knex';
import type { Config } from '../config';
import { z } from 'zod';
import type { ApiRouter } from '../http';
import type { Clock } from '../shared/clock';
import { authenticateConsumer, consumerLetterPdf, consumerRequest, consumerSubmission } from './consumer-access';
import { submissionParamsSchema } from './intake.schema';

const bearer = { 401: { description: 'Missing, unknown or expired access token' }, 404: { description: 'Not found, or not yours' } };

/** The consumer's own view: read-only, scoped by the access token to one submission. */
export function registerConsumerAccessRoutes(api: ApiRouter, deps: { db: Knex; clock: Clock; config: Config }): void {
  api.route(
    {
      method: 'get',
      path: '/api/submissions/:id',
      summary: "A consumer's submission and its requests (Authorization: Bearer <access token>)",
      tags: ['requests'],
      params: submissionParamsSchema,
      responses: { 200: { description: 'The submission and its requests' }, ...bearer },
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
      responses: { 200: { description: 'Status, channel, timeline and deadline' }, ...bearer },
    },
    async ({ params, req }) => consumerRequest(deps, await authenticateConsumer(deps, req), params.id),
  );

  api.route(
    {
      method: 'get',
      path: '/api/requests/:id/letters/:letterId/pdf',
      summary: 'A PDF copy of a letter sent for one of the consumer\'s requests',
      tags: ['requests'],
      params: z.object({ id: z.coerce.number().int().positive(), letterId: z.coerce.number().int().positive() }),
      responses: { 200: { description: 'The PDF', contentType: 'application/pdf' }, ...bearer },
    },
    async ({ params, req, res }) => {
      const letter = await consumerLetterPdf(deps.db, await authenticateConsumer(deps, req), params.id, params.letterId);
      res.type('application/pdf').set('Content-Disposition', `attachment; filename="letter-${params.id}-${letter.purpose}.pdf"`).send(letter.pdf);
    },
  );
}
