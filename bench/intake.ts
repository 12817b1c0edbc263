/**
 * Intake throughput: POST /api/requests (one vendor, one right, a unique email per request) against a bare Express
 * + pg insert baseline, in the same run, both on loopback. The portal runs as in production: the rate limiters on
 * (per client address and per email, counted in Redis), the client address taken from X-Forwarded-For (the app
 * trusts a proxy on loopback, as behind a local load balancer), each request from another address, so the limiters
 * do their full work and never refuse. Everything else is the real path too: validation, the registry (cached, its
 * revision checked by the storing statement), the law, the plan and its warnings, then one statement: requester,
 * submission, the outbox job that has the worker email the verification link, and the event.
 *
 * Run: npx tsx bench/intake.ts [seconds=10] [connections=10] [rounds=3] [--database drp_bench_<name> [--fresh]] [--no-limits]
 *        [--load-process]
 * Each round measures the portal, then the baseline, for `seconds` each: alternating keeps a drift in the machine's
 * speed (a shared VM) from landing on one side only. Every round is printed, then the totals, the database's rows and
 * the load average, and each side's CPU time per request (this process, the bench database's Postgres backends, Redis;
 * read from /proc), which a machine shared with other work changes much less than it changes throughput.
 * --database: a bench database next to DATABASE_URL's (migrated and seeded when new), e.g. drp_bench_10m from
 * bench/grow-database.ts; --fresh makes it again, empty, from drp_bench_intake_template (migrated and seeded once).
 * Without it: DATABASE_URL (default: the test database). --no-limits: no rate limiters and one client address (the
 * bench before issue #18). --load-process: the load generator runs in a child process of its own instead of next to
 * the servers, so each server's process has a core's worth of time to itself and "this process" is the server alone
 * (the child's CPU time is printed apart). Leaves its rows behind but marks their verification jobs as done, so no worker ever emails
 * the bench's addresses.
 */
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import express from 'express';
import pg from 'pg';
import pino from 'pino';
import { createApp, type AppDeps } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb, ensureDatabase } from '../server/db';
import { createProducerConnection } from '../server/queue';
import type { RequestRoutesDeps } from '../server/requests';
import { systemClock } from '../server/shared/clock';
import { runSeeds } from '../seeds';
import { benchDatabaseUrl } from './grown';

const DOMAIN = 'bench.invalid';
const args = process.argv.slice(2);
/** The child's mode (--load-process): `--load-only <url> <seconds> <connections> <first client number>`. */
const loadOnly = args.indexOf('--load-only');
const numbers = (loadOnly >= 0 ? args.slice(loadOnly + 2) : args).filter((a) => /^\d+$/.test(a)).map(Number);
const seconds = numbers[0] ?? 10;
const connections = numbers[1] ?? 10;
const rounds = numbers[2] ?? 3;
const databaseAt = args.indexOf('--database');
const database = databaseAt >= 0 ? args[databaseAt + 1] : undefined;
const fresh = args.includes('--fresh');
const limits = !args.includes('--no-limits');
const loadProcess = args.includes('--load-process');
const TEMPLATE = 'drp_bench_intake_template';
const WARM_UP_SECONDS = 5;

/** A different client address for every request (10.0.0.1, 10.0.0.2, ...), as a load balancer would forward them. */
let clients = 0;
const nextClient = () => {
  const n = ++clients;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * CPU time (ms) used so far by each process named `command` (from /proc; Linux), only those whose command line names
 * `marker` when given: Postgres backends of the bench database, or redis-server. With the portal's own CPU time this
 * gives the cost of one request on each side, which a busy machine changes far less than it changes throughput.
 */
function cpuOf(command: string, marker?: string): Map<string, number> {
  const used = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== command) continue;
      if (marker && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // utime + stime, at USER_HZ = 100
    } catch {
      // the process ended meanwhile
    }
  }
  return used;
}

/** CPU time used since `before` by the processes alive now (a process that ended meanwhile is not counted). */
function cpuSince(before: Map<string, number>, now: Map<string, number>): number {
  let ms = 0;
  for (const [pid, used] of now) ms += used - (before.get(pid) ?? 0);
  return ms;
}

const body = () =>
  JSON.stringify({
    requester: {
      name: 'Bench Consumer',
      email: `${randomUUID()}@${DOMAIN}`,
      address: { line1: '1 Bench Way', city: 'Springfield', region: 'CA', postal_code: '94110', country: 'US' },
    },
    jurisdiction: 'US-CA',
    rights: ['access'],
    vendors: ['sonos'],
  });

async function listen(app: express.Express): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** What one measurement of a side gives: autocannon's result, and the load generator's own CPU time when a child's. */
interface LoadResult {
  result: autocannon.Result;
  /** CPU ms of the child process that generated the load (--load-process); 0 when it ran in this process */
  loadCpuMs: number;
}

