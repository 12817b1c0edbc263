import type { Knex } from 'knex';
import { ruleFor } from '../deadlines';
import { DRP_EXERCISES, DRP_REGIMES, type RightCode } from '../shared/legal-vocabulary';

export interface DrpChannelRow {
  vendor_id: number;
  business_id: string;
  name: string;
  api_base: string;
  supported_actions: string[];
}

/** The DRP channels (server/drp) of these vendors that are not retired, one per vendor (the newest). */
export async function drpChannelsOf(
  db: Knex | Knex.Transaction,
  vendorIds: readonly number[],
): Promise<Map<number, DrpChannelRow>> {
  if (vendorIds.length === 0) return new Map();
  const rows: DrpChannelRow[] = await db('drp_channels')
    .whereIn('vendor_id', [...new Set(vendorIds)])
    .whereNull('retired_at')
    .orderBy('id')
    .select('vendor_id', 'business_id', 'name', 'api_base', 'supported_actions');
  return new Map(rows.map((r) => [Number(r.vendor_id), r]));
}

/**
 * The DRP action a request is sent as, in the spelling the business's directory entry uses (DRP 1.0 §3.01 spells the
 * opt-out `sale:opt_out`, its §2.01 example `sale:opt-out`), or null when DRP does not carry this right under this
 * law for this business: then the letter goes as before.
 */
export function drpExerciseFor(channel: DrpChannelRow, right: string, jurisdiction: string): string | null {
  const regime = ruleFor(jurisdiction, right)?.regime;
  if (!regime || !DRP_REGIMES[regime]) return null;
  const exercise = DRP_EXERCISES[right as RightCode];
  if (!exercise) return null;
  const spellings = exercise === 'sale:opt_out' ? ['sale:opt_out', 'sale:opt-out'] : [exercise];
  return channel.supported_actions.find((a) => spellings.includes(a)) ?? null;
}

/** The DRP `regime` of a request (DRP 1.0 §2.01): "ccpa", or none (voluntary processing). */
export function drpRegimeFor(jurisdiction: string, right: string): string | null {
  const regime = ruleFor(jurisdiction, right)?.regime;
  return (regime && DRP_REGIMES[regime]) ?? null;
}
