import type { Knex } from 'knex';
import { recordEvents } from '../events';
import { enqueueManyInTransaction } from '../queue';
import { getVendorProfile, type VendorProfile } from '../vendors';
import { initialStatus, type RequestStatus } from './request-status';
import { drpChannelsOf, drpExerciseFor } from './drp-routing';
import { channelSourceColumns, chooseChannel, type ChosenChannel } from './routing';

/** A request's channel: a registry or staff channel, or a DRP channel (value: the business's directory id). */
type Channel = ChosenChannel | { type: 'drp'; value: string; origin: 'drp' };

export interface PlanItem {
  vendor_id: number;
  vendor_slug: string;
  right: string;
  requested_as: string;
}

/** Who filed, and for agents whom for and on which authority; recorded on each request and its event. */
export type Filer =
  | { type: 'consumer'; requesterId: number }
  | { type: 'agent'; agentAccountId: number; principalId: number; authorizationId: number };

/** A verified submission whose requests are to be created now. */
export interface SubmissionToFile {
  id: number;
  requester_id: number;
  jurisdiction: string;
  plan: PlanItem[];
  filer: Filer;
}

export interface CreatedRequest {
  id: number;
  reference: string;
  vendor: string;
  right: string;
  status: RequestStatus;
  channel: { type: string; value: string } | null;
}

/** Published vendor profiles by slug, read once per batch (bulk filing reuses one across batches). */
export type ProfileCache = Map<string, VendorProfile | undefined>;

async function cachedProfile(
  db: Knex | Knex.Transaction,
  cache: ProfileCache,
  slug: string,
): Promise<VendorProfile | undefined> {
  if (!cache.has(slug)) cache.set(slug, await getVendorProfile(db as Knex, slug));
  return cache.get(slug);
}

/**
 * Creates the requests of verified submissions: one per planned vendor × right, each with its reference, the channel
 * chosen now from the published registry (a policy channel recorded as channel_fact_id, a staff-added one as
 * vendor_channel_id), its `request_created` event and (when it has a channel) its dispatch job in
 * the outbox: committed with the request, or not at all. The single path for consumer verification, agent filing and
 * bulk uploads; set-based (one statement per table whatever the number of requests), so a bulk batch costs a few
 * round trips, not a few per row.
 */
export async function createRequests(
  trx: Knex.Transaction,
  input: { now: Date; submissions: SubmissionToFile[]; profiles?: ProfileCache },
): Promise<Map<number, CreatedRequest[]>> {
  const { now } = input;
  const profiles = input.profiles ?? new Map();
  const items = input.submissions.flatMap((submission) => submission.plan.map((item) => ({ submission, item })));
  const out = new Map<number, CreatedRequest[]>(input.submissions.map((s) => [s.id, []]));
  if (items.length === 0) return out;

  // A vendor with a DRP channel that carries the right gets the request by DRP (README, "Data Rights Protocol");
  // otherwise by its best registry channel, as before.
  const drp = await drpChannelsOf(
    trx,
    items.map(({ item }) => item.vendor_id),
  );
  const planned: { submission: SubmissionToFile; item: PlanItem; channel: Channel | null; status: RequestStatus }[] =
    [];
  for (const { submission, item } of items) {
    const drpChannel = drp.get(item.vendor_id);
    let channel: Channel | null =
      drpChannel && drpExerciseFor(drpChannel, item.right, submission.jurisdiction)
        ? { type: 'drp', value: drpChannel.business_id, origin: 'drp' }
        : null;
    if (!channel) {
      const profile = await cachedProfile(trx, profiles, item.vendor_slug);
      channel = profile ? chooseChannel(profile, submission.jurisdiction) : null;
    }
    planned.push({ submission, item, channel, status: initialStatus(channel !== null) });
  }
  const { rows: numbers } = await trx.raw<{ rows: { n: string }[] }>(
    "select nextval('request_reference_seq')::bigint as n from generate_series(1, ?)",
    [planned.length],
  );
  const year = now.getUTCFullYear();
  const references = numbers.map(({ n }) => `DR-${year}-${String(n).padStart(6, '0')}`);

  const inserted = await trx('requests')
    .insert(
      planned.map(({ submission, item, channel, status }, i) => ({
        reference: references[i],
        requester_id: submission.requester_id,
        vendor_id: item.vendor_id,
        right: item.right,
        jurisdiction: submission.jurisdiction,
        status,
        channel_type: channel?.type ?? 'none',
        channel_value: channel?.value ?? null,
        ...channelSourceColumns(channel?.origin === 'drp' ? null : channel),
        filed_by: submission.filer.type,
        created_at: now,
        submission_id: submission.id,
        ...(submission.filer.type === 'agent'
          ? {
              agent_account_id: submission.filer.agentAccountId,
              principal_id: submission.filer.principalId,
              authorization_id: submission.filer.authorizationId,
            }
          : {}),
      })),
    )
    .returning<{ id: number; reference: string }[]>(['id', 'reference']);
  const idOf = new Map(inserted.map((r) => [r.reference, Number(r.id)]));

  await recordEvents(
    trx,
    planned.map(({ submission, item, channel, status }, i) => {
      const { filer } = submission;
      return {
        type: 'request_created' as const,
        subjectId: idOf.get(references[i]!)!,
        actor: { type: filer.type, id: filer.type === 'agent' ? filer.agentAccountId : filer.requesterId },
        at: now,
        payload: {
          submission_id: submission.id,
          vendor_id: item.vendor_id,
          right: item.right,
          requested_as: item.requested_as,
          status,
          channel_type: channel?.type ?? 'none',
          ...channelSourceColumns(channel?.origin === 'drp' ? null : channel),
          ...(filer.type === 'agent'
            ? { principal_id: filer.principalId, authorization_id: filer.authorizationId }
            : {}),
        },
      };
    }),
  );
  await enqueueManyInTransaction(
    trx,
    'dispatch-request',
    planned.flatMap(({ status }, i) =>
      status === 'ready_to_dispatch' ? [{ requestId: idOf.get(references[i]!)! }] : [],
    ),
  );
  planned.forEach(({ submission, item, channel, status }, i) => {
    out.get(submission.id)!.push({
      id: idOf.get(references[i]!)!,
      reference: references[i]!,
      vendor: item.vendor_slug,
      right: item.right,
      status,
      channel: channel ? { type: channel.type, value: channel.value } : null,
    });
  });
  return out;
}
