export { MAX_INPUT_BYTES } from './extract';
export { postalAddressee } from './extract/postal';
export type { DeadlineFact } from './extract/types';
export { ingestPolicy } from './ingest.service';
export {
  getPublishedVendors,
  publishedVendorsWithRevision,
  getVendorProfile,
  vendorDeadlineFacts,
  type PublishedVendor,
  type VendorProfile,
} from './registry.repository';
export { refreshVendorSearchTerms } from './search';
export { refreshVendorResponsiveness } from './responsiveness';
export { type ReviewDecisions } from './review';
export { listDraftFacts, reviewFact } from './review.service';
export { loadSeedRegistry } from './seed-registry';
export { registerVendorRoutes } from './vendors.routes';
export { importDatasetRecords, loadShippedDatasets, type DatasetImportReport, type LoadedDataset } from './datasets';
export {
  createPolicyIntake,
  discardPolicyIntake,
  listPolicyIntakes,
  policyIntakeView,
  publishPolicyIntake,
  type IntakeSource,
} from './policy-intake.service';
export { recheckDuePolicies, recheckVendorPolicy, vendorPolicyChanges } from './policy-watch.service';
export { pdfToText } from './pdf-text';
export { checkDueGpcSupport, checkGpcSupportBySlug, GPC_FETCH_OPTIONS } from './gpc-support';
export { gpcCheckSchema } from './vendors.routes';
export { detectStoredPolicyLanguages, vendorLetterLanguage } from './letter-language';
