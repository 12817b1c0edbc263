export { startInboundReceiver } from './inbound-receiver';
export { replyAddressFor } from './reply-address';
export {
  dispatchRequest,
  onRequestEmailAccepted,
  onRequestEmailRefused,
  recordManualDispatch,
} from './dispatch.service';
export { requestAttachments } from './letter-builder';
export { classifyReply } from './classification/classify';
export { attachInboundMessage, type ClassifiedMessage, type ReplyWorkflow } from './inbound.service';
export {
  inboundMessageForStaff,
  inboundMessageSchema,
  listUnmatchedMail,
  openAttachment,
  recordAttachmentDownload,
  repliesForRequest,
  replyViewSchema,
  sendAttachment,
  unmatchedMailPageSchema,
} from './replies';
export { registerConsumerMailRoutes } from './consumer.routes';
