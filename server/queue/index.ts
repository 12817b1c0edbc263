export { createProducerConnection, createWorkerConnection, isRedisReachable } from './connections';
export { cappedBackoff, JOBS, QUEUES, jobIdFor, type JobName, type QueueName } from './jobs';
export {
  enqueueInTransaction,
  enqueueManyInTransaction,
  outboxInsertSql,
  relayOutbox,
  startOutboxRelay,
} from './outbox';
export { closeQueues, createQueues } from './queues';
