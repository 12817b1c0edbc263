import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { ingestPolicy } from '../../server/vendors';
import { unique } from '../setup/context';

/**
 * A vendor of the test's own, ingested from one of the seeded policies under a unique slug. Tests that add staff
 * channels, or that need a vendor without any, use one: staff channels added to a seeded vendor would stay in the
 * shared test database and change how every later submission to it is routed.
 */
export async function privateVendorFrom(db: Knex, seed: string): Promise<string> {
  const slug = unique(seed);
  const raw = fs.readFileSync(path.resolve(__dirname, `../../seeds/policies/${seed}.txt`), 'utf8');
  await ingestPolicy(db, { slug, source: `test copy of seeds/policies/${seed}.txt`, raw, retrievedAt: new Date(), actor: { type: 'staff', id: 'tester' } });
  return slug;
}
