import type { Knex } from 'knex';
import { z } from 'zod';
import { repliesForRequest, replyViewSchema } from '../correspondence';
import { dueStatement } from '../deadlines';
import { dropStatus, dropStatusSchema, TRANSITIONS, researchForRequest, type RequestStatus } from '../requests';
import type { Clock } from '../shared/clock';
import { readDocument } from '../shared/documents';
import { allowedActions, allowedResponses } from './actions';
import { listReplyClassifications, replyClassificationSchema } from './reply-classifications.repository';

const nullableString = z.string().nullable();

/** `requestDetail` as the API documents it (GET /api/staff/requests/:id). */
export const requestDetailSchema = z.object({
  id: z.number(),
  reference: z.string(),
  right: z.string(),
  jurisdiction: z.string(),
  status: z.string(),
  channel_type: z.string(),
  channel_value: nullableString,
  filed_by: z.string(),
  created_at: z.string(),
  received_at: nullableString,
  closed_at: nullableString,
  withdrawal_reason: nullableString,
  vendor_slug: z.string(),
  vendor_name: z.string(),
  vendor_id: z.number(),
  submission_id: z.number().nullable(),
  requester_name: z.string(),
  requester_email: z.string(),
  requester_phone: nullableString,
  requester_address: z.record(z.string(), z.string()).nullable(),
  requester_erased_at: nullableString,
  assignee_id: z.number().nullable(),
  assignee_name: nullableString,
  authorization_id: z.number().nullable(),
  timeline: z.array(
    z.object({
      id: z.number(),
      type: z.string(),
      actor_type: z.string(),
      actor_id: nullableString,
      reason: nullableString,
      data: z.record(z.string(), z.unknown()).nullable(),
      occurred_at: z.string(),
    }),
  ),
  letters: z.array(
    z.object({
      id: z.number(),
      purpose: z.string(),
      channel_type: z.string(),
      channel_value: nullableString,
      template: z.string(),
      subject: z.string(),
      text_body: z.string(),
      stated_due: nullableString,
      mailed_on: nullableString,
      delivered_on: nullableString,
      created_at: z.string(),
      email_status: nullableString,
      accepted_at: nullableString,
      last_error: nullableString,
      message_id: nullableString,
      language: z.string().describe("the letter's language (ISO 639-1)"),
      copy_language: nullableString.describe("the consumer's copy's language, when the letter went in another"),
      pdf_url: z.string(),
    }),
  ),
  replies: z.array(replyViewSchema),
  deadline: z
    .object({
      regime: z.string(),
      received_on: z.string(),
      due: z.string(),
      extended_due: nullableString,
      ack_due: nullableString,
      effective_due: z.string(),
      paused_since: nullableString,
      basis: z.array(z.looseObject({})).optional(),
      explanation: z.array(z.string()).nullable(),
      calendar: z.string().optional(),
      due_kind: z.enum(['statute', 'promise', 'follow_up']).optional(),
      due_citation: z.string().optional(),
      legal_due: nullableString.optional(),
      legal_citation: z.string().optional(),
      milestones: z.array(
        z.object({ kind: z.string(), due_on: z.string(), fired_at: nullableString, notified_at: nullableString }),
      ),
    })
    .nullable(),
  drop: dropStatusSchema
    .nullable()
    .describe(
      "California's DROP where it reaches the request: the offer, and the broker's cycle once the consumer used it",
    ),
  reply_classifications: z
    .array(replyClassificationSchema)
    .describe("each reply's classification and the action it proposes (confirm or dismiss), newest first"),
  allowed_transitions: z.array(z.string()),
  allowed_actions: z.array(z.string()),
  allowed_responses: z.array(z.string()),
  notes: z.array(
    z.object({
      id: z.number(),
      body: z.string(),
      created_at: z.string(),
      author_id: z.number(),
      author_name: z.string(),
    }),
  ),
  research: z
    .object({
      id: z.number(),
      name: z.string(),
      website: nullableString,
      contact: nullableString,
      status: z.enum(['open', 'resolved']),
      resolution: z.enum(['channel_added', 'linked']).nullable(),
      requested_by: z.object({ type: z.enum(['consumer', 'agent']), id: z.string() }),
      created_at: z.string(),
      resolved_at: nullableString,
      link_url: nullableString,
      add_channel_url: nullableString,
    })
    .nullable(),
  authorization: z
    .object({
      id: z.number(),
      kind: z.string(),
      state: z.string(),
      dated: nullableString,
      document_url: nullableString,
    })
    .nullable(),
});

