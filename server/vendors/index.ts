export { extractFromRaw, extractPolicy, MAX_INPUT_BYTES, normalizePolicy, PolicyInputError } from './extract';
export { postalAddressee } from './extract/postal';
export type { DeadlineFact, PolicyExtraction } from './extract/types';
export { ingestPolicy, type IngestInput, type IngestResult } from './ingest.service';
export {
  getPublishedVendors,
  publishedVendorsWithRevision,
  getVendorProfile,
  vendorDeadlineFacts,
  type PublishedVendor,
  type VendorProfile,
} from './registry.repository';
export { refreshVendorSearchTerms, searchVendors, type VendorSummary } from './search';
export { applyReview, type ReviewDecisions } from './review';
export { reviewFact, type StaffDecision } from './review.service';
export { loadSeedRegistry, type SeedVendor } from './seed-registry';
export { registerVendorRoutes } from './vendors.routes';
export {
  importDatasetRecords,
  loadShippedDatasets,
  loadDatenanfragen,
  loadCaRegistry,
  type DatasetImportReport,
  type LoadedDataset,
} from './datasets';
export {
  createPolicyIntake,
  discardPolicyIntake,
  listPolicyIntakes,
  policyIntakeView,
  publishPolicyIntake,
  slugFor,
  type IntakeDecision,
  type IntakeSource,
  type PolicyIntakeDeps,
} from './policy-intake.service';
export {
  recheckDuePolicies,
  recheckVendorPolicy,
  vendorPolicyChanges,
  type RecheckOutcome,
} from './policy-watch.service';
export { pdfToText } from './pdf-text';
