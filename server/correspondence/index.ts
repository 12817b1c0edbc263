export { startInboundReceiver, MAX_INBOUND_BYTES } from './inbound-receiver';
export { receiveInbound, type InboundOutcome } from './inbound.service';
export { referenceFromReplyAddress, referenceInSubject, replyAddressFor } from './reply-address';
