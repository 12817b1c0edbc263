import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createDb } from '../../server/db';
import {
  ANSWER_UNRECORDED,
  createMailTransport,
  queueEmail,
  sendStoredEmail,
  startSmtpSink,
  TransientSendError,
  type MessageOptions,
} from '../../server/mail';
import { testConfig, uniqueEmail } from '../setup/context';
import { startTestSink } from '../setup/smtp-sink';
import { startTcpProxy } from '../setup/tcp-proxy';
import { waitUntil } from '../setup/wait';

/**
 * Exactly-once email under crashes: the mark `final_dot_sent_at` is written the instant the final dot has left the
 * worker. A worker killed before that is retried and the server never kept the first attempt; one killed after it is
 * not sent again, and the server has the message. The kills are real: a child process sends and SIGKILLs itself.
 */
describe('email final dot mark', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 4, undefined, { queuePrefix: config.queuePrefix });
  afterAll(() => db.destroy());

  const newEmail = (to: string, text = 'Plain body') =>
    queueEmail(db, {
      template: 'test',
      from: config.mailFrom,
      to,
      subject: `Subject for ${to}`,
      text,
      messageIdDomain: config.replyDomain,
    });

  /** the dead child's send lease: no other sender may take the message until it has run out */
  const LEASE_MS = 400;
  const leaseRunsOut = () => new Promise((r) => setTimeout(r, LEASE_MS + 100));

  /** Runs sendStoredEmail in a child process that SIGKILLs itself at `moment`; resolves with the signal it died of. */
  function sendAndDie(
    moment: 'before-final-dot' | 'after-final-dot',
    smtpUrl: string,
    emailId: number,
  ): Promise<NodeJS.Signals | null> {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/fixtures/kill-at-final-dot.ts',
        moment,
        config.databaseUrl,
        smtpUrl,
        String(emailId),
        String(LEASE_MS),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        signal ? resolve(signal) : reject(new Error(`the child exited with ${code} instead of dying: ${stderr}`)),
      );
    });
  }

  test('when a large message is sent, then the connection is got ready after the server has the body, and the dot is reported sent before the server takes it', async () => {
    const timeline: string[] = [];
    let bytesAtServer = 0;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      disableReverseLookup: true,
      onData(stream, _session, callback) {
        timeline.push('server: DATA begins');
        stream.on('data', (chunk: Buffer) => (bytesAtServer += chunk.length));
        stream.on('end', () => {
          timeline.push('server: final dot received');
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = createMailTransport(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}?tls=off`);
    try {
      const body = 'x'.repeat(76).concat('\n').repeat(4000); // ~300 KB: far more than any stream buffer
      let bytesBeforeDot = 0;
      const options: MessageOptions = {
        from: config.mailFrom,
        to: 'vendor@example.test',
        subject: 'big',
        text: body,
        beforeFinalDot: async () => {
          // everything but the dot has been written: the server gets all of it while the dot waits (a hook run while
          // part of the body was still held back would wait here in vain, and the test fail on the timeout)
          await waitUntil(() => bytesAtServer > body.length, 'the server to have the whole body before the dot');
          bytesBeforeDot = bytesAtServer;
          timeline.push('client: before final dot');
        },
        onFinalDotSent: () => void timeline.push('client: final dot sent'),
      };
      await transport.sendMail(options);
      expect(timeline).toEqual([
        'server: DATA begins',
        'client: before final dot',
        'client: final dot sent',
        'server: final dot received',
      ]);
      expect(bytesBeforeDot).toBeGreaterThan(body.length);
    } finally {
      transport.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('when a small message is sent, then the hook before the final dot runs once the server has the body, not before the DATA command', async () => {
    // nodemailer buffers a small message whole before it is sent: a hook run as the message is produced would run
    // before MAIL FROM, and every SMTP round trip would lie between it (the lease renewal) and the dot
    const timeline: string[] = [];
    let bytesAtServer = 0;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      disableReverseLookup: true,
      onMailFrom(_address, _session, callback) {
        timeline.push('server: MAIL FROM');
        setTimeout(callback, 200); // a slow relay: the message is ready long before it may be sent
      },
      onData(stream, _session, callback) {
        timeline.push('server: DATA begins');
        stream.on('data', (chunk: Buffer) => (bytesAtServer += chunk.length));
        stream.on('end', () => {
          timeline.push('server: final dot received');
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = createMailTransport(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}?tls=off`);
    try {
      const body = 'A short letter.';
      let bytesBeforeDot = 0;
      const options: MessageOptions = {
        from: config.mailFrom,
        to: 'vendor@example.test',
        subject: 'small',
        text: body,
        beforeFinalDot: async () => {
          timeline.push('client: before final dot');
          await waitUntil(() => bytesAtServer > body.length, 'the server to have the whole body before the dot');
          bytesBeforeDot = bytesAtServer;
        },
        mayStillSendFinalDot: () => (timeline.push('client: may the dot go?'), true),
        onFinalDotSent: () => void timeline.push('client: final dot sent'),
      };
      await transport.sendMail(options);
      expect(timeline).toEqual([
        'server: MAIL FROM',
        'server: DATA begins',
        'client: before final dot',
        'client: may the dot go?',
        'client: final dot sent',
        'server: final dot received',
      ]);
      expect(bytesBeforeDot).toBeGreaterThan(body.length);
    } finally {
      transport.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('when the worker is killed just before the final dot, then the server has nothing, no mark is left, and the restart sends it once', async () => {
    const sink = await startTestSink();
    const transport = createMailTransport(sink.url);
    try {
      const to = uniqueEmail('vendor');
      const { id, messageId } = await newEmail(to);
      expect(await sendAndDie('before-final-dot', sink.url, id)).toBe('SIGKILL');
      await new Promise((r) => setTimeout(r, 300)); // room for anything in flight to arrive
      expect(sink.messages).toHaveLength(0);
      expect((await db('outbound_emails').where({ id }).first()).final_dot_sent_at).toBeNull();

      await leaseRunsOut(); // the dead worker's lease
      const outcome = await sendStoredEmail(db, transport, id, { now: () => new Date() });
      expect(outcome.kind).toBe('sent');
      await new Promise((r) => setTimeout(r, 200));
      expect(sink.messages.map((m) => m.parsed.messageId)).toEqual([messageId]);
    } finally {
      transport.close();
      await sink.close();
    }
  });

  test('when the worker is killed just after the final dot, then the server has the message, the mark is written, and the restart counts it sent without a second copy', async () => {
    const sink = await startTestSink();
    const transport = createMailTransport(sink.url);
    try {
      const to = uniqueEmail('vendor');
      const { id, messageId } = await newEmail(to);
      expect(await sendAndDie('after-final-dot', sink.url, id)).toBe('SIGKILL');
      await sink.waitFor((all) => all.length === 1);
      const marked = await db('outbound_emails').where({ id }).first();
      expect(marked.status).toBe('pending');
      expect(marked.final_dot_sent_at).not.toBeNull();

      await leaseRunsOut(); // the dead worker's lease
      const accepted: Date[] = [];
      const outcome = await sendStoredEmail(db, transport, id, {
        now: () => new Date(),
        onSent: async (_trx, _email, at) => void accepted.push(at),
      });
      expect(outcome.kind).toBe('sent_answer_unrecorded');
      const row = await db('outbound_emails').where({ id }).first();
      expect(row.status).toBe('sent');
      expect(row.accepted_at.toISOString()).toBe(marked.final_dot_sent_at.toISOString());
      expect(row.last_error).toBe(ANSWER_UNRECORDED);
      expect(accepted.map((d) => d.toISOString())).toEqual([marked.final_dot_sent_at.toISOString()]);
      await new Promise((r) => setTimeout(r, 200));
      expect(sink.messages.map((m) => m.parsed.messageId)).toEqual([messageId]);
    } finally {
      transport.close();
      await sink.close();
    }
  });

  test('when the connection is lost after the final dot and before the answer, then the message is marked uncertain and never sent again', async () => {
    const line: { cut?: () => void } = {};
    const received: string[] = [];
    // the server keeps the message, and the line drops before its "250" gets back
    const sink = await startSmtpSink({
      port: 0,
      onMail: async (m) => void (received.push(m.parsed.messageId ?? ''), line.cut?.()),
    });
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: sink.port });
    line.cut = () => proxy.cut();
    const transport = createMailTransport(`smtp://127.0.0.1:${proxy.port}?tls=off`);
    try {
      const { id, messageId } = await newEmail(uniqueEmail('vendor'));
      const failures: string[] = [];
      const outcome = await sendStoredEmail(db, transport, id, {
        now: () => new Date(),
        onFailed: async (_trx, _email, error) => void failures.push(error),
      });
      expect(outcome.kind).toBe('uncertain');
      expect(failures).toEqual([expect.stringMatching(/uncertain/i)]);
      expect((await db('outbound_emails').where({ id }).first()).status).toBe('uncertain');

      proxy.restore();
      const retry = await sendStoredEmail(db, transport, id, { now: () => new Date() });
      expect(retry.kind).toBe('skipped');
      expect(received).toEqual([messageId]);
    } finally {
      transport.close();
      await proxy.close();
      await sink.close();
    }
  });

  test('when the server answers 4xx at the dot, then the mark is cleared and the retry sends exactly one copy', async () => {
    const sink = await startTestSink();
    const transport = createMailTransport(sink.url);
    try {
      const to = uniqueEmail('vendor');
      const { id } = await newEmail(to);
      sink.refuseWith({ code: 451, message: 'try again later' });
      await expect(sendStoredEmail(db, transport, id, { now: () => new Date() })).rejects.toBeInstanceOf(
        TransientSendError,
      );
      expect((await db('outbound_emails').where({ id }).first()).final_dot_sent_at).toBeNull();

      sink.refuseWith(undefined);
      const outcome = await sendStoredEmail(db, transport, id, { now: () => new Date() });
      expect(outcome.kind).toBe('sent');
      const row = await db('outbound_emails').where({ id }).first();
      expect(row.status).toBe('sent');
      expect(row.final_dot_sent_at).not.toBeNull();
      expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    } finally {
      transport.close();
      await sink.close();
    }
  });
});
