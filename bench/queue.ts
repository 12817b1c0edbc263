/**
 * Staff queue under load: 1,000,000 requests in Postgres (generated in SQL, a realistic mix of statuses and due dates),
 * then p50/p95 of GET /api/staff/queue (50 rows, each bucket) and GET /api/staff/queue/counts, through HTTP with a
 * signed-in staff session, on loopback. Run: npx tsx bench/queue.ts [--regenerate] [--database drp_bench_10m]
 * Uses its own database (drp_bench_queue next to DATABASE_URL's), or with --database one grown by
 * bench/grow-database.ts (10 million requests; nothing is generated then).
 * The app runs as in production (NODE_ENV=production: no response contract check, Secure cookies, each request
 * marked https by X-Forwarded-Proto as a TLS-terminating load balancer on loopback marks it); --env test runs it as
 * the test suite does (every answer checked against its schema), as this benchmark did before 2026-12-06.
 * Besides the latencies it prints, per page, the Postgres round trips and the process's CPU time (server and client:
 * they share this process), which the machine's load does not change much.
 * The measured requests go through node:http on one kept-alive connection, as a load balancer's would; --client fetch
 * uses fetch (undici, whose own CPU time per request is part of the latency), as this benchmark did before 2026-12-06.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../server/app';
import { createAccount, hashPassword } from '../server/auth';
import { loadConfig } from '../server/config';
import { createDb, ensureAppRole, ensureDatabase, type Db } from '../server/db';
import { createProducerConnection } from '../server/queue';
import { fixedClock } from '../server/shared/clock';
import { BUCKETS, compactQueueTallies, countBuckets } from '../server/staff';
import { listQueue } from '../server/staff/queue.repository';
import { runSeeds } from '../seeds';
import { benchDatabaseUrl, GROWN_NOW } from './grown';

const REQUESTS = 1_000_000;
const NOW = GROWN_NOW;
const databaseAt = process.argv.indexOf('--database');
const grown = databaseAt >= 0 ? process.argv[databaseAt + 1] : undefined;
const envAt = process.argv.indexOf('--env');
const ENV = envAt >= 0 ? process.argv[envAt + 1] : 'production';
if (ENV !== 'production' && ENV !== 'test') throw new Error(`--env production|test, not ${ENV}`);
const RUNS = 200;
const CLIENT = process.argv.includes('--client') ? process.argv[process.argv.indexOf('--client') + 1] : 'http';
if (CLIENT !== 'http' && CLIENT !== 'fetch') throw new Error(`--client http|fetch, not ${CLIENT}`);
/** what a TLS-terminating load balancer on loopback adds to every request (the app trusts it: `trust proxy`) */
const FORWARDED = { 'x-forwarded-proto': 'https' };
const PASSWORD = 'bench password 1234';

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function generate(db: Db): Promise<void> {
  await db.raw(
    'truncate deadline_milestones, request_deadlines, letters, inbound_messages, outbox, outbound_emails restart identity cascade',
  );
  await db.raw('truncate requests, requesters restart identity cascade');
  await db.raw(
    `insert into requesters (name, email) select 'Bench Person ' || i, 'bench' || i || '@example.test' from generate_series(1, 10000) i`,
  );
  // status mix: 35% sent, 5% extended, 5% awaiting_information, 4% ready_to_dispatch (post/web form), 2% needs_research,
  // 1% dispatch_failed, 48% finished (completed / denied / closed)
  await db.raw(
    `
    insert into requests (reference, requester_id, vendor_id, "right", jurisdiction, status, channel_type, channel_value, received_at, created_at)
    select 'DR-' || (2100 + i / 1000000) || '-' || lpad((i % 1000000)::text, 6, '0'), 1 + i % 10000, v.ids[1 + i % array_length(v.ids, 1)],
           (array['access','deletion','correction','opt_out_sale'])[1 + i % 4], (array['US-CA','SE','GB','US-NV'])[1 + i % 4],
           s.status, case when s.status = 'ready_to_dispatch' then (array['postal','webform'])[1 + i % 2] when s.status = 'needs_research' then 'none' else 'email' end,
           'privacy@vendor.example', ?::timestamptz - (i % 120) * interval '1 day', ?::timestamptz - (i % 120) * interval '1 day'
    from generate_series(1, ?) i
    cross join (select array_agg(id order by id) ids from vendors) v
    cross join lateral (select case
      when i % 100 < 35 then 'sent' when i % 100 < 40 then 'extended' when i % 100 < 45 then 'awaiting_information'
      when i % 100 < 49 then 'ready_to_dispatch' when i % 100 < 51 then 'needs_research' when i % 100 < 52 then 'dispatch_failed'
      else (array['completed','denied','closed'])[1 + i % 3] end as status) s`,
    [NOW.toISOString(), NOW.toISOString(), REQUESTS],
  );
  await db.raw(`
    insert into request_deadlines (request_id, regime, rules_version, received_at, received_on, due, ack_due, effective_due, state, closed_at)
    select id, 'CCPA', 'bench', received_at, received_at::date, (received_at + interval '45 days')::date, null,
           (received_at + interval '45 days')::date, '{"bench": true}'::jsonb,
           case when status in ('completed','denied','closed') then received_at + interval '30 days' end
    from requests where status not in ('ready_to_dispatch','needs_research','dispatch_failed')`);
}

