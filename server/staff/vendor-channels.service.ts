/**
 * A contact staff found for a vendor whose policy gives none usable (NTT Communications is the real case). It is
 * stored with its source and who added it; the vendor's requests that were waiting in needs_research move to
 * ready_to_dispatch and their letters are queued through the dispatch job — all in one transaction. So do its requests
 * whose letter did not arrive (dispatch_failed, e.g. returned by the vendor's mail server) and whose deadline is not
 * running: a new letter goes to the new contact, and the deadline starts from its receipt.
 */
import { recordEvent } from '../events';
import { notFound } from '../http';
import { enqueueInTransaction } from '../queue';
import { promiseCoversJurisdiction } from '../deadlines';
import { changeRequestStatus } from '../requests';
import { refreshVendorSearchTerms } from '../vendors';
import type { ActionDeps } from './action-support';

/** A channel scoped to some jurisdictions (none: general) serves a request from one of them. */
const coversJurisdiction = (scopes: readonly string[], jurisdiction: string) =>
  scopes.length === 0 || scopes.some((s) => promiseCoversJurisdiction(s, jurisdiction));

export const CHANNEL_TYPES = ['email', 'postal', 'webform', 'phone'] as const;
type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface NewVendorChannel {
  slug: string;
  staffId: number;
  type: ChannelType;
  value: string;
  source: string;
  purpose?: string;
  jurisdictions?: string[];
  label?: string;
}

export async function addVendorChannel(deps: ActionDeps, input: NewVendorChannel) {
  return deps.db.transaction(async (trx) => {
    const vendor = await trx('vendors').where({ slug: input.slug }).forUpdate().first('id', 'slug', 'name');
    if (!vendor) throw notFound(`No vendor "${input.slug}".`);
    const now = deps.clock.now();
    const sourceKind = /^https?:\/\//i.test(input.source) ? 'url' : 'note';
    const jurisdictions = input.jurisdictions ?? [];
    const [channel] = await trx('vendor_channels')
      .insert({
        vendor_id: vendor.id,
        type: input.type,
        value: input.value,
        purpose: input.purpose ?? 'privacy_requests',
        jurisdictions,
        label: input.label ?? null,
        source: input.source,
        source_kind: sourceKind,
        added_by: input.staffId,
        created_at: now,
      })
      .returning('*');
    await recordEvent(trx, {
      type: 'channel_added',
      subjectId: vendor.id,
      actor: { type: 'staff', id: input.staffId },
      at: now,
      payload: { vendor_channel_id: channel.id, type: input.type, source_kind: sourceKind, jurisdictions },
    });
    // A company a consumer or agent named (not listed): staff confirming a contact for it lists it and resolves its
    // research tasks (unlisted.ts).
    const resolved = await trx('vendor_research')
      .where({ vendor_id: vendor.id, status: 'open' })
      .update({ status: 'resolved', resolution: 'channel_added', resolved_by: input.staffId, resolved_at: now })
      .returning<{ id: number }[]>('id');
    if (resolved.length > 0) {
      await trx('vendors').where({ id: vendor.id }).update({ listed: true, updated_at: now });
      await recordEvent(trx, {
        type: 'research_resolved',
        subjectId: vendor.id,
        actor: { type: 'staff', id: input.staffId },
        at: now,
        payload: {
          research_ids: resolved.map((r) => r.id),
          resolution: 'channel_added',
          vendor_channel_id: channel.id,
        },
      });
    }
    // the channel's domain finds the vendor in the registry search
    await refreshVendorSearchTerms(trx, [vendor.id]);
    const waiting: { id: number; jurisdiction: string }[] = await trx('requests')
      .where({ vendor_id: vendor.id, status: 'needs_research' })
      .orderBy('id')
      .forUpdate()
      .select('id', 'jurisdiction');
    const moved: number[] = [];
    /** The request goes to dispatch through the new channel (a new dispatch job: `attempt` is the event's id). */
    const dispatchThroughNewChannel = async (requestId: number) => {
      const { eventId } = await changeRequestStatus(trx, requestId, {
        to: 'ready_to_dispatch',
        columns: {
          channel_type: input.type,
          channel_value: input.value,
          channel_fact_id: null,
          vendor_channel_id: channel.id,
        },
        event: {
          type: 'channel_found',
          actor: { type: 'staff', id: input.staffId },
          at: now,
          data: { vendor_channel_id: channel.id, channel: input.type },
        },
      });
      await enqueueInTransaction(trx, 'dispatch-request', { requestId, attempt: eventId });
      moved.push(requestId);
    };
    for (const request of waiting.filter((r) => coversJurisdiction(jurisdictions, r.jurisdiction))) {
      await dispatchThroughNewChannel(request.id);
    }
    // Letters that did not arrive (returned, or refused for good) and whose deadline is not running: sent again through the
    // new contact, as a new letter; the deadline starts on the vendor's receipt of that one.
    const failed: { id: number; jurisdiction: string }[] = await trx('requests as r')
      .where({ 'r.vendor_id': vendor.id, 'r.status': 'dispatch_failed' })
      .whereNotExists((q) => q.from('request_deadlines as d').whereRaw('d.request_id = r.id'))
      .orderBy('r.id')
      .forUpdate()
      .select('r.id', 'r.jurisdiction');
    for (const request of failed.filter((r) => coversJurisdiction(jurisdictions, r.jurisdiction))) {
      // the letter that failed stays as history under its own purpose; dispatch prepares a new one for the new contact
      await trx('letters')
        .where({ request_id: request.id, purpose: 'request' })
        .update({ purpose: trx.raw("'returned-' || id") });
      await dispatchThroughNewChannel(request.id);
    }
    return { channel: channelView(channel), vendor: vendor.slug, moved_to_dispatch: moved };
  });
}

function channelView(c: Record<string, unknown>) {
  return {
    id: c.id as number,
    type: c.type as string,
    value: c.value as string,
    purpose: c.purpose as string,
    jurisdictions: c.jurisdictions as string[],
    label: (c.label as string | null) ?? null,
    source: c.source as string,
    source_kind: c.source_kind as string,
    added_by: c.added_by as number,
    created_at: new Date(c.created_at as string).toISOString(),
  };
}

export async function listVendorChannels(deps: Pick<ActionDeps, 'db'>, slug: string) {
  const vendor = await deps.db('vendors').where({ slug }).first('id');
  if (!vendor) throw notFound(`No vendor "${slug}".`);
  const rows = await deps.db('vendor_channels').where({ vendor_id: vendor.id }).whereNull('retired_at').orderBy('id');
  return { items: rows.map(channelView) };
}
