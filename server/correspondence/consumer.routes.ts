/** The consumer's mail on their own requests: the company's replies (and attachments), answering, withdrawing. */
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { multiLine, notFound, uploadedFile, type ApiRouter } from '../http';
import { authenticateConsumer, isWithinAccess } from '../requests';
import type { Clock } from '../shared/clock';
import { answerVendor, MAX_ANSWER_DOCUMENT_BYTES, withdrawRequest } from './consumer-actions';
import {
  openAttachment,
  recordAttachmentDownload,
  repliesForRequest,
  replyViewSchema,
  sendAttachment,
} from './replies';

const bearer = {
  401: { description: 'Missing, unknown or expired access token' },
  404: { description: 'Not found, or not yours' },
};
const idParams = z.object({ id: z.coerce.number().int().positive() });

export function registerConsumerMailRoutes(api: ApiRouter, deps: { db: Knex; config: Config; clock: Clock }): void {
  /** The request, if the token opens it; 404 as if it did not exist otherwise. */
  const ownRequest = async (req: import('express').Request, id: number) => {
    const access = await authenticateConsumer(deps, req);
    if (!(await isWithinAccess(deps.db, access, id))) throw notFound('No such request.');
    return { access, id };
  };

  api.route(
    {
      method: 'get',
      path: '/api/requests/:id/replies',
      summary: "The company's replies to one of the consumer's requests, in full (HTML sanitised), with attachments",
      tags: ['requests'],
      params: idParams,
      responses: {
        200: { description: 'The replies, oldest first', schema: z.object({ replies: z.array(replyViewSchema) }) },
        ...bearer,
      },
    },
    async ({ params, req }) => {
      await ownRequest(req, params.id);
      return { replies: await repliesForRequest(deps.db, params.id, 'consumer') };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/requests/:id/replies/:replyId/attachments/:attachmentId',
      summary: "Download an attachment of the company's reply to one of the consumer's requests (decrypted; audited)",
      tags: ['requests'],
      params: idParams.extend({
        replyId: z.coerce.number().int().positive(),
        attachmentId: z.coerce.number().int().positive(),
      }),
      responses: {
        200: { description: 'The attachment, always as a download', contentType: 'application/octet-stream' },
        ...bearer,
      },
    },
    async ({ params, req, res }) => {
      await ownRequest(req, params.id);
      const file = await openAttachment(deps.db, deps.config, {
        messageId: params.replyId,
        attachmentId: params.attachmentId,
        requestId: params.id,
        repliesOnly: true,
      });
      await recordAttachmentDownload(deps.db, {
        subject: { type: 'request', id: params.id },
        actor: { type: 'consumer' },
        messageId: params.replyId,
        attachmentId: params.attachmentId,
        at: deps.clock.now(),
      });
      sendAttachment(res, file);
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/requests/:id/answer',
      summary:
        "Answer the company's request for information: text and an optional PDF, PNG or JPEG (at most 10 MB), sent in the request's email thread",
      tags: ['requests'],
      params: idParams,
      consumes: ['multipart/form-data'],
      upload: { field: 'file', maxBytes: MAX_ANSWER_DOCUMENT_BYTES },
      body: z.object({
        text: multiLine(z.string().max(10_000).describe('your answer')),
        file: uploadedFile('A document the company asked for: PDF, PNG or JPEG, at most 10 MB').optional(),
      }),
      responses: {
        201: {
          description: 'Stored and queued to the company',
          schema: z.object({
            id: z.number(),
            status: z.string().describe("the request's status after the answer"),
            answer: z.object({
              id: z.number(),
              document: z.string().nullable().describe("the attached document's file name"),
              sent_to: z.enum(['vendor', 'staff']).describe('emailed to the company, or to staff to send by post'),
            }),
          }),
        },
        ...bearer,
        409: { description: 'The request cannot be answered in its status' },
        413: { description: 'The document is larger than 10 MB' },
        422: { description: 'No text, or the document is not a PDF, PNG or JPEG' },
      },
    },
    async ({ params, body, req, res }) => {
      const { access } = await ownRequest(req, params.id);
      res
        .status(201)
        .json(await answerVendor(deps, access, { requestId: params.id, text: body.text, file: body.file }));
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/requests/:id/withdraw',
      summary: "Withdraw one of the consumer's requests (the company is told if it already has the letter)",
      tags: ['requests'],
      params: idParams,
      body: z.object({ reason: multiLine(z.string().max(2000)).optional() }),
      responses: {
        200: {
          description: 'Withdrawn',
          schema: z.object({
            id: z.number(),
            status: z.literal('withdrawn'),
            vendor_told: z
              .union([z.enum(['vendor', 'staff']), z.literal(false)])
              .describe('the company was told by email, or staff are to post it; false when it never had the letter'),
          }),
        },
        ...bearer,
        409: { description: 'The request cannot be withdrawn in its status' },
      },
    },
    async ({ params, body, req }) => {
      const { access } = await ownRequest(req, params.id);
      return withdrawRequest(deps, access, { requestId: params.id, reason: body.reason });
    },
  );
}
