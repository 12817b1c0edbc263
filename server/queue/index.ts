export { createProducerConnection, createWorkerConnection, isRedisReachable } from './connections';
export {
  cappedBackoff,
  DEFAULT_JOB_OPTIONS,
  jobOptionsFor,
  JOBS,
  QUEUES,
  jobIdFor,
  type JobName,
  type JobPayload,
  type QueueName,
} from './jobs';
export {
  enqueueInTransaction,
  enqueueManyInTransaction,
  relayOutbox,
  startOutboxRelay,
  type RelayResult,
} from './outbox';
export { closeQueues, createQueues } from './queues';
