export { startCaptureServer } from './capture';
export {
  ANSWER_UNRECORDED,
  retryWindowExceeded,
  UNCERTAIN_DELIVERY,
  queueEmail,
  queueEmails,
  sendStoredEmail,
  TransientSendError,
  type NewEmail,
  type SendOutcome,
} from './outbound-email';
export { startSmtpSink, type ReceivedMail, type SmtpSink } from './smtp-sink';
export { createMailTransport, type MessageOptions, type SmtpTimeouts } from './transport';
export { FinalDotHookError, verifyFinalDotHook } from './final-dot-check';
export { renderLetter, renderTemplate, TemplateDataError, TEMPLATE_NAMES, type TemplateName } from './templates';
export { letterBodyForPdf, renderLetterPdf } from './letter-pdf';
export type { LetterData } from './letter-data';
export {
  letterCombinations,
  REGIMES,
  RIGHTS,
  UnsupportedLetterError,
  type Regime,
  type RightCode,
} from './letter-data';
export { SAMPLE_DATA, sampleLetterData } from './sample-data';
export { regimeInWords, rightInWords } from './template-helpers';
export { fieldLabel } from './letter-data';
