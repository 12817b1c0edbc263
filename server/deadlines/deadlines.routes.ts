import type { Knex } from 'knex';
import { z } from 'zod';
import { validationFailed, type ApiRouter } from '../http';
import { vendorDeadlineFacts } from '../vendors';
import { withInputProblems } from './deadline-errors';
import { computeDeadline } from './compute';
import { vendorPromisesFrom } from './vendor-promises';

const basisEntry = z.looseObject({
  source: z.enum(['statute', 'vendor']),
  kind: z.string(),
  days: z.number().optional(),
  months: z.number().optional(),
  unit: z.string(),
  due: z.string(),
  citation: z.union([z.string(), z.looseObject({ quote: z.string() })]),
});
const deadline = z.looseObject({
  regime: z.string(),
  jurisdiction: z.string(),
  right: z.string(),
  received: z.string(),
  due: z.string(),
  extended_due: z.string().nullable(),
  ack_due: z.string().nullable(),
  basis: z.array(basisEntry),
  calendar: z.looseObject({ name: z.string(), timezone: z.string() }),
  explanation: z.array(z.string()),
});

export function registerDeadlineRoutes(api: ApiRouter, deps: { db: Knex }): void {
  api.route(
    {
      method: 'get',
      path: '/api/deadlines/compute',
      summary: "Compute a request's deadline: the statute and the vendor's published promise, each with its citation",
      tags: ['deadlines'],
      // Only presence and shape here; the engine validates values and says what it supports.
      query: z.object({
        jurisdiction: z.string().min(1).max(20),
        right: z.string().min(1).max(40),
        received: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
        vendor: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a vendor slug: lower-case letters, digits and dashes')
          .optional(),
      }),
      responses: {
        200: { description: 'The computed deadline with its basis, calendar and explanation', schema: deadline },
      },
    },
    async ({ query }) => {
      const facts = query.vendor === undefined ? [] : await vendorDeadlineFacts(deps.db, query.vendor);
      if (!facts)
        throw validationFailed([
          { field: 'vendor', message: `unknown vendor "${query.vendor}"; search GET /api/vendors` },
        ]);
      const vendorPromises = query.vendor ? vendorPromisesFrom(query.vendor, facts) : [];
      return withInputProblems(() =>
        computeDeadline({
          jurisdiction: query.jurisdiction,
          right: query.right,
          received: query.received,
          vendorPromises,
        }),
      );
    },
  );
}
