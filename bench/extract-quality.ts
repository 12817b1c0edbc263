/**
 * Per-field precision / recall of the policy extractor over hand-labelled policies:
 * the five seeds (labels in test/fixtures/registry) plus real policies in bench/policies.
 * Run: npx tsx bench/extract-quality.ts
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { extractFromRaw } from '../server/vendors/extract/index';
import { FIELDS, ratio, score, type Counts, type Field, type PolicyLabels } from './extract-score';

const ROOT = path.resolve(__dirname, '..');

interface Case {
  name: string;
  raw: string;
  filename?: string;
  labels: PolicyLabels;
}

function cases(): Case[] {
  const out: Case[] = [];
  const seedDir = path.join(ROOT, 'seeds', 'policies');
  for (const f of readdirSync(seedDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const slug = f.replace(/\.txt$/, '');
    const labels = JSON.parse(
      readFileSync(path.join(ROOT, 'test', 'fixtures', 'registry', `${slug}.json`), 'utf8'),
    ) as PolicyLabels;
    out.push({ name: `seed/${slug}`, raw: readFileSync(path.join(seedDir, f), 'utf8'), filename: f, labels });
  }
  const benchDir = path.join(ROOT, 'bench', 'policies');
  for (const f of readdirSync(benchDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const slug = f.replace(/\.txt$/, '');
    // The first line records where the text came from; it is not part of the policy.
    const raw = readFileSync(path.join(benchDir, f), 'utf8').replace(/^# source:[^\n]*\n/, '');
    const labels = JSON.parse(readFileSync(path.join(benchDir, `${slug}.labels.json`), 'utf8')) as PolicyLabels;
    out.push({ name: `bench/${slug}`, raw, labels });
  }
  return out;
}

function main(): void {
  const totals = Object.fromEntries(FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<Field, Counts>;
  let decoys = 0;
  const all = cases();
  for (const c of all) {
    const { extraction } = extractFromRaw(c.raw, c.filename ? { filename: c.filename } : undefined);
    const s = score(extraction, c.labels);
    decoys += s.decoy_hits;
    const misses = FIELDS.filter((f) => s[f].fp > 0 || s[f].fn > 0).map((f) => `${f}(fp=${s[f].fp},fn=${s[f].fn})`);
    console.log(`${c.name.padEnd(46)} ${misses.length ? misses.join(' ') : 'all fields match'}`);
    for (const f of FIELDS) {
      totals[f].tp += s[f].tp;
      totals[f].fp += s[f].fp;
      totals[f].fn += s[f].fn;
    }
  }
  const fmt = (v: number | null) => (v === null ? '  n/a' : v.toFixed(3));
  console.log(`\n${all.length} policies (${all.filter((c) => c.name.startsWith('bench/')).length} beyond the seeds)`);
  console.log('field            precision  recall   tp  fp  fn');
  for (const f of FIELDS) {
    const t = totals[f];
    console.log(
      `${f.padEnd(16)} ${fmt(ratio(t.tp, t.tp + t.fp)).padStart(9)} ${fmt(ratio(t.tp, t.tp + t.fn)).padStart(7)} ${String(t.tp).padStart(4)}${String(t.fp).padStart(4)}${String(t.fn).padStart(4)}`,
    );
  }
  console.log(`decoy numbers reported as deadlines: ${decoys}`);
}

main();
