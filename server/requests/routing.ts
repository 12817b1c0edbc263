import { promiseCoversJurisdiction } from '../deadlines';
import type { VendorProfile } from '../vendors';

type PolicyChannel = VendorProfile['channels'][number];
type StaffChannel = VendorProfile['staff_channels'][number];
type Channel = PolicyChannel | StaffChannel;

/**
 * The channel a request goes by: a registry fact, from the vendor's policy or a dataset record (`fact_id`, a
 * vendor_facts id, stored as requests.channel_fact_id; origin 'policy' for both, as the column is the same) or one staff added (`vendor_channel_id`, stored as requests.vendor_channel_id).
 */
export type ChosenChannel = { type: 'email' | 'postal' | 'webform' | 'phone'; value: string } & (
  { origin: 'policy'; fact_id: number } | { origin: 'staff'; vendor_channel_id: number }
);

/** The request columns that record where a chosen channel came from. */
export function channelSourceColumns(channel: ChosenChannel | null): {
  channel_fact_id: number | null;
  vendor_channel_id: number | null;
} {
  return {
    channel_fact_id: channel?.origin === 'policy' ? channel.fact_id : null,
    vendor_channel_id: channel?.origin === 'staff' ? channel.vendor_channel_id : null,
  };
}

/** Whether a fact scoped to `scopes` (empty = general) covers the requester's jurisdiction. */
export function coversJurisdiction(scopes: readonly string[], jurisdiction: string): boolean {
  return scopes.length === 0 || scopes.some((s) => promiseCoversJurisdiction(s, jurisdiction));
}

/**
 * Channel tiers, best first: an email the policy gives for privacy requests, any other email, a postal address, a
 * web form, a phone number. Email is fastest and leaves a timestamped receipt, which the deadline needs.
 */
function tier(c: Channel): number {
  if (c.type === 'email')
    return c.purpose === 'privacy_requests' || c.purpose === 'state_rights' || c.purpose === 'dpo' ? 0 : 1;
  return { postal: 2, webform: 3, phone: 4 }[c.type];
}

/** Within a tier: a channel meant for the requester's jurisdiction, then a general one, then one meant elsewhere. */
function fit(c: Channel, jurisdiction: string): number {
  if (c.jurisdictions.length === 0) return 1;
  return coversJurisdiction(c.jurisdictions, jurisdiction) ? 0 : 2;
}

const isStaff = (c: Channel): c is StaffChannel => 'origin' in c && c.origin === 'staff';

const QUALITY_CLASS = { tested: 1, verified: 2, imported: 3, scraped: 4 } as const;

/**
 * Whose word a channel is, best first: 0 for a fact staff reviewed (approved or edited), the company's own current
 * policy and a channel staff added; then a dataset record's unreviewed fact by the record's quality: tested (a request
 * was sent with it), verified, imported, scraped (or ungraded).
 */
function sourceClass(c: Channel): number {
  if (isStaff(c) || c.review_status === 'approved' || c.review_status === 'edited') return 0;
  if (!c.source || c.source.kind === 'policy') return 0;
  return c.source.quality ? QUALITY_CLASS[c.source.quality] : 5;
}

/** Within a class, a reviewed fact before a draft. */
const reviewRank = (c: Channel) =>
  isStaff(c) || c.review_status === 'approved' || c.review_status === 'edited' ? 0 : 1;

/**
 * The channel a request will go by, or null when the registry knows none (the request then needs research).
 * Channels are ranked by whose word they are (sourceClass: reviewed facts, the vendor's own policy and staff channels
 * before a dataset record's unreviewed facts, those by the record's quality), then by tier; within a tier a reviewed
 * fact before a draft, a policy or dataset channel before a staff one, then the jurisdiction fit, then the order
 * (policy first, then dataset records by quality; text order; staff channels oldest first). A staff channel scoped to
 * jurisdictions serves only requests from them, as when staff add it (vendor-channels.service.ts).
 */
export function chooseChannel(profile: VendorProfile, jurisdiction: string): ChosenChannel | null {
  const candidates: Channel[] = [
    ...profile.channels,
    ...profile.staff_channels.filter((c) => coversJurisdiction(c.jurisdictions, jurisdiction)),
  ].filter((c) => c.purpose !== 'marketing_unsubscribe');
  const ranked = candidates
    .map((c, index) => ({
      c,
      index,
      rank: [sourceClass(c), tier(c), reviewRank(c), isStaff(c) ? 1 : 0, fit(c, jurisdiction)] as const,
    }))
    .sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
      return a.index - b.index;
    });
  const best = ranked[0]?.c;
  if (!best) return null;
  if (isStaff(best))
    return { type: best.type, value: best.value, origin: 'staff', vendor_channel_id: best.vendor_channel_id };
  return { type: best.type, value: best.edited_value ?? best.value, origin: 'policy', fact_id: best.id };
}
