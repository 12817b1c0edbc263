/**
 * The retention purge: personal data is kept while it serves a request and for RETENTION_DAYS after the requester's
 * last request finished, then erased. What stays is the history without the person: statuses, dates, deadlines,
 * events (which never hold personal data), vendors and references, so on-time figures and yearly reports still add up.
 *
 * A requester is erased when every one of their requests finished (completed, denied, withdrawn or closed) before the
 * cutoff and none of their submissions is newer than it. Erased: the requester's name, email, phone and address; the
 * submission's details, corrections and identifiers; the bodies and PDFs of letters and emails about their requests
 * (and the address of emails sent to them); vendor replies' bodies and attachments; staff notes; the consumer's answers
 * to vendors and their documents; sign-in links and address-wide access tokens. Agents' principals
 * and authorizations are the agent's records and are not touched here.
 */
import type { Knex } from 'knex';
import type { Clock } from '../shared/clock';
import { recordEvent } from './events';
import { CLOSED_STATUSES } from './request-status';

export const ERASED = '(erased under the retention policy)';

export interface PurgeResult {
  requesters: number;
  requests: number;
}

/** Erases, in batches of `batchSize` requesters (one transaction each), everyone whose retention period has ended. */
export async function purgeExpiredPersonalData(db: Knex, clock: Clock, retentionDays: number, options: { batchSize?: number } = {}): Promise<PurgeResult> {
  const batchSize = options.batchSize ?? 500;
  const now = clock.now();
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const total: PurgeResult = { requesters: 0, requests: 0 };
  for (;;) {
    const batch = await db.transaction(async (trx) => {
      const { rows: people } = await trx.raw<{ rows: { id: number; email: string }[] }>(
        `select q.id, q.email from requesters q
          where q.erased_at is null and q.created_at < :cutoff
            and not exists (
              select 1 from requests r where r.requester_id = q.id
                and (r.status <> all(:closed) or coalesce(r.closed_at, r.answered_on::timestamptz, r.created_at) >= :cutoff))
            and not exists (select 1 from submissions s where s.requester_id = q.id and s.created_at >= :cutoff)
          order by q.id limit :batchSize
          for update skip locked`,
        { cutoff, closed: [...CLOSED_STATUSES], batchSize },
      );
      if (people.length === 0) return { requesters: 0, requests: 0 };
      const personIds = people.map((p) => p.id);
      const requestIds: number[] = await trx('requests').whereIn('requester_id', personIds).pluck('id');
      const submissionIds: number[] = await trx('submissions').whereIn('requester_id', personIds).pluck('id');

      // emails first, while the requester's address is still there to recognise the ones sent to them
      await trx('outbound_emails')
        .where((q) => q.whereIn('related_type', ['request', 'request_notice', 'request_message']).whereIn('related_id', requestIds))
        .orWhere((q) => q.where('related_type', 'submission').whereIn('related_id', submissionIds))
        .update({
          text_body: ERASED,
          html_body: null,
          to_address: trx.raw("case when lower(to_address) = any(:emails) then 'erased@erased.invalid' else to_address end", { emails: people.map((p) => p.email.toLowerCase()) }),
        });
      await trx('letters').whereIn('request_id', requestIds).update({ text_body: ERASED, html_body: ERASED, pdf: Buffer.alloc(0) });
      const replies = trx('inbound_messages').whereIn('request_id', requestIds).select('id');
      await trx('inbound_attachments').whereIn('inbound_message_id', replies).delete();
      await trx('inbound_messages').whereIn('request_id', requestIds).update({ subject: ERASED, text_body: ERASED, html_body: null });
      await trx('request_notes').whereIn('request_id', requestIds).whereNull('erased_at').update({ body: ERASED, erased_at: now });
      // the consumer's answers to vendors, their documents, and sign-in links and access tokens under the address
      const answerDocuments = trx('consumer_answers').whereIn('request_id', requestIds).whereNotNull('document_id').select('document_id');
      await trx('documents').whereIn('id', answerDocuments).whereNull('erased_at').update({ sealed: null, erased_at: now });
      await trx('consumer_answers').whereIn('request_id', requestIds).update({ body: ERASED });
      const emails = people.map((p) => p.email.toLowerCase());
      await trx('consumer_sign_in_tokens').whereRaw('lower(email) = any(?)', [emails]).delete();
      await trx('consumer_access_tokens').whereRaw('lower(email) = any(?)', [emails]).update({ revoked_at: now });
      await trx('submissions').whereIn('id', submissionIds).update({ details: null, corrections: null, identifiers: null });
      await trx('requesters')
        .whereIn('id', personIds)
        .update({ name: ERASED, email: trx.raw("'erased-' || id || '@erased.invalid'"), phone: null, address: null, erased_at: now });
      for (const requestId of requestIds) {
        await recordEvent(trx, { subject: 'request', subjectId: requestId, type: 'personal_data_erased', actor: 'system', occurredAt: now, data: { retention_days: retentionDays } });
      }
      return { requesters: personIds.length, requests: requestIds.length };
    });
    total.requesters += batch.requesters;
    total.requests += batch.requests;
    if (batch.requesters < batchSize) return total;
  }
}
