export { extractFromRaw, extractPolicy, normalizePolicy, PolicyInputError } from './extract';
export type { DeadlineFact, PolicyExtraction } from './extract/types';
export { ingestPolicy, type IngestInput, type IngestResult } from './ingest.service';
export { getPublishedVendors, publishedVendorsWithRevision, getVendorProfile, vendorDeadlineFacts, type PublishedVendor, type VendorProfile } from './registry.repository';
export { refreshVendorSearchTerms, searchVendors, type VendorSummary } from './search';
export { applyReview, type ReviewDecisions } from './review';
export { reviewFact, type StaffDecision } from './review.service';
export { loadSeedRegistry, type SeedVendor } from './seed-registry';
export { registerVendorRoutes } from './vendors.routes';
