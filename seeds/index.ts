import type { Knex } from 'knex';
import { seedDatasets } from './datasets.seed';
import { seedRegistry } from './registry.seed';

/** Reference data only, safe to re-run: every step is idempotent. Policies first, so datasets merge into their vendors. */
export async function runSeeds(db: Knex, log?: (line: string) => void): Promise<string> {
  return [await seedRegistry(db), await seedDatasets(db, log)].join('; ');
}
