/**
 * Sweep benchmark: 1,000,000 open requests with pending milestones, of which 10,000 have one due.
 *   npx tsx bench/sweep.ts [--regenerate] [--database drp_bench_10m]
 * Uses its own database (drp_bench, next to DATABASE_URL's), created, migrated and seeded here. The data is generated
 * in SQL and reused on the next run; the due milestones are reset before each measurement.
 * --database: a database grown by bench/grow-database.ts instead (10 million requests, of which 10,000 milestones
 * due at its NOW); nothing is generated, and only what the measured sweep fired is reset before the next run.
 * Targets: the sweep that claims and outboxes all 10,000 due <= 10 s; a sweep with none due <= 50 ms (p95).
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../server/config';
import { createDb, ensureDatabase, type Db } from '../server/db';
import { sweepDueMilestones } from '../server/deadlines';
import { fixedClock } from '../server/shared/clock';
import { runSeeds } from '../seeds';
import { benchDatabaseUrl, GROWN_NOW } from './grown';

const REQUESTS = 1_000_000;
const DUE = 10_000;
const REQUESTERS = 10_000;
const NOW = GROWN_NOW;
const databaseAt = process.argv.indexOf('--database');
const grown = databaseAt >= 0 ? process.argv[databaseAt + 1] : undefined;
const EMPTY_RUNS = 50;

function benchUrl(): string {
  if (grown) return benchDatabaseUrl(grown);
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = '/drp_bench';
  return url.toString();
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function generated(db: Db): Promise<boolean> {
  const [{ n }] = (await db('requests').count({ n: '*' })) as [{ n: number }];
  const [{ d }] = (await db('deadline_milestones').count({ d: '*' })) as [{ d: number }];
  return Number(n) === REQUESTS && Number(d) === REQUESTS * 6;
}

/**
 * All in SQL: requesters shared, vendors from the seed, 6 milestones per request. Every request's milestones lie in
 * the future of NOW, except that the first DUE requests have their reminder_7d one hour to ten days in the past.
 */
async function generate(db: Db): Promise<void> {
  await db.raw('truncate deadline_milestones, request_deadlines, outbox, outbound_emails restart identity');
  await db.raw('truncate requests, requesters restart identity cascade');
  const now = NOW.toISOString();
  await db.raw(
    `insert into requesters (name, email) select 'Bench Person ' || i, 'bench' || i || '@example.test' from generate_series(1, ?) i`,
    [REQUESTERS],
  );
  await db.raw(
    `
    insert into requests (reference, requester_id, vendor_id, "right", jurisdiction, status, channel_type, channel_value, received_at)
    select 'DR-' || (2000 + i / 1000000) || '-' || lpad((i % 1000000)::text, 6, '0'), 1 + i % ?, v.ids[1 + i % array_length(v.ids, 1)],
           'access', 'US-CA', 'sent', 'email', 'privacy@vendor.example', ?::timestamptz - interval '20 days'
    from generate_series(1, ?) i, (select array_agg(id order by id) ids from vendors) v`,
    [REQUESTERS, now, REQUESTS],
  );
  await db.raw(
    `
    insert into request_deadlines (request_id, regime, rules_version, received_at, received_on, due, extended_due, ack_due, effective_due, state)
    select id, 'CCPA', 'bench', received_at, (?::timestamptz - interval '20 days')::date, (?::timestamptz + interval '25 days')::date,
           (?::timestamptz + interval '70 days')::date, null, (?::timestamptz + interval '25 days')::date, '{"bench": true}'::jsonb
    from requests`,
    [now, now, now, now],
  );
  // offsets (days from NOW) per kind; request ids 1..DUE get a due reminder_7d between 1 hour and 10 days ago
  await db.raw(
    `
    insert into deadline_milestones (request_id, kind, due_on, fire_at, generation)
    select r.id, k.kind, (f.fire_at)::date, f.fire_at, 1
    from requests r
    cross join (values ('ack_due', 3), ('reminder_7d', 18), ('reminder_2d', 23), ('due', 25), ('overdue', 26), ('escalation', 39)) k(kind, days)
    cross join lateral (select case when k.kind = 'reminder_7d' and r.id <= ?
                                    then ?::timestamptz - interval '1 hour' - (r.id % 240) * interval '1 hour'
                                    else ?::timestamptz + k.days * interval '1 day' + (r.id % 1440) * interval '1 minute' end as fire_at) f
    `,
    [DUE, now, now],
  );
}

