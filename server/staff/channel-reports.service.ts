/**
 * What vendor replies teach the registry: a channel that returned our letter (bounce) or a vendor saying "use our form
 * at URL" (wrong channel) becomes a review task for staff. A report is never a channel letters go to: confirming it adds
 * a `vendor_channels` row (through addVendorChannel, which also sends the vendor's waiting and failed requests there),
 * dismissing it closes it.
 */
import type { Knex } from 'knex';
import { recordEvent } from '../events';
import { z } from 'zod';
import { conflict, notFound, validationFailed } from '../http';
import type { ActionDeps } from './action-support';
import { addVendorChannel, CHANNEL_TYPES } from './vendor-channels.service';

const channel = z.object({ type: z.string(), value: z.string().nullable() }).nullable();

export interface NewChannelReport {
  vendorId: number;
  kind: 'wrong_channel' | 'bounce';
  flagged: { type: string; value: string | null } | null;
  proposed: { type: string; value: string } | null;
  requestId: number;
  classificationId: number;
  at: Date;
}

/** Opens a report (or answers the open one that says the same thing), with an event on the vendor. */
export async function reportChannel(trx: Knex.Transaction, input: NewChannelReport): Promise<number> {
  const same = await trx('vendor_channel_reports')
    .where({ vendor_id: input.vendorId, kind: input.kind, status: 'open' })
    .where((q) =>
      input.proposed
        ? q.where('proposed_value', input.proposed.value)
        : q.whereNull('proposed_value').where('channel_value', input.flagged?.value ?? ''),
    )
    .first('id');
  if (same) return Number(same.id);
  const [row] = await trx('vendor_channel_reports')
    .insert({
      vendor_id: input.vendorId,
      kind: input.kind,
      channel_type: input.flagged?.type ?? null,
      channel_value: input.flagged?.value ?? null,
      proposed_type: input.proposed?.type ?? null,
      proposed_value: input.proposed?.value ?? null,
      request_id: input.requestId,
      reply_classification_id: input.classificationId,
      created_at: input.at,
    })
    .returning<{ id: number }[]>('id');
  await recordEvent(trx, {
    type: 'channel_reported',
    subjectId: input.vendorId,
    actor: { type: 'system' },
    at: input.at,
    payload: {
      vendor_channel_report_id: Number(row!.id),
      kind: input.kind,
      request_id: input.requestId,
      reply_classification_id: input.classificationId,
      channel_type: input.flagged?.type ?? null,
      proposed_type: input.proposed?.type ?? null,
    },
  });
  return Number(row!.id);
}

const reportView = (r: Record<string, unknown>) => ({
  id: Number(r.id),
  vendor: r.vendor_slug as string,
  vendor_name: r.vendor_name as string,
  kind: r.kind as 'wrong_channel' | 'bounce',
  flagged: r.channel_value ? { type: r.channel_type as string, value: r.channel_value as string } : null,
  proposed: r.proposed_value ? { type: r.proposed_type as string, value: r.proposed_value as string } : null,
  request_id: r.request_id === null ? null : Number(r.request_id),
  status: r.status as string,
  vendor_channel_id: r.vendor_channel_id === null ? null : Number(r.vendor_channel_id),
  created_at: new Date(r.created_at as string).toISOString(),
});
export const channelReportSchema = z.object({
  id: z.number(),
  vendor: z.string(),
  vendor_name: z.string(),
  kind: z.enum(['wrong_channel', 'bounce']),
  flagged: channel,
  proposed: z.object({ type: z.string(), value: z.string() }).nullable(),
  request_id: z.number().nullable(),
  status: z.string(),
  vendor_channel_id: z.number().nullable(),
  created_at: z.string(),
});

export async function listChannelReports(
  db: Knex,
  query: { status: 'open' | 'confirmed' | 'dismissed'; vendor?: string },
) {
  const rows = await db('vendor_channel_reports as c')
    .join('vendors as v', 'v.id', 'c.vendor_id')
    .where('c.status', query.status)
    .modify((q) => (query.vendor ? q.where('v.slug', query.vendor) : q))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(200)
    .select('c.*', 'v.slug as vendor_slug', 'v.name as vendor_name');
  return { items: rows.map(reportView) };
}

/**
 * Staff confirm a report: the channel it proposes (or the replacement staff researched for a flagged one) is added to
 * the vendor's channels with its source. A bounce report needs the replacement in `channel`.
 */
export async function confirmChannelReport(
  deps: ActionDeps,
  input: {
    reportId: number;
    staffId: number;
    channel?: { type: (typeof CHANNEL_TYPES)[number]; value: string; source?: string };
  },
) {
  return deps.db.transaction(async (trx) => {
    const report = await trx('vendor_channel_reports as c')
      .join('vendors as v', 'v.id', 'c.vendor_id')
      .where('c.id', input.reportId)
      .forUpdate('c')
      .first('c.*', 'v.slug as vendor_slug', 'v.name as vendor_name');
    if (!report) throw notFound(`No channel report ${input.reportId}.`);
    if (report.status !== 'open') throw conflict(`This report is already ${report.status}.`);
    const proposed =
      input.channel ??
      (report.proposed_value && (CHANNEL_TYPES as readonly string[]).includes(report.proposed_type)
        ? { type: report.proposed_type as (typeof CHANNEL_TYPES)[number], value: report.proposed_value as string }
        : undefined);
    if (!proposed)
      throw validationFailed([
        { field: 'channel', message: 'give the replacement channel staff found for this vendor' },
      ]);
    const source =
      input.channel?.source ??
      `the vendor's own reply to request ${report.request_id ?? '(unknown)'} named this channel (channel report ${report.id})`;
    const added = await addVendorChannel(
      { ...deps, db: trx as unknown as Knex },
      { slug: report.vendor_slug, staffId: input.staffId, type: proposed.type, value: proposed.value, source },
    );
    const now = deps.clock.now();
    await trx('vendor_channel_reports').where({ id: report.id }).update({
      status: 'confirmed',
      vendor_channel_id: added.channel.id,
      resolved_by: input.staffId,
      resolved_at: now,
    });
    await recordEvent(trx, {
      type: 'channel_report_confirmed',
      subjectId: Number(report.vendor_id),
      actor: { type: 'staff', id: input.staffId },
      at: now,
      payload: { vendor_channel_report_id: Number(report.id), vendor_channel_id: Number(added.channel.id) },
    });
    return reportView({
      ...report,
      status: 'confirmed',
      vendor_channel_id: added.channel.id,
    });
  });
}

export async function dismissChannelReport(
  deps: ActionDeps,
  input: { reportId: number; staffId: number; reason?: string },
) {
  return deps.db.transaction(async (trx) => {
    const report = await trx('vendor_channel_reports as c')
      .join('vendors as v', 'v.id', 'c.vendor_id')
      .where('c.id', input.reportId)
      .forUpdate('c')
      .first('c.*', 'v.slug as vendor_slug', 'v.name as vendor_name');
    if (!report) throw notFound(`No channel report ${input.reportId}.`);
    if (report.status !== 'open') throw conflict(`This report is already ${report.status}.`);
    const now = deps.clock.now();
    await trx('vendor_channel_reports')
      .where({ id: report.id })
      .update({ status: 'dismissed', resolved_by: input.staffId, resolved_at: now });
    await recordEvent(trx, {
      type: 'channel_report_dismissed',
      subjectId: Number(report.vendor_id),
      actor: { type: 'staff', id: input.staffId },
      reason: input.reason ?? null,
      at: now,
      payload: { vendor_channel_report_id: Number(report.id) },
    });
    return reportView({ ...report, status: 'dismissed' });
  });
}
