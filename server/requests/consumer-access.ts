import type { Request } from 'express';
import type { Knex } from 'knex';
import { dropStatus, recordDropSubmission } from './drop';
import type { Config } from '../config';
import { AppError, notFound } from '../http';
import type { Clock } from '../shared/clock';
import { getVendorProfile } from '../vendors';
import { plannedDeadline, storedDeadline } from './request-deadline';
import type { NoticeMessage } from './reply-notice';
import { canTransition, type RequestStatus } from './request-status';
import { hashToken } from './tokens';
import { researchForRequest } from './unlisted';

/**
 * What an access token opens: one submission (the token from verification), or every request filed under one email
 * address (the token from a "find my requests" sign-in link).
 */
export type ConsumerAccess = { submissionId: number; email?: undefined } | { submissionId?: undefined; email: string };

const CLOSED = ['completed', 'denied', 'withdrawn', 'closed'];

/** Restricts a query on `requests as r` to the requests an access token opens. */
export function scopeToAccess<Q extends Knex.QueryBuilder>(query: Q, access: ConsumerAccess): Q {
  if (access.submissionId !== undefined) return query.where('r.submission_id', access.submissionId) as Q;
  return query.whereIn('r.requester_id', (sub: Knex.QueryBuilder) =>
    sub.from('requesters').whereRaw('lower(email) = lower(?)', [access.email]).whereNull('erased_at').select('id'),
  ) as Q;
}

/** Whether the request is within the consumer's access (their submission, or their email's requests). */
export async function isWithinAccess(db: Knex, access: ConsumerAccess, requestId: number): Promise<boolean> {
  return !!(await scopeToAccess(db('requests as r'), access).where('r.id', requestId).first('r.id'));
}

/**
 * A consumer is authenticated by an access token (Authorization: Bearer): from their verification, or from a sign-in
 * link. It opens its scope (one submission, or every request under one email address) and nothing else: everything
 * outside answers 404, exactly as if it did not exist, so ids reveal nothing. It is valid for as long as any request in
 * its scope is open, and for the retention period (RETENTION_DAYS) after the last one closed: a consumer is never
 * locked out of a request that is still running, however long its deadline was extended.
 */
export async function authenticateConsumer(
  deps: { db: Knex; clock: Clock; config: Pick<Config, 'retentionDays'> },
  req: Request,
): Promise<ConsumerAccess> {
  const { db, clock } = deps;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header);
  const fail = () =>
    new AppError(
      'unauthenticated',
      'Send the access token from your verification as "Authorization: Bearer <token>".',
      {
        errors: [
          { field: 'Authorization', message: match ? 'unknown or expired access token' : 'missing Bearer token' },
        ],
      },
    );
  if (!match) throw fail();
  const row = await db('consumer_access_tokens')
    .where({ token_hash: hashToken(match[1]!) })
    .whereNull('revoked_at')
    .first('submission_id', 'email');
  if (!row) throw fail();
  const access: ConsumerAccess = row.submission_id
    ? { submissionId: Number(row.submission_id) }
    : { email: row.email as string };
  const retentionStart = new Date(clock.now().getTime() - deps.config.retentionDays * 24 * 3600_000);
  const live = await scopeToAccess(db('requests as r'), access)
    .where((w) =>
      w
        .whereNotIn('r.status', CLOSED)
        .orWhereRaw(
          "coalesce(r.closed_at, r.answered_on::timestamptz, (select max(e.occurred_at) from events e where e.subject_type = 'request' and e.subject_id = r.id), r.created_at) > ?",
          [retentionStart],
        ),
    )
    .first('r.id');
  if (!live) throw fail();
  return access;
}

const REFERENCE = /^DR-\d{4}-\d{6,}$/;

function requestSummary(r: Record<string, unknown>) {
  return {
    id: r.id as number,
    reference: r.reference as string,
    vendor: { slug: r.vendor_slug as string, name: r.vendor_name as string },
    right: r.right as string,
    jurisdiction: r.jurisdiction as string,
    status: r.status as string,
    channel: r.channel_type === 'none' ? null : { type: r.channel_type as string, value: r.channel_value as string },
    created_at: new Date(r.created_at as string).toISOString(),
    received_at: r.received_at ? new Date(r.received_at as string).toISOString() : null,
    closed_at: r.closed_at ? new Date(r.closed_at as string).toISOString() : null,
  };
}

