/**
 * Each company's responsiveness record, as the portal observed it: how many requests it received, the median days to
 * its first answer, the share answered within the legal deadline, and the reasons it gave when it refused. Computed in
 * SQL by the worker (`refresh-responsiveness`, every 15 minutes) into `vendor_responsiveness`, so the public page reads
 * one row by primary key whatever the number of requests.
 *
 * Definitions (also shown on the page):
 * - received: requests whose deadline started (the company got the letter);
 * - days are UTC calendar days from the receipt to the first answer (the day an answer is recorded is a UTC day);
 * - first answer: the earliest reply classified as a substantive answer (asked for information, extended, pointed to
 *   another channel, fulfilled, partly fulfilled, refused), or the final answer staff recorded, whichever came first;
 *   acknowledgements, auto-replies and bounces are not answers;
 * - on time: the final answer (fulfilled, partly fulfilled, refused) came on or before the legal due date (the
 *   extended date after a lawful extension, moved by any pause); the base is every request answered or past that date;
 * - denial reasons: the reasons of refusals staff confirmed (or that applied under an agreed setting).
 */
import type { Knex } from 'knex';

const ANSWER_CLASSES = [
  'information_requested',
  'extension',
  'wrong_channel',
  'fulfilled',
  'partially_fulfilled',
  'denied',
];

/** Recomputes the figures of every vendor that received a request (or of the vendors given). Answers the row count. */
export async function refreshVendorResponsiveness(
  db: Knex,
  clock: { now(): Date },
  vendorIds?: readonly number[],
): Promise<number> {
  const now = clock.now();
  const today = now.toISOString().slice(0, 10);
  const filter = vendorIds ? 'where r.vendor_id = any(cast(:ids as bigint[]))' : '';
  const { rowCount } = await db.raw(
    `
    with first_replies as (
      select c.request_id, (min(m.received_at) at time zone 'UTC')::date as first_on
        from reply_classifications c
        join inbound_messages m on m.id = c.inbound_message_id
       where c.request_id is not null and m.kind = 'reply' and c.class = any(cast(:answers as text[]))
         ${vendorIds ? 'and c.request_id in (select id from requests where vendor_id = any(cast(:ids as bigint[])))' : ''}
       group by c.request_id
    ),
    observed as (
      select r.vendor_id, (d.received_at at time zone 'UTC')::date as received_on, r.answered_on,
             case when jsonb_typeof(d.state -> 'extension') = 'object' then coalesce(d.extended_due, d.due)
                  else d.due end as legal_due,
             least(r.answered_on, f.first_on) as first_answer_on
        from requests r
        join request_deadlines d on d.request_id = r.id
        left join first_replies f on f.request_id = r.id
        ${filter}
    ),
    denials as (
      select vendor_id, jsonb_agg(jsonb_build_object('reason', reason, 'count', n) order by n desc, reason) as reasons
        from (
          select r.vendor_id, coalesce(c.extracted ->> 'reason', 'not stated') as reason, count(*)::int as n
            from reply_classifications c
            join requests r on r.id = c.request_id
           where c.class = 'denied' and c.status in ('applied', 'auto_applied')
             ${vendorIds ? 'and r.vendor_id = any(cast(:ids as bigint[]))' : ''}
           group by 1, 2
        ) g
       group by vendor_id
    )
    insert into vendor_responsiveness as v (vendor_id, requests_received, answered, median_days_to_answer,
                                            deadline_decided, answered_on_time, denial_reasons, computed_at)
    select o.vendor_id,
           count(*)::int,
           count(o.first_answer_on)::int,
           percentile_cont(0.5) within group (order by (o.first_answer_on - o.received_on))
             filter (where o.first_answer_on is not null),
           count(*) filter (where o.answered_on is not null or o.legal_due < cast(:today as date))::int,
           count(*) filter (where o.answered_on <= o.legal_due)::int,
           coalesce(max(dn.reasons::text)::jsonb, '[]'::jsonb),
           :now
      from observed o
      left join denials dn on dn.vendor_id = o.vendor_id
     group by o.vendor_id
    on conflict (vendor_id) do update set
      requests_received = excluded.requests_received,
      answered = excluded.answered,
      median_days_to_answer = excluded.median_days_to_answer,
      deadline_decided = excluded.deadline_decided,
      answered_on_time = excluded.answered_on_time,
      denial_reasons = excluded.denial_reasons,
      computed_at = excluded.computed_at
    `,
    // arrays as Postgres array literals: knex would expand a JS array into a list of bindings
    {
      answers: `{${ANSWER_CLASSES.join(',')}}`,
      today,
      now,
      ...(vendorIds ? { ids: `{${vendorIds.map((id) => Math.trunc(id)).join(',')}}` } : {}),
    },
  );
  return rowCount ?? 0;
}

export const REASON_LABELS: Record<string, string> = {
  no_data_found: 'no data found',
  not_verified: 'identity not verified',
  identity_not_verified: 'identity not verified',
  exemption: 'legal exemption',
  not_resident: 'not a resident',
  not_applicable: 'law does not apply',
  excessive: 'unfounded or excessive',
  agent_not_authorized: 'agent not accepted',
  'not stated': 'no reason stated',
};

/** The public record of one vendor (by slug); undefined when there is no such vendor. */
export async function vendorResponsiveness(db: Knex, slug: string) {
  const vendor = await db('vendors').where({ slug }).first('id', 'slug', 'name');
  if (!vendor) return undefined;
  const row = await db('vendor_responsiveness').where({ vendor_id: vendor.id }).first();
  const decided = row ? Number(row.deadline_decided) : 0;
  return {
    vendor: { slug: vendor.slug as string, name: vendor.name as string },
    requests_received: row ? Number(row.requests_received) : 0,
    answered: row ? Number(row.answered) : 0,
    median_days_to_first_answer:
      row?.median_days_to_answer === null || row?.median_days_to_answer === undefined
        ? null
        : Number(row.median_days_to_answer),
    answered_on_time: row ? Number(row.answered_on_time) : 0,
    deadline_decided: decided,
    on_time_share: decided > 0 ? Number(row.answered_on_time) / decided : null,
    denial_reasons: ((row?.denial_reasons as { reason: string; count: number }[] | undefined) ?? []).map((d) => ({
      reason: d.reason,
      label: REASON_LABELS[d.reason] ?? d.reason.replace(/_/g, ' '),
      count: d.count,
    })),
    computed_at: row ? new Date(row.computed_at).toISOString() : null,
  };
}
