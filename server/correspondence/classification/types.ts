/**
 * What a vendor's message means for its request. The classifier (`classify.ts`) is the only producer of a
 * `ReplyClassification`; inbound mail, the staff queue and the `reply:classify` CLI consume it.
 */
export const REPLY_CLASSES = [
  'acknowledgement',
  'information_requested',
  'extension',
  'fulfilled',
  'partially_fulfilled',
  'denied',
  'wrong_channel',
  'bounce',
  'auto_reply',
  'unrelated',
] as const;
export type ReplyClass = (typeof REPLY_CLASSES)[number];

/** A phrase of the message that a rule matched, with its character span in the text the rule ran over. */
export interface ReplyEvidence {
  phrase: string;
  start: number;
  end: number;
  /** the rule's name, e.g. `extension.de.verlaengern` */
  rule: string;
  /**
   * where the phrase is: the message text (the default when absent; spans are offsets into `ReplyInput.text`, or
   * into the text made from it when it was HTML), the subject, a header line (`name: value`) or an attachment's
   * content type
   */
  source?: 'text' | 'subject' | 'header' | 'attachment';
}

export interface ReplyExtraction {
  /** an explicit new date (ISO yyyy-mm-dd) the vendor gave, if any */
  new_due_date: string | null;
  /** "we are extending by 45 days": the number of days, when stated */
  extension_days: number | null;
  /**
   * "extended by two further months": the number of months, when the notice states months (GDPR Art. 12(3) counts
   * calendar months; turning them into days here would be off by up to three days, so the consumer of this field
   * adds months with the calendar). At most one of `extension_days` and `extension_months` is set; weeks are days.
   */
  extension_months?: number | null;
  /** the web form, portal or download link the message points to */
  url: string | null;
  /** the stated reason (of a denial or an extension), as a short code and the vendor's own words */
  reason: string | null;
  reason_text: string | null;
  /** what the vendor asks the consumer for (`government_id`, `account_email`, `address`, ...) */
  requested_items: string[];
}

export interface ReplyClassification {
  class: ReplyClass;
  /** 0..1 */
  confidence: number;
  /** ISO 639-1 code of the language the rules matched in, or null */
  language: string | null;
  evidence: ReplyEvidence[];
  extracted: ReplyExtraction;
}

/** The message as the classifier sees it; quoted earlier messages and signatures are stripped by the classifier. */
export interface ReplyInput {
  subject: string | null;
  text: string;
  /** lower-cased header names, e.g. `auto-submitted`, `x-autoreply`, `content-type` */
  headers?: Record<string, string>;
  /** the date the message was received, to resolve "within 45 days" style dates */
  receivedAt?: Date;
  /** the message's attachments (a fulfilled access request often comes as a PDF or ZIP) */
  attachments?: { filename: string | null; contentType: string }[];
}
