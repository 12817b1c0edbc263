export { pruneExpiredRows, EXPIRED_TOKEN_GRACE_DAYS, IDEMPOTENCY_GRACE_DAYS, SIGN_IN_REQUEST_RETENTION_DAYS, type PruneResult } from './prune';
