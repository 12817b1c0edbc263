import type { Request } from 'express';
import type { Knex } from 'knex';
import { AppError, notFound } from '../http';
import type { Clock } from '../shared/clock';
import { plannedDeadline, storedDeadline } from './request-deadline';
import { hashToken } from './tokens';
import { researchForRequest } from './unlisted';

export interface ConsumerAccess {
  submissionId: number;
}

/**
 * A consumer is authenticated by the access token from their verification (Authorization: Bearer). It is scoped to
 * one submission: everything outside it answers 404, exactly as if it did not exist, so ids reveal nothing.
 */
export async function authenticateConsumer(db: Knex, clock: Clock, req: Request): Promise<ConsumerAccess> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header);
  const fail = () =>
    new AppError('unauthenticated', 'Send the access token from your verification as "Authorization: Bearer <token>".', {
      errors: [{ field: 'Authorization', message: match ? 'unknown or expired access token' : 'missing Bearer token' }],
    });
  if (!match) throw fail();
  const row = await db('consumer_access_tokens')
    .where({ token_hash: hashToken(match[1]!) })
    .whereNull('revoked_at')
    .where('expires_at', '>', clock.now())
    .first('submission_id');
  if (!row) throw fail();
  return { submissionId: row.submission_id };
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
  'r.id', 'r.reference', 'r.right', 'r.jurisdiction', 'r.status', 'r.channel_type', 'r.channel_value', 'r.created_at',
  'r.received_at', 'r.closed_at', 'v.slug as vendor_slug', 'v.name as vendor_name',
];

export async function consumerSubmission(db: Knex, access: ConsumerAccess, publicId: string) {
  const submission = await db('submissions').where({ public_id: publicId, id: access.submissionId }).first();
  if (!submission) throw notFound('No such submission.');
  const requests = await db('requests as r').join('vendors as v', 'v.id', 'r.vendor_id').where('r.submission_id', submission.id).orderBy('r.id').select(requestColumns);
  return {
    submission_id: submission.public_id as string,
    status: submission.status as string,
    jurisdiction: submission.jurisdiction as string,
    created_at: new Date(submission.created_at).toISOString(),
    verified_at: submission.verified_at ? new Date(submission.verified_at).toISOString() : null,
    requests: requests.map(requestSummary),
  };
}

/** One request of the consumer's submission, by id or reference, with its timeline and deadline. */
export async function consumerRequest(deps: { db: Knex; clock: Clock }, access: ConsumerAccess, idOrReference: string) {
  const query = deps.db('requests as r').join('vendors as v', 'v.id', 'r.vendor_id').where('r.submission_id', access.submissionId);
  if (REFERENCE.test(idOrReference)) query.where('r.reference', idOrReference);
  else if (/^\d{1,15}$/.test(idOrReference)) query.where('r.id', Number(idOrReference));
  else throw notFound('No such request.');
  const row = await query.first([...requestColumns, 'v.slug', 'r.vendor_id', 'r.submission_id']);
  if (!row) throw notFound('No such request.');
  const research = await researchForRequest(deps.db, row);
  const events = await deps.db('events')
    .where({ subject_type: 'request', subject_id: row.id })
    .orderBy('id')
    .select('type', 'actor_type', 'occurred_at', 'data');
  const summary = requestSummary(row);
  const deadline = (await storedDeadline(deps.db, row.id)) ?? (await plannedDeadline(deps.db, deps.clock, summary));
  const letters = await deps.db('letters').where({ request_id: row.id }).orderBy('id').select('id', 'purpose', 'channel_type', 'subject', 'created_at');
  return {
    ...summary,
    timeline: events.map((e) => ({ type: e.type as string, actor: e.actor_type as string, at: new Date(e.occurred_at).toISOString(), data: e.data as Record<string, unknown> })),
    deadline,
    letters: letters.map((l) => ({ ...l, pdf_url: `/api/requests/${row.id}/letters/${l.id}/pdf` })),
    // a company that was not in the registry: say plainly what is happening (the contact they gave stays a lead)
    research: research
      ? {
          company: research.name,
          website: research.website,
          contact_given: research.contact,
          status: research.status === 'open' ? ('looking_up_contact' as const) : ('contact_confirmed' as const),
          message:
            research.status === 'open'
              ? `${research.name} is not in our registry yet. Our staff are looking up how to contact it; nothing is sent until they have confirmed the contact.`
              : `Our staff confirmed how to contact ${research.name}.`,
        }
      : null,
  };
}

/** A copy of a letter sent for one of the consumer's own requests; anyone else's is not found. */
export async function consumerLetterPdf(db: Knex, access: ConsumerAccess, requestId: number, letterId: number): Promise<{ pdf: Buffer; purpose: string }> {
  const letter = await db('letters as l')
    .join('requests as r', 'r.id', 'l.request_id')
    .where({ 'l.id': letterId, 'r.id': requestId, 'r.submission_id': access.submissionId })
    .first('l.pdf', 'l.purpose');
  if (!letter) throw notFound('No such letter.');
  return letter;
}
