/**
 * Bulk CSV throughput: an agent uploads 10,000 rows (POST /api/agent/bulk-uploads, the real route) and the worker
 * files them; the time is taken from the upload until GET /api/agent/bulk-uploads/:id says `done`. Two runs:
 *   authorized  2,500 principals with an authorization on file, 4 rights each: 10,000 requests created and queued
 *               for dispatch (the worker's letter jobs run at the same time, as in production);
 *   new         10,000 principals never seen before: 10,000 principals, rows held, 10,000 e-authorization emails.
 * Target: 10,000 rows in <= 30 s on this 2-core machine.
 *
 * Run: npx tsx bench/bulk.ts [rows=10000] [authorized|new]
 * Uses DATABASE_URL (default: the test database) and a fresh queue prefix; mail goes to a local sink. Its requests
 * are withdrawn and its emails marked failed at the end, so no other worker sends them.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { createApp, type AppDeps } from '../server/app';
import type { AgentOptions } from '../server/agents';
import { createAccount, hashPassword } from '../server/auth';
import { loadConfig } from '../server/config';
import { createDb } from '../server/db';
import { createMailTransport, startSmtpSink } from '../server/mail';
import { createProducerConnection } from '../server/queue';
import { systemClock } from '../server/shared/clock';
import { storeDocument } from '../server/shared/documents';
import { startWorker } from '../server/worker';

const DOMAIN = 'bench.invalid';
const rows = Number(process.argv[2] ?? 10_000);
const only = process.argv[3]; // "authorized" or "new" to run one
const HEADER = 'principal_email,principal_name,jurisdiction,vendor,right,address_line1,city,region,postal_code,country';
const RIGHTS = ['access', 'deletion', 'portability', 'opt_out'];

async function main(): Promise<void> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/drp_test';
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `bench${randomUUID().slice(0, 6)}`,
    OUTBOX_POLL_MS: '50',
  });
  const logger = pino({ level: 'silent' });
  const db = createDb(config.databaseUrl, 10, logger, { queuePrefix: config.queuePrefix });
  const redis = createProducerConnection(config.redisUrl);
  const deps: AppDeps & { agents: AgentOptions } = {
    config,
    db,
    redis,
    logger,
    clock: systemClock,
    agents: { rateLimits: false },
  };
  const { app, close } = createApp(deps);
  let received = 0;
  const sink = await startSmtpSink({ port: 0, onMail: async () => void received++ });
  const transport = createMailTransport(`smtp://127.0.0.1:${sink.port}?tls=off`);
  const worker = await startWorker({ config, db, logger, clock: systemClock, transport });

  const password = 'bench passphrase 1234';
  const account = await createAccount(db, {
    email: `agent-${randomUUID()}@${DOMAIN}`,
    name: 'Bench Agent',
    role: 'agent',
    emailVerified: true,
  });
  await db('accounts')
    .where({ id: account.id })
    .update({ password_hash: await hashPassword(password) });
  const http = request.agent(app);
  const csrf0 = (await http.get('/api/auth/csrf')).body.csrf_token;
  const csrf = (await http.post('/api/auth/login').set('X-CSRF-Token', csrf0).send({ email: account.email, password }))
    .body.csrf_token as string;

  const address = '1 Bench Way,Springfield,CA,94110,United States';
  // authorized: principals with an uploaded authorization, made directly (set-up, not measured)
  const principals = Math.ceil(rows / RIGHTS.length);
  const now = new Date();
  const made = await db('principals')
    .insert(
      Array.from({ length: principals }, (_, i) => ({
        agent_account_id: account.id,
        name: `Bench Principal ${i}`,
        email: `p${i}-${randomUUID()}@${DOMAIN}`,
        created_at: now,
      })),
    )
    .returning<{ id: number; email: string }[]>(['id', 'email']);
  const documentId = await storeDocument(db, config.appSecret, {
    purpose: 'agent-authorization',
    contentType: 'application/pdf',
    filename: 'bench.pdf',
    content: Buffer.from('%PDF-1.4 bench'),
    now,
  });
  for (let i = 0; i < made.length; i += 1000) {
    await db('agent_authorizations').insert(
      made.slice(i, i + 1000).map((p) => ({
        principal_id: p.id,
        agent_account_id: account.id,
        kind: 'upload',
        state: 'valid',
        document_id: documentId,
        uploaded_at: now,
        created_at: now,
      })),
    );
  }
  const authorizedCsv = [
    HEADER,
    ...Array.from(
      { length: rows },
      (_, i) =>
        `${made[Math.floor(i / RIGHTS.length)]!.email},Bench Principal,US-CA,sonos,${RIGHTS[i % RIGHTS.length]},${address}`,
    ),
  ].join('\n');
  const newCsv = [
    HEADER,
    ...Array.from(
      { length: rows },
      (_, i) => `n${i}-${randomUUID()}@${DOMAIN},New Principal ${i},US-CA,sonos,access,${address}`,
    ),
  ].join('\n');

  const run = async (label: string, csv: string) => {
    const started = process.hrtime.bigint();
    const res = await http
      .post('/api/agent/bulk-uploads')
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from(csv), 'bench.csv');
    if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${res.text}`);
    const accepted = Number(process.hrtime.bigint() - started) / 1e9;
    let status;
    for (;;) {
      status = (await http.get(`/api/agent/bulk-uploads/${res.body.id}`)).body;
      if (status.status === 'done' || status.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `${label.padEnd(10)} rows ${status.rows_total}  upload answered in ${accepted.toFixed(2)} s  done in ${seconds.toFixed(2)} s  ${(status.rows_total / seconds).toFixed(0)} rows/s  ` +
        `(filed ${status.rows_filed}, held ${status.rows_awaiting_authorization}, failed ${status.rows_failed})`,
    );
  };
  try {
    if (only !== 'new') await run('authorized', authorizedCsv);
    if (only !== 'authorized') await run('new', newCsv);
  } finally {
    // nothing the bench made may be sent later by another worker
    await db('requests')
      .where({ agent_account_id: account.id })
      .whereIn('status', ['ready_to_dispatch', 'needs_research'])
      .update({ status: 'withdrawn' });
    await db('outbound_emails')
      .where({ status: 'pending' })
      .where((q) =>
        q
          .whereLike('to_address', `%@${DOMAIN}`)
          .orWhereIn('related_id', db('requests').select('id').where({ agent_account_id: account.id })),
      )
      .update({ status: 'failed', last_error: 'bench: not to be sent' });
    console.log(`(mail accepted by the sink meanwhile: ${received})`);
    await worker.stop();
    transport.close();
    await sink.close();
    await close();
    await db.destroy();
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
