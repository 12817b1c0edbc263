import { spawn } from 'node:child_process';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { FinalDotHookError, verifyFinalDotHook } from '../../server/mail';
import { testConfig } from '../setup/context';

/**
 * Issue #18: the exactly-once mark hooks into nodemailer's and Node's internals. The worker checks at start-up that
 * the hook works and refuses to start (exit 1, a message saying why) when it does not, instead of silently sending
 * without the mark.
 */
describe('final-dot hook self-check', () => {
  test('when the installed nodemailer and Node are the ones the hook was written for, then the check passes', async () => {
    await expect(verifyFinalDotHook()).resolves.toBeUndefined();
  });

  test('when the transport does not run the hook, then the check fails with the reason', async () => {
    const unhooked = (url: string) => {
      const u = new URL(url);
      return nodemailer.createTransport({ host: u.hostname, port: Number(u.port), secure: false, ignoreTLS: true });
    };
    const check = verifyFinalDotHook(unhooked);
    await expect(check).rejects.toBeInstanceOf(FinalDotHookError);
    await expect(check).rejects.toThrow(
      /exactly-once mark cannot be installed.*hooks ran as \[server has the final dot\]/s,
    );
  });

  test('when nodemailer no longer pipes its data stream straight into the socket, then no message goes out unwatched and the worker refuses to start and says why', async () => {
    const config = testConfig();
    const root = path.resolve(__dirname, '../..');
    const child = spawn(
      process.execPath,
      ['--require', './test/fixtures/break-final-dot-hook.cjs', '--import', 'tsx', 'server/worker.ts'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: config.databaseUrl,
          REDIS_URL: config.redisUrl,
          QUEUE_PREFIX: config.queuePrefix,
          SMTP_URL: 'smtp://127.0.0.1:9?tls=off',
          INBOUND_SMTP_PORT: '0',
        },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /worker failed to start: The exactly-once mark cannot be installed: a test message to an in-process SMTP server failed \(.*the final dot cannot be watched \(no SMTP socket found\): the message was not sent\)/,
    );
  });
});
