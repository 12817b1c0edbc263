/**
 * Intake throughput: POST /api/requests (one vendor, one right, a unique email per request) against a bare Express
 * + pg insert baseline, in the same run, both on loopback. Rate limits are off for the portal run (all load comes
 * from one address); everything else is the real path: validation, the registry (cached, its revision checked by the
 * storing statement), the law, the plan and its warnings, then one statement: requester, submission,
 * the outbox job that has the worker email the verification link, and the event.
 *
 * Run: npx tsx bench/intake.ts [seconds=10] [connections=10] [rounds=3]
 * Each round measures the portal, then the baseline, for `seconds` each: alternating keeps a drift in the machine's
 * speed (a shared VM) from landing on one side only. Every round is printed, then the totals.
 * Uses DATABASE_URL (default: the test database). Leaves its rows behind but marks their verification jobs as done,
 * so no worker ever emails the bench's addresses.
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import autocannon from 'autocannon';
import express from 'express';
import pg from 'pg';
import pino from 'pino';
import { createApp, type AppDeps } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb } from '../server/db';
import { createProducerConnection } from '../server/queue';
import type { RequestRoutesDeps } from '../server/requests';
import { systemClock } from '../server/shared/clock';

const DOMAIN = 'bench.invalid';
const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);
const rounds = Number(process.argv[4] ?? 3);

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

async function load(url: string, expectStatus: number, duration = seconds) {
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/requests',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: body() }),
      },
    ],
  });
  const ok =
    result.statusCodeStats?.[String(expectStatus) as keyof NonNullable<typeof result.statusCodeStats>]?.count ?? 0;
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    total: result.requests.total,
    ok,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/drp_test',
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
    intake: { rateLimits: false },
  };
  const portal = createApp(deps);

  // Baseline: the least an intake endpoint can do — parse JSON and insert one row.
  const raw = new pg.Pool({ connectionString: config.databaseUrl, max: pool });
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
    // Warm-up (JIT, pools, the template engine), so neither measured run pays for it.
    await load(a.url, 202, 2);
    await load(b.url, 202, 2);
    const line = (name: string, r: Awaited<ReturnType<typeof load>>) =>
      `${name} ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms (${r.ok} accepted, ${r.errors} errors/non-2xx)`;
    console.log(`connections ${connections}, ${seconds} s per measurement, ${rounds} rounds, loopback`);
    const totals = { portal: { ok: 0, p99: 0 }, baseline: { ok: 0, p99: 0 } };
    for (let round = 1; round <= rounds; round++) {
      const intake = await load(a.url, 202);
      const baseline = await load(b.url, 202);
      console.log(
        `round ${round}: ${line('portal POST /api/requests', intake)}; ${line('baseline express + pg insert', baseline)}; ratio ${(intake.rps / baseline.rps).toFixed(3)}`,
      );
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

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
