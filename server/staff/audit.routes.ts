import { z } from 'zod';
import { validationFailed, type ApiRouter } from '../http';
import type { ActionDeps } from './action-support';
import { listAuditEvents } from './audit.repository';
import { staffOnly } from './guards';

const event = z.object({
  id: z.number(),
  subject_type: z.string(),
  subject_id: z.number(),
  type: z.string(),
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  reason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  occurred_at: z.string(),
});

const encodeCursor = (id: number) => Buffer.from(`e${id}`).toString('base64url');
function decodeCursor(raw: string): number | undefined {
  const m = /^e(\d{1,15})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** GET /api/staff/audit: the append-only event log, newest first, filtered, with a keyset cursor. */
export function registerAuditRoutes(api: ApiRouter, deps: Pick<ActionDeps, 'db'>): void {
  api.route(
    {
      method: 'get',
      path: '/api/staff/audit',
      summary: 'The audit log (events), newest first: filter by subject, actor, type and time',
      tags: ['staff'],
      before: staffOnly,
      query: z.object({
        subject_type: z
          .string()
          .regex(/^[a-z_]{1,40}$/)
          .optional(),
        subject_id: z.coerce.number().int().positive().optional(),
        actor_type: z.enum(['system', 'consumer', 'agent', 'staff', 'vendor']).optional(),
        actor_id: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .optional(),
        type: z
          .string()
          .regex(/^[a-z_]{1,60}$/)
          .optional(),
        from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
        to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
        cursor: z.string().max(40).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      responses: {
        200: {
          description: 'A page of events',
          schema: z.object({ items: z.array(event), next_cursor: z.string().nullable() }),
        },
      },
    },
    async ({ query }) => {
      const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && before === undefined)
        throw validationFailed([{ field: 'cursor', message: 'not a cursor this log gave out' }]);
      if (query.subject_id !== undefined && !query.subject_type)
        throw validationFailed([{ field: 'subject_type', message: 'give the subject type with subject_id' }]);
      // ids are per kind of actor (staff account 38 and requester 38 are different people)
      if (query.actor_id !== undefined && !query.actor_type)
        throw validationFailed([{ field: 'actor_type', message: 'give the actor type with actor_id' }]);
      const { cursor: _cursor, limit, ...filters } = query;
      const rows = await listAuditEvents(deps.db, filters, { limit, before });
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      return { items, next_cursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
    },
  );
}
