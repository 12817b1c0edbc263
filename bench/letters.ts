/**
 * Letters to a local SMTP sink: throughput with the pooled transport, then fault tolerance: the worker is killed with
 * SIGKILL in the middle of 2,000 letters and restarted; the sink's count and Message-ID uniqueness are reported, with
 * the letters the restart counted as sent from their final-dot mark (the worker died between the dot and the server's
 * answer) and any marked `uncertain`. KILL_RUNS=n repeats the kill n times (default 1), each with 2,000 new letters.
 * Run: npx tsx bench/letters.ts   (own database drp_bench_letters next to DATABASE_URL's; loopback only)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { createDb, ensureAppRole, ensureDatabase, type Db } from '../server/db';
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
          template: 'access',
          from: 'portal@bench.example',
          to: `privacy+${batch}-${j}@vendor.example`,
          subject: `${letter.subject} #${j}`,
          text: letter.text,
          html: letter.html,
          messageIdDomain: 'bench.example',
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
  // WORKER_PROFILE_DIR=dir writes a CPU profile of each worker that exits normally (open it in Chrome's DevTools)
  const profile = process.env.WORKER_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WORKER_PROFILE_DIR}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/worker.ts'], {
    cwd: root,
    env,
    stdio: 'ignore',
  });
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
  const config = loadConfig();
  const url = new URL(config.databaseUrl);
  url.pathname = '/drp_bench_letters';
  await ensureDatabase(url.toString());
  const queuePrefix = `bench${Date.now()}`;
  const db = createDb(url.toString(), 4, undefined, { queuePrefix });
  await db.migrate.latest();
  await runSeeds(db);
  // the worker connects as the app role, as in production: its rights on this database's tables
  await ensureAppRole(db, { role: config.appDatabaseRole, password: config.appDatabasePassword });
  await db.raw('truncate outbox, outbound_emails restart identity cascade'); // this bench's own database

  const received: string[] = [];
  let firstReceivedAt = 0n;
  const sink = await startSmtpSink({
    port: 0,
    onMail: async (m) => {
      if (received.push(m.parsed.messageId ?? '') === 1) firstReceivedAt = process.hrtime.bigint();
    },
  });
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    SMTP_URL: `smtp://127.0.0.1:${sink.port}?tls=off`,
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: queuePrefix,
    INBOUND_SMTP_PORT: '0',
    OUTBOX_POLL_MS: '50',
    NODE_ENV: 'test',
  };
  const sentCount = (ids: number[]) =>
    db('outbound_emails')
      .whereIn('id', ids)
      .where({ status: 'sent' })
      .count({ n: '*' })
      .then(([r]) => Number((r as { n: number }).n));

  try {
    // 1. throughput: 2,000 stored letters, one worker, pooled SMTP
    const batchA = await queueLetters(db, 'a');
    let worker = startWorker(env);
    const t = process.hrtime.bigint();
    await until(async () => (await sentCount(batchA)) === LETTERS, 300_000, 'batch A sent');
    const seconds = ms(t) / 1000;
    const startUp = Number(firstReceivedAt - t) / 1e9;
    console.log(
      `throughput: ${LETTERS} letters accepted by the sink in ${seconds.toFixed(1)} s = ${(LETTERS / seconds).toFixed(0)} letters/s including worker start-up ` +
        `(target >= 200); first letter after ${startUp.toFixed(1)} s, then ${((LETTERS - 1) / (seconds - startUp)).toFixed(0)} letters/s`,
    );
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));

    // 2. SIGKILL in the middle, then a restart
    const runs = Number(process.env.KILL_RUNS ?? 1);
    const totals = { received: 0, duplicates: 0, missing: 0, answerUnrecorded: 0, uncertain: 0 };
    for (let run = 1; run <= runs; run++) {
      received.length = 0;
      const batch = await queueLetters(db, `b${run}`);
      worker = startWorker(env);
      await until(async () => received.length >= LETTERS / 3, 300_000, 'a third of the batch');
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      const atKill = received.length;
      worker = startWorker(env);
      const settled = () =>
        db('outbound_emails')
          .whereIn('id', batch)
          .whereIn('status', ['sent', 'uncertain', 'failed'])
          .count({ n: '*' })
          .then(([r]) => Number((r as { n: number }).n));
      await until(async () => (await settled()) === LETTERS, 300_000, 'the batch settled after restart');
      await new Promise((r) => setTimeout(r, 1000)); // room for a late duplicate to arrive
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));

      const receivedIds = new Set(received);
      const stored: { message_id: string; status: string; smtp_response: string | null }[] = await db('outbound_emails')
        .whereIn('id', batch)
        .select('message_id', 'status', 'smtp_response');
      const missing = stored.filter((e) => !receivedIds.has(e.message_id)).length;
      const answerUnrecorded = stored.filter((e) => e.status === 'sent' && e.smtp_response === null).length;
      const uncertain = stored.filter((e) => e.status === 'uncertain').length;
      const duplicates = received.length - receivedIds.size;
      console.log(
        `kill -9 #${run} after ${atKill} letters, restart: ${LETTERS} stored letters, sink received ${received.length} messages with ${receivedIds.size} ` +
          `distinct Message-IDs (${duplicates} duplicates, ${missing} stored letters not received); ${answerUnrecorded} counted sent from the final-dot mark ` +
          `(answer unrecorded), ${uncertain} uncertain`,
      );
      totals.received += received.length;
      totals.duplicates += duplicates;
      totals.missing += missing;
      totals.answerUnrecorded += answerUnrecorded;
      totals.uncertain += uncertain;
    }
    if (runs > 1) {
      console.log(
        `${runs} kills: ${runs * LETTERS} letters, sink received ${totals.received}; ${totals.duplicates} duplicates, ${totals.missing} missing, ` +
          `${totals.answerUnrecorded} counted sent from the mark, ${totals.uncertain} uncertain`,
      );
    }
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
