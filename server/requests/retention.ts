/**
 * The retention purge: personal data is kept while it serves a request and for RETENTION_DAYS after the requester's
 * last request finished, then erased. What stays is the history without the person: statuses, dates, deadlines,
 * events (which never hold personal data), vendors and references, so on-time figures and yearly reports still add up.
 *
 * A requester is erased when every one of their requests finished (completed, denied, withdrawn or closed) before the
 * cutoff and none of their submissions is newer than it. Erased: the requester's name, email, phone and address; the
 * submission's details, corrections and identifiers; the bodies and PDFs of letters and of their copies in the
 * consumer's language; the subject and bodies of every
 * email about their requests, submissions, replies and deadlines and of every email sent to their address (the
 * address too), and the development capture server's copies; vendor replies (threaded, or unthreaded mail from or
 * naming their address) and their attachments; staff notes; the consumer's answers, documents and withdrawal reason;
 * the rows of an agent's bulk upload that filed the requests; what a DRP business said of them (details, URLs) and a
 * DRP revoke's reason; sign-in requests, links and access tokens under the
 * address. test/worker/retention-scan.test.ts checks that no table, column or sealed document still holds the name,
 * email or address. Agents' principals and authorizations are the agent's records and are not touched here.
 */
import type { Knex } from 'knex';
import type { Clock } from '../shared/clock';
import { recordEvent } from '../events';
import { CLOSED_STATUSES } from './request-status';

export const ERASED = '(erased under the retention policy)';

export interface PurgeResult {
  requesters: number;
  requests: number;
}

