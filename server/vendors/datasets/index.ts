export { importDatasetRecords, type DatasetImportReport } from './import.service';
export { loadCaRegistry, loadShippedDatasets, type LoadedDataset } from './load';
export { caRegistryRecords, deobfuscateEmails, mapHeader } from './ca-registry';
export { datenanfragenRecords, type SkippedRecord } from './datenanfragen';
export { bestMatch, matchKeys, normalizeCompanyName, registrableDomain, scorePair } from './matching';
export type { DatasetInfo, DatasetRecord } from './record';
