export { BUCKETS, compactQueueTallies, countBuckets } from './queue.repository';
export { requestDetail } from './request-detail';
export { createReplyWorkflow } from './reply-workflow.service';
export { registerStaffRoutes } from './staff.routes';
export { registerCapturedMailRoutes } from './captured-mail.routes';
