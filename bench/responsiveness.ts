/**
 * The per-company responsiveness record under load: REQUESTS requests (default 1,000,000, generated in SQL, spread
 * over the seeded vendors with a tenth on Sonos), each received, 60% with a classified reply and 48% finished; then the
 * worker's refresh of every vendor (`refresh-responsiveness`), the refresh of one vendor, and p50/p95 of the public
 * GET /api/vendors/:slug/responsiveness over loopback HTTP. Run: npx tsx bench/responsiveness.ts [REQUESTS]
 * Uses its own database (drp_bench_responsiveness next to DATABASE_URL's).
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb, ensureDatabase, type Db } from '../server/db';
import { createProducerConnection } from '../server/queue';
import { fixedClock } from '../server/shared/clock';
import { refreshVendorResponsiveness } from '../server/vendors';
import { runSeeds } from '../seeds';

const REQUESTS = Number(process.argv[2] ?? 1_000_000);
const NOW = new Date('2030-06-01T12:00:00Z');
const RUNS = 200;

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function generate(db: Db): Promise<void> {
  await db.raw(
    'truncate reply_classifications, vendor_responsiveness, deadline_milestones, request_deadlines, inbound_messages restart identity cascade',
  );
  await db.raw('truncate requests, requesters restart identity cascade');
  await db.raw(
    `insert into requesters (name, email) select 'Bench Person ' || i, 'bench' || i || '@example.test' from generate_series(1, 10000) i`,
  );
  // a tenth of the requests go to Sonos (one big vendor), the rest spread over every vendor
  await db.raw(
    `
    insert into requests (reference, requester_id, vendor_id, "right", jurisdiction, status, channel_type, channel_value,
                          received_at, created_at, outcome, answered_on)
    select 'DR-' || (2100 + i / 1000000) || '-' || lpad((i % 1000000)::text, 6, '0'), 1 + i % 10000,
           case when i % 10 = 0 then s.id else v.ids[1 + i % array_length(v.ids, 1)] end,
           'access', 'US-CA', st.status, 'email', 'privacy@vendor.example',
           ?::timestamptz - (i % 200) * interval '1 day', ?::timestamptz - (i % 200) * interval '1 day',
           case st.status when 'completed' then 'fulfilled' when 'denied' then 'denied' end,
           case when st.status in ('completed', 'denied')
                then (?::timestamptz - (i % 200) * interval '1 day' + (5 + i % 60) * interval '1 day')::date end
      from generate_series(1, ?) i
     cross join (select array_agg(id order by id) ids from vendors) v
     cross join (select id from vendors where slug = 'sonos') s
     cross join lateral (select case when i % 100 < 52 then 'sent' else (array['completed', 'denied'])[1 + i % 2] end
                         as status) st`,
    [NOW.toISOString(), NOW.toISOString(), NOW.toISOString(), REQUESTS],
  );
  await db.raw(`
    insert into request_deadlines (request_id, regime, rules_version, received_at, received_on, due, ack_due,
                                   effective_due, state, closed_at)
    select id, 'CCPA', 'bench', received_at, received_at::date, (received_at + interval '45 days')::date, null,
           (received_at + interval '45 days')::date, '{"extension": null}'::jsonb,
           case when status in ('completed', 'denied') then received_at + interval '40 days' end
      from requests`);
  // 60% of the requests got a reply 3..40 days after receipt, classified (denials with a reason code)
  await db.raw(`
    insert into inbound_messages (request_id, kind, threaded_by, message_id, from_address, envelope_to, subject,
                                  text_body, size_bytes, received_at)
    select id, 'reply', 'reply_address', '<bench-' || id || '@vendor.example>', 'privacy@vendor.example',
           '{}', 'Re: your request', 'bench', 10, received_at + (3 + id % 38) * interval '1 day'
      from requests where id % 10 < 6`);
  await db.raw(`
    insert into reply_classifications (inbound_message_id, request_id, class, confidence, language, evidence,
                                       extracted, proposal, status)
    select m.id, m.request_id,
           case when r.status = 'denied' then 'denied' when r.status = 'completed' then 'fulfilled'
                else (array['acknowledgement', 'information_requested', 'extension'])[1 + m.id % 3] end,
           0.95, 'en', '[]',
           case when r.status = 'denied'
                then jsonb_build_object('reason', (array['no_data_found', 'not_verified', 'exemption'])[1 + m.id % 3])
                else '{}'::jsonb end,
           '{}', case when r.status in ('denied', 'completed') then 'applied' else 'no_action' end
      from inbound_messages m join requests r on r.id = m.request_id`);
}

async function main(): Promise<void> {
  const base = new URL(loadConfig().databaseUrl);
  base.pathname = '/drp_bench_responsiveness';
  await ensureDatabase(base.toString());
  const config = loadConfig({ ...process.env, DATABASE_URL: base.toString(), LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const db = createDb(config.databaseUrl, 10);
  await db.migrate.latest();
  await runSeeds(db);
  const [{ n }] = (await db('requests').count({ n: '*' })) as [{ n: number }];
  if (process.argv.includes('--regenerate') || Number(n) !== REQUESTS) {
    const t = process.hrtime.bigint();
    await generate(db);
    await db.raw('vacuum analyze');
    console.log(`generated ${REQUESTS.toLocaleString('en')} requests in ${(ms(t) / 1000).toFixed(1)} s`);
  } else console.log(`reusing ${REQUESTS.toLocaleString('en')} requests (pass --regenerate to rebuild)`);

  const clock = fixedClock(NOW);
  let t = process.hrtime.bigint();
  const vendors = await refreshVendorResponsiveness(db, clock);
  console.log(`refresh of every vendor (the worker's job): ${vendors} vendors in ${(ms(t) / 1000).toFixed(2)} s`);
  const sonos = await db('vendors').where({ slug: 'sonos' }).first('id');
  t = process.hrtime.bigint();
  await refreshVendorResponsiveness(db, clock, [sonos.id]);
  const [{ c }] = (await db('requests').where({ vendor_id: sonos.id }).count({ c: '*' })) as [{ c: string }];
  console.log(`refresh of Sonos alone (${Number(c).toLocaleString('en')} requests): ${ms(t).toFixed(0)} ms`);

  const redis = createProducerConnection(config.redisUrl);
  const { app, close } = createApp({ config, db, redis, logger: pino({ level: 'silent' }), clock });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const url = `${origin}/api/vendors/sonos/responsiveness`;
    console.log(`sample: ${JSON.stringify(await (await fetch(url)).json())}`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      await res.arrayBuffer();
      times.push(ms(start));
    }
    times.sort((a, b) => a - b);
    console.log(
      `GET /api/vendors/sonos/responsiveness (${RUNS} runs, loopback): p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms`,
    );
  } finally {
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
