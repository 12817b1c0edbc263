/** Reading reply classifications and the per-class settings; changing a setting (audited). */
import type { Knex } from 'knex';
import { recordEvent } from '../events';
import { z } from 'zod';
import { REPLY_CLASSES } from '../correspondence/classification/types';
import type { ActionDeps } from './action-support';
import { ACTIONABLE_CLASSES, PROPOSED_ACTIONS } from './reply-proposals';

export const replyClassificationSchema = z.object({
  id: z.number(),
  inbound_message_id: z.number(),
  request_id: z.number().nullable(),
  reference: z.string().nullable(),
  vendor: z.string().nullable(),
  class: z.enum(REPLY_CLASSES),
  confidence: z.number(),
  language: z.string().nullable(),
  evidence: z.array(
    z.object({
      phrase: z.string(),
      start: z.number(),
      end: z.number(),
      rule: z.string(),
      source: z.enum(['text', 'subject', 'header', 'attachment']).optional(),
    }),
  ),
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

export const replySettingSchema = z.object({
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

export async function listReplySettings(db: Knex) {
  return (await db('reply_action_settings').orderBy('class')).map(settingView);
}

export async function setReplySetting(
  deps: ActionDeps,
  input: { cls: (typeof ACTIONABLE_CLASSES)[number]; autoApply: boolean; minConfidence: number; staffId: number },
) {
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const body = { auto_apply: input.autoApply, min_confidence: input.minConfidence };
    const [row] = await trx('reply_action_settings')
      .insert({ class: input.cls, ...body, updated_by: input.staffId, updated_at: now })
      .onConflict('class')
      .merge()
      .returning('*');
    // a setting has no row id of its own: the event is about the staff account, the class is in the payload
    await recordEvent(trx, {
      type: 'reply_setting_changed',
      subjectId: input.staffId,
      actor: { type: 'staff', id: input.staffId },
      at: now,
      payload: { class: input.cls, ...body },
    });
    return settingView(row);
  });
}
