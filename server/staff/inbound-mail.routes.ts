/**
 * Vendor mail for staff: any inbound message read whole (text, sanitised HTML, attachments), the "unmatched mail"
 * inbox of messages that belong to no request yet, attaching one to its request, and attachment downloads (decrypted on
 * the way out, each download an audited event).
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import {
  attachInboundMessage,
  inboundMessageForStaff,
  inboundMessageSchema,
  listUnmatchedMail,
  openAttachment,
  recordAttachmentDownload,
  sendAttachment,
  unmatchedMailPageSchema,
} from '../correspondence';
import { multiLine, validationFailed, type ApiRouter } from '../http';
import type { Clock } from '../shared/clock';
import { createReplyWorkflow } from './reply-workflow.service';
import { staffChange, staffIdOf, staffOnly } from './guards';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export function registerInboundMailRoutes(api: ApiRouter, deps: { db: Knex; config: Config; clock: Clock }): void {
  api.route(
    {
      method: 'get',
      path: '/api/staff/inbound',
      summary: 'The unmatched mail inbox: vendor mail that matched no request, newest first',
      tags: ['staff'],
      before: staffOnly,
      query: z
        .object({
          cursor: z
            .string()
            .regex(/^\d{1,15}$/, 'not a cursor this list gave out')
            .optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        })
        .strict(),
      responses: {
        200: {
          description: 'A page of unmatched messages (excerpts; open one for the whole message)',
          schema: unmatchedMailPageSchema,
        },
      },
    },
    ({ query }) =>
      listUnmatchedMail(deps.db, { limit: query.limit, before: query.cursor ? Number(query.cursor) : undefined }),
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/inbound/:id',
      summary: 'One inbound message in full: text, sanitised HTML (no remote content), attachments',
      tags: ['staff'],
      before: staffOnly,
      params: idParams,
      responses: {
        200: { description: 'The message', schema: inboundMessageSchema },
        404: { description: 'No such message' },
      },
    },
    ({ params }) => inboundMessageForStaff(deps.db, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/inbound/:id/attach',
      summary: 'Attach an unmatched message to its request (audited; staff and consumer are told as for any reply)',
      tags: ['staff'],
      before: staffChange,
      params: idParams,
      body: z.object({
        request: z.string().trim().min(1).max(30).describe('request id or reference (DR-2026-000123)'),
        reason: multiLine(z.string().trim().max(2000)).optional(),
      }),
      responses: {
        200: {
          description: 'Attached',
          schema: z.object({
            id: z.number(),
            request: z.object({ id: z.number(), reference: z.string() }),
            threaded_by: z.literal('staff'),
          }),
        },
        404: { description: 'No such message' },
        409: { description: 'Already attached, or a bounce' },
        422: { description: 'No such request' },
      },
    },
    ({ params, body, req }) => {
      if (!/^(\d{1,15}|DR-\d{4}-\d{6,})$/i.test(body.request))
        throw validationFailed([{ field: 'request', message: 'a request id or a reference like DR-2026-000123' }]);
      return attachInboundMessage(
        deps.db,
        deps.config,
        {
          messageId: params.id,
          request: body.request,
          staffId: staffIdOf(req),
          reason: body.reason,
          now: deps.clock.now(),
        },
        createReplyWorkflow(deps),
      );
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/inbound/:id/attachments/:attachmentId',
      summary: 'Download an attachment of an inbound message (decrypted; the download is audited)',
      tags: ['staff'],
      before: staffOnly,
      params: idParams.extend({ attachmentId: z.coerce.number().int().positive() }),
      responses: {
        200: { description: 'The attachment, always as a download', contentType: 'application/octet-stream' },
        404: { description: 'No such attachment' },
      },
    },
    async ({ params, req, res }) => {
      const file = await openAttachment(deps.db, deps.config, {
        messageId: params.id,
        attachmentId: params.attachmentId,
      });
      await recordAttachmentDownload(deps.db, {
        subject: file.requestId ? { type: 'request', id: file.requestId } : { type: 'inbound_message', id: params.id },
        actor: { type: 'staff', id: staffIdOf(req) },
        messageId: params.id,
        attachmentId: params.attachmentId,
        at: deps.clock.now(),
      });
      sendAttachment(res, file);
    },
  );
}
