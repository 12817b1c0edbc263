import { promiseCoversJurisdiction } from '../deadlines';
import type { VendorProfile } from '../vendors';

type Channel = VendorProfile['channels'][number];

export interface ChosenChannel {
  type: 'email' | 'postal' | 'webform' | 'phone';
  value: string;
  fact_id: number;
}

/** Whether a fact scoped to `scopes` (empty = general) covers the requester's jurisdiction. */
export function coversJurisdiction(scopes: readonly string[], jurisdiction: string): boolean {
  return scopes.length === 0 || scopes.some((s) => promiseCoversJurisdiction(s, jurisdiction));
}

/**
 * Channel tiers, best first: an email the policy gives for privacy requests, any other email, a postal address, a
 * web form, a phone number. Email is fastest and leaves a timestamped receipt, which the deadline clock needs.
 */
function tier(c: Channel): number {
  if (c.type === 'email') return c.purpose === 'privacy_requests' || c.purpose === 'state_rights' || c.purpose === 'dpo' ? 0 : 1;
  return { postal: 2, webform: 3, phone: 4 }[c.type];
}

/** Within a tier: a channel meant for the requester's jurisdiction, then a general one, then one meant elsewhere. */
function fit(c: Channel, jurisdiction: string): number {
  if (c.jurisdictions.length === 0) return 1;
  return coversJurisdiction(c.jurisdictions, jurisdiction) ? 0 : 2;
}

/** The channel a request will go by, or null when the registry knows none (the request then needs research). */
export function chooseChannel(profile: VendorProfile, jurisdiction: string): ChosenChannel | null {
  const usable = profile.channels.filter((c) => c.purpose !== 'marketing_unsubscribe');
  const ranked = usable
    .map((c, index) => ({ c, index, rank: [tier(c), fit(c, jurisdiction)] as const }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.index - b.index);
  const best = ranked[0]?.c;
  if (!best) return null;
  return { type: best.type, value: best.edited_value ?? best.value, fact_id: best.id };
}