/** Runs autocannon against `url` from this process. */
async function generateLoad(url: string, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/requests',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: body(),
          headers: limits ? { ...req.headers, 'x-forwarded-for': nextClient() } : req.headers,
        }),
      },
    ],
  });
}

/** Runs the load from a child process (this script with --load-only), continuing the client addresses where we are. */
async function generateLoadInChild(url: string, duration: number): Promise<LoadResult> {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      process.argv[1]!,
      '--load-only',
      url,
      String(duration),
      String(connections),
      String(clients),
      ...(limits ? [] : ['--no-limits']),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the load process ended with ${code}`);
  const answer = JSON.parse(out) as { result: autocannon.Result; cpuMs: number; clients: number };
  clients = answer.clients;
  return { result: answer.result, loadCpuMs: answer.cpuMs };
}

async function load(url: string, expectStatus: number, duration = seconds, databaseName = '') {
  const before = { node: process.cpuUsage(), postgres: cpuOf('postgres', databaseName), redis: cpuOf('redis-server') };
  const { result, loadCpuMs }: LoadResult = loadProcess
    ? await generateLoadInChild(url, duration)
    : { result: await generateLoad(url, duration), loadCpuMs: 0 };
  const ok =
    result.statusCodeStats?.[String(expectStatus) as keyof NonNullable<typeof result.statusCodeStats>]?.count ?? 0;
  const node = process.cpuUsage(before.node);
  const perRequest = (ms: number) => (result.requests.total ? ms / result.requests.total : 0);
  return {
    cpu: {
      node: perRequest((node.user + node.system) / 1000),
      postgres: perRequest(cpuSince(before.postgres, cpuOf('postgres', databaseName))),
      redis: perRequest(cpuSince(before.redis, cpuOf('redis-server'))),
      load: perRequest(loadCpuMs),
    },
    rps: result.requests.average,
    p99: result.latency.p99,
    total: result.requests.total,
    ok,
    errors: result.errors + result.non2xx,
  };
}

/** The bench database: made (migrated, seeded) when new; --fresh copies it again from an empty migrated template. */
async function prepareDatabase(name: string): Promise<string> {
  const url = benchDatabaseUrl(name);
  if (fresh) {
    const template = benchDatabaseUrl(TEMPLATE);
    await ensureDatabase(template);
    const t = createDb(template, 1);
    await t.migrate.latest();
    await runSeeds(t);
    await t.destroy();
    const admin = new pg.Client({ connectionString: benchDatabaseUrl(TEMPLATE).replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    await admin.query(`drop database if exists "${name}"`);
    await admin.query(`create database "${name}" template "${TEMPLATE}"`);
    await admin.end();
    return url;
  }
  await ensureDatabase(url);
  const db = createDb(url, 1);
  await db.migrate.latest();
  await runSeeds(db);
  await db.destroy();
  return url;
}

async function main(): Promise<void> {
  const databaseUrl = database
    ? await prepareDatabase(database)
    : (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/drp_test');
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `bench${Date.now()}`,
  });
  const pool = Math.max(10, connections);
  const db = createDb(config.databaseUrl, pool, undefined, { queuePrefix: config.queuePrefix });
  const redis = createProducerConnection(config.redisUrl);
  redis.on('error', () => undefined);
  const deps: AppDeps & RequestRoutesDeps = {
    config,
    db,
    redis,
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    intake: limits ? {} : { rateLimits: false },
  };
  const portal = createApp(deps);

  // Baseline: the least an intake endpoint can do — parse JSON and insert one row.
  // connections stay open while the other side is measured, so no backend (and its CPU time) ends mid-measurement
  const raw = new pg.Pool({ connectionString: config.databaseUrl, max: pool, idleTimeoutMillis: 0 });
  await raw.query(
    'create table if not exists bench_intake_baseline (id bigserial primary key, email text not null, body jsonb not null, created_at timestamptz not null default now())',
  );
  const bare = express();
  bare.use(express.json());
  bare.post('/api/requests', async (req, res) => {
    const { rows } = await raw.query('insert into bench_intake_baseline (email, body) values ($1, $2) returning id', [
      req.body.requester.email,
      req.body,
    ]);
    res.status(202).json({ id: rows[0].id });
  });

  const a = await listen(portal.app);
  const b = await listen(bare);
  try {
    // Warm-up (JIT, pools, the template engine), so neither measured run pays for it: 5 s each, as the portal's first
    // round after a 2 s warm-up was up to 20 % slower than its later ones (its code takes longer to be optimized)
    await load(a.url, 202, WARM_UP_SECONDS);
    await load(b.url, 202, WARM_UP_SECONDS);
    const line = (name: string, r: Awaited<ReturnType<typeof load>>) =>
      `${name} ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms (${r.ok} accepted, ${r.errors} errors/non-2xx), ` +
      `CPU per request: this process ${r.cpu.node.toFixed(2)} ms, Postgres ${r.cpu.postgres.toFixed(2)} ms, Redis ${r.cpu.redis.toFixed(2)} ms` +
      (loadProcess ? `, load process ${r.cpu.load.toFixed(2)} ms` : '');
    const databaseName = new URL(config.databaseUrl).pathname.slice(1);
    const state = await db.raw<{ rows: { requests: string; submissions: string; events: string; size: string }[] }>(
      `select (select count(*) from requests) requests, (select count(*) from submissions) submissions,
              (select count(*) from events) events, pg_size_pretty(pg_database_size(current_database())) size`,
    );
    const rows = state.rows[0]!;
    console.log(
      `database ${new URL(config.databaseUrl).pathname.slice(1)}: ${Number(rows.requests).toLocaleString('en')} requests, ${Number(rows.submissions).toLocaleString('en')} submissions, ${Number(rows.events).toLocaleString('en')} events, ${rows.size}`,
    );
    console.log(
      `connections ${connections}, ${seconds} s per measurement, ${rounds} rounds, loopback; rate limiters ${limits ? 'on, every request from its own X-Forwarded-For address' : 'off, one address'}; load generator ${loadProcess ? 'in a process of its own' : 'in this process'}; load average ${loadAverage()}`,
    );
    const totals = { portal: { ok: 0, p99: 0, cpu: 0 }, baseline: { ok: 0, p99: 0, cpu: 0 } };
    const cpuSum = (r: Awaited<ReturnType<typeof load>>) => r.cpu.node + r.cpu.postgres + r.cpu.redis;
    for (let round = 1; round <= rounds; round++) {
      const intake = await load(a.url, 202, seconds, databaseName);
      const baseline = await load(b.url, 202, seconds, databaseName);
      console.log(
        `round ${round}: ${line('portal POST /api/requests', intake)}; ${line('baseline express + pg insert', baseline)}; ratio ${(intake.rps / baseline.rps).toFixed(3)}`,
      );
      totals.portal.cpu += cpuSum(intake) / rounds;
      totals.baseline.cpu += cpuSum(baseline) / rounds;
      totals.portal.ok += intake.ok;
      totals.portal.p99 = Math.max(totals.portal.p99, intake.p99);
      totals.baseline.ok += baseline.ok;
      totals.baseline.p99 = Math.max(totals.baseline.p99, baseline.p99);
    }
    const time = seconds * rounds;
    console.log(
      `portal   POST /api/requests: ${(totals.portal.ok / time).toFixed(0)} req/s accepted over ${time} s, worst round p99 ${totals.portal.p99} ms`,
    );
    console.log(
      `baseline express + pg insert:  ${(totals.baseline.ok / time).toFixed(0)} req/s accepted over ${time} s, worst round p99 ${totals.baseline.p99} ms`,
    );
    console.log(`ratio portal/baseline: ${(totals.portal.ok / totals.baseline.ok).toFixed(3)} (throughput)`);
    console.log(
      `CPU per request (this process${loadProcess ? '' : ', which also runs the load generator,'} + Postgres backends + Redis), mean of the rounds: ` +
        `portal ${totals.portal.cpu.toFixed(2)} ms, baseline ${totals.baseline.cpu.toFixed(2)} ms, ratio ${(totals.baseline.cpu / totals.portal.cpu).toFixed(3)}`,
    );
    console.log(`load average at the end: ${loadAverage()}`);
  } finally {
    a.server.close();
    b.server.close();
    // The bench's verification links must never be issued and mailed by a worker that starts later.
    await db.raw(
      `update outbox o set relayed_at = now() from submissions s join requesters q on q.id = s.requester_id
        where o.job_name = 'issue-verification' and (o.payload->>'submissionId')::bigint = s.id and q.email like ? and o.relayed_at is null`,
      [`%@${DOMAIN}`],
    );
    await raw.query('drop table if exists bench_intake_baseline');
    await raw.end();
    await portal.close();
    await db.destroy();
    await redis.quit();
  }
}

/** The child of --load-process: runs one measurement's load and answers its result, its CPU time and the next client. */
async function loadOnlyMain(): Promise<void> {
  const url = args[loadOnly + 1]!;
  clients = numbers[2]!; // the first client number
  const started = process.cpuUsage();
  const result = await generateLoad(url, seconds);
  const used = process.cpuUsage(started);
  process.stdout.write(JSON.stringify({ result, cpuMs: (used.user + used.system) / 1000, clients }));
}

(loadOnly >= 0 ? loadOnlyMain() : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