/** Erases, in batches of `batchSize` requesters (one transaction each), everyone whose retention period has ended. */
export async function purgeExpiredPersonalData(
  db: Knex,
  clock: Clock,
  retentionDays: number,
  options: { batchSize?: number } = {},
): Promise<PurgeResult> {
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

      const emails = people.map((p) => p.email.toLowerCase());
      const patterns = emails.map((e) => `%${e.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      // mail received about them: threaded replies, and unthreaded mail from them or naming their address (bounces,
      // replies that lost their thread); staff were told about both by email
      const unthreaded: number[] = await trx('inbound_messages')
        .whereNull('request_id')
        .where((q) =>
          q
            .whereRaw('lower(from_address) = any(?)', [emails])
            .orWhereRaw('text_body ilike any(?)', [patterns])
            .orWhereRaw('html_body ilike any(?)', [patterns]),
        )
        .pluck('id');
      const threaded: number[] = await trx('inbound_messages').whereIn('request_id', requestIds).pluck('id');
      const inboundIds = [...threaded, ...unthreaded];
      const milestoneIds = trx('deadline_milestones').whereIn('request_id', requestIds).select('id');

      // every email about their requests, submissions, replies and deadlines, and every email sent to them
      const sentEmails: { id: number; message_id: string | null }[] = await trx('outbound_emails')
        .where((q) =>
          q
            .where((r) =>
              r
                .whereIn('related_type', ['request', 'request_notice', 'request_message', 'follow_up'])
                .whereIn('related_id', requestIds),
            )
            .orWhere((r) => r.where('related_type', 'submission').whereIn('related_id', submissionIds))
            .orWhere((r) => r.where('related_type', 'inbound_message').whereIn('related_id', inboundIds))
            .orWhere((r) => r.where('related_type', 'milestone').whereIn('related_id', milestoneIds))
            .orWhereRaw('lower(to_address) = any(?)', [emails]),
        )
        .select('id', 'message_id');
      const toThem = 'lower(to_address) = any(:emails)';
      await trx('outbound_emails')
        .whereIn(
          'id',
          sentEmails.map((e) => e.id),
        )
        .update({
          subject: ERASED,
          text_body: ERASED,
          html_body: null,
          to_address: trx.raw(`case when ${toThem} then 'erased@erased.invalid' else to_address end`, { emails }),
          // a relay's answer or refusal may quote the recipient
          smtp_response: trx.raw(
            `case when ${toThem} and smtp_response is not null then :erased else smtp_response end`,
            { emails, erased: ERASED },
          ),
          last_error: trx.raw(`case when ${toThem} and last_error is not null then :erased else last_error end`, {
            emails,
            erased: ERASED,
          }),
        });
      // the development capture server's copies of the same messages (empty in production)
      await trx('captured_mail')
        .whereIn(
          'message_id',
          sentEmails.map((e) => e.message_id).filter((m): m is string => m !== null),
        )
        .orWhereRaw('exists (select 1 from unnest(envelope_to) a where lower(a) = any(?))', [emails])
        .delete();

      await trx('letters')
        .whereIn('request_id', requestIds)
        .update({
          text_body: ERASED,
          html_body: ERASED,
          pdf: Buffer.alloc(0),
          // the consumer's copy in their own language, when there is one
          copy_text_body: trx.raw('case when copy_text_body is null then null else ? end', [ERASED]),
          copy_html_body: trx.raw('case when copy_html_body is null then null else ? end', [ERASED]),
          copy_pdf: trx.raw("case when copy_pdf is null then null else ''::bytea end"),
        });
      await trx('inbound_attachments').whereIn('inbound_message_id', inboundIds).delete();
      // what the classifier quoted of those messages and what the consumer was told (the class and action stay)
      await trx('reply_classifications')
        .whereIn('inbound_message_id', inboundIds)
        .update({
          evidence: '[]',
          extracted: trx.raw(`extracted || '{"reason_text": null, "url": null}'::jsonb`),
          proposal: trx.raw(`proposal - 'reason' - 'url'`),
          consumer_notice: null,
        });
      await trx('inbound_messages')
        .whereIn('id', inboundIds)
        .update({
          subject: ERASED,
          text_body: ERASED,
          html_body: null,
          from_address: trx.raw(
            "case when lower(from_address) = any(?) then 'erased@erased.invalid' else from_address end",
            [emails],
          ),
        });
      await trx('request_notes')
        .whereIn('request_id', requestIds)
        .whereNull('erased_at')
        .update({ body: ERASED, erased_at: now });
      // the consumer's answers to vendors, their documents, and their own words on withdrawing
      const answerDocuments = trx('consumer_answers')
        .whereIn('request_id', requestIds)
        .whereNotNull('document_id')
        .select('document_id');
      await trx('documents')
        .whereIn('id', answerDocuments)
        .whereNull('erased_at')
        .update({ sealed: null, erased_at: now });
      await trx('consumer_answers').whereIn('request_id', requestIds).update({ body: ERASED });
      // DRP: the business's free text and URLs about the person, and the revoke's reason (server/drp)
      await trx('drp_requests').whereIn('request_id', requestIds).update({
        processing_details: null,
        user_verification_url: null,
        results_url: null,
        revoke_reason: null,
      });
      await trx('requests')
        .whereIn('id', requestIds)
        .whereNotNull('withdrawal_reason')
        .update({ withdrawal_reason: ERASED });
      // rows of an agent's bulk upload that filed these requests (the principal's name, email and address)
      await trx('bulk_upload_rows')
        .whereIn('request_id', requestIds)
        .update({ data: JSON.stringify({ erased: true }), errors: null });
      // sign-in requests, links and access tokens under the address (they would be dead anyway: the address is gone)
      await trx('consumer_sign_in_requests').whereRaw('lower(email) = any(?)', [emails]).delete();
      await trx('consumer_sign_in_tokens').whereRaw('lower(email) = any(?)', [emails]).delete();
      await trx('consumer_access_tokens').whereRaw('lower(email) = any(?)', [emails]).delete();
      await trx('submissions')
        .whereIn('id', submissionIds)
        .update({ details: null, corrections: null, identifiers: null });
      await trx('requesters')
        .whereIn('id', personIds)
        .update({
          name: ERASED,
          email: trx.raw("'erased-' || id || '@erased.invalid'"),
          phone: null,
          address: null,
          erased_at: now,
        });
      for (const requestId of requestIds) {
        await recordEvent(trx, {
          subjectId: requestId,
          type: 'personal_data_erased',
          actor: { type: 'system' },
          at: now,
          payload: { retention_days: retentionDays },
        });
      }
      return { requesters: personIds.length, requests: requestIds.length };
    });
    total.requesters += batch.requesters;
    total.requests += batch.requests;
    if (batch.requesters < batchSize) return total;
  }
}
