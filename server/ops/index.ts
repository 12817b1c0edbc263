export { pruneExpiredRows } from './prune';
export { createApiMetrics } from './metrics.routes';
export { startWorkerMetrics, sendOutcomeOf } from './worker-metrics';
