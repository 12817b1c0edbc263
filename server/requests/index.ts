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
  type RequestStatus,
  type StatusActor,
  type StatusEventData,
} from './request-status';
export { CONSUMER_RIGHTS, intakeBodyFields, requireACompany, type IntakeBody } from './intake.schema';
export { DUPLICATE_WINDOW_MS } from './intake.service';
export {
  ANSWERABLE_STATUSES,
  authenticateConsumer,
  consumerActions,
  isWithinAccess,
  scopeToAccess,
  type ConsumerAccess,
} from './consumer-access';
export { type IntakeOptions } from './limits';
export { chooseChannel } from './routing';
export { drpExerciseFor, drpRegimeFor } from './drp-routing';
export { purgeExpiredPersonalData, ERASED } from './retention';
export { addressSchema, requesterSchema, warningSchema } from './intake.schema';
export { plan as planIntake, refuseUnconfirmedDuplicates, storeSubmission, summaryWarnings } from './intake.service';
export { checkIntake, type CheckedIntake, type VendorCache } from './rules-check';
export { createRequests, type ProfileCache } from './request-creation';
export { insertSubmissions } from './submission-store';
export { withIdempotency, parseIdempotencyKey, type StoredResponse as StoredResponseOf } from './idempotency';
export { dropStatus, dropStatusSchema } from './drop';
export { noticeMessage, type NoticeMessage } from './reply-notice';
export { LinkGoneError } from './link-errors';
export { hashToken, newToken } from './tokens';
export { issueFirstVerification } from './submission-mail';
export { issueConsumerSignIn } from './sign-in.service';
export { fileUnlistedCompanies, researchForRequest, storedUnlisted, unlistedView, unlistedWarnings } from './unlisted';
export type { RequestRoutesDeps };

export function registerRequestRoutes(api: ApiRouter, deps: RequestRoutesDeps): void {
  registerPreviewRoutes(api, deps);
  registerIntakeRoutes(api, deps);
  registerConsumerAccessRoutes(api, deps);
}
