import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PolicyExtraction } from './extract/types';
import { extractFromRaw } from './extract/index';
import { PROJECT_ROOT } from '../shared/paths';
import { applyReview, type PublishedFact, type ReviewDecisions } from './review';

export interface SeedVendor {
  slug: string;
  /** path relative to the repo root */
  file: string;
  sha256: string;
  normalized: string;
  extraction: PolicyExtraction;
  published: PublishedFact[];
}

// the repo root from tsx, jest and the compiled build in dist/ alike
const REPO_ROOT = PROJECT_ROOT;

export function loadSeedRegistry(root: string = REPO_ROOT): SeedVendor[] {
  const dir = path.join(root, 'seeds', 'policies');
  const review = loadReview(path.join(root, 'seeds', 'registry-review.json'));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const slug = file.replace(/\.txt$/, '');
      const bytes = readFileSync(path.join(dir, file));
      const { normalized, extraction } = extractFromRaw(bytes, { filename: file });
      return {
        slug,
        file: path.posix.join('seeds', 'policies', file),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        normalized,
        extraction,
        published: applyReview(extraction, review[slug] ?? {}),
      };
    });
}

function loadReview(file: string): Record<string, ReviewDecisions> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, ReviewDecisions>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}
