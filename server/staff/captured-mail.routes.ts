import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { notFound, type ApiRouter } from '../http';
import { staffOnly } from './guards';

const summary = z.object({
  id: z.number(),
  message_id: z.string().nullable(),
  envelope_from: z.string().nullable(),
  envelope_to: z.array(z.string()),
  subject: z.string().nullable(),
  size_bytes: z.number(),
  received_at: z.string(),
});

/**
 * Development only: the mail the capture server stored (captured_mail), so staff can read what was "sent" without a
 * mail client. Never mounted in production, where mail goes to a real relay and this table stays empty.
 */
export function registerCapturedMailRoutes(api: ApiRouter, deps: { db: Knex; config: Config }): void {
  if (deps.config.env === 'production') return;
  api.route(
    {
      method: 'get',
      path: '/api/staff/dev/mail',
      summary: 'Development: captured outgoing mail, newest first',
      tags: ['staff', 'development'],
      before: staffOnly,
      query: z.object({
        q: z.string().trim().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        before: z.coerce.number().int().positive().optional(),
      }),
      responses: { 200: { description: 'Captured messages', schema: z.object({ items: z.array(summary) }) } },
    },
    async ({ query }) => {
      const q = deps
        .db('captured_mail')
        .orderBy('id', 'desc')
        .limit(query.limit)
        .select('id', 'message_id', 'envelope_from', 'envelope_to', 'subject', 'size_bytes', 'received_at');
      if (query.before) q.where('id', '<', query.before);
      if (query.q) {
        const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q.where((w) => w.whereILike('subject', like).orWhereRaw("array_to_string(envelope_to, ',') ilike ?", [like]));
      }
      const rows = await q;
      return { items: rows.map((r) => ({ ...r, received_at: new Date(r.received_at).toISOString() })) };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/dev/mail/:id',
      summary: 'Development: one captured message with its text and HTML',
      tags: ['staff', 'development'],
      before: staffOnly,
      params: z.object({ id: z.coerce.number().int().positive() }),
      responses: {
        200: {
          description: 'The message',
          schema: summary.extend({
            text_body: z.string().nullable(),
            html_body: z.string().nullable(),
            headers: z.record(z.string(), z.unknown()),
          }),
        },
      },
    },
    async ({ params }) => {
      const row = await deps.db('captured_mail').where({ id: params.id }).first();
      if (!row) throw notFound(`No captured message ${params.id}.`);
      return { ...row, received_at: new Date(row.received_at).toISOString() };
    },
  );
}