/** Everything staff need on one request: who, what, where it went, what happened, what is due, what they may do. */
export async function requestDetail(db: Knex, id: number, clock: Clock) {
  const request = await db('requests as r')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .join('requesters as p', 'p.id', 'r.requester_id')
    .leftJoin('accounts as a', 'a.id', 'r.assignee_id')
    .where('r.id', id)
    .first(
      'r.id',
      'r.reference',
      'r.right',
      'r.jurisdiction',
      'r.status',
      'r.channel_type',
      'r.channel_value',
      'r.filed_by',
      'r.created_at',
      'r.received_at',
      'r.closed_at',
      'r.withdrawal_reason',
      'v.slug as vendor_slug',
      'v.name as vendor_name',
      'p.name as requester_name',
      'p.email as requester_email',
      'p.phone as requester_phone',
      'p.address as requester_address',
      'p.erased_at as requester_erased_at',
      'a.id as assignee_id',
      'a.name as assignee_name',
      'r.authorization_id',
      'r.vendor_id',
      'r.submission_id',
    );
  if (!request) return undefined;
  // a company the registry did not list: the research task with what the consumer or agent gave (leads, unconfirmed)
  const research = await researchForRequest(db, request);
  const [events, letters, replies, deadline, milestones, authorization, notes, classifications] = await Promise.all([
    db('events')
      .where({ subject_type: 'request', subject_id: id })
      .orderBy('id')
      .select('id', 'type', 'actor_type', 'actor_id', 'reason', 'data', 'occurred_at'),
    db('letters as l')
      .leftJoin('outbound_emails as e', 'e.id', 'l.outbound_email_id')
      .where('l.request_id', id)
      .orderBy('l.id')
      .select(
        'l.id',
        'l.purpose',
        'l.channel_type',
        'l.channel_value',
        'l.template',
        'l.subject',
        'l.text_body',
        'l.language',
        'l.copy_language',
        'l.stated_due',
        'l.mailed_on',
        'l.delivered_on',
        'l.created_at',
        'e.status as email_status',
        'e.accepted_at',
        'e.last_error',
        'e.message_id',
      ),
    repliesForRequest(db, id, 'staff'),
    db('request_deadlines').where({ request_id: id }).first(),
    db('deadline_milestones')
      .where({ request_id: id })
      .whereNull('cancelled_at')
      .orderBy('fire_at')
      .select('kind', 'due_on', 'fired_at', 'notified_at'),
    request.authorization_id
      ? db('agent_authorizations')
          .where({ id: request.authorization_id })
          .first('id', 'kind', 'state', 'document_id', 'confirmed_at', 'uploaded_at')
      : undefined,
    db('request_notes as n')
      .join('accounts as a', 'a.id', 'n.author_id')
      .where('n.request_id', id)
      .whereNull('n.erased_at')
      .orderBy('n.id')
      .select('n.id', 'n.body', 'n.created_at', 'a.id as author_id', 'a.name as author_name'),
    listReplyClassifications(db, { requestId: id, limit: 100 }),
  ]);
  const status = request.status as RequestStatus;
  return {
    ...request,
    requester_address: request.requester_erased_at ? null : request.requester_address,
    // a consumer's withdrawal reason is kept on the request (the purge erases it), shown on its event
    timeline: events.map((e) =>
      e.type === 'withdrawn' && e.actor_type === 'consumer' && !e.reason && request.withdrawal_reason
        ? { ...e, reason: request.withdrawal_reason }
        : e,
    ),
    letters: letters.map((l) => ({ ...l, pdf_url: `/api/staff/requests/${id}/letters/${l.id}/pdf` })),
    // whole messages: the text, the HTML after the allow-list, and the attachments (downloaded through an audited route)
    replies,
    deadline: deadline
      ? {
          regime: deadline.regime,
          received_on: deadline.received_on,
          due: deadline.due,
          extended_due: deadline.extended_due,
          ack_due: deadline.ack_due,
          effective_due: deadline.effective_due,
          paused_since: deadline.paused_since,
          basis: deadline.state.basis,
          explanation: deadline.state.explanation,
          calendar: deadline.state.calendar?.name,
          // what the date that counts is: the law's deadline, the company's own promise, or a follow-up point
          ...(Array.isArray(deadline.state.basis) && deadline.state.basis.length > 0
            ? (({ kind, citation, legal_due, legal_citation }) => ({
                due_kind: kind,
                due_citation: citation,
                legal_due,
                legal_citation,
              }))(dueStatement(deadline.state))
            : {}),
          milestones,
        }
      : null,
    // California's DROP where it reaches the request: the offer, and the broker's cycle if the consumer used it
    drop: await dropStatus(db, clock, {
      id,
      jurisdiction: request.jurisdiction as string,
      right: request.right as string,
      status,
      vendor_id: Number(request.vendor_id),
      vendor_name: request.vendor_name as string,
    }),
    allowed_transitions: TRANSITIONS[status] ?? [],
    allowed_actions: allowedActions({ status, channel_type: request.channel_type }),
    allowed_responses: allowedResponses(status),
    notes,
    // what each reply was classified as, and the action it proposes (confirm or dismiss), newest first
    reply_classifications: classifications,
    research: research
      ? {
          ...research,
          link_url: research.status === 'open' ? `/api/staff/research/${research.id}/link` : null,
          add_channel_url: research.status === 'open' ? `/api/staff/vendors/${request.vendor_slug}/channels` : null,
        }
      : null,
    // the agent's authorization goes with every letter: attached to emails, printed and enclosed with posted letters
    authorization: authorization
      ? {
          id: authorization.id,
          kind: authorization.kind,
          state: authorization.state,
          dated: authorization.confirmed_at ?? authorization.uploaded_at,
          document_url: authorization.document_id ? `/api/staff/requests/${id}/authorization` : null,
        }
      : null,
  };
}

/** A letter of the request, sealed as stored (open it with `openLetterPdf`), or undefined. */
export async function letterOfRequest(
  db: Knex,
  requestId: number,
  letterId: number,
): Promise<{ pdf: Buffer; purpose: string } | undefined> {
  return db('letters').where({ id: letterId, request_id: requestId }).first('pdf', 'purpose');
}

/** The document of the agent's authorization behind a request (decrypted), or undefined when it has none. */
export async function authorizationDocumentOfRequest(db: Knex, appSecret: string, requestId: number) {
  const row = await db('requests as r')
    .join('agent_authorizations as a', 'a.id', 'r.authorization_id')
    .where('r.id', requestId)
    .first('a.document_id');
  return row?.document_id ? readDocument(db, appSecret, row.document_id) : undefined;
}
