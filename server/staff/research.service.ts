/**
 * Research tasks for companies a consumer or agent named that the registry did not list (requests/unlisted.ts). Staff
 * resolve one either by adding a confirmed channel to the company's vendor (vendor-channels.service.ts) or, when the
 * company turns out to be one the registry knows, by linking the task to that vendor: its waiting requests move to it
 * and go out through the outbox when it has a channel for their jurisdiction. The contact the consumer gave is never
 * used as a channel: staff add what they confirmed.
 */
import { recordEvent } from '../events';
import { AppError, conflict, notFound, validationFailed } from '../http';
import { enqueueInTransaction } from '../queue';
import { changeRequestStatus, chooseChannel } from '../requests';
import { getPublishedVendors } from '../vendors';
import type { ActionDeps } from './action-support';

export async function listResearch(deps: Pick<ActionDeps, 'db'>, query: { status: 'open' | 'resolved' }) {
  const rows = await deps
    .db('vendor_research as t')
    .join('vendors as v', 'v.id', 't.vendor_id')
    .leftJoin('vendors as l', 'l.id', 't.linked_vendor_id')
    .where('t.status', query.status)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(200)
    .select(
      't.id',
      't.name',
      't.website',
      't.contact',
      't.requested_by_type',
      't.status',
      't.resolution',
      't.created_at',
      't.resolved_at',
      'v.slug as vendor_slug',
      'l.slug as linked_vendor_slug',
      deps.db.raw(
        `(select count(*)::int from requests r where r.submission_id = t.submission_id and r.vendor_id = t.vendor_id and r.status = 'needs_research') as waiting_requests`,
      ),
    );
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      name: r.name as string,
      website: (r.website as string | null) ?? null,
      contact: (r.contact as string | null) ?? null,
      requested_by: r.requested_by_type as string,
      status: r.status as string,
      resolution: (r.resolution as string | null) ?? null,
      vendor: r.vendor_slug as string,
      linked_vendor: (r.linked_vendor_slug as string | null) ?? null,
      waiting_requests: Number(r.waiting_requests),
      created_at: new Date(r.created_at).toISOString(),
      resolved_at: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    })),
  };
}

export async function linkResearch(
  deps: ActionDeps,
  input: { researchId: number; staffId: number; vendor: string; reason?: string },
) {
  return deps.db.transaction(async (trx) => {
    const research = await trx('vendor_research').where({ id: input.researchId }).forUpdate().first();
    if (!research) throw notFound(`No research task ${input.researchId}.`);
    if (research.status !== 'open') throw conflict('This research task is already resolved.');
    const target = await trx('vendors').where({ slug: input.vendor }).forUpdate().first('id', 'slug', 'listed');
    if (!target)
      throw validationFailed([
        { field: 'vendor', message: `unknown vendor "${input.vendor}"; search GET /api/vendors` },
      ]);
    if (Number(target.id) === Number(research.vendor_id) || !target.listed) {
      throw validationFailed([
        { field: 'vendor', message: 'link to a vendor of the registry, not to an unlisted company' },
      ]);
    }
    const now = deps.clock.now();
    const profile = (await getPublishedVendors(trx, [target.slug])).get(target.slug)?.profile;
    if (!profile) throw new AppError('conflict', `Vendor "${target.slug}" could not be read.`);
    const waiting: { id: number; jurisdiction: string }[] = await trx('requests')
      .where({ vendor_id: research.vendor_id, submission_id: research.submission_id, status: 'needs_research' })
      .orderBy('id')
      .forUpdate()
      .select('id', 'jurisdiction');
    const moved: number[] = [];
    const stillWaiting: number[] = [];
    for (const request of waiting) {
      const channel = chooseChannel(profile, request.jurisdiction);
      const data = { research_id: research.id, from_vendor_id: research.vendor_id, to_vendor_id: target.id };
      let eventId: number | undefined;
      if (channel) {
        ({ eventId } = await changeRequestStatus(trx, request.id, {
          to: 'ready_to_dispatch',
          columns: {
            vendor_id: target.id,
            channel_type: channel.type,
            channel_value: channel.value,
            channel_fact_id: channel.origin === 'policy' ? channel.fact_id : null,
            vendor_channel_id: channel.origin === 'staff' ? channel.vendor_channel_id : null,
          },
          event: {
            type: 'research_linked',
            actor: { type: 'staff', id: input.staffId },
            reason: input.reason ?? null,
            at: now,
            data: { ...data, channel: channel.type },
          },
        }));
      } else {
        await trx('requests').where({ id: request.id }).update({ vendor_id: target.id });
        await recordEvent(trx, {
          type: 'research_linked',
          subjectId: request.id,
          actor: { type: 'staff', id: input.staffId },
          reason: input.reason ?? null,
          at: now,
          payload: { ...data, still: 'needs_research' },
        });
      }
      if (channel) {
        await enqueueInTransaction(trx, 'dispatch-request', { requestId: request.id, attempt: eventId! });
        moved.push(request.id);
      } else stillWaiting.push(request.id);
    }
    await trx('vendor_research').where({ id: research.id }).update({
      status: 'resolved',
      resolution: 'linked',
      linked_vendor_id: target.id,
      resolved_by: input.staffId,
      resolved_at: now,
    });
    await recordEvent(trx, {
      type: 'research_resolved',
      subjectId: research.vendor_id,
      actor: { type: 'staff', id: input.staffId },
      reason: input.reason ?? null,
      at: now,
      payload: { research_ids: [research.id], resolution: 'linked', linked_vendor_id: target.id },
    });
    return {
      research_id: Number(research.id),
      vendor: target.slug as string,
      moved_to_dispatch: moved,
      still_needs_research: stillWaiting,
    };
  });
}
