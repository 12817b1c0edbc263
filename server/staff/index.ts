export {
  BUCKETS,
  compactQueueTallies,
  countBuckets,
  listQueue,
  type Bucket,
  type QueueFilters,
  type QueueRow,
} from './queue.repository';
export { requestDetail } from './request-detail';
export { registerStaffRoutes } from './staff.routes';
export { registerCapturedMailRoutes } from './captured-mail.routes';
