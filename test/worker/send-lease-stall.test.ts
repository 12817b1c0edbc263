import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createDb } from '../../server/db';
import { createMailTransport, queueEmail, sendStoredEmail } from '../../server/mail';
import { silentLogger, testConfig, uniqueEmail } from '../setup/context';
import { startTestSink } from '../setup/smtp-sink';
import { waitUntil } from '../setup/wait';

/**
 * Issue #18, "the send claim is a lease with a fencing token that a second worker cannot take while the first is
 * alive": a worker whose process stops (descheduled, paused, frozen) after it renewed its lease before the final dot
 * and before writing the dot, for longer than the lease, comes back to find the letter claimed and sent by another
 * worker. Its dot must not go out. The stop is real: a child process SIGSTOPs itself right after the renewal and the
 * test sends SIGCONT once a second sender has sent the letter.
 */
describe('a sender stalled between its lease renewal and the final dot', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 4, silentLogger, { queuePrefix: config.queuePrefix });
  afterAll(() => db.destroy());
  const root = path.resolve(__dirname, '../..');
  const LEASE_MS = 600;

  function startStallingSender(smtpUrl: string, emailId: number) {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/fixtures/stall-at-final-dot.ts',
        config.databaseUrl,
        smtpUrl,
        String(emailId),
        String(LEASE_MS),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; last: unknown }>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => {
        const lines = stdout.trim().split('\n');
        try {
          resolve({ code, last: JSON.parse(lines[lines.length - 1] ?? '') });
        } catch {
          reject(new Error(`the stalling sender ended without an outcome (exit ${code}): ${stdout} ${stderr}`));
        }
      });
    });
    exited.catch(() => undefined); // awaited by the test; a test that failed before must not leave it unhandled
    return { child, renewed: () => stdout.includes('renewed\n'), exited };
  }

  const stop = (child: ChildProcess) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  test('when its lease ran out and another sender sent the letter meanwhile, then it holds its dot back and the server gets one copy', async () => {
    const sink = await startTestSink();
    const transport = createMailTransport(sink.url);
    const { id, messageId } = await queueEmail(db, {
      template: 'test',
      from: config.mailFrom,
      to: uniqueEmail('vendor'),
      subject: 'stalled before the dot',
      text: 'body',
      messageIdDomain: config.replyDomain,
    });
    const first = startStallingSender(sink.url, id);
    try {
      // the first sender renewed its lease and stopped, the whole body with the server, the dot not yet written
      await waitUntil(first.renewed, 'the first sender renewed its lease before the final dot', {
        timeoutMs: 120_000, // a child process starting under load (tsx compiles the server on the way)
      });
      // stopped, it extends nothing: its lease runs out by the database's clock (a running sender would keep it)
      await waitUntil(
        async () =>
          (await db('outbound_emails').where({ id }).first(db.raw('lease_expires_at <= now() as expired'))).expired,
        "the first sender's lease ran out",
      );
      // a second worker claims the letter and sends it
      const second = await sendStoredEmail(db, transport, id, { now: () => new Date(), leaseMs: LEASE_MS });
      expect(second.kind).toBe('sent');
      expect(sink.messages.map((m) => m.parsed.messageId)).toEqual([messageId]);

      first.child.kill('SIGCONT'); // the first sender goes on from just before its dot
      const { last } = await first.exited;
      // the first sender's connection is closed by now: a dot it had sent would have been answered before it ended
      expect(sink.messages.map((m) => m.parsed.messageId)).toEqual([messageId]);
      expect(last).toMatchObject({ error: 'TransientSendError' });
      const row = await db('outbound_emails').where({ id }).first();
      expect(row).toMatchObject({ status: 'sent', attempts: 2 });
      expect(row.smtp_response).toMatch(/^250/);
    } finally {
      stop(first.child);
      transport.close();
      await sink.close();
    }
  }, 180_000);
});
