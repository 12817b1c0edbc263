/**
 * Maps the policy extractor's deadline facts to the engine's VendorPromise. Pure; the registry is loaded by callers.
 */
import type { DeadlineFact, RightCode as ExtractorRight } from '../vendors/extract/types';
import type { VendorPromise } from './compute';
import type { RightCode } from './rules';

/**
 * Extractor right → engine rights it covers. A promise about "access" also covers CCPA's right to know (and vice
 * versa); a sale opt-out promise covers Nevada's sale opt-out. Rights without a response time are dropped:
 * non-discrimination, and marketing unsubscribe (mapping it to GDPR objection would let a marketing-only promise
 * shorten every objection deadline).
 */
const RIGHT_MAP: Record<ExtractorRight, readonly RightCode[]> = {
  access: ['access', 'know'],
  know: ['know', 'access'],
  deletion: ['deletion'],
  correction: ['correction'],
  portability: ['portability'],
  opt_out_sale: ['opt_out_sale', 'nevada_opt_out'],
  opt_out_sharing: ['opt_out_sharing'],
  opt_out_targeted_ads: ['opt_out_targeted_ads'],
  objection: ['objection'],
  restriction: ['restriction'],
  withdraw_consent: ['withdraw_consent'],
  appeal: ['appeal'],
  shine_the_light: ['shine_the_light'],
  nevada_opt_out: ['nevada_opt_out', 'opt_out_sale'],
  non_discrimination: [],
  unsubscribe_marketing: [],
};

function mapExtractorRights(rights: readonly string[]): RightCode[] {
  const out = new Set<RightCode>();
  for (const r of rights) for (const mapped of RIGHT_MAP[r as ExtractorRight] ?? []) out.add(mapped);
  return [...out];
}

/** One VendorPromise per usable fact; facts with no usable right or a non-positive number are skipped. */
export function vendorPromisesFrom(slug: string, deadlines: readonly DeadlineFact[]): VendorPromise[] {
  const promises: VendorPromise[] = [];
  const seen = new Set<string>();
  for (const fact of deadlines) {
    const rights = mapExtractorRights(fact.rights);
    if (rights.length === 0 || !Number.isInteger(fact.days) || fact.days <= 0) continue;
    const key = JSON.stringify([fact.days, fact.unit, rights, fact.jurisdiction]);
    if (seen.has(key)) continue;
    seen.add(key);
    promises.push({
      vendor: slug,
      days: fact.days,
      unit: fact.unit,
      rights,
      jurisdiction: fact.jurisdiction,
      citation: { quote: fact.citation.quote, start: fact.citation.start, end: fact.citation.end, document: slug },
    });
  }
  return promises;
}