/** Statements sent to Postgres (every pool's client: knex's and the session store's), counted while measuring. */
let statements = 0;
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;

interface Timed {
  times: number[];
  /** Postgres statements per request */
  statements: number;
  /** CPU time of this process per request, ms */
  cpu: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GET with the session cookie; the status and the whole body. */
async function get(url: string, cookie: string): Promise<{ status: number; body: string }> {
  if (CLIENT === 'fetch') {
    const res = await fetch(url, { headers: { ...FORWARDED, cookie } });
    return { status: res.status, body: await res.text() };
  }
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { ...FORWARDED, cookie } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function timed(url: string, cookie: string, runs: number): Promise<Timed> {
  const times: number[] = [];
  const sent = statements;
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const res = await get(url, cookie);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body}`);
    times.push(ms(t));
  }
  const used = process.cpuUsage(cpu);
  return {
    times: times.sort((a, b) => a - b),
    statements: (statements - sent) / runs,
    cpu: (used.user + used.system) / 1000 / runs,
  };
}

async function main(): Promise<void> {
  const base = new URL(grown ? benchDatabaseUrl(grown) : loadConfig().databaseUrl);
  if (!grown) base.pathname = '/drp_bench_queue';
  await ensureDatabase(base.toString());
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: base.toString(),
    LOG_LEVEL: 'silent',
    NODE_ENV: ENV,
    // production requires these; no mail is sent by the routes measured
    APP_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_URL: 'https://portal.example.test',
    SMTP_URL: 'smtp://127.0.0.1:1',
  });
  const db = createDb(config.databaseUrl, 10);
  await db.migrate.latest();
  // the session store connects as the app role, as in production (npm run db:migrate sets it up the same way)
  await ensureAppRole(db, { role: config.appDatabaseRole, password: config.appDatabasePassword });
  await runSeeds(db);
  const [{ n }] = (await db('requests').count({ n: '*' })) as [{ n: number }];
  if (grown) {
    await compactQueueTallies(db);
    console.log(`${grown}: ${Number(n).toLocaleString('en')} requests (grown by bench/grow-database.ts)`);
  } else if (process.argv.includes('--regenerate') || Number(n) !== REQUESTS) {
    const t = process.hrtime.bigint();
    await generate(db);
    await compactQueueTallies(db); // what the worker does every minute
    await db.raw('vacuum analyze');
    console.log(`generated ${REQUESTS.toLocaleString('en')} requests in ${(ms(t) / 1000).toFixed(1)} s`);
  } else console.log(`reusing ${REQUESTS.toLocaleString('en')} requests (pass --regenerate to rebuild)`);

  const email = `bench-staff-${Date.now()}@example.test`;
  const account = await createAccount(db, { email, name: 'Bench Staff', role: 'staff', emailVerified: true });
  await db('accounts')
    .where({ id: account.id })
    .update({ password_hash: await hashPassword(PASSWORD) });

  const redis = createProducerConnection(config.redisUrl);
  const { app, close } = createApp({
    config,
    db,
    redis,
    logger: pino({ level: process.env.BENCH_LOG ?? 'silent' }),
    clock: fixedClock(NOW),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const csrfRes = await fetch(`${origin}/api/auth/csrf`, { headers: FORWARDED });
    const firstCookie = csrfRes.headers.get('set-cookie')!.split(';')[0]!;
    const { csrf_token } = (await csrfRes.json()) as { csrf_token: string };
    const login = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { ...FORWARDED, cookie: firstCookie, 'content-type': 'application/json', 'x-csrf-token': csrf_token },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

    // warm-up (JIT, the pools, the session store), so the first bucket measured does not pay for it
    for (const bucket of BUCKETS) await timed(`${origin}/api/staff/queue?bucket=${bucket}&limit=50`, cookie, 10);
    await timed(`${origin}/api/staff/queue/counts`, cookie, 10);
    const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(
      `\nGET /api/staff/queue?bucket=..&limit=50 (${RUNS} runs each, loopback HTTP, NODE_ENV=${ENV}, ${CLIENT} client; load average ${loadAverage()})`,
    );
    console.log('bucket              rows   p50 ms   p95 ms   statements   CPU ms (per page)');
    const row = (label: string, rows: number, r: Timed, target = '') =>
      console.log(
        `${label.padEnd(18)} ${String(rows).padStart(5)} ${pct(r.times, 50).toFixed(2).padStart(8)} ${pct(r.times, 95).toFixed(2).padStart(8)} ${r.statements.toFixed(1).padStart(12)} ${r.cpu.toFixed(2).padStart(9)}${target}`,
      );
    for (const bucket of BUCKETS) {
      const probe = (await (
        await fetch(`${origin}/api/staff/queue?bucket=${bucket}&limit=50`, { headers: { ...FORWARDED, cookie } })
      ).json()) as { items: unknown[] };
      const r = await timed(`${origin}/api/staff/queue?bucket=${bucket}&limit=50`, cookie, RUNS);
      row(bucket, probe.items.length, r, '   (target p95 <= 20)');
    }
    const allProbe = (await (
      await fetch(`${origin}/api/staff/queue?limit=50`, { headers: { ...FORWARDED, cookie } })
    ).json()) as { items: unknown[] };
    row('(all)', allProbe.items.length, await timed(`${origin}/api/staff/queue?limit=50`, cookie, RUNS));
    const counts = await timed(`${origin}/api/staff/queue/counts`, cookie, RUNS / 2);
    const sample = await (
      await fetch(`${origin}/api/staff/queue/counts`, { headers: { ...FORWARDED, cookie } })
    ).json();
    console.log(
      `\nGET /api/staff/queue/counts: p50 ${pct(counts.times, 50).toFixed(2)} ms, p95 ${pct(counts.times, 95).toFixed(2)} ms (target p95 <= 50), ${counts.statements.toFixed(1)} statements, ${counts.cpu.toFixed(2)} ms CPU per request`,
    );
    console.log(`counts: ${JSON.stringify(sample)}`);
    // the database's part alone: the same repository calls in this process, without HTTP and the session lookup
    const today = NOW.toISOString().slice(0, 10);
    let directCpu = 0;
    const direct = async (run: () => Promise<unknown>, runs: number) => {
      const times: number[] = [];
      const cpu = process.cpuUsage();
      for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        await run();
        times.push(ms(t));
      }
      const used = process.cpuUsage(cpu);
      directCpu = (used.user + used.system) / 1000 / runs;
      return times.sort((a, b) => a - b);
    };
    const pages = await direct(async () => {
      for (const bucket of BUCKETS) await listQueue(db, { bucket }, { limit: 50 }, today);
    }, RUNS / 4);
    const pageCpu = directCpu / BUCKETS.length;
    const tallies = await direct(() => countBuckets(db, {}, today), RUNS / 2);
    console.log(
      `in-process, no HTTP: all ${BUCKETS.length} bucket pages one after another p50 ${pct(pages, 50).toFixed(2)} ms, p95 ${pct(pages, 95).toFixed(2)} ms (${pageCpu.toFixed(2)} ms CPU a page); counts p50 ${pct(tallies, 50).toFixed(2)} ms, p95 ${pct(tallies, 95).toFixed(2)} ms`,
    );
    const [{ rows }] = (await db('queue_tallies').count({ rows: '*' })) as [{ rows: string }];
    console.log(`queue_tallies rows summed per counts request: ${rows}; load average ${loadAverage()}`);
  } finally {
    agent.destroy();
    server.close();
    await close();
    redis.disconnect();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