const requestColumns = [
  'r.id',
  'r.reference',
  'r.right',
  'r.jurisdiction',
  'r.status',
  'r.channel_type',
  'r.channel_value',
  'r.created_at',
  'r.received_at',
  'r.closed_at',
  'v.slug as vendor_slug',
  'v.name as vendor_name',
];

export async function consumerSubmission(db: Knex, access: ConsumerAccess, publicId: string) {
  const submission = await db('submissions').where({ public_id: publicId }).first();
  if (!submission) throw notFound('No such submission.');
  if (
    access.submissionId !== undefined
      ? submission.id !== access.submissionId
      : !(await scopeToAccess(db('requests as r'), access).where('r.submission_id', submission.id).first('r.id'))
  ) {
    throw notFound('No such submission.');
  }
  const requests = await db('requests as r')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .where('r.submission_id', submission.id)
    .orderBy('r.id')
    .select(requestColumns);
  return {
    submission_id: submission.public_id as string,
    status: submission.status as string,
    jurisdiction: submission.jurisdiction as string,
    created_at: new Date(submission.created_at).toISOString(),
    verified_at: submission.verified_at ? new Date(submission.verified_at).toISOString() : null,
    requests: requests.map(requestSummary),
  };
}

/** Statuses in which the consumer can answer the company (it has the letter and has not finished). */
export const ANSWERABLE_STATUSES: readonly RequestStatus[] = ['sent', 'awaiting_information', 'extended'];

export function consumerActions(status: RequestStatus): ('answer' | 'withdraw')[] {
  const out: ('answer' | 'withdraw')[] = [];
  if (ANSWERABLE_STATUSES.includes(status)) out.push('answer');
  if (canTransition(status, 'withdrawn')) out.push('withdraw');
  return out;
}

const REQUIREMENT_KINDS = ['verification', 'fee', 'required_fields', 'authorized_agent'] as const;

/**
 * What the company's own policy says it may ask of the consumer (proof of identity, fees, the details it needs, its
 * rules for agents): the registry's published requirement facts that apply to this right and jurisdiction, each with
 * the quote it came from. Not legal advice: what the policy says, cited.
 */
async function policyRequirements(db: Knex, vendorSlug: string, right: string, jurisdiction: string) {
  const profile = await getVendorProfile(db, vendorSlug);
  if (!profile) return [];
  const applies = (scopes: readonly string[], value: string) =>
    scopes.length === 0 || scopes.some((s) => s === value || value.startsWith(`${s}-`) || s.startsWith(`${value}-`));
  return profile.requirements
    .filter((r) => (REQUIREMENT_KINDS as readonly string[]).includes(r.kind))
    .filter((r) => applies(r.rights, right) && applies(r.jurisdictions, jurisdiction))
    .map((r) => ({
      kind: r.kind as (typeof REQUIREMENT_KINDS)[number],
      statement: r.edited_value ?? r.value,
      fields: r.fields,
      quote: r.citation.quote,
      reviewed: r.review_status !== 'draft',
      source: profile.policy
        ? { title: profile.policy.title, url: profile.policy.source, effective_date: profile.policy.effective_date }
        : null,
    }));
}

/** Every request the token opens (a sign-in link opens all of the address's requests), newest first. */
export async function consumerRequests(db: Knex, access: ConsumerAccess) {
  const rows = await scopeToAccess(db('requests as r').join('vendors as v', 'v.id', 'r.vendor_id'), access)
    .orderBy('r.id', 'desc')
    .select(requestColumns);
  return { requests: rows.map(requestSummary) };
}

