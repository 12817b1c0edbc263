/**
 * The Data Rights Protocol agent side: how fast the portal signs, and how fast the worker sends DRP exercises to a
 * covered business on this machine. Prints (1) Ed25519 combined-mode signing and opening of an exercise, per second,
 * and (2) N requests to one loopback DRP business (test/setup/drp-business.ts), each written with its dispatch job in
 * the outbox as intake writes them, from the first job to the last request `sent` (pair-wise key setup once, then one
 * signed exercise per request, each answered and applied in its own transaction).
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/drp_test npx tsx bench/drp.ts [requests=500]
 * Leaves its rows (vendor, requests, DRP rows) behind in that database.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb } from '../server/db';
import { agentDirectoryEntry } from '../server/drp';
import { agentKey } from '../server/drp/agent-key';
import { openCombined, signJson, verifyKeyFromRaw } from '../server/drp/signing';
import { createMailTransport } from '../server/mail';
import { createProducerConnection, enqueueManyInTransaction } from '../server/queue';
import { systemClock } from '../server/shared/clock';
import { startWorker } from '../server/worker';
import { startDrpBusiness } from '../test/setup/drp-business';
import { startTestSink } from '../test/setup/smtp-sink';

const count = Number(process.argv[2] ?? 500);

async function main() {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/drp_test',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `bench${randomUUID().slice(0, 6)}`,
    FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  const logger = pino({ level: 'silent' });
  const db = createDb(config.databaseUrl, 10, logger, { queuePrefix: config.queuePrefix });
  const redis = createProducerConnection(config.redisUrl);
  const { app, close } = createApp({ config, db, redis, logger, clock: systemClock });
  server.on('request', app);

  // (1) signing
  const key = await agentKey(db, config);
  const verify = verifyKeyFromRaw(Buffer.from(key.verifyKey, 'base64'));
  const message = { 'agent-id': key.agentId, 'business-id': 'BENCH', exercise: 'deletion', name: 'Jane Doe' };
  let t = performance.now();
  const signed: string[] = [];
  for (let i = 0; i < 10_000; i++) signed.push(signJson(key.signingKey, { ...message, 'agent-request-id': `r${i}` }));
  const signMs = performance.now() - t;
  t = performance.now();
  for (const s of signed) if (!openCombined(verify, s).ok) throw new Error('did not verify');
  const openMs = performance.now() - t;
  console.log(`sign: ${Math.round(10_000 / (signMs / 1000))}/s; open: ${Math.round(10_000 / (openMs / 1000))}/s`);

  // (2) N exercises through the worker
  const entry = await agentDirectoryEntry(db, config);
  const businessId = `BENCH_${randomUUID().slice(0, 8).toUpperCase()}`;
  const business = await startDrpBusiness({ businessId, agents: async () => ({ [entry.id]: entry.verify_key }) });
  const [vendor] = await db('vendors')
    .insert({ slug: `bench-drp-${randomUUID().slice(0, 8)}`, name: 'Bench DRP' })
    .returning<{ id: number }[]>('id');
  const [doc] = await db('policy_documents')
    .insert({
      vendor_id: vendor!.id,
      source: 'bench',
      title: 'bench',
      format: 'text',
      sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
      normalized_text: 'bench',
      byte_length: 5,
      retrieved_at: new Date(),
      kind: 'dataset_record',
      dataset: 'drp-directory',
    })
    .returning<{ id: number }[]>('id');
  await db('drp_channels').insert({
    vendor_id: vendor!.id,
    document_id: doc!.id,
    business_id: businessId,
    name: 'Bench DRP',
    api_base: business.url,
    supported_actions: ['deletion'],
  });
  const ids = await db.transaction(async (trx) => {
    const [requester] = await trx('requesters').insert({ name: 'Bench', email: 'bench@example.test' }).returning('id');
    const rows = await trx('requests')
      .insert(
        Array.from({ length: count }, () => ({
          reference: `DR-2099-${randomUUID().slice(0, 10)}`,
          requester_id: requester.id,
          vendor_id: vendor!.id,
          right: 'deletion',
          jurisdiction: 'US-CA',
          status: 'ready_to_dispatch',
          channel_type: 'drp',
          channel_value: businessId,
        })),
      )
      .returning<{ id: number }[]>('id');
    const list = rows.map((r) => Number(r.id));
    await enqueueManyInTransaction(
      trx,
      'dispatch-request',
      list.map((requestId) => ({ requestId })),
    );
    return list;
  });
  const sink = await startTestSink();
  const transport = createMailTransport(sink.url, config.smtpTimeouts);
  t = performance.now();
  const worker = await startWorker({ config, db, logger, clock: systemClock, transport });
  for (;;) {
    const sent = await db('requests').whereIn('id', ids).where({ status: 'sent' }).count({ n: '*' });
    if (Number(sent[0]?.n) === count) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const sendMs = performance.now() - t;
  console.log(
    `${count} DRP exercises sent and accepted in ${(sendMs / 1000).toFixed(1)} s (${Math.round(count / (sendMs / 1000))}/s, worker start included); business holds ${business.requests.size}`,
  );
  await worker.stop();
  transport.close();
  await sink.close();
  await business.close();
  server.closeAllConnections();
  server.close();
  await close();
  await redis.quit();
  await db.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
