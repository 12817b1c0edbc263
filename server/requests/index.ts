/** Public API of the requests feature: consumer intake, email verification, consumer access, the status machine. */
import type { ApiRouter } from '../http';
import { registerConsumerAccessRoutes } from './consumer-access.routes';
import { registerIntakeRoutes, type RequestRoutesDeps } from './intake.routes';
import { registerPreviewRoutes } from './preview.routes';

export {
  CLOSED_STATUSES,
  REQUEST_STATUSES,
  TRANSITIONS,
  TransitionRefusedError,
  canTransition,
  changeRequestStatus,
  initialStatus,
  type RequestStatus,
  type StatusActor,
  type StatusChange,
  type StatusChanged,
} from './request-status';
export {
  CONSUMER_RIGHTS,
  MAX_VENDORS,
  MAX_UNLISTED,
  unlistedVendorSchema,
  intakeBodySchema,
  intakeBodyFields,
  requireACompany,
  type IntakeBody,
  type IntakeResponse,
  type IntakeWarning,
} from './intake.schema';
export { submitIntake, DUPLICATE_WINDOW_MS } from './intake.service';
export { resendVerification, verifySubmission, type VerifyResult } from './verification.service';
export {
  ANSWERABLE_STATUSES,
  authenticateConsumer,
  consumerActions,
  consumerRequest,
  consumerSubmission,
  scopeToAccess,
  type ConsumerAccess,
} from './consumer-access';
export { DEFAULT_INTAKE_LIMITS, type IntakeLimits, type IntakeOptions } from './limits';
export { chooseChannel } from './routing';
export { purgeExpiredPersonalData, ERASED, type PurgeResult } from './retention';
export { resolveRight } from './rights';
export { addressSchema, requesterSchema, intakeResponseSchema, warningSchema } from './intake.schema';
export {
  openDuplicates,
  plan as planIntake,
  refuseUnconfirmedDuplicates,
  storeSubmission,
  summaryWarnings,
  type Planned,
} from './intake.service';
export { checkIntake, type CheckedIntake, type VendorCache } from './rules-check';
export {
  createRequests,
  cachedProfile,
  type CreatedRequest,
  type Filer,
  type PlanItem,
  type ProfileCache,
  type SubmissionToFile,
} from './request-creation';
export { withIdempotency, parseIdempotencyKey, type StoredResponse as StoredResponseOf } from './idempotency';
export { recordEvent, type EventSubject } from './events';
export { LinkGoneError } from './link-errors';
export { hashToken, newToken } from './tokens';
export { issueFirstVerification } from './submission-mail';
export { issueConsumerSignIn, redeemSignIn, requestSignInLink, SIGN_IN_TTL_MS } from './sign-in.service';
export {
  fileUnlistedCompanies,
  researchForRequest,
  storedUnlisted,
  unlistedView,
  unlistedWarnings,
  type StoredUnlisted,
} from './unlisted';
export type { RequestRoutesDeps };

export function registerRequestRoutes(api: ApiRouter, deps: RequestRoutesDeps): void {
  registerPreviewRoutes(api, deps);
  registerIntakeRoutes(api, deps);
  registerConsumerAccessRoutes(api, deps);
}
