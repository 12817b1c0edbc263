import type { Knex } from 'knex';

/**
 * Reference data only, safe to re-run. Each step is idempotent (upserts keyed by natural keys).
 */
export async function runSeeds(_db: Knex): Promise<string> {
  const steps: string[] = [];
  return steps.join(', ') || 'nothing to seed yet';
}
