/**
 * Staff routes of the reply workflow: the proposals waiting for a click (confirm or dismiss), the per-class settings
 * that let agreed classes apply themselves, and the channel reports replies feed into the registry.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { REPLY_CLASSES } from '../correspondence/classification/types';
import { multiLine, type ApiRouter } from '../http';
import type { ActionDeps } from './action-support';
import {
  channelReportSchema,
  confirmChannelReport,
  dismissChannelReport,
  listChannelReports,
} from './channel-reports.service';
import { staffChange, staffIdOf, staffOnly } from './guards';
import { ACTIONABLE_CLASSES, PROPOSED_ACTIONS } from './reply-proposals';
import { confirmProposal, dismissProposal } from './reply-workflow.service';
import { CHANNEL_TYPES } from './vendor-channels.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const reasonBody = z.object({ reason: multiLine(z.string().trim().min(1).max(2000)).optional() });

const replyClassificationSchema = z.object({
  id: z.number(),
  inbound_message_id: z.number(),
  request_id: z.number().nullable(),
  reference: z.string().nullable(),
  vendor: z.string().nullable(),
  class: z.enum(REPLY_CLASSES),
  confidence: z.number(),
  language: z.string().nullable(),
  evidence: z.array(z.object({ phrase: z.string(), start: z.number(), end: z.number(), rule: z.string() })),
  extracted: z.record(z.string(), z.unknown()),
  proposed_action: z.enum(PROPOSED_ACTIONS).nullable(),
  proposal: z.record(z.string(), z.unknown()).describe('the pre-filled fields of the proposed action'),
  legal_issue: z.string().nullable().describe('why the proposal would not stand in law; never applied automatically'),
  status: z.enum(['proposed', 'applied', 'dismissed', 'auto_applied', 'no_action']),
  decided_by: z.object({ id: z.number(), name: z.string() }).nullable(),
  decided_at: z.string().nullable(),
  apply_error: z.string().nullable(),
  subject: z.string().nullable(),
  received_at: z.string(),
});
type ReplyClassificationView = z.infer<typeof replyClassificationSchema>;
type ClassificationListRow = Omit<
  ReplyClassificationView,
  'confidence' | 'decided_by' | 'decided_at' | 'received_at' | 'reference' | 'vendor'
> & {
  confidence: string;
  reference: string | null;
  vendor_name: string | null;
  decided_at: Date | null;
  received_at: Date;
  decider_id: number | null;
  decider_name: string | null;
};

/** Classifications with their request, vendor, message subject and who decided; newest first. */
export async function listReplyClassifications(
  db: Knex,
  filter: { status?: string; requestId?: number; limit: number },
): Promise<ReplyClassificationView[]> {
  const rows: ClassificationListRow[] = await db('reply_classifications as c')
    .join('inbound_messages as m', 'm.id', 'c.inbound_message_id')
    .leftJoin('requests as r', 'r.id', 'c.request_id')
    .leftJoin('vendors as v', 'v.id', 'r.vendor_id')
    .leftJoin('accounts as a', 'a.id', 'c.decided_by')
    .modify((q) => {
      if (filter.status) q.where('c.status', filter.status);
      if (filter.requestId) q.where('c.request_id', filter.requestId);
    })
    .orderBy('c.id', 'desc')
    .limit(filter.limit)
    .select(
      'c.*',
      'r.reference',
      'v.name as vendor_name',
      'm.subject',
      'm.received_at',
      'a.id as decider_id',
      'a.name as decider_name',
    );
  return rows.map((r) => ({
    id: Number(r.id),
    inbound_message_id: Number(r.inbound_message_id),
    request_id: r.request_id === null ? null : Number(r.request_id),
    reference: r.reference ?? null,
    vendor: r.vendor_name ?? null,
    class: r.class,
    confidence: Number(r.confidence),
    language: r.language,
    evidence: r.evidence,
    extracted: r.extracted,
    proposed_action: r.proposed_action,
    proposal: r.proposal,
    legal_issue: r.legal_issue,
    status: r.status,
    decided_by: r.decider_id ? { id: Number(r.decider_id), name: r.decider_name ?? '' } : null,
    decided_at: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    apply_error: r.apply_error,
    subject: r.subject,
    received_at: new Date(r.received_at).toISOString(),
  }));
}

const settingSchema = z.object({
  class: z.enum(ACTIONABLE_CLASSES),
  auto_apply: z.boolean(),
  min_confidence: z.number(),
  updated_by: z.number().nullable(),
  updated_at: z.string(),
});
const settingView = (r: Record<string, unknown>) => ({
  class: r.class as (typeof ACTIONABLE_CLASSES)[number],
  auto_apply: Boolean(r.auto_apply),
  min_confidence: Number(r.min_confidence),
  updated_by: r.updated_by === null ? null : Number(r.updated_by),
  updated_at: new Date(r.updated_at as string).toISOString(),
});

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
      responses: { 200: { description: 'One row per class', schema: z.object({ items: z.array(settingSchema) }) } },
    },
    async () => ({ items: (await deps.db('reply_action_settings').orderBy('class')).map(settingView) }),
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
      responses: { 200: { description: 'The setting now', schema: settingSchema } },
    },
    async ({ params, body, req }) => {
      const staffId = staffIdOf(req);
      return deps.db.transaction(async (trx) => {
        const now = deps.clock.now();
        const [row] = await trx('reply_action_settings')
          .insert({ class: params.class, ...body, updated_by: staffId, updated_at: now })
          .onConflict('class')
          .merge()
          .returning('*');
        await trx('events').insert({
          subject_type: 'reply_setting',
          subject_id: 0,
          type: 'reply_setting_changed',
          actor_type: 'staff',
          actor_id: String(staffId),
          data: JSON.stringify({ class: params.class, ...body }),
          occurred_at: now,
        });
        return settingView(row);
      });
    },
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
