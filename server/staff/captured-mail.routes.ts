import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { notFound, type ApiRouter } from '../http';
import { findCapturedMail, listCapturedMail } from './captured-mail.repository';
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
      return { items: await listCapturedMail(deps.db, query) };
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
      const message = await findCapturedMail(deps.db, params.id);
      if (!message) throw notFound(`No captured message ${params.id}.`);
      return message;
    },
  );
}
