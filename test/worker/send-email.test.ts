import type { Knex } from 'knex';
import { createDb } from '../../server/db';
import { queueEmail } from '../../server/mail';
import { testConfig, uniqueEmail } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { startWorkerWithSink } from '../setup/worker';
import { waitFor } from '../setup/wait';

const waitForStatus = (db: Knex, id: number, status: string) =>
  waitFor(
    () => db('outbound_emails').where({ id }).first(),
    (row) => row.status === status,
    `email ${id} ${status}`,
  );

describe('send-email through outbox, BullMQ and SMTP', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 4, undefined, { queuePrefix: config.queuePrefix });
  let sink: TestSink;
  let stopWorker: () => Promise<void>;

  beforeAll(async () => {
    ({ sink, stop: stopWorker } = await startWorkerWithSink(config, db));
  });
  afterAll(async () => {
    await stopWorker();
    await db.destroy();
  });

  const email = (to: string) => ({
    template: 'test',
    from: config.mailFrom,
    to,
    subject: `Subject for ${to}`,
    text: 'Plain body',
    html: '<p>HTML body</p>',
    messageIdDomain: config.replyDomain,
  });

  test('when an email is queued in a transaction, then the sink receives it once with its stored Message-ID', async () => {
    const to = uniqueEmail('recipient');
    const { id, messageId } = await db.transaction((trx) => queueEmail(trx, email(to)));
    const row = await waitForStatus(db, id, 'sent');
    expect(row.accepted_at).not.toBeNull();
    expect(row.smtp_response).toMatch(/^250/);
    const received = sink.messages.filter((m) => m.envelopeTo.includes(to));
    expect(received).toHaveLength(1);
    expect(received[0]!.parsed.messageId).toBe(messageId);
    expect(received[0]!.parsed.subject).toBe(`Subject for ${to}`);
    expect(received[0]!.parsed.text?.trim()).toBe('Plain body');
  });

  test('when the SMTP server refuses temporarily, then the job retries and the mail arrives once', async () => {
    const to = uniqueEmail('retry');
    sink.refuseWith({ code: 451, message: 'try again later' });
    const { id } = await db.transaction((trx) => queueEmail(trx, email(to)));
    // wait until the refusal has been recorded (not merely until the first attempt started)
    const refused = await waitFor(
      () => db('outbound_emails').where({ id }).first(),
      (row) => Boolean(row.last_error),
      'the refused attempt recorded',
    );
    expect(refused).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: expect.stringMatching(/451|try again/),
    });
    sink.refuseWith(undefined);
    const row = await waitForStatus(db, id, 'sent');
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(sink.messages.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
  });

  test('when the SMTP server refuses permanently, then the email is marked failed with the error and not retried', async () => {
    const to = uniqueEmail('refused');
    sink.refuseWith({ code: 550, message: 'mailbox unavailable' });
    try {
      const { id } = await db.transaction((trx) => queueEmail(trx, email(to)));
      const row = await waitForStatus(db, id, 'failed');
      expect(row.last_error).toMatch(/550|mailbox unavailable/);
      expect(row.attempts).toBe(1);
    } finally {
      sink.refuseWith(undefined);
    }
  });
});
