/**
 * Staff routes of the reply workflow: the proposals waiting for a click (confirm or dismiss), the per-class settings
 * that let agreed classes apply themselves, and the channel reports replies feed into the registry.
 */
import { z } from 'zod';
import { multiLine, type ApiRouter } from '../http';
import type { ActionDeps } from './action-support';
import {
  channelReportSchema,
  confirmChannelReport,
  dismissChannelReport,
  listChannelReports,
} from './channel-reports.service';
import { staffChange, staffIdOf, staffOnly } from './guards';
import { ACTIONABLE_CLASSES } from './reply-proposals';
import {
  listReplyClassifications,
  listReplySettings,
  replyClassificationSchema,
  replySettingSchema,
  setReplySetting,
} from './reply-classifications.repository';
import { confirmProposal, dismissProposal } from './reply-workflow.service';
import { CHANNEL_TYPES } from './vendor-channels.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const reasonBody = z.object({ reason: multiLine(z.string().trim().min(1).max(2000)).optional() });

export function registerReplyRoutes(api: ApiRouter, deps: ActionDeps): void {
  api.route(
    {
      method: 'get',
      path: '/api/staff/reply-proposals',
      summary: 'Classified vendor replies and the staff action each proposes (default: those waiting for staff)',
      tags: ['staff'],
      before: staffOnly,
      query: z.object({
        status: z.enum(['proposed', 'applied', 'dismissed', 'auto_applied', 'no_action']).default('proposed'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: {
        200: { description: 'Newest first', schema: z.object({ items: z.array(replyClassificationSchema) }) },
      },
    },
    async ({ query }) => ({ items: await listReplyClassifications(deps.db, query) }),
  );
  const decided = z.object({
    id: z.number(),
    status: z.string(),
    action: z.string().nullable(),
    request_id: z.number().nullable(),
  });
  api.route(
    {
      method: 'post',
      path: '/api/staff/reply-proposals/:id/confirm',
      summary:
        "Apply the proposed action as pre-filled (one click): the vendor's answer is recorded, or the channel reported for review; the consumer is told in plain words",
      tags: ['staff'],
      before: staffChange,
      params: idParams,
      body: reasonBody,
      responses: {
        200: { description: 'Applied', schema: decided.loose() },
        409: { description: 'Already decided, or the request moved on' },
        422: { description: 'The law does not allow it (e.g. an extension beyond the limit; recorded as refused)' },
      },
    },
    ({ params, body, req }) =>
      confirmProposal(deps, { classificationId: params.id, staffId: staffIdOf(req), reason: body.reason }),
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/reply-proposals/:id/dismiss',
      summary: 'Dismiss the proposed action (the classification stays, marked dismissed)',
      tags: ['staff'],
      before: staffChange,
      params: idParams,
      body: reasonBody,
      responses: { 200: { description: 'Dismissed', schema: decided }, 409: { description: 'Already decided' } },
    },
    ({ params, body, req }) =>
      dismissProposal(deps, { classificationId: params.id, staffId: staffIdOf(req), reason: body.reason }),
  );

  api.route(
    {
      method: 'get',
      path: '/api/staff/reply-settings',
      summary: 'Per class: whether a confident proposal applies itself, and above which confidence',
      tags: ['staff'],
      before: staffOnly,
      responses: {
        200: { description: 'One row per class', schema: z.object({ items: z.array(replySettingSchema) }) },
      },
    },
    async () => ({ items: await listReplySettings(deps.db) }),
  );
  api.route(
    {
      method: 'put',
      path: '/api/staff/reply-settings/:class',
      summary: "Set a class's automatic application (audited)",
      tags: ['staff'],
      before: staffChange,
      params: z.object({ class: z.enum(ACTIONABLE_CLASSES) }),
      body: z.object({ auto_apply: z.boolean(), min_confidence: z.number().min(0.5).max(1) }),
      responses: { 200: { description: 'The setting now', schema: replySettingSchema } },
    },
    ({ params, body, req }) =>
      setReplySetting(deps, {
        cls: params.class,
        autoApply: body.auto_apply,
        minConfidence: body.min_confidence,
        staffId: staffIdOf(req),
      }),
  );

  api.route(
    {
      method: 'get',
      path: '/api/staff/channel-reports',
      summary: 'Channels replies flagged (bounces) or pointed to (wrong channel), for review before any use',
      tags: ['staff'],
      before: staffOnly,
      query: z.object({
        status: z.enum(['open', 'confirmed', 'dismissed']).default('open'),
        vendor: z.string().max(80).optional(),
      }),
      responses: { 200: { description: 'Oldest first', schema: z.object({ items: z.array(channelReportSchema) }) } },
    },
    ({ query }) => listChannelReports(deps.db, query),
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/channel-reports/:id/confirm',
      summary:
        "Confirm a report: the proposed channel (or, for a flagged one, the replacement staff give) becomes one of the vendor's channels",
      tags: ['staff'],
      before: staffChange,
      params: idParams,
      body: z.object({
        channel: z
          .object({
            type: z.enum(CHANNEL_TYPES),
            value: multiLine(z.string().trim().min(3).max(2000)),
            source: multiLine(z.string().trim().min(3).max(2000)).optional(),
          })
          .optional(),
      }),
      responses: { 200: { description: 'Confirmed', schema: channelReportSchema }, 409: { description: 'Decided' } },
    },
    ({ params, body, req }) =>
      confirmChannelReport(deps, { reportId: params.id, staffId: staffIdOf(req), channel: body.channel }),
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/channel-reports/:id/dismiss',
      summary: 'Dismiss a channel report',
      tags: ['staff'],
      before: staffChange,
      params: idParams,
      body: reasonBody,
      responses: { 200: { description: 'Dismissed', schema: channelReportSchema }, 409: { description: 'Decided' } },
    },
    ({ params, body, req }) =>
      dismissChannelReport(deps, { reportId: params.id, staffId: staffIdOf(req), reason: body.reason }),
  );
}
