export { importDatasetRecords, type DatasetImportReport, type ImportOptions } from './import.service';
export {
  loadCaRegistry,
  loadDatenanfragen,
  loadShippedDatasets,
  readManifest,
  DATASETS_DIR,
  type LoadedDataset,
} from './load';
export { caRegistryRecords, deobfuscateEmails, mapHeader } from './ca-registry';
export { datenanfragenRecords, type SkippedRecord } from './datenanfragen';
export { bestMatch, matchKeys, normalizeCompanyName, registrableDomain, scorePair, type MatchKeys } from './matching';
export type { DatasetInfo, DatasetRecord, DataQuality } from './record';
