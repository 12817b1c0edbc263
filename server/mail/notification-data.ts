/**
 * Data schemas for the notifications (consumer, staff, agent) and the regulator complaint draft.
 * Vendor letters live in letter-data.ts.
 */
import { z } from 'zod';
import { addressSchema, agentSchema, isoDate, REGIMES, RIGHTS, text, vendorSchema } from './letter-data';
import { REGULATOR_CODES, REGULATORS } from './regulators';

const reference = () => z.string().regex(/^DR-\d{4}-\d{6,}$/, 'reference must look like DR-2026-000123');
// Links go into href attributes; only http(s) so a javascript: URL can never become a button.
const link = () => z.url({ protocol: /^https?$/ });
const dateTime = () => z.iso.datetime({ offset: true });
const right = () => z.enum(RIGHTS);
/** What a date is (server/deadlines dueStatement): the statute's deadline, the company's promise, or a follow-up point. */
const dueFacts = {
  due_kind: z.enum(['statute', 'promise', 'follow_up']),
  citation: text(),
  legal_due: isoDate().nullable(),
  legal_citation: text(),
};
const withRegulator = <T extends { regulator_code: keyof typeof REGULATORS }>(d: T) => ({
  ...d,
  regulator: REGULATORS[d.regulator_code],
});

export const NOTIFICATION_SCHEMAS = {
  // What the click confirms, before it is clicked: each company and right, the warnings (e.g. "your products will stop
  // working"), and open requests the address already has for the same thing (told only to the address owner).
  consumer_verify: z.object({
    consumer_name: text(),
    verify_url: link(),
    expires_at: dateTime(),
    requests: z.array(z.object({ vendor_name: text(), rights: z.array(right()).min(1) })),
    warnings: z.array(z.object({ vendor_name: text().optional(), message: text() })),
    duplicates: z.array(z.object({ reference: reference(), vendor_name: text(), right: right(), filed_on: isoDate() })),
    unlisted_companies: z.array(text()).max(5).optional(),
  }),
  consumer_request_sent: z.object({
    consumer_name: text(),
    reference: reference(),
    vendor_name: text(),
    channel: z.enum(['email', 'postal']),
    sent_at: isoDate(),
    due: isoDate(),
    letter_subject: text(),
    letter_text: text(),
    /** the language the company's letter went in, by name, when the copy below is in another (the consumer's) */
    letter_language: text().optional(),
    request_url: link(),
    ...dueFacts,
  }),
  consumer_vendor_replied: z.object({
    consumer_name: text(),
    reference: reference(),
    vendor_name: text(),
    received_at: dateTime(),
    excerpt: text().optional(),
    request_url: link(),
  }),
  // A vendor reply explained in plain words once staff (or a rule they agreed to) acted on its classification:
  // "Sonos asked for proof of identity; here is how to answer", with the link to do it.
  consumer_reply_explained: z
    .object({
      consumer_name: text(),
      reference: reference(),
      vendor_name: text(),
      headline: text(),
      paragraphs: z.array(text()).min(1),
      action_label: text().optional(),
      action_url: link().optional(),
      request_url: link(),
    })
    .refine((d) => !d.action_url === !d.action_label, { path: ['action_label'], message: 'a link needs its label' }),
  // DRP 1.0 §3.02.1: the business needs the consumer to verify their identity at its own page.
  consumer_drp_verification: z.object({
    consumer_name: text(),
    reference: reference(),
    vendor_name: text(),
    verification_url: link(),
    request_url: link(),
  }),
  consumer_extension_announced: z.object({
    consumer_name: text(),
    reference: reference(),
    vendor_name: text(),
    original_due: isoDate(),
    extended_due: isoDate(),
    basis_text: text(),
    citation: text(),
    vendor_reason: text().optional(),
    request_url: link(),
  }),
  // Says which date was missed; the regulator and the complaint are offered only once a LEGAL deadline has passed.
  consumer_overdue: z
    .object({
      consumer_name: text(),
      reference: reference(),
      vendor_name: text(),
      due: isoDate(),
      days_overdue: z.number().int().positive(),
      ...dueFacts,
      regulator_code: z.enum(REGULATOR_CODES).optional(),
      follow_up_url: link(),
      complaint_url: link().optional(),
    })
    .transform((d) => ({ ...d, regulator: d.regulator_code ? REGULATORS[d.regulator_code] : undefined })),
  regulator_complaint_draft: z
    .object({
      reference: reference(),
      regulator_code: z.enum(REGULATOR_CODES),
      complainant: z.object({ name: text(), email: z.email(), address: addressSchema.optional() }),
      agent: agentSchema.optional(),
      vendor: vendorSchema.pick({ name: true, legal_entity: true, email: true, postal_address: true }),
      right: right(),
      regime: z.enum(REGIMES),
      request_date: isoDate(),
      due: isoDate(),
      basis_text: text(),
      citation: text(),
      events: z.array(z.object({ date: isoDate(), description: text() })).min(1),
      vendor_response: text().nullable(),
    })
    .transform(withRegulator),
  staff_reminder: z.object({
    staff_name: text(),
    kind: z.enum(['ack_due', 'reminder_7d', 'reminder_2d', 'due']),
    reference: reference(),
    vendor_name: text(),
    right: right(),
    regime: z.enum(REGIMES),
    due: isoDate(),
    request_url: link(),
    ...dueFacts,
  }),
  staff_vendor_replied: z.object({
    staff_name: text(),
    reference: reference(),
    vendor_name: text(),
    received_at: dateTime(),
    from_address: z.email(),
    reply_subject: text(),
    excerpt: text(),
    request_url: link(),
  }),
  agent_authorization_request: z.object({
    principal_name: text(),
    agent_name: text(),
    agent_organisation: text().optional(),
    vendor_names: z.array(text()).min(1),
    rights: z.array(right()).min(1),
    confirm_url: link(),
    decline_url: link(),
    expires_at: dateTime(),
  }),
  agent_verify_email: z.object({ agent_name: text(), verify_url: link(), expires_at: dateTime() }),
  staff_password_set: z.object({ staff_name: text(), set_url: link(), expires_at: dateTime() }),
  consumer_sign_in: z.object({ sign_in_url: link(), expires_at: dateTime() }),
  consumer_letter_returned: z.object({
    recipient_name: text(),
    reference: reference(),
    vendor_name: text(),
    reason: text(),
    request_url: link(),
  }),
  staff_letter_returned: z.object({
    staff_name: text(),
    reference: reference(),
    vendor_name: text(),
    channel_value: text(),
    reason: text(),
    request_url: link(),
  }),
  staff_unmatched_mail: z.object({
    staff_name: text(),
    from_address: text(),
    reply_subject: text(),
    received_at: dateTime(),
    excerpt: text(),
    inbox_url: link(),
  }),
  vendor_consumer_answer: z.object({
    vendor_name: text(),
    requester_name: text(),
    reference: reference(),
    subject: text(),
    answer_text: text(),
    document_name: text().optional(),
  }),
  vendor_withdrawal: z.object({
    vendor_name: text(),
    requester_name: text(),
    reference: reference(),
    subject: text(),
    sent_on: isoDate(),
    reason: text().optional(),
  }),
};
