/**
 * A database as it looks after years of traffic, for the benchmarks that must hold at scale (issue #18):
 *   npx tsx bench/grow-database.ts [requests=10000000] [--database drp_bench_10m] [--regenerate]
 * Creates the database (next to DATABASE_URL's; never a test database), migrates and seeds it, then fills it, all in
 * set-based SQL (generate_series, in chunks of 500,000 requests, each chunk its own transaction), with N requests
 * over the five years before NOW and what they leave behind:
 *  - a submission (two requests each) and its requester (intake writes one per submission);
 *  - request deadlines (every request that reached its vendor) and milestones: six for an open request (those due
 *    before NOW fired and notified), two for a finished one (acknowledgement fired, due date cancelled);
 *  - a letter per dispatched request and, for email channels, its outbound email (sent), plus one verification email
 *    per submission; everything of a person whose last request finished more than 730 days ago is erased the way the
 *    retention purge erases it; letter PDFs are 600-byte stand-ins (real ones are sealed files of ~30 kB);
 *  - events: two per submission (received, verified), and request_created, dispatched and the closing event per request;
 *  - queue tallies as the statement triggers would have written them, then folded.
 * Mix: requests received in the last 45 days are open one time in five (sent, extended, awaiting information, ready
 * to dispatch, needs research, dispatch failed), 45–120 days old one in fifty (overdue), older ones are finished
 * (completed, partially fulfilled, denied, closed, withdrawn). Vendors are skewed (a few get most requests). Finally
 * exactly 10,000 milestones of open requests are left due and unfired, for the sweep benchmark (bench/sweep.ts).
 * Re-running with the same N does nothing (resumes an interrupted run); --regenerate truncates and starts again.
 * Secondary indexes of the big tables are dropped during the load and built again at the end (their definitions are
 * kept in bench_dropped_indexes until then, so an interrupted run restores them on the next).
 */
import { loadConfig } from '../server/config';
import { createDb, ensureAppRole, ensureDatabase, type Db } from '../server/db';
import { compactQueueTallies } from '../server/staff';
import { runSeeds } from '../seeds';
import { benchDatabaseUrl, GROWN_NOW } from './grown';

const GROWN_DUE_MILESTONES = 10_000;
const CHUNK = 500_000;
const SPAN_DAYS = 1826;
const RETENTION_DAYS = 730;
const BIG_TABLES = [
  'requesters',
  'submissions',
  'requests',
  'request_deadlines',
  'deadline_milestones',
  'letters',
  'outbound_emails',
  'events',
];

const args = process.argv.slice(2);
const flag = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000_000);
const DATABASE = flag('--database') ?? 'drp_bench_10m';
if (N % CHUNK !== 0 && N > CHUNK) throw new Error(`N must be a multiple of ${CHUNK} (or at most ${CHUNK})`);

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const secs = (start: bigint) => `${(ms(start) / 1000).toFixed(1)} s`;

