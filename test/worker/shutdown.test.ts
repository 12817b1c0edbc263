import { spawn } from 'node:child_process';
import path from 'node:path';
import { createDb } from '../../server/db';
import { queueEmail } from '../../server/mail';
import { testConfig, uniqueEmail } from '../setup/context';
import { startTestSink } from '../setup/smtp-sink';

const root = path.resolve(__dirname, '../..');

describe('worker shutdown', () => {
  test('when the worker gets SIGTERM while a job runs, then it finishes the job and exits 0 within 10 s', async () => {
    const config = testConfig();
    const db = createDb(config.databaseUrl, 2, undefined, { queuePrefix: config.queuePrefix });
    // the sink takes 2 s to accept, so the job is still running when SIGTERM arrives
    const sink = await startTestSink({ delayMs: 2_000 });
    const to = uniqueEmail('drain');
    try {
      const { id } = await db.transaction((trx) =>
        queueEmail(trx, { template: 'test', from: config.mailFrom, to, subject: 'drain', text: 'x', messageIdDomain: config.replyDomain }),
      );
      // node itself runs the worker (tsx as a loader, not the tsx wrapper process), so the signal reaches the process
      // that does the work, as it does under a process manager
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', QUEUE_PREFIX: config.queuePrefix, SMTP_URL: sink.url, OUTBOX_POLL_MS: '50', INBOUND_SMTP_PORT: '0' },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

      // wait until the job is running: the attempt has been counted
      const started = Date.now();
      while ((await db('outbound_emails').where({ id }).first()).attempts < 1) {
        if (Date.now() - started > 20_000) throw new Error('the worker never started the job');
        await new Promise((r) => setTimeout(r, 25));
      }
      const signalledAt = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      const tookMs = Date.now() - signalledAt;

      expect(code).toBe(0);
      expect(tookMs).toBeLessThan(10_000);
      expect((await db('outbound_emails').where({ id }).first()).status).toBe('sent');
      expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    } finally {
      await sink.close();
      await db.destroy();
    }
  }, 40_000);
});
