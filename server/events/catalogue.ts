/**
 * The catalogue of event types: every type the portal writes into `events`, the subject it is about and the schema of
 * its payload (`events.data`). `recordEvent` (record.ts) refuses a type that is not here and a payload that does not
 * match, so the history holds only what this file describes.
 *
 * To add a type: one line in CATALOGUE below (`my_type: on('request', { some_id: id, ... })`), then call
 * `recordEvent(trx, { type: 'my_type', ... })`. Payloads hold ids, dates, codes and counts, never personal data (names,
 * addresses, free text of consumers): events are append-only and the retention purge cannot erase them. A status change
 * of a request (`changeRequestStatus`) records `from` and `to` itself: declare its type with `onStatus(...)`.
 * A stored type name changes only with a migration that rewrites the stored rows (as
 * migrations/20261207710001_deadline_event_types.ts did for `clock_*` → `deadline_*`): pick the name with care.
 */
import { z } from 'zod';

/** What an event is about (`events.subject_type`). */
export type EventSubject =
  | 'request'
  | 'submission'
  | 'account'
  | 'principal'
  | 'authorization'
  | 'bulk_upload'
  | 'vendor'
  | 'vendor_fact'
  | 'inbound_message';

/** Who caused it (`events.actor_type`). */
export const EVENT_ACTORS = ['system', 'consumer', 'agent', 'staff', 'vendor'] as const;
export type EventActorType = (typeof EVENT_ACTORS)[number];

const id = z.number().int().positive();
const ids = z.array(id);
const count = z.number().int().nonnegative();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instant = z.iso.datetime({ offset: true });
const code = z.string().min(1).max(100);
const codes = z.array(code);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

interface Entry {
  /** the subject types this event may be about (the first is the default) */
  subjects: readonly [EventSubject, ...EventSubject[]];
  payload: z.ZodType<Record<string, unknown>>;
}

/** An event about `subject` (or one of several) with this payload; unknown keys are refused. */
function on<const Sub extends EventSubject, S extends z.ZodRawShape>(
  subject: Sub | readonly [Sub, ...Sub[]],
  shape: S,
) {
  return {
    subjects: (typeof subject === 'string' ? [subject] : subject) as readonly [Sub, ...Sub[]],
    payload: z.strictObject(shape),
  };
}

const status = z.string().min(1).max(40);
/** A request's status change (written by `changeRequestStatus`, which adds `from` and `to`). */
const onStatus = <S extends z.ZodRawShape>(shape: S) => on('request', { from: status, to: status, ...shape });

/** What a deadline event says about the deadline it stored: dates and the explanation, never names. */
const deadlineFacts = {
  regime: code,
  rule_id: code,
  rules_version: code,
  received: day,
  due: day,
  extended_due: day.nullable(),
  ack_due: day.nullable(),
  effective_due: day,
  generation: count,
  explanation: z.array(z.string()),
};

const channelSource = { channel_fact_id: id.nullable(), vendor_channel_id: id.nullable() };

/** A DRP status the business reported (server/drp/status.service.ts): a status change of the request where its
 * lifecycle allows (`from`, `to`), else the request's status as it stayed (`request_status`). */
const drpStatus = {
  from: status.optional(),
  to: status.optional(),
  drp_status: code,
  drp_reason: code.nullable(),
  source: code,
  business_request_id: z.string().max(500),
  expected_by: z.string().max(100).optional(),
  results_url_given: z.boolean().optional(),
  request_status: status.optional(),
};