/** One request of the consumer's submission, by id or reference, with its timeline and deadline. */
export async function consumerRequest(deps: { db: Knex; clock: Clock }, access: ConsumerAccess, idOrReference: string) {
  const query = scopeToAccess(deps.db('requests as r').join('vendors as v', 'v.id', 'r.vendor_id'), access);
  if (REFERENCE.test(idOrReference)) query.where('r.reference', idOrReference);
  else if (/^\d{1,15}$/.test(idOrReference)) query.where('r.id', Number(idOrReference));
  else throw notFound('No such request.');
  const row = await query.first([...requestColumns, 'v.slug', 'r.vendor_id', 'r.submission_id']);
  if (!row) throw notFound('No such request.');
  const research = await researchForRequest(deps.db, row);
  const events = await deps
    .db('events')
    .where({ subject_type: 'request', subject_id: row.id })
    .orderBy('id')
    .select('type', 'actor_type', 'occurred_at', 'data');
  const summary = requestSummary(row);
  const deadline = (await storedDeadline(deps.db, row.id)) ?? (await plannedDeadline(deps.db, deps.clock, summary));
  const letters = await deps
    .db('letters')
    .where({ request_id: row.id })
    .orderBy('id')
    .select('id', 'purpose', 'channel_type', 'subject', 'created_at', 'language', 'copy_language', 'copy_subject');
  const status = row.status as RequestStatus;
  // what the company's replies meant, in plain words, once staff (or a rule they agreed to) acted on them
  const notices = await deps
    .db('reply_classifications')
    .where({ request_id: row.id })
    .whereIn('status', ['applied', 'auto_applied'])
    .whereNotNull('consumer_notice')
    .orderBy('id')
    .select('id', 'class', 'consumer_notice', 'decided_at');
  return {
    ...summary,
    reply_notices: notices.map((n) => ({
      id: Number(n.id),
      class: n.class as string,
      at: new Date(n.decided_at).toISOString(),
      ...(({ message, ...english }) => ({ ...english, message: message ?? null }))(
        n.consumer_notice as {
          headline: string;
          paragraphs: string[];
          action_label?: string;
          action_url?: string;
          message?: NoticeMessage;
        },
      ),
    })),
    // what the consumer may do now: answer the company's request for information, withdraw (checked again on use)
    allowed_actions: consumerActions(status),
    requirements: await policyRequirements(
      deps.db,
      row.vendor_slug as string,
      row.right as string,
      row.jurisdiction as string,
    ),
    timeline: events.map((e) => ({
      type: e.type as string,
      actor: e.actor_type as string,
      at: new Date(e.occurred_at).toISOString(),
      data: e.data as Record<string, unknown>,
    })),
    deadline,
    // California's DROP, where it reaches this request: the offer, and the broker's cycle once the consumer used it
    drop: await dropStatus(deps.db, deps.clock, {
      id: Number(row.id),
      jurisdiction: row.jurisdiction as string,
      right: row.right as string,
      status,
      vendor_id: Number(row.vendor_id),
      vendor_name: row.vendor_name as string,
    }),
    // the company's letter (in its language) and, when that is not the consumer's, their copy in their own
    letters: letters.map((l) => ({
      ...l,
      pdf_url: `/api/requests/${row.id}/letters/${l.id}/pdf`,
      copy_pdf_url: l.copy_language ? `/api/requests/${row.id}/letters/${l.id}/copy/pdf` : null,
    })),
    // a company that was not in the registry: say plainly what is happening (the contact they gave stays a lead)
    research: research
      ? {
          company: research.name,
          website: research.website,
          contact_given: research.contact,
          status: research.status === 'open' ? ('looking_up_contact' as const) : ('contact_confirmed' as const),
          // in English; `status` and `company` say the same for a page in another language
          message:
            research.status === 'open'
              ? `${research.name} is not in our registry yet. Our staff are looking up how to contact it; nothing is sent until they have confirmed the contact.`
              : `Our staff confirmed how to contact ${research.name}.`,
        }
      : null,
  };
}

/** A copy of a letter sent for one of the consumer's own requests; anyone else's is not found. */
export async function consumerLetterPdf(
  db: Knex,
  access: ConsumerAccess,
  requestId: number,
  letterId: number,
  copy = false,
): Promise<{ pdf: Buffer; purpose: string }> {
  const letter = await db('letters as l')
    .join('requests as r', 'r.id', 'l.request_id')
    .where({ 'l.id': letterId, 'r.id': requestId })
    .modify((q) => scopeToAccess(q, access))
    .first('l.pdf', 'l.copy_pdf', 'l.purpose');
  if (!letter || (copy && !letter.copy_pdf)) throw notFound('No such letter.');
  return { pdf: copy ? letter.copy_pdf : letter.pdf, purpose: letter.purpose };
}

/** The consumer records the day they used DROP for one of their own requests (anyone else's is not found). */
export async function recordConsumerDropSubmission(
  deps: { db: Knex; clock: Clock },
  access: ConsumerAccess,
  requestId: number,
  submittedOn: string,
) {
  const own = await scopeToAccess(deps.db('requests as r'), access).where('r.id', requestId).first('r.id');
  if (!own) throw notFound('No such request.');
  return recordDropSubmission(deps.db, deps.clock, { requestId, submittedOn, actor: 'consumer' });
}
