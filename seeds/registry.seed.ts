import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { PROJECT_ROOT } from '../server/shared/paths';
import { ingestPolicy, type ReviewDecisions } from '../server/vendors';

// seeds/ in the project root (the compiled build runs from dist/seeds, which holds no policies)
const SEEDS = path.join(PROJECT_ROOT, 'seeds');

/** Ingests every policy in seeds/policies with the staff decisions kept in seeds/registry-review.json. */
export async function seedRegistry(db: Knex): Promise<string> {
  const review = JSON.parse(readFileSync(path.join(SEEDS, 'registry-review.json'), 'utf8')) as Record<
    string,
    ReviewDecisions
  >;
  const files = readdirSync(path.join(SEEDS, 'policies'))
    .filter((f) => /\.(txt|md|html?)$/.test(f))
    .sort();
  let changed = 0;
  for (const file of files) {
    const slug = file.replace(/\.[a-z]+$/, '');
    const result = await ingestPolicy(db, {
      slug,
      source: path.posix.join('seeds', 'policies', file),
      raw: readFileSync(path.join(SEEDS, 'policies', file)),
      filename: file,
      retrievedAt: new Date('2026-11-23T00:00:00Z'),
      decisions: review[slug] ?? {},
      actor: { type: 'system', id: 'seed' },
    });
    if (!result.unchanged) changed++;
  }
  return `registry: ${files.length} policies (${changed} new or changed)`;
}
