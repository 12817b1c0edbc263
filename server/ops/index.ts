export {
  pruneExpiredRows,
  EXPIRED_TOKEN_GRACE_DAYS,
  IDEMPOTENCY_GRACE_DAYS,
  SIGN_IN_REQUEST_RETENTION_DAYS,
  type PruneResult,
} from './prune';
export { registerStateGauges, sendOutcomeCounter, httpMetricsMiddleware, Registry, type SendOutcome } from './metrics';
export { createApiMetrics } from './metrics.routes';
export { startWorkerMetrics, sendOutcomeOf } from './worker-metrics';
