import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../shared/paths';
import { caRegistryRecords } from './ca-registry';
import { datenanfragenRecords, type SkippedRecord } from './datenanfragen';
import type { DatasetInfo, DatasetRecord } from './record';

// from the project root, so it resolves the same from tsx, jest and the compiled build in dist/
const DATASETS_DIR = path.join(PROJECT_ROOT, 'seeds', 'datasets');

interface ManifestEntry extends Omit<DatasetInfo, 'id'> {
  files: string[];
}

function readManifest(dir: string = DATASETS_DIR): Record<string, ManifestEntry> {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
}

export interface LoadedDataset {
  info: DatasetInfo;
  records: DatasetRecord[];
  skipped: SkippedRecord[];
  /** CSV headers the importer did not know (reported, their values kept in each record's text) */
  unknownColumns: string[];
  columns?: number;
}

/** The Datenanfragen.de company database from its directory (companies.jsonl, obsolete-records.jsonl). */
function loadDatenanfragen(dir: string, info: DatasetInfo, relDir = 'seeds/datasets/datenanfragen'): LoadedDataset {
  const skipped: SkippedRecord[] = [];
  const obsoletePath = path.join(dir, 'obsolete-records.jsonl');
  let obsolete: string | undefined;
  try {
    obsolete = readFileSync(obsoletePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const records = datenanfragenRecords(
    { companies: readFileSync(path.join(dir, 'companies.jsonl'), 'utf8'), obsolete },
    info,
    skipped,
  );
  for (const r of records)
    r.source = `${relDir}/${r.attachTo ? 'obsolete-records.jsonl' : 'companies.jsonl'}#${r.recordKey}`;
  return { info, records, skipped, unknownColumns: [] };
}

/** A California data broker registry CSV (2021 layout or the current 77-column one). */
export function loadCaRegistry(
  file: string,
  info: DatasetInfo,
  relFile = 'seeds/datasets/ca-data-broker-registry/registry-2021-05.csv',
): LoadedDataset {
  const skipped: SkippedRecord[] = [];
  const { records, unknownColumns, columns } = caRegistryRecords(readFileSync(file, 'utf8'), info, skipped);
  for (const r of records) r.source = `${relFile}#${r.recordKey}`;
  return { info, records, skipped, unknownColumns, columns };
}

/** Both datasets the project ships, as the manifest describes them. */
export function loadShippedDatasets(dir: string = DATASETS_DIR): LoadedDataset[] {
  const manifest = readManifest(dir);
  const info = (id: string): DatasetInfo => {
    const m = manifest[id];
    if (!m) throw new Error(`seeds/datasets/manifest.json has no entry "${id}"`);
    return { id, name: m.name, version: m.version, date: m.date };
  };
  const ca = manifest['ca-data-broker-registry']!.files.find((f) => f.endsWith('.csv'))!;
  return [
    loadDatenanfragen(path.join(dir, 'datenanfragen'), info('datenanfragen')),
    loadCaRegistry(path.join(dir, ca), info('ca-data-broker-registry'), `seeds/datasets/${ca}`),
  ];
}
