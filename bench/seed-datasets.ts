/**
 * Seeding the open datasets: both shipped datasets (Datenanfragen.de, 3,069 companies and 116 obsolete records; the
 * California data broker registry, 433 brokers) into a freshly created and migrated database, then again (idempotent).
 * Target: both datasets in under 60 s. Run: npx tsx bench/seed-datasets.ts
 * Uses BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/drp_bench_datasets (dropped and recreated).
 */
import { performance } from 'node:perf_hooks';
import { createDb, ensureDatabase } from '../server/db';
import { loadShippedDatasets } from '../server/vendors';
import { seedDatasets } from '../seeds/datasets.seed';
import { seedRegistry } from '../seeds/registry.seed';

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/drp_bench_datasets';
  const name = new URL(url).pathname.slice(1);
  const admin = createDb(url.replace(/\/[^/]*$/, '/postgres'), 1);
  await admin.raw(`drop database if exists ${name.replace(/[^a-z0-9_]/g, '')}`);
  await admin.destroy();
  await ensureDatabase(url);
  const db = createDb(url, 2);
  try {
    await db.migrate.latest();
    await seedRegistry(db);
    const t0 = performance.now();
    const loaded = loadShippedDatasets();
    const t1 = performance.now();
    const first = await seedDatasets(db, (line) => console.log(`  ${line}`), loaded);
    const t2 = performance.now();
    const second = await seedDatasets(db, () => {}, loadShippedDatasets());
    const t3 = performance.now();
    const [{ vendors }] = (await db('vendors').count({ vendors: '*' })) as [{ vendors: string }];
    const [{ facts }] = (await db('vendor_facts').count({ facts: '*' })) as [{ facts: string }];
    console.log(
      `read and render both datasets: ${(t1 - t0).toFixed(0)} ms (${loaded.reduce((n, d) => n + d.records.length, 0)} records)`,
    );
    console.log(`first import (fresh database): ${(t2 - t1).toFixed(0)} ms — ${first}`);
    console.log(`first seed total (read + import): ${(t2 - t0).toFixed(0)} ms (target 60,000 ms)`);
    console.log(`second seed (same data, nothing changes): ${(t3 - t2).toFixed(0)} ms — ${second}`);
    console.log(`registry now: ${vendors} vendors, ${facts} facts`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
