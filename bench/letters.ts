/**
 * Letters to a local SMTP sink: throughput with the pooled transport, then fault tolerance: the worker is killed with
 * SIGKILL in the middle of 2,000 letters and restarted; the sink's count and Message-ID uniqueness are reported, and
 * the letters marked `uncertain` (the worker died between the commit mark and recording the server's answer; never
 * sent twice, left to staff) with whether the sink in fact holds them.
 * Run: npx tsx bench/letters.ts   (own database drp_bench_letters next to DATABASE_URL's; loopback only)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { createDb, ensureDatabase, type Db } from '../server/db';
import { queueEmail, renderLetter, sampleLetterData, startSmtpSink } from '../server/mail';
import { runSeeds } from '../seeds';

const LETTERS = 2_000;
const root = path.resolve(__dirname, '..');
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function queueLetters(db: Db, batch: string): Promise<number[]> {
  const letter = renderLetter(sampleLetterData('access', 'CCPA'));
  const ids: number[] = [];
  for (let i = 0; i < LETTERS; i += 200) {
    await db.transaction(async (trx) => {
      for (let j = i; j < Math.min(i + 200, LETTERS); j++) {
        const { id } = await queueEmail(trx, {
          template: 'access', from: 'portal@bench.example', to: `privacy+${batch}-${j}@vendor.example`,
          subject: `${letter.subject} #${j}`, text: letter.text, html: letter.html, messageIdDomain: 'bench.example',
        });
        ids.push(id);
      }
    });
  }
  return ids;
}

/** node itself runs the worker (tsx as a loader, not a wrapper process), so SIGKILL reaches the process doing the work. */
const workers = new Set<ChildProcess>();
function startWorker(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], { cwd: root, env, stdio: 'ignore' });
  workers.add(child);
  child.once('exit', () => workers.delete(child));
  return child;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main(): Promise<void> {
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = '/drp_bench_letters';
  await ensureDatabase(url.toString());
  const db = createDb(url.toString(), 4);
  await db.migrate.latest();
  await runSeeds(db);
  await db.raw('truncate outbox, outbound_emails restart identity cascade'); // this bench's own database

  const received: string[] = [];
  const sink = await startSmtpSink({ port: 0, onMail: async (m) => void received.push(m.parsed.messageId ?? '') });
  const env = {
    ...process.env, DATABASE_URL: url.toString(), SMTP_URL: `smtp://127.0.0.1:${sink.port}?tls=off`, LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `bench${Date.now()}`, INBOUND_SMTP_PORT: '0', OUTBOX_POLL_MS: '50', NODE_ENV: 'test',
  };
  const sentCount = (ids: number[]) => db('outbound_emails').whereIn('id', ids).where({ status: 'sent' }).count({ n: '*' }).then(([r]) => Number((r as { n: number }).n));

  try {
    // 1. throughput: 2,000 stored letters, one worker, pooled SMTP
    const batchA = await queueLetters(db, 'a');
    let worker = startWorker(env);
    const t = process.hrtime.bigint();
    await until(async () => (await sentCount(batchA)) === LETTERS, 300_000, 'batch A sent');
    const seconds = ms(t) / 1000;
    console.log(`throughput: ${LETTERS} letters accepted by the sink in ${seconds.toFixed(1)} s = ${(LETTERS / seconds).toFixed(0)} letters/s (target >= 200; includes worker start-up)`);
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));

    // 2. SIGKILL in the middle, then a restart
    received.length = 0;
    const batchB = await queueLetters(db, 'b');
    worker = startWorker(env);
    await until(async () => received.length >= LETTERS / 3, 300_000, 'a third of batch B');
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    const atKill = received.length;
    worker = startWorker(env);
    const settled = (ids: number[]) => db('outbound_emails').whereIn('id', ids).whereIn('status', ['sent', 'uncertain']).count({ n: '*' }).then(([r]) => Number((r as { n: number }).n));
    await until(async () => (await settled(batchB)) === LETTERS, 300_000, 'batch B settled after restart');
    await new Promise((r) => setTimeout(r, 1000)); // room for a late duplicate to arrive
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    const unique = new Set(received).size;
    const uncertain: string[] = await db('outbound_emails').whereIn('id', batchB).where({ status: 'uncertain' }).pluck('message_id');
    const receivedIds = new Set(received);
    const lost = (await db('outbound_emails').whereIn('id', batchB).where({ status: 'sent' }).pluck('message_id')).filter((id: string) => !receivedIds.has(id)).length;
    console.log(
      `kill -9 after ${atKill} letters, restart: ${LETTERS} stored letters, sink received ${received.length} messages with ${unique} distinct Message-IDs ` +
        `(${received.length - unique} duplicates; ${lost} marked sent but not received); ${uncertain.length} marked uncertain for staff, ` +
        `of which the sink holds ${uncertain.filter((id) => receivedIds.has(id)).length}`,
    );
  } finally {
    for (const child of workers) child.kill('SIGKILL'); // never leave a worker behind to relay another run's jobs
    await sink.close();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
