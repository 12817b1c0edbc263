/**
 * Responsiveness figures, from the stored deadlines and the recorded answers. A request counts for the on-time rate once
 * it is decided: answered (answered_on against the effective due date, extensions included), or still unanswered past
 * its due date. Days are calendar days from the vendor's receipt (in the jurisdiction's timezone) to the answer.
 */
import type { Knex } from 'knex';
import { REQUEST_STATUSES } from '../requests';

export interface Period {
  from?: string;
  to?: string;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const rate = (onTime: number, decided: number) =>
  decided === 0 ? null : Math.round((onTime / decided) * 10_000) / 10_000;

function decided(db: Knex, today: string, period: Period) {
  const q = db('requests as r')
    .join('request_deadlines as d', 'd.request_id', 'r.id')
    .where((w) =>
      w.whereNotNull('r.answered_on').orWhere((x) => x.whereNull('d.closed_at').where('d.effective_due', '<', today)),
    )
    .select('r.vendor_id', db.raw('(r.answered_on is not null and r.answered_on <= d.effective_due) as on_time'));
  if (period.from) q.where('d.received_on', '>=', period.from);
  if (period.to) q.where('d.received_on', '<=', period.to);
  return q;
}

export async function onTimeRates(db: Knex, today: string, period: Period) {
  const rows: { slug: string; name: string; decided: number; on_time: number }[] = await db
    .from(decided(db, today, period).as('x'))
    .join('vendors as v', 'v.id', 'x.vendor_id')
    .groupBy('v.slug', 'v.name')
    .orderBy('v.slug')
    .select(
      'v.slug',
      'v.name',
      db.raw('count(*)::int as decided'),
      db.raw('(count(*) filter (where x.on_time))::int as on_time'),
    );
  const total = rows.reduce((a, r) => ({ decided: a.decided + r.decided, on_time: a.on_time + r.on_time }), {
    decided: 0,
    on_time: 0,
  });
  const view = (r: { decided: number; on_time: number }) => ({
    decided: r.decided,
    on_time: r.on_time,
    late: r.decided - r.on_time,
    rate: rate(r.on_time, r.decided),
  });
  return { overall: view(total), vendors: rows.map((r) => ({ slug: r.slug, name: r.name, ...view(r) })) };
}

export async function responseTimes(db: Knex, period: Period) {
  const q = db('requests as r')
    .join('request_deadlines as d', 'd.request_id', 'r.id')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .whereNotNull('r.answered_on')
    .groupBy('v.slug', 'v.name')
    .orderBy('v.slug')
    .select(
      'v.slug',
      'v.name',
      db.raw('count(*)::int as answered'),
      db.raw('percentile_cont(0.5) within group (order by (r.answered_on - d.received_on)) as median_days'),
      db.raw('avg(r.answered_on - d.received_on)::float as mean_days'),
    );
  if (period.from) q.where('d.received_on', '>=', period.from);
  if (period.to) q.where('d.received_on', '<=', period.to);
  const rows = await q;
  return {
    vendors: rows.map((r) => ({
      slug: r.slug,
      name: r.name,
      answered: r.answered,
      median_days: num(r.median_days),
      mean_days: r.mean_days === null ? null : Math.round(r.mean_days * 10) / 10,
    })),
  };
}

export async function countByStatus(db: Knex) {
  const rows: { status: string; n: number }[] = await db('requests')
    .groupBy('status')
    .select('status', db.raw('count(*)::int as n'));
  const counts = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<string, number>;
  for (const r of rows) counts[r.status] = r.n;
  return { statuses: counts, total: rows.reduce((a, r) => a + r.n, 0) };
}

/** Requests whose deadline passed without an answer, by the ISO week of the first day overdue (weeks with none included). */
export async function overdueByWeek(db: Knex, today: string, range: { from: string; to: string }) {
  const { rows } = await db.raw(
    `with overdue as (
       select d.effective_due + 1 as overdue_on
         from request_deadlines d join requests r on r.id = d.request_id
        where d.effective_due + 1 between ?::date and least(?::date, ?::date)
          and (r.answered_on > d.effective_due or (r.answered_on is null and (d.closed_at is null or d.closed_at::date > d.effective_due)))
     )
     select to_char(w, 'IYYY-"W"IW') as week, to_char(w, 'YYYY-MM-DD') as week_start, count(o.overdue_on)::int as overdue
       from generate_series(date_trunc('week', ?::date), date_trunc('week', ?::date), interval '1 week') w
       left join overdue o on o.overdue_on >= w and o.overdue_on < w + interval '1 week'
      group by w order by w`,
    [range.from, range.to, today, range.from, range.to],
  );
  return { weeks: rows as { week: string; week_start: string; overdue: number }[] };
}

/**
 * A CCPA-style yearly report (cf. 11 CCR § 7102): per request type, requests the vendors received in the year, complied
 * with in whole or in part, denied, still open, and the median and mean days to the answer.
 */
export async function yearlyReport(db: Knex, year: number, jurisdiction?: string) {
  const q = db('requests as r')
    .join('request_deadlines as d', 'd.request_id', 'r.id')
    .whereBetween('d.received_on', [`${year}-01-01`, `${year}-12-31`])
    .select(
      db.raw('coalesce(r.right, \'all\') as "right"'),
      db.raw('count(*)::int as received'),
      db.raw(
        "(count(*) filter (where r.outcome in ('fulfilled','partially_fulfilled')))::int as complied_in_whole_or_part",
      ),
      db.raw("(count(*) filter (where r.outcome = 'fulfilled'))::int as complied_in_whole"),
      db.raw("(count(*) filter (where r.outcome = 'partially_fulfilled'))::int as complied_in_part"),
      db.raw("(count(*) filter (where r.outcome = 'denied'))::int as denied"),
      db.raw("(count(*) filter (where r.outcome is null and r.status not in ('withdrawn','closed')))::int as open"),
      db.raw(
        "(count(*) filter (where r.outcome is null and r.status in ('withdrawn','closed')))::int as closed_without_answer",
      ),
      db.raw(
        'percentile_cont(0.5) within group (order by (r.answered_on - d.received_on)) filter (where r.answered_on is not null) as median_days',
      ),
      db.raw('(avg(r.answered_on - d.received_on) filter (where r.answered_on is not null))::float as mean_days'),
    )
    .groupByRaw('grouping sets ((r.right), ())')
    .orderByRaw('grouping(r.right), r.right');
  if (jurisdiction)
    q.where((w) => w.where('r.jurisdiction', jurisdiction).orWhere('r.jurisdiction', 'like', `${jurisdiction}-%`));
  const rows = await q;
  const shape = (r: Record<string, unknown>) => ({
    ...r,
    median_days: num(r.median_days),
    mean_days: r.mean_days === null ? null : Math.round(Number(r.mean_days) * 10) / 10,
  });
  const total = rows.find((r) => r.right === 'all');
  const empty = {
    right: 'all',
    received: 0,
    complied_in_whole_or_part: 0,
    complied_in_whole: 0,
    complied_in_part: 0,
    denied: 0,
    open: 0,
    closed_without_answer: 0,
    median_days: null,
    mean_days: null,
  };
  return {
    year,
    jurisdiction: jurisdiction ?? null,
    by_type: rows.filter((r) => r !== total).map(shape),
    total: total ? shape(total) : empty,
  };
}