export const CATALOGUE = {
  // consumer intake and verification
  submission_received: on('submission', {
    jurisdiction: code,
    vendor_ids: ids,
    rights: codes,
    unlisted_companies: count,
    requester_id: id,
  }),
  verification_sent: on('submission', { verification_email_id: id }),
  verification_resent: on('submission', { verification_email_id: id }),
  submission_verified: on('submission', { verification_token_id: id, request_ids: ids, duplicates_confirmed: codes }),
  submission_filed_by_agent: on('submission', {
    principal_id: id,
    authorization_id: id,
    requester_id: id,
    jurisdiction: code,
    request_ids: ids,
    duplicates_confirmed: codes.optional(),
    bulk_upload_id: id.optional(),
  }),
  request_created: on('request', {
    submission_id: id,
    vendor_id: id,
    right: code,
    requested_as: code,
    status,
    channel_type: code,
    ...channelSource,
    principal_id: id.optional(),
    authorization_id: id.optional(),
  }),
  research_requested: on('vendor', { research_id: id, submission_id: id }),
  personal_data_erased: on('request', { retention_days: count }),
  // California's Delete Request and Opt-out Platform: the day the consumer says they used it (requests/drop.ts)
  drop_submission_recorded: on('request', { submitted_on: day, processing_due_on: day }),

  // letters and their dispatch
  letter_queued: on('request', {
    letter_id: id,
    channel: z.literal('email'),
    outbound_email_id: id,
    language: code.optional(),
    copy_language: code.optional(),
    attachment_document_ids: ids.optional(),
    resend: z.literal(true).optional(),
  }),
  letter_prepared: on('request', {
    letter_id: id,
    channel: code,
    staff_task: z.literal(true),
    language: code.optional(),
    copy_language: code.optional(),
  }),
  letter_mailed: on('request', { letter_id: id, mailed_on: day }),
  letter_accepted_after_failure: on('request', { outbound_email_id: id, accepted_at: instant, status }),
  dispatched: onStatus({
    channel: code,
    outbound_email_id: id.optional(),
    recorded_by: z.union([id, code]).optional(),
    drp_channel_id: id.optional(),
    exercise: code.optional(),
    business_request_id: z.string().max(500).optional(),
    received_at: instant,
  }),
  dispatch_failed: onStatus({
    stage: z.enum(['letter', 'drp']).optional(),
    outbound_email_id: id.optional(),
    inbound_message_id: id.optional(),
  }),

  // the Data Rights Protocol (server/drp): the business's statuses and the portal's checks of them
  drp_open: on('request', drpStatus),
  drp_in_progress: on('request', drpStatus),
  drp_need_user_verification: on('request', drpStatus),
  drp_fulfilled: on('request', drpStatus),
  drp_denied: on('request', drpStatus),
  drp_expired: on('request', drpStatus),
  drp_revoked: on('request', drpStatus),
  drp_verification_link_sent: on('request', { outbound_email_id: id }),
  drp_expected_by_late: on('request', { expected_by: z.string().max(100), effective_due: day }),
  drp_extension_without_reason: on('request', { expected_by: z.string().max(100), previous_expected_by: instant }),
  drp_revoke_requested: on('request', { business_request_id: z.string().max(500).nullable() }),
  drp_revoke_failed: on('request', {}),
  drp_channel_imported: on('vendor', { drp_channel_id: id, business_id: z.string().max(500), document_id: id }),

  // the vendor's replies
  vendor_replied: on('request', { inbound_message_id: id }),
  inbound_attached: on('request', { inbound_message_id: id }),
  // vendor replies understood (issue #20): server/staff/reply-workflow.service.ts and channel-reports.service.ts
  reply_classified: on('request', {
    reply_classification_id: id,
    inbound_message_id: id,
    class: code,
    confidence: z.number().min(0).max(1),
    proposed_action: code.nullable(),
    legal_issue: z.boolean(),
  }),
  reply_proposal_applied: on('request', {
    reply_classification_id: id,
    action: code.nullable(),
    consumer_told: z.boolean(),
    vendor_channel_report_id: id.optional(),
  }),
  reply_proposal_auto_applied: on('request', {
    reply_classification_id: id,
    action: code.nullable(),
    consumer_told: z.boolean(),
    vendor_channel_report_id: id.optional(),
  }),
  reply_proposal_dismissed: on('request', { reply_classification_id: id, action: code.nullable() }),
  // about the staff account that changed it (a setting has no row id of its own; the class is in the payload)
  reply_setting_changed: on('account', {
    class: code,
    auto_apply: z.boolean(),
    min_confidence: z.number().min(0).max(1),
  }),
  channel_reported: on('vendor', {
    vendor_channel_report_id: id,
    kind: code,
    request_id: id.nullable(),
    reply_classification_id: id.nullable(),
    channel_type: code.nullable(),
    proposed_type: code.nullable(),
  }),
  channel_report_confirmed: on('vendor', { vendor_channel_report_id: id, vendor_channel_id: id }),
  channel_report_dismissed: on('vendor', { vendor_channel_report_id: id }),
  reply_attachment_downloaded: on(['request', 'inbound_message'], { inbound_message_id: id, attachment_id: id }),

  // the consumer's actions (consumer_answered is a status change when the request awaited information)
  consumer_answered: on('request', {
    from: status,
    to: status,
    consumer_answer_id: id,
    outbound_email_id: id,
    sent_to: z.enum(['vendor', 'staff']),
    document_id: id.nullable(),
  }),
  withdrawn: onStatus({
    vendor_told: z.union([z.enum(['vendor', 'staff']), z.literal(false)]).optional(),
    outbound_email_id: id.nullable().optional(),
    reason_given: z.boolean().optional(),
  }),

  // staff actions on a request
  assigned: on('request', { assignee_id: id.nullable(), previous_assignee_id: id.nullable() }),
  unassigned: on('request', { assignee_id: id.nullable(), previous_assignee_id: id.nullable() }),
  note_added: on('request', { note_id: id }),
  closed: onStatus({}),
  reopened: onStatus({}),
  resend_requested: onStatus({ letter_id: id.nullable() }),
  escalated: on('request', {
    letter_id: id,
    channel: code,
    outbound_email_id: id.nullable(),
    effective_due: day,
    early: z.literal(true).optional(),
    justification: code.optional(),
  }),
  vendor_response_recorded: onStatus({
    outcome: code,
    received_on: day,
    notice_date: day.optional(),
    new_date: day.nullable().optional(),
    effective_due: day.nullable(),
    deadline_paused: z.boolean().optional(),
  }),
  information_supplied: onStatus({ supplied_on: day, deadline_resumed: z.boolean() }),
  channel_found: onStatus({ vendor_channel_id: id, channel: code }),
  // a status change when the registry vendor has a contact for the request, else the request waits (`still`)
  research_linked: on('request', {
    from: status.optional(),
    to: status.optional(),
    research_id: id,
    from_vendor_id: id,
    to_vendor_id: id,
    channel: code.optional(),
    still: z.literal('needs_research').optional(),
  }),

  // a request's deadline (deadlines/clocks.service.ts)
  deadline_started: on('request', { ...deadlineFacts, vendor_id: id, received_at: instant, milestones: count }),
  deadline_voided: on('request', {
    received_at: instant,
    effective_due: day,
    generation: count,
    closed: z.boolean(),
    cancelled_milestones: count,
  }),
  deadline_paused: on('request', { ...deadlineFacts, paused_since: day }),
  deadline_resumed: on('request', {
    ...deadlineFacts,
    resumed_on: day,
    paused_days: count,
    previous_effective_due: day,
  }),
  deadline_closed: on('request', { effective_due: day, generation: count, cancelled_milestones: count }),
  deadline_reopened: on('request', { effective_due: day, generation: count, closed_at: instant, milestones: count }),
  extension_accepted: on('request', {
    ...deadlineFacts,
    notice_date: day,
    new_date: day.nullable(),
    previous_effective_due: day,
  }),
  extension_refused: on('request', {
    notice_date: day,
    new_date: day.nullable(),
    refusal: code,
    explanation: z.array(z.string()),
    effective_due: day,
  }),

  // accounts
  login_failed: on('account', { failures: count }),
  password_set: on('account', { purpose: z.enum(['set_password', 'reset_password']) }),
  agent_signed_up: on('account', { verification_email_id: id }),
  email_verified: on('account', { token_id: id }),
  email_verification_resent: on('account', { verification_email_id: id }),

  // authorized agents
  principal_created: on('principal', { agent_account_id: id, bulk_upload_id: id.optional() }),
  authorization_uploaded: on('authorization', {
    principal_id: id,
    document_id: id,
    content_type: code,
    byte_size: count,
  }),
  e_authorization_requested: on('authorization', { principal_id: id, outbound_email_id: id, expires_at: instant }),
  e_authorization_confirmed: on('authorization', {
    principal_id: id,
    document_id: id,
    record_sha256: sha256,
    hmac: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  e_authorization_declined: on('authorization', { principal_id: id, held_rows_failed: count }),
  bulk_upload_received: on('bulk_upload', { rows_total: count, byte_size: count }),
  bulk_upload_started: on('bulk_upload', {}),
  bulk_batch_processed: on('bulk_upload', {
    first_row: count,
    last_row: count,
    filed: count,
    failed: count,
    awaiting_authorization: count,
    e_authorizations_sent: count,
  }),
  // the upload's rows counted by their final status
  bulk_upload_processed: on('bulk_upload', {
    filed: count.optional(),
    failed: count.optional(),
    awaiting_authorization: count.optional(),
    pending: count.optional(),
  }),
  bulk_upload_failed: on('bulk_upload', {}),
  held_rows_released: on('bulk_upload', { principal_id: id, authorization_id: id, rows: count }),

  // the vendor registry
  policy_ingested: on('vendor', {
    document_id: id,
    previous_document_id: id.nullable(),
    sha256,
    source: z.string().max(2000),
    added: codes,
    removed: codes,
    kept: count,
  }),
  fact_reviewed: on('vendor_fact', {
    vendor_id: id,
    fact_key: code,
    decision: z.enum(['approve', 'edit', 'reject']),
    previous: code.optional(),
    source: z.string().max(2000).optional(),
  }),
  dataset_record_imported: on('vendor', {
    dataset: code,
    version: code,
    record: z.string().min(1).max(500),
    document_id: id,
    merged: z.boolean().optional(),
    changed: z.literal(true).optional(),
    added: codes.optional(),
    removed: codes.optional(),
  }),
  dataset_record_withdrawn: on('vendor', { dataset: code, record: z.string().min(1).max(500), version: code }),
  channel_added: on('vendor', {
    vendor_channel_id: id,
    type: code,
    source_kind: z.enum(['url', 'note']),
    jurisdictions: codes,
  }),
  // staff chose the language letters to the vendor are written in (null: detected from its sources)
  letter_language_set: on('vendor', { from: code.nullable(), to: code.nullable() }),
  research_resolved: on('vendor', {
    research_ids: ids,
    resolution: z.enum(['channel_added', 'linked']),
    vendor_channel_id: id.optional(),
    linked_vendor_id: id.optional(),
  }),
} satisfies Record<string, Entry>;

export type EventType = keyof typeof CATALOGUE;
/** The payload a caller gives for `T` (before defaults), and the one stored. */
export type EventPayload<T extends EventType> = z.input<(typeof CATALOGUE)[T]['payload']>;

/** Event types of a request whose payload has `from` and `to`: the ones a request's status change may record. */
export type StatusEventType = {
  [T in EventType]: (typeof CATALOGUE)[T]['subjects'][number] extends 'request'
    ? 'from' extends keyof EventPayload<T>
      ? T
      : never
    : never;
}[EventType];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, type);
}
