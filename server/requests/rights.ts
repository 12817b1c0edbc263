import { RULES, rightsAvailable, type RightCode } from '../deadlines';
import type { ConsumerRight } from './intake.schema';

/**
 * The consumer says "opt out"; each law names that right differently. Order matters: Nevada's own opt-out first
 * (its letter cites NRS 603A), then the US sale opt-out (CCPA letters cover sale and sharing together), then the
 * GDPR-style objection.
 */
const OPT_OUT_PREFERENCE: readonly RightCode[] = ['nevada_opt_out', 'opt_out_sale', 'objection'];

/** Codes that mean the same right in a jurisdiction: stored as the first, so duplicates are recognised. */
const SAME_RIGHT: Readonly<Record<string, Partial<Record<RightCode, RightCode>>>> = {
  'US-NV': { opt_out_sale: 'nevada_opt_out' },
};

/** Rights a vendor's registry facts may name for the same thing (the extractor says opt_out_sale for Nevada). */
const EQUIVALENT: readonly (readonly string[])[] = [
  ['opt_out_sale', 'nevada_opt_out'],
  ['access', 'know'],
];

export function sameRight(a: string, b: string): boolean {
  return a === b || EQUIVALENT.some((group) => group.includes(a) && group.includes(b));
}

export const OPT_OUT_RIGHTS: readonly string[] = ['opt_out_sale', 'opt_out_sharing', 'opt_out_targeted_ads', 'nevada_opt_out', 'limit_sensitive'];

function lawName(jurisdiction: string): string {
  const names = [...new Set(RULES.filter((r) => r.jurisdictions.includes(jurisdiction)).map((r) => r.regimeName))];
  return names.join(' / ');
}

export type ResolvedRight = { ok: true; right: RightCode } | { ok: false; message: string };

/** The concrete right a consumer's choice means in a jurisdiction, or why it does not exist there. */
export function resolveRight(jurisdiction: string, requested: ConsumerRight): ResolvedRight {
  const available = rightsAvailable(jurisdiction);
  const list = available.join(', ');
  if (requested === 'opt_out') {
    const right = OPT_OUT_PREFERENCE.find((r) => available.includes(r));
    if (right) return { ok: true, right };
    return { ok: false, message: `${lawName(jurisdiction)} (${jurisdiction}) has no opt-out right; available: ${list}` };
  }
  if (!available.includes(requested)) {
    const hint = OPT_OUT_RIGHTS.includes(requested) && available.includes('objection') ? ' (the opt-out here is the right to object: use "objection" or "opt_out")' : '';
    return { ok: false, message: `"${requested}" is not a right under ${lawName(jurisdiction)} (${jurisdiction})${hint}; available: ${list}` };
  }
  return { ok: true, right: SAME_RIGHT[jurisdiction]?.[requested] ?? requested };
}