/** Un-fires what a measured sweep fired (at NOW: the generated history fired its milestones at their own times). */
async function resetDue(db: Db): Promise<void> {
  await db('deadline_milestones').where({ fired_at: NOW }).update({ fired_at: null });
  await db('outbox').where({ job_name: 'deliver-milestone' }).del();
  await db.raw('vacuum analyze deadline_milestones');
  await db.raw('vacuum analyze outbox');
}

async function main(): Promise<void> {
  const url = benchUrl();
  await ensureDatabase(url);
  const db = createDb(url, 4);
  try {
    await db.migrate.latest();
    await runSeeds(db);
    if (grown) {
      const [{ n }] = (await db('requests').count({ n: '*' })) as [{ n: number }];
      const [{ d }] = (await db('deadline_milestones').count({ d: '*' })) as [{ d: number }];
      console.log(
        `${grown}: ${Number(n).toLocaleString('en')} requests, ${Number(d).toLocaleString('en')} milestones (grown by bench/grow-database.ts)`,
      );
    } else if (process.argv.includes('--regenerate') || !(await generated(db))) {
      const t = process.hrtime.bigint();
      await generate(db);
      await db.raw('vacuum analyze');
      console.log(
        `generated ${REQUESTS.toLocaleString('en')} requests, ${(REQUESTS * 6).toLocaleString('en')} milestones (${DUE.toLocaleString('en')} due) in ${(ms(t) / 1000).toFixed(1)} s`,
      );
    } else console.log(`reusing ${REQUESTS.toLocaleString('en')} requests in drp_bench (pass --regenerate to rebuild)`);
    await resetDue(db);
    const [{ due }] = (await db('deadline_milestones')
      .whereNull('fired_at')
      .whereNull('cancelled_at')
      .where('fire_at', '<=', NOW)
      .count({ due: '*' })) as [{ due: number }];
    console.log(
      `due at NOW: ${Number(due).toLocaleString('en')}; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    );

    const clock = fixedClock(NOW);
    await sweepDueMilestones(db, fixedClock(new Date(NOW.getTime() - 3650 * 86_400_000))); // warm the pool and the plan (nothing is due then)
    const t = process.hrtime.bigint();
    const result = await sweepDueMilestones(db, clock, { batchSize: 1000 });
    const dueMs = ms(t);
    const [{ n: outboxed }] = (await db('outbox').where({ job_name: 'deliver-milestone' }).count({ n: '*' })) as [
      { n: number },
    ];
    console.log(
      `due sweep: fired ${result.fired.length.toLocaleString('en')} in ${result.batches} batches, outboxed ${Number(outboxed).toLocaleString('en')}, ${dueMs.toFixed(0)} ms (target <= 10000 ms)`,
    );

    const [{ left }] = (await db('deadline_milestones')
      .whereNull('fired_at')
      .whereNull('cancelled_at')
      .count({ left: '*' })) as [{ left: number }];
    const pendingLeft = Number(left);
    const times: number[] = [];
    for (let i = 0; i < EMPTY_RUNS; i++) {
      const s = process.hrtime.bigint();
      const empty = await sweepDueMilestones(db, clock);
      times.push(ms(s));
      if (empty.fired.length > 0) throw new Error('expected nothing due on the repeat sweep');
    }
    times.sort((a, b) => a - b);
    console.log(
      `empty sweep (${EMPTY_RUNS} runs, nothing due, ${pendingLeft.toLocaleString('en')} pending): p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms (target <= 50 ms)`,
    );
    const plan = await db.raw<{ rows: { 'QUERY PLAN': string }[] }>(
      `explain select id from deadline_milestones where fired_at is null and cancelled_at is null and fire_at <= ? order by fire_at, id limit 1000 for update skip locked`,
      [NOW.toISOString()],
    );
    console.log(`plan: ${plan.rows.map((r) => r['QUERY PLAN'].trim()).join(' | ')}`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
