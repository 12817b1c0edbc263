import { spawn } from 'node:child_process';
import path from 'node:path';
import { createDb } from '../../server/db';
import { queueEmail } from '../../server/mail';
import { testConfig, uniqueEmail } from '../setup/context';
import { startTestSink } from '../setup/smtp-sink';
import { waitFor } from '../setup/wait';

const root = path.resolve(__dirname, '../..');

describe('worker shutdown', () => {
  test('when the worker gets SIGTERM while a job runs, then it finishes the job and exits 0', async () => {
    const config = testConfig();
    const db = createDb(config.databaseUrl, 2, undefined, { queuePrefix: config.queuePrefix });
    // the sink takes 2 s to accept, so the job is still running when SIGTERM arrives
    const sink = await startTestSink({ delayMs: 2_000 });
    const to = uniqueEmail('drain');
    try {
      const { id } = await db.transaction((trx) =>
        queueEmail(trx, {
          template: 'test',
          from: config.mailFrom,
          to,
          subject: 'drain',
          text: 'x',
          messageIdDomain: config.replyDomain,
        }),
      );
      // node itself runs the worker (tsx as a loader, not the tsx wrapper process), so the signal reaches the process
      // that does the work, as it does under a process manager
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          QUEUE_PREFIX: config.queuePrefix,
          SMTP_URL: sink.url,
          OUTBOX_POLL_MS: '50',
          INBOUND_SMTP_PORT: '0',
        },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

      // wait until the job is running: the attempt has been counted (the sink is still holding the message)
      await waitFor(
        () => db('outbound_emails').where({ id }).first(),
        (row) => row.attempts >= 1,
        'the worker to start the job',
      );
      expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(0);
      child.kill('SIGTERM');
      // exits by itself once the job is done (a worker that hung would fail this test by its time-out)
      const code = await exited;

      expect(code).toBe(0);
      expect((await db('outbound_emails').where({ id }).first()).status).toBe('sent');
      expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    } finally {
      await sink.close();
      await db.destroy();
    }
  }, 40_000);
});
