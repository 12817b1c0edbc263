import type { Knex } from 'knex';
import {
  importDatasetRecords,
  loadShippedDatasets,
  type DatasetImportReport,
  type LoadedDataset,
} from '../server/vendors';

/**
 * Loads the open datasets shipped in seeds/datasets (see PROVENANCE.md) into the registry. Idempotent: records
 * whose text is unchanged are skipped; a newer dataset version gives a fact-level diff and flags changed vendors.
 */
export async function seedDatasets(
  db: Knex,
  log: (line: string) => void = () => {},
  datasets?: LoadedDataset[],
): Promise<string> {
  const started = Date.now();
  const loaded = datasets ?? loadShippedDatasets();
  for (const d of loaded) {
    log(
      `datasets: read ${d.info.name} ${d.info.version}: ${d.records.length} records, ${d.skipped.length} skipped${d.columns ? `, ${d.columns} columns` : ''} (${Date.now() - started} ms)`,
    );
    if (d.unknownColumns.length)
      log(`datasets: ${d.info.name}: unknown columns kept as text: ${d.unknownColumns.join(' | ')}`);
  }
  const reports = await importDatasetRecords(
    db,
    loaded.flatMap((d) => d.records),
    {
      actor: { type: 'system', id: 'seed' },
      now: new Date(),
      complete: true,
      onProgress: (m) => log(`datasets: ${m} (${Date.now() - started} ms)`),
    },
  );
  for (const d of loaded) reports.find((r) => r.dataset === d.info.id)?.skipped.unshift(...d.skipped);
  for (const line of reportLines(reports)) log(line);
  return (
    reports
      .map(
        (r) =>
          `${r.dataset} ${r.version}: ${r.imported} imported, ${r.merged.length} merged, ${r.changed.length} changed, ${r.unchanged} unchanged, ${r.skipped.length} skipped`,
      )
      .join('; ') + ` (${Date.now() - started} ms)`
  );
}

function reportLines(reports: DatasetImportReport[]): string[] {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(
      `datasets: ${r.dataset} ${r.version}: ${r.records} records — imported ${r.imported}, merged ${r.merged.length}, changed ${r.changed.length}, unchanged ${r.unchanged}, withdrawn ${r.withdrawn.length}, skipped ${r.skipped.length}, ambiguous ${r.ambiguous.length}, conflicts ${r.conflicts.length}, facts stored ${r.facts}`,
    );
    for (const m of r.merged) lines.push(`  merged ${m.record} into ${m.vendor} (${m.reasons.join(', ')})`);
    for (const a of r.ambiguous) lines.push(`  not merged ${a.record}: matches ${a.candidates.join(', ')} equally`);
    for (const c of r.changed)
      lines.push(`  changed ${c.record} (${c.vendor}): +${c.added.length} -${c.removed.length} facts`);
    for (const c of r.conflicts) lines.push(`  conflict at ${c.vendor}: ${c.values.join(' vs ')}`);
    for (const s of r.skipped) lines.push(`  skipped ${s.record}: ${s.reason}`);
    for (const w of r.withdrawn) lines.push(`  withdrawn ${w}`);
  }
  return lines;
}
