import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createDb } from '../../server/db';
import { createMailTransport, queueEmail, sendStoredEmail, TransientSendError } from '../../server/mail';
import { testConfig, uniqueEmail } from '../setup/context';
import { startTestSink } from '../setup/smtp-sink';

/**
 * Exactly-once email: the commit mark is written after the whole message reached the server and before the final
 * dot, so a crash before it lets a retry send safely, and a crash after it never sends a second copy.
 */
describe('email commit point', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 4);
  afterAll(() => db.destroy());

  const newEmail = (to: string, text = 'Plain body') =>
    queueEmail(db, { template: 'test', from: config.mailFrom, to, subject: `Subject for ${to}`, text, messageIdDomain: config.replyDomain });

  test('when a large message is sent, then the hook runs after the server has received the body and before it takes the message', async () => {
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
      let bytesAtHook = 0;
      await transport.sendMail({
        from: config.mailFrom,
        to: 'vendor@example.test',
        subject: 'big',
        text: body,
        beforeFinalDot: async () => {
          // give the socket time to deliver what was written: everything but the dot must already be there
          await new Promise((r) => setTimeout(r, 100));
          bytesAtHook = bytesAtServer;
          timeline.push('client: commit mark');
        },
      } as Parameters<typeof transport.sendMail>[0]);
      expect(timeline).toEqual(['server: DATA begins', 'client: commit mark', 'server: final dot received']);
      expect(bytesAtHook).toBeGreaterThan(body.length);
    } finally {
      transport.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('when an earlier attempt left the commit mark without an outcome, then the message is not sent again but marked uncertain', async () => {
    const sink = await startTestSink();
    const transport = createMailTransport(sink.url);
    try {
      const { id } = await newEmail(uniqueEmail('vendor'));
      await db('outbound_emails').where({ id }).update({ final_dot_at: new Date() }); // a worker died here
      const failures: string[] = [];
      const outcome = await sendStoredEmail(db, transport, id, { now: () => new Date(), onFailed: async (_trx, _email, error) => void failures.push(error) });
      expect(outcome.kind).toBe('uncertain');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/uncertain/i);
      const row = await db('outbound_emails').where({ id }).first();
      expect(row.status).toBe('uncertain');
      await new Promise((r) => setTimeout(r, 200));
      expect(sink.messages).toHaveLength(0);
    } finally {
      transport.close();
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
      await expect(sendStoredEmail(db, transport, id, { now: () => new Date() })).rejects.toBeInstanceOf(TransientSendError);
      expect((await db('outbound_emails').where({ id }).first()).final_dot_at).toBeNull();

      sink.refuseWith(undefined);
      const outcome = await sendStoredEmail(db, transport, id, { now: () => new Date() });
      expect(outcome.kind).toBe('sent');
      const row = await db('outbound_emails').where({ id }).first();
      expect(row.status).toBe('sent');
      expect(row.final_dot_at).not.toBeNull();
      expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    } finally {
      transport.close();
      await sink.close();
    }
  });
});
