import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createDb } from '../../server/db';
import { queueEmail } from '../../server/mail';
import { silentLogger, testConfig, uniqueEmail } from '../setup/context';
import { startTestSink } from '../setup/smtp-sink';
import { waitFor } from '../setup/wait';

/**
 * Issue #18, "crash loop": the real worker (server/worker.ts) is killed with SIGKILL again and again while letters are
 * in flight. BullMQ's stalled-job limit must not fail a letter for good: every letter ends sent exactly once (or
 * failed with its reason), none stays pending, none reaches the server twice.
 */
describe('a worker killed in a loop', () => {
  const config = testConfig({ SEND_LEASE_MS: '1000' });
  const db = createDb(config.databaseUrl, 4, silentLogger, { queuePrefix: config.queuePrefix });
  afterAll(() => db.destroy());
  const root = path.resolve(__dirname, '../..');

  function startWorkerProcess(smtpUrl: string): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'ignore'],
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: config.databaseUrl,
        REDIS_URL: config.redisUrl,
        QUEUE_PREFIX: config.queuePrefix,
        SMTP_URL: smtpUrl,
        INBOUND_SMTP_PORT: '0',
        OUTBOX_POLL_MS: '50',
        // short intervals so that the test's kills are noticed in seconds, not half minutes
        WORKER_LOCK_MS: '1000',
        WORKER_STALLED_INTERVAL_MS: '500',
        SEND_LEASE_MS: '1000',
        JOB_RETRY_BASE_MS: '100',
        JOB_RETRY_MAX_MS: '1000',
        RECONCILE_INTERVAL_MS: '1000',
        RECONCILE_GRACE_MS: '2000',
      },
    });
  }
  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
    );

  test('when the worker is SIGKILLed six times with sends in flight, then every letter is sent exactly once', async () => {
    // the server takes 150 ms to answer each message: at any kill, several sends are between their dot and the answer
    const sink = await startTestSink({ delayMs: 150 });
    const letters: { id: number; messageId: string }[] = [];
    for (let i = 0; i < 60; i++) {
      letters.push(
        await queueEmail(db, {
          template: 'test',
          from: config.mailFrom,
          to: uniqueEmail('vendor'),
          subject: `crash loop ${i}`,
          text: 'body',
          messageIdDomain: config.replyDomain,
        }),
      );
    }
    const ids = letters.map((l) => l.id);
    const pending = () =>
      db('outbound_emails')
        .whereIn('id', ids)
        .where({ status: 'pending' })
        .count({ n: '*' })
        .then(([r]) => Number(r!.n));
    let child: ChildProcess | undefined;
    try {
      for (let kill = 0; kill < 6; kill++) {
        child = startWorkerProcess(sink.url);
        // kill once the worker is running sends (or after a while if it has nothing left)
        const started = Date.now();
        const before = sink.messages.length;
        while (sink.messages.length === before && Date.now() - started < 8000)
          await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 400)));
        child.kill('SIGKILL');
        await exited(child);
      }
      child = startWorkerProcess(sink.url);
      await waitFor(pending, (n) => n === 0, 'every letter settled', { timeoutMs: 45_000, intervalMs: 200 });
      await new Promise((r) => setTimeout(r, 300));

      const rows = await db('outbound_emails').whereIn('id', ids).select('status', 'message_id', 'last_error');
      for (const row of rows) {
        const copies = sink.messages.filter((m) => m.parsed.messageId === row.message_id).length;
        if (row.status === 'sent') expect({ id: row.message_id, copies }).toEqual({ id: row.message_id, copies: 1 });
        else {
          expect(row.last_error).toEqual(expect.any(String));
          expect(copies).toBeLessThanOrEqual(1);
        }
      }
      expect(rows.filter((r) => r.status === 'sent').length).toBe(ids.length);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
      await sink.close();
    }
  }, 120_000);
});