/** One chunk of requests [lo, hi] and everything that hangs off them, in one transaction. */
async function growChunk(db: Db, lo: number, hi: number): Promise<void> {
  await db.transaction(async (trx) => {
    // replica: no foreign-key checks and no row triggers for the bulk load (the tallies are written below instead)
    await trx.raw(`set local session_replication_role = replica`);
    await trx.raw(`set local synchronous_commit = off`);
    await trx.raw(`set local work_mem = '256MB'`);
    const p = { lo, hi, n: N, now: GROWN_NOW.toISOString(), span: SPAN_DAYS, retention: RETENTION_DAYS };
    // the computed shape of each request of the chunk
    await trx.raw(
      `create temp table g on commit drop as
       select i, (i + 1) / 2 as s, t.created_at, t.created_at + interval '40 minutes' as received_at,
              v.ids[1 + floor(array_length(v.ids, 1) * power(h.f, 2.5))::int] as vendor_id,
              (array['US-CA','US-CA','US-CA','US-CA','GB','DE','FR','SE','US-VA','US-CO'])[1 + h.a % 10] as jurisdiction,
              (array['access','deletion','access','deletion','correction'])[1 + h.b % 5] as "right",
              st.status, st.open,
              case when st.status = 'needs_research' then 'none' when h.c % 20 = 0 then 'postal' when h.c % 20 = 1 then 'webform' else 'email' end as channel_type,
              st.status not in ('needs_research', 'ready_to_dispatch', 'dispatch_failed') as dispatched
         from generate_series(:lo::bigint, :hi::bigint) i
         cross join (select array_agg(id order by id) ids from vendors) v
         cross join lateral (select ((i * 2654435761) % 4294967296) / 4294967296.0 as f,
                                    (i * 40503) % 9973 as a, (i * 69069 + 1) % 9967 as b, (i * 1103515245 + 12345) % 9949 as c,
                                    (i * 134775813 + 1) % 1000 as d) h
         cross join lateral (select :now::timestamptz - ((:n::bigint - ((i + 1) / 2) * 2)::float8 / :n::bigint * :span::int) * interval '1 day'
                                    - (h.c % 3600) * interval '1 second' as created_at) t
         cross join lateral (select extract(epoch from :now::timestamptz - t.created_at) / 86400 as age) a
         cross join lateral (select case
             when a.age <= 45 and h.d < 200 then (array['sent','sent','sent','sent','extended','awaiting_information','ready_to_dispatch','needs_research','dispatch_failed','sent'])[1 + h.a % 10]
             when a.age <= 120 and h.d < 20 then (array['sent','extended','awaiting_information'])[1 + h.a % 3]
             else (array['completed','completed','completed','completed','completed','partially_fulfilled','denied','closed','closed','withdrawn'])[1 + h.b % 10]
           end as status0) s0
         cross join lateral (select case when s0.status0 = 'partially_fulfilled' then 'completed' else s0.status0 end as status,
                                    s0.status0 in ('sent','extended','awaiting_information','ready_to_dispatch','needs_research','dispatch_failed') as open) st`,
      p,
    );
    await trx.raw(
      `create temp table gr on commit drop as
       select g.*, d.due, case when g.open then null else least(g.received_at + (5 + g.i % 40) * interval '1 day', :now::timestamptz - interval '1 hour') end as closed_at
         from g cross join lateral (select (g.received_at + interval '45 days')::date + case when g.status = 'extended' then 45 else 0 end as due) d`,
      p,
    );
    await trx.raw(
      `create temp table gp on commit drop as
       select s, min(created_at) as created_at,
              bool_and(not open) and max(closed_at) < :now::timestamptz - :retention::int * interval '1 day' as erased
         from gr group by s`,
      p,
    );
    await trx.raw(
      `insert into requesters (id, name, email, phone, address, created_at, erased_at)
       select s, case when erased then '(erased)' else 'Grown Person ' || s end,
              case when erased then 'erased-' || s || '@erased.invalid' else 'person' || s || '@example.test' end, null,
              case when erased then null else jsonb_build_object('line1', s || ' Main Street', 'city', 'Springfield', 'region', 'CA', 'postal_code', '94110', 'country', 'US') end,
              created_at, case when erased then :now::timestamptz - interval '1 day' end
         from gp`,
      p,
    );
    await trx.raw(
      `insert into submissions (id, public_id, requester_id, jurisdiction, status, plan, warnings, created_at, verified_at)
       select gp.s, md5('submission' || gp.s)::uuid, gp.s, g1.jurisdiction, 'verified',
              jsonb_build_array(jsonb_build_object('vendor_id', g1.vendor_id, 'right', g1."right")), '[]'::jsonb,
              gp.created_at, gp.created_at + interval '20 minutes'
         from gp join gr g1 on g1.i = gp.s * 2 - 1`,
    );
    await trx.raw(
      `insert into requests (id, reference, requester_id, submission_id, vendor_id, "right", jurisdiction, status, channel_type,
                             channel_value, created_at, received_at, closed_at, due_on, outcome, answered_on)
       select i, 'DR-G' || lpad(i::text, 9, '0'), s, s, vendor_id, "right", jurisdiction, status, channel_type,
              case channel_type when 'email' then 'privacy@vendor' || vendor_id || '.example' when 'postal' then 'Privacy Office, 1 Vendor Road' when 'webform' then 'https://vendor' || vendor_id || '.example/privacy' end,
              created_at, case when dispatched then received_at end, closed_at, case when open and dispatched then due end,
              case when status = 'completed' then (case when i % 10 = 3 then 'partially_fulfilled' else 'fulfilled' end) when status = 'denied' then 'denied' end,
              case when status in ('completed','denied') then closed_at::date end
         from gr`,
    );
    await trx.raw(
      `insert into request_deadlines (request_id, regime, rules_version, received_at, received_on, due, extended_due, effective_due, state, closed_at, close_reason, created_at, updated_at)
       select i, case when jurisdiction like 'US-%' then (case jurisdiction when 'US-CA' then 'CCPA' when 'US-VA' then 'VCDPA' else 'CO_CPA' end) when jurisdiction = 'GB' then 'UK_GDPR' else 'GDPR' end,
              'grown', received_at, received_at::date, (received_at + interval '45 days')::date,
              case when status = 'extended' then due end, due, '{"grown": true}'::jsonb, closed_at, case when closed_at is not null then status end,
              received_at, coalesce(closed_at, received_at)
         from gr where dispatched`,
    );
    // milestones: six for open requests (those due before NOW fired and notified), two for finished ones
    await trx.raw(
      `insert into deadline_milestones (request_id, kind, due_on, fire_at, fired_at, notified_at, cancelled_at, generation)
       select gr.i, k.kind, (f.fire_at)::date, f.fire_at,
              case when (not gr.open and k.kind = 'ack_due') or (gr.open and f.fire_at <= :now::timestamptz) then f.fire_at + interval '30 seconds' end,
              case when (not gr.open and k.kind = 'ack_due') or (gr.open and f.fire_at <= :now::timestamptz) then f.fire_at + interval '2 minutes' end,
              case when not gr.open and k.kind = 'due' then gr.closed_at end, 1
         from gr
         cross join (values ('ack_due', -35), ('reminder_7d', -7), ('reminder_2d', -2), ('due', 0), ('overdue', 1), ('escalation', 14)) k(kind, days)
         cross join lateral (select (gr.due + k.days)::timestamptz + interval '9 hours' as fire_at) f
        where gr.dispatched and (gr.open or k.kind in ('ack_due', 'due'))`,
      p,
    );
    const erasedText = '(erased under the retention policy)';
    await trx.raw(
      `insert into outbound_emails (id, template, from_address, to_address, subject, text_body, html_body, message_id, status, attempts, smtp_response, accepted_at, created_at, related_type, related_id, final_dot_sent_at)
       select gr.i * 2, gr."right", 'Data Rights Portal <requests@portal.localhost>', 'privacy@vendor' || gr.vendor_id || '.example',
              case when gp.erased then :erased else 'Data ' || gr."right" || ' request ' || 'DR-G' || lpad(gr.i::text, 9, '0') end,
              case when gp.erased then :erased else repeat('Dear privacy team, under the law I ask you to respond to my request. ', 12) || 'Grown Person ' || gr.s end,
              case when gp.erased then null else '<p>' || repeat('Dear privacy team, under the law I ask you to respond to my request. ', 12) || '</p>' end,
              '<letter-' || gr.i || '@portal.localhost>', 'sent', 1, '250 2.0.0 queued as G' || gr.i, gr.received_at, gr.received_at - interval '1 minute',
              'request', gr.i, gr.received_at
         from gr join gp on gp.s = gr.s where gr.dispatched and gr.channel_type = 'email'`,
      { erased: erasedText },
    );
    await trx.raw(
      `insert into outbound_emails (id, template, from_address, to_address, subject, text_body, html_body, message_id, status, attempts, smtp_response, accepted_at, created_at, related_type, related_id, final_dot_sent_at)
       select gp.s * 2 - 1, 'consumer_verify', 'Data Rights Portal <requests@portal.localhost>',
              case when gp.erased then 'erased@erased.invalid' else 'person' || gp.s || '@example.test' end,
              case when gp.erased then :erased else 'Confirm your data rights request' end,
              case when gp.erased then :erased else 'Please confirm your request by opening this link. ' || repeat('What the click confirms. ', 10) end,
              null, '<verify-' || gp.s || '@portal.localhost>', 'sent', 1, '250 2.0.0 queued', gp.created_at + interval '1 minute',
              gp.created_at + interval '30 seconds', 'submission', gp.s, gp.created_at + interval '1 minute'
         from gp`,
      { erased: erasedText },
    );
    await trx.raw(
      `insert into letters (id, request_id, purpose, channel_type, channel_value, template, subject, text_body, html_body, pdf, stated_due, outbound_email_id, mailed_on, delivered_on, created_at)
       select gr.i, gr.i, 'request', gr.channel_type, r.channel_value, gr."right", 'Data ' || gr."right" || ' request',
              case when gp.erased then :erased else repeat('Dear privacy team, under the law I ask you to respond to my request. ', 12) || 'Grown Person ' || gr.s end,
              case when gp.erased then :erased else '<p>' || repeat('Dear privacy team, under the law I ask you to respond to my request. ', 12) || '</p>' end,
              case when gp.erased then ''::bytea else convert_to(repeat('sealed letter pdf stand-in ', 22), 'UTF8') end,
              gr.due, case when gr.channel_type = 'email' then gr.i * 2 end,
              case when gr.channel_type = 'postal' then gr.received_at::date end, case when gr.channel_type = 'postal' then gr.received_at::date end,
              gr.received_at - interval '2 minutes'
         from gr join gp on gp.s = gr.s join requests r on r.id = gr.i where gr.dispatched and gr.channel_type <> 'none'`,
      { erased: erasedText },
    );
    // events: two per submission, then request_created, dispatched and the closing event per request
    await trx.raw(
      `insert into events (subject_type, subject_id, type, actor_type, actor_id, data, occurred_at)
       select 'submission', s, e.type, e.actor, case when e.actor = 'consumer' then s::text end, '{}'::jsonb, e.at
         from gp cross join lateral (values ('submission_received', 'consumer', gp.created_at), ('submission_verified', 'consumer', gp.created_at + interval '20 minutes')) e(type, actor, at)
       union all
       select 'request', gr.i, e.type, e.actor, null, e.data, e.at
         from gr cross join lateral (values
             ('request_created', 'system', jsonb_build_object('submission_id', gr.s), gr.created_at + interval '20 minutes'),
             ('dispatched', 'system', jsonb_build_object('channel', gr.channel_type), case when gr.dispatched then gr.received_at end),
             (case gr.status when 'withdrawn' then 'request_withdrawn' when 'closed' then 'request_closed' else 'response_recorded' end, 'staff',
              jsonb_build_object('to', gr.status), gr.closed_at)) e(type, actor, data, at)
        where e.at is not null
        order by 7`,
    );
    await trx.raw(
      `insert into queue_tallies (status, channel_type, due_on, n)
       select status, channel_type, due_on, count(*) from requests where id between :lo and :hi group by 1, 2, 3`,
      p,
    );
  });
}

