import type { Knex } from 'knex';
import { seedRegistry } from './registry.seed';

/** Reference data only, safe to re-run: every step is idempotent. */
export async function runSeeds(db: Knex): Promise<string> {
  return [await seedRegistry(db)].join('; ');
}
