import type { Knex } from 'knex';
import { refreshVendorSearchTerms } from '../server/vendors';
import { seedDatasets } from './datasets.seed';
import { seedRegistry } from './registry.seed';

/** Reference data only, safe to re-run: every step is idempotent. Policies first, so datasets merge into their vendors. */
export async function runSeeds(db: Knex, log?: (line: string) => void): Promise<string> {
  const steps = [await seedRegistry(db), await seedDatasets(db, log)];
  // every vendor's search terms, from whatever the steps above wrote (each step refreshes its own vendors as well)
  steps.push(`search terms: ${await refreshVendorSearchTerms(db, 'all')}`);
  // fresh statistics, so the planner uses the search indexes at once (autovacuum would, a while later)
  await db.raw('analyze vendor_search_terms, search_words');
  return steps.join('; ');
}
