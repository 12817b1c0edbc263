export { startInboundReceiver, MAX_INBOUND_BYTES } from './inbound-receiver';
export { receiveInbound, type InboundOutcome } from './inbound.service';
export { referenceFromReplyAddress, referenceInSubject, replyAddressFor } from './reply-address';
export {
  dispatchRequest,
  onRequestEmailAccepted,
  onRequestEmailRefused,
  recordManualDispatch,
  type DispatchOutcome,
  type ManualDispatch,
} from './dispatch.service';
export { prepareRequestLetter, requestAttachments } from './letter-builder';
export { letterDataFor, POSTAL_TRANSIT_DAYS, type LetterInput } from './letter-data';
export { attachInboundMessage } from './inbound.service';
export {
  inboundMessageForStaff,
  listUnmatchedMail,
  openAttachment,
  repliesForRequest,
  sanitizeReplyHtml,
  sendAttachment,
  type ReplyView,
} from './replies';
export { acceptsRecipient } from './inbound-receiver';
export { answerVendor, withdrawRequest, MAX_ANSWER_DOCUMENT_BYTES } from './consumer-actions';
export { registerConsumerMailRoutes } from './consumer.routes';
