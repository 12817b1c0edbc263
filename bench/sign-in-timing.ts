/**
 * "Find my requests" must not tell, by its timing, whether an address has requests. This sends POST
 * /api/consumer/sign-in-links for a known address and an unknown one, interleaved, one at a time, and prints the
 * latency distribution of each and the difference of their medians. (The route does the same work either way: one
 * insert and one outbox row; the lookup and the email happen in the worker.)
 *
 * Run: npx tsx bench/sign-in-timing.ts [pairs=500]
 * Uses DATABASE_URL (default: the test database). Leaves its rows behind, with their outbox jobs marked done, so no
 * worker ever emails the bench's addresses.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type AppDeps } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb } from '../server/db';
import { createProducerConnection } from '../server/queue';
import type { RequestRoutesDeps } from '../server/requests';
import { systemClock } from '../server/shared/clock';

const pairs = Number(process.argv[2] ?? 500);

async function main() {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/drp_test',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `bench${randomUUID().slice(0, 6)}`,
  });
  const logger = pino({ level: 'silent' });
  const db = createDb(config.databaseUrl, 5, logger);
  const redis = createProducerConnection(config.redisUrl);
  const deps: AppDeps & RequestRoutesDeps = {
    config,
    db,
    redis,
    logger,
    clock: systemClock,
    intake: { rateLimits: false },
  };
  const { app, close } = createApp(deps);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/consumer/sign-in-links`;

  // a known address: a requester with a request
  const known = `bench-known-${randomUUID().slice(0, 8)}@bench.invalid`;
  const vendor = await db('vendors').first('id');
  const [requester] = await db('requesters').insert({ name: 'Bench Known', email: known }).returning('id');
  const { rows } = await db.raw(
    "select 'DR-2099-' || lpad(nextval('request_reference_seq')::text, 6, '0') as reference",
  );
  await db('requests').insert({
    reference: rows[0].reference,
    requester_id: requester.id,
    vendor_id: vendor.id,
    right: 'access',
    jurisdiction: 'US-CA',
    status: 'sent',
    channel_type: 'email',
    channel_value: 'x@bench.invalid',
  });

  const time = async (email: string) => {
    const started = process.hrtime.bigint();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`answered ${res.status}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let i = 0; i < 50; i++) await time(i % 2 ? known : `warm-${i}@bench.invalid`); // warm-up
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2) {
      a.push(await time(known));
      b.push(await time(`bench-unknown-${randomUUID().slice(0, 8)}@bench.invalid`));
    } else {
      b.push(await time(`bench-unknown-${randomUUID().slice(0, 8)}@bench.invalid`));
      a.push(await time(known));
    }
  }
  const q = (xs: number[], p: number) =>
    [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const line = (label: string, xs: number[]) =>
    console.log(
      `${label.padEnd(8)} n=${xs.length} p50=${q(xs, 0.5).toFixed(2)} ms p90=${q(xs, 0.9).toFixed(2)} ms p99=${q(xs, 0.99).toFixed(2)} ms`,
    );
  line('known', a);
  line('unknown', b);
  console.log(`median difference (known - unknown): ${(q(a, 0.5) - q(b, 0.5)).toFixed(3)} ms`);

  await db('outbox')
    .where({ job_name: 'issue-consumer-sign-in' })
    .whereNull('relayed_at')
    .update({ relayed_at: new Date() })
    .catch(() => undefined);
  await db('consumer_sign_in_requests').whereNull('handled_at').update({ handled_at: new Date(), email: null });
  server.close();
  await close();
  await db.destroy();
  redis.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