async function dropSecondaryIndexes(db: Db): Promise<void> {
  await db.raw(`create table if not exists bench_dropped_indexes (name text primary key, definition text not null)`);
  const { rows } = await db.raw<{ rows: { indexname: string; indexdef: string }[] }>(
    `select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any(?)
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [BIG_TABLES],
  );
  for (const { indexname, indexdef } of rows) {
    await db('bench_dropped_indexes').insert({ name: indexname, definition: indexdef }).onConflict('name').ignore();
    await db.raw(`drop index if exists "${indexname}"`);
  }
}

async function restoreIndexes(db: Db): Promise<void> {
  const exists = await db.schema.hasTable('bench_dropped_indexes');
  if (!exists) return;
  const saved: { name: string; definition: string }[] = await db('bench_dropped_indexes').select();
  for (const { name, definition } of saved) {
    const t = process.hrtime.bigint();
    await db.transaction(async (trx) => {
      await trx.raw(`set local maintenance_work_mem = '1GB'`);
      await trx.raw(definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
      await trx('bench_dropped_indexes').where({ name }).del();
    });
    console.log(`  index ${name} built in ${secs(t)}`);
  }
  await db.schema.dropTable('bench_dropped_indexes');
}

/** Exactly GROWN_DUE_MILESTONES milestones of open requests due and unfired (the latest fired ones are un-fired). */
async function leaveDueMilestones(db: Db): Promise<void> {
  const now = GROWN_NOW.toISOString();
  const { n } = (
    await db.raw<{ rows: { n: string }[] }>(
      `select count(*) n from deadline_milestones where fired_at is null and cancelled_at is null and fire_at <= ?`,
      [now],
    )
  ).rows[0]!;
  const missing = GROWN_DUE_MILESTONES - Number(n);
  if (missing > 0) {
    await db.raw(
      `update deadline_milestones set fired_at = null, notified_at = null where id in (
         select m.id from requests r join deadline_milestones m on m.request_id = r.id
          where r.status in ('sent','extended','awaiting_information') and m.fired_at is not null and m.fire_at <= ?
          order by m.fire_at desc, m.id limit ?)`,
      [now, missing],
    );
  }
}

async function report(db: Db): Promise<void> {
  const { rows } = await db.raw<{ rows: { table: string; rows: string; size: string }[] }>(
    `select c.relname as table, c.reltuples::bigint as rows, pg_size_pretty(pg_total_relation_size(c.oid)) as size
       from pg_class c join pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = 'public' and c.relkind = 'r' and c.relname = any(?) order by pg_total_relation_size(c.oid) desc`,
    [[...BIG_TABLES, 'queue_tallies']],
  );
  for (const r of rows)
    console.log(`  ${r.table.padEnd(22)} ${Number(r.rows).toLocaleString('en').padStart(14)}  ${r.size}`);
  const { size } = (
    await db.raw<{ rows: { size: string }[] }>(`select pg_size_pretty(pg_database_size(current_database())) size`)
  ).rows[0]!;
  const { open } = (
    await db.raw<{ rows: { open: string }[] }>(
      `select count(*) open from requests where status <> all(array['completed','denied','withdrawn','closed'])`,
    )
  ).rows[0]!;
  console.log(`  database ${DATABASE}: ${size}; open requests ${Number(open).toLocaleString('en')}`);
}

async function main(): Promise<void> {
  const url = benchDatabaseUrl(DATABASE);
  await ensureDatabase(url);
  const db = createDb(url, 2);
  try {
    await db.migrate.latest();
    const config = loadConfig();
    await ensureAppRole(db, { role: config.appDatabaseRole, password: config.appDatabasePassword });
    await runSeeds(db);
    const started = process.hrtime.bigint();
    let { have } = (await db.raw<{ rows: { have: string | null }[] }>(`select max(id) have from requests`)).rows[0]!;
    if (
      process.argv.includes('--regenerate') ||
      (Number(have ?? 0) > 0 && Number(have) % CHUNK !== 0 && Number(have) !== N)
    ) {
      await restoreIndexes(db);
      await db.raw(
        `truncate requesters, submissions, requests, request_deadlines, deadline_milestones, letters, outbound_emails, queue_tallies, outbox restart identity cascade`,
      );
      // events are append-only (a trigger refuses TRUNCATE); the bench owns this database, so lift it for the reset
      await db.raw(`alter table events disable trigger events_no_truncate`);
      await db.raw(`truncate events restart identity`);
      await db.raw(`alter table events enable trigger events_no_truncate`);
      have = '0';
    }
    let from = Number(have ?? 0) + 1;
    if (from > N) console.log(`${DATABASE} already holds ${N.toLocaleString('en')} requests (--regenerate rebuilds)`);
    else {
      await dropSecondaryIndexes(db);
      for (let lo = from; lo <= N; lo += Math.min(CHUNK, N)) {
        const hi = Math.min(N, lo + CHUNK - 1);
        const t = process.hrtime.bigint();
        await growChunk(db, lo, hi);
        console.log(
          `requests ${lo.toLocaleString('en')}–${hi.toLocaleString('en')} in ${secs(t)} (total ${secs(started)})`,
        );
      }
      from = N + 1;
      for (const seq of ['requesters', 'submissions', 'requests', 'letters', 'outbound_emails']) {
        await db.raw(`select setval(pg_get_serial_sequence(?, 'id'), (select max(id) from ??))`, [seq, seq]);
      }
    }
    const t = process.hrtime.bigint();
    await restoreIndexes(db);
    console.log(`indexes in ${secs(t)}`);
    await leaveDueMilestones(db);
    await compactQueueTallies(db);
    const v = process.hrtime.bigint();
    await db.raw('vacuum analyze');
    console.log(`vacuum analyze in ${secs(v)}; total ${secs(started)}`);
    await report(db);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
