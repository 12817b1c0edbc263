import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { dispatchRequest } from '../../server/correspondence';
import { createDb, isTransientDbError } from '../../server/db';
import {
  createMailTransport,
  queueEmail,
  sendStoredEmail,
  startSmtpSink,
  TransientSendError,
  type MessageOptions,
} from '../../server/mail';
import { createQueues, closeQueues, relayOutbox } from '../../server/queue';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { startWorker } from '../../server/worker';
import { systemClock } from '../../server/shared/clock';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createReadyRequest, createRequestRow } from '../factories/correspondence';
import { createTestContext, silentLogger, testConfig, uniqueEmail } from '../setup/context';
import { hostPort, startTcpProxy, withPort } from '../setup/tcp-proxy';
import { startWorkerWithSink } from '../setup/worker';
import { waitFor } from '../setup/wait';

/**
 * Issue #18: every letter ends sent exactly once, or failed with its reason where staff see it, whatever happens to
 * the processes and servers around it. Real Postgres, Redis and SMTP; faults through a loopback proxy and a sink
 * that refuses with 451.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the send claim is a lease with a fencing token', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 6, silentLogger, { queuePrefix: config.queuePrefix });
  afterAll(() => db.destroy());

  test('when a second sender takes the same letter while the first is waiting for the server, then it is turned away and the server gets one copy', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const received: string[] = [];
    // the server holds its answer to the final dot until released: the first sender is alive, mid-send
    const sink = await startSmtpSink({
      port: 0,
      onMail: async (m) => void (received.push(m.parsed.messageId ?? ''), await gate),
    });
    const transportA = createMailTransport(`smtp://127.0.0.1:${sink.port}?tls=off`);
    const transportB = createMailTransport(`smtp://127.0.0.1:${sink.port}?tls=off`);
    try {
      const { id, messageId } = await queueEmail(db, {
        template: 'test',
        from: config.mailFrom,
        to: uniqueEmail('vendor'),
        subject: 'lease',
        text: 'body',
        messageIdDomain: config.replyDomain,
      });
      const first = sendStoredEmail(db, transportA, id, { now: () => new Date(), leaseMs: 600 });
      await waitFor(
        async () => received.length,
        (n) => n === 1,
        'the first copy reached the server',
      );
      await sleep(900); // longer than the lease: only the first sender's extensions keep it

      const second = sendStoredEmail(db, transportB, id, { now: () => new Date(), leaseMs: 600 }).then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ error }),
      );
      // turned away while the server still holds the first send (the gate opens only after): a second sender that
      // waited for the first instead would never settle, and the test would fail on its timeout
      const settled = await second;
      release();
      expect((settled as { error?: unknown }).error).toBeInstanceOf(TransientSendError);
      expect((await first).kind).toBe('sent');
      await sleep(200);
      expect(received).toEqual([messageId]);
      const row = await db('outbound_emails').where({ id }).first();
      expect(row.status).toBe('sent');
      expect(row.lease_expires_at).toBeNull();
    } finally {
      release();
      transportA.close();
      transportB.close();
      await sink.close();
    }
  });

  test('when another sender has taken the letter over, then the first one does not record its outcome over it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived = 0;
    const sink = await startSmtpSink({ port: 0, onMail: async () => void (arrived++, await gate) });
    const transport = createMailTransport(`smtp://127.0.0.1:${sink.port}?tls=off`);
    try {
      const { id } = await queueEmail(db, {
        template: 'test',
        from: config.mailFrom,
        to: uniqueEmail('vendor'),
        subject: 'fenced',
        text: 'body',
        messageIdDomain: config.replyDomain,
      });
      const recorded: number[] = [];
      const first = sendStoredEmail(db, transport, id, {
        now: () => new Date(),
        leaseMs: 60_000,
        onSent: async (_trx, email) => void recorded.push(email.id),
      });
      await waitFor(
        async () => arrived,
        (n) => n === 1,
        'the message reached the server',
      );
      // a second worker holds the letter now (as after the first one's lease ran out unseen)
      const other = '00000000-0000-4000-8000-000000000000';
      await db('outbound_emails').where({ id }).update({ claim_token: other });
      release();
      await first;
      const row = await db('outbound_emails').where({ id }).first();
      expect(row.status).toBe('pending');
      expect(row.claim_token).toBe(other);
      expect(recorded).toEqual([]);
    } finally {
      release();
      transport.close();
      await sink.close();
    }
  });

  test('when the lease was taken over before the final dot (the first sender was starved), then the first sender does not send its dot', async () => {
    const received: string[] = [];
    const counting = await startSmtpSink({
      port: 0,
      onMail: async (m) => void received.push(m.parsed.messageId ?? ''),
    });
    const transport = createMailTransport(`smtp://127.0.0.1:${counting.port}?tls=off`);
    const other = '00000000-0000-4000-8000-000000000001';
    try {
      const { id } = await queueEmail(db, {
        template: 'test',
        from: config.mailFrom,
        to: uniqueEmail('vendor'),
        subject: 'taken over',
        text: 'body',
        messageIdDomain: config.replyDomain,
      });
      // the whole body is with the server; just then another worker takes the letter over
      const sendMail = transport.sendMail.bind(transport) as (o: MessageOptions) => Promise<unknown>;
      (transport as unknown as { sendMail: (o: MessageOptions) => Promise<unknown> }).sendMail = (o: MessageOptions) =>
        sendMail({
          ...o,
          beforeFinalDot: async () => {
            await db('outbound_emails').where({ id }).update({ claim_token: other });
            await o.beforeFinalDot?.();
          },
        });
      await expect(
        sendStoredEmail(db, transport, id, { now: () => new Date(), leaseMs: 60_000 }),
      ).rejects.toBeInstanceOf(TransientSendError);
      await sleep(200);
      expect(received).toEqual([]);
      const row = await db('outbound_emails').where({ id }).first();
      expect(row).toMatchObject({ status: 'pending', claim_token: other, final_dot_sent_at: null });
    } finally {
      transport.close();
      await counting.close();
    }
  });
});

describe('an answer the server gave survives a database outage', () => {
  test('when the database goes away right after the server took the message, then the answer is recorded once it returns, not uncertain', async () => {
    const base = testConfig();
    const proxy = await startTcpProxy(hostPort(base.databaseUrl, 5432));
    const db = createDb(withPort(base.databaseUrl, proxy.port), 3, silentLogger, { queuePrefix: base.queuePrefix });
    const received: string[] = [];
    const sink = await startSmtpSink({
      port: 0,
      onMail: async (m) => {
        received.push(m.parsed.messageId ?? '');
        proxy.cut(); // Postgres restarts: every connection is dropped, new ones refused for a second
        setTimeout(() => proxy.restore(), 1000);
      },
    });
    const transport = createMailTransport(`smtp://127.0.0.1:${sink.port}?tls=off`);
    try {
      const { id, messageId } = await queueEmail(db, {
        template: 'test',
        from: base.mailFrom,
        to: uniqueEmail('vendor'),
        subject: 'db outage',
        text: 'body',
        messageIdDomain: base.replyDomain,
      });
      const failures: string[] = [];
      const outcome = await sendStoredEmail(db, transport, id, {
        now: () => new Date(),
        isTransientDbError,
        recordRetryMs: 20_000,
        onFailed: async (_trx, _email, error) => void failures.push(error),
      });
      expect(outcome.kind).toBe('sent');
      const row = await db('outbound_emails').where({ id }).first();
      expect(row.status).toBe('sent');
      expect(row.smtp_response).toMatch(/^250/);
      expect(failures).toEqual([]);
      expect(received).toEqual([messageId]);
    } finally {
      proxy.restore();
      transport.close();
      await sink.close();
      await db.destroy();
      await proxy.close();
    }
  });
});

describe('a short-lived database error while a letter is prepared', () => {
  test('when the connection drops under the letter query, then the dispatch is retried, not failed for good', async () => {
    const base = testConfig();
    const proxy = await startTcpProxy(hostPort(base.databaseUrl, 5432));
    const db = createDb(withPort(base.databaseUrl, proxy.port), 3, silentLogger, { queuePrefix: base.queuePrefix });
    try {
      const { request } = await createRequestRow(db, { status: 'ready_to_dispatch' });
      let dropped = false;
      db.on('query', (q: { sql: string }) => {
        // the letter's data query: the connection drops under it, and new ones work again at once
        if (!dropped && /left join "submissions"/.test(q.sql)) {
          dropped = true;
          proxy.cut();
          proxy.restore();
        }
      });
      await expect(
        dispatchRequest(db, { config: base, clock: { now: () => new Date() } }, request.id),
      ).rejects.toThrow();
      expect(dropped).toBe(true);
      expect((await db('requests').where({ id: request.id }).first('status')).status).toBe('ready_to_dispatch');
      expect(
        await db('events').where({ subject_type: 'request', subject_id: request.id, type: 'dispatch_failed' }),
      ).toEqual([]);

      const retried = await dispatchRequest(db, { config: base, clock: { now: () => new Date() } }, request.id);
      expect(retried.kind).toBe('email_queued');
    } finally {
      proxy.restore();
      await db.destroy();
      await proxy.close();
    }
  });
});

/** An app and a worker of their own whose letters are retried every 200–500 ms within `retryWindowMs`. */
function retryingRelay(retryWindowMs: string) {
  const config = testConfig({
    LETTER_RETRY_WINDOW_MS: retryWindowMs,
    JOB_RETRY_BASE_MS: '200',
    JOB_RETRY_MAX_MS: '500',
    SEND_LEASE_MS: '2000',
  });
  const ctx = createTestContext({ config });
  let started: Awaited<ReturnType<typeof startWorkerWithSink>> | undefined;
  beforeAll(async () => {
    started = await startWorkerWithSink(config, ctx.db);
  });
  afterAll(async () => {
    await started?.stop();
    await ctx.close();
  });
  return {
    ctx,
    worker: () => {
      if (!started) throw new Error('the worker has not started');
      return started;
    },
    readyRequest: () => createReadyRequest(ctx.db),
    statusOf: async (id: number) => (await ctx.db('requests').where({ id }).first('status')).status as string,
  };
}

describe('a mail server that refuses for now (451) for longer than the retry window', () => {
  const { ctx, worker, readyRequest, statusOf } = retryingRelay('4000');

  test('when the relay keeps answering 451, then the letter fails with the reason, the request is dispatch_failed, and staff can resend it once the relay is back', async () => {
    const { id, vendorAddress } = await readyRequest();
    worker().sink.refuseWith({ code: 451, message: 'greylisted, try again later' });
    try {
      await dispatchRequest(ctx.db, ctx, id);
      await waitFor(
        () => statusOf(id),
        (s) => s === 'dispatch_failed',
        'request dispatch_failed',
      );
    } finally {
      worker().sink.refuseWith(undefined);
    }
    const email = await ctx.db('outbound_emails').where({ related_type: 'request', related_id: id }).first();
    expect(email.status).toBe('failed');
    expect(email.last_error).toMatch(/retry window.*451/s);
    const failed = await ctx
      .db('events')
      .where({ subject_type: 'request', subject_id: id, type: 'dispatch_failed' })
      .first();
    expect(failed.reason).toMatch(/451/);

    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const { agent, csrf } = await signIn(ctx.app, staff.email);
    const res = await agent
      .post(`/api/staff/requests/${id}/resend`)
      .set('X-CSRF-Token', csrf)
      .send({ reason: 'relay recovered' });
    expect(res.status).toBe(200);
    await waitFor(
      () => statusOf(id),
      (s) => s === 'sent',
      'request sent after the resend',
    );
    expect(worker().sink.messages.filter((m) => m.envelopeTo.includes(vendorAddress))).toHaveLength(1);
  });
});

/** A window long enough that two tries always fit in it, however late the first one comes on a busy machine. */
describe('a mail server that refuses for now (451), then recovers within the retry window', () => {
  const { ctx, worker, readyRequest, statusOf } = retryingRelay('600000');

  test('when the relay recovers within the window, then the letter is sent once', async () => {
    const { id, vendorAddress } = await readyRequest();
    worker().sink.refuseWith({ code: 451, message: 'try again later' });
    try {
      await dispatchRequest(ctx.db, ctx, id);
      await waitFor(
        async () =>
          (await ctx.db('outbound_emails').where({ related_type: 'request', related_id: id }).first('attempts'))
            ?.attempts ?? 0,
        (n) => n >= 2,
        'two refused tries',
      );
    } finally {
      worker().sink.refuseWith(undefined);
    }
    await waitFor(
      () => statusOf(id),
      (s) => s === 'sent',
      'request sent',
    );
    expect(worker().sink.messages.filter((m) => m.envelopeTo.includes(vendorAddress))).toHaveLength(1);
  });
});

describe('Redis restarted empty', () => {
  test('when Redis loses every job and scheduler, then the letters waiting to retry are sent and the schedulers come back', async () => {
    const base = testConfig();
    const proxy = await startTcpProxy(hostPort(base.redisUrl, 6379));
    // retries far apart: only the reconciler can bring the lost ones back within this test
    const config = testConfig({
      REDIS_URL: withPort(base.redisUrl, proxy.port),
      QUEUE_PREFIX: base.queuePrefix,
      JOB_RETRY_BASE_MS: '120000',
      RECONCILE_INTERVAL_MS: '500',
      RECONCILE_GRACE_MS: '0',
      SEND_LEASE_MS: '2000',
    });
    const db = createDb(config.databaseUrl, 5, silentLogger, { queuePrefix: config.queuePrefix });
    const redis = new IORedis(base.redisUrl, { maxRetriesPerRequest: null });
    const inspect = new Queue('deadlines', { connection: redis, prefix: config.queuePrefix });
    const worker = await startWorkerWithSink(config, db);
    try {
      worker.sink.refuseWith({ code: 451, message: 'try again later' });
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          (
            await queueEmail(db, {
              template: 'test',
              from: config.mailFrom,
              to: uniqueEmail('vendor'),
              subject: `retry ${i}`,
              text: 'body',
              messageIdDomain: config.replyDomain,
            })
          ).id,
        );
      }
      await waitFor(
        async () =>
          db('outbound_emails')
            .whereIn('id', ids)
            .where('attempts', '>=', 1)
            .whereNotNull('last_error')
            .count({ n: '*' })
            .then(([r]) => Number(r!.n)),
        (n) => n === ids.length,
        'every letter refused once',
      );
      expect(await inspect.getJobScheduler('deadline-sweep')).toMatchObject({ name: 'sweep-deadlines', every: 60_000 });

      // Redis restarts without persistence: connections drop, and every key of this deployment is gone
      proxy.cut();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      expect(await inspect.getJobScheduler('deadline-sweep')).toBeUndefined();
      worker.sink.refuseWith(undefined);
      proxy.restore();

      await waitFor(
        async () =>
          db('outbound_emails')
            .whereIn('id', ids)
            .where({ status: 'sent' })
            .count({ n: '*' })
            .then(([r]) => Number(r!.n)),
        (n) => n === ids.length,
        'every letter sent',
      );
      const messageIds = await db('outbound_emails').whereIn('id', ids).pluck('message_id');
      for (const m of messageIds) expect(worker.sink.messages.filter((x) => x.parsed.messageId === m)).toHaveLength(1);
      await waitFor(
        async () => (await inspect.getJobScheduler('deadline-sweep')) !== undefined,
        Boolean,
        'the sweep scheduler registered again',
      );
      expect(await inspect.getJobScheduler('reconcile')).toMatchObject({ name: 'reconcile' });
    } finally {
      proxy.restore();
      await worker.stop();
      await inspect.close();
      await redis.quit();
      await db.destroy();
      await proxy.close();
    }
  });
});

describe('a hung mail server', () => {
  test('when the server never answers the final dot, then the sends time out as uncertain and the relay keeps working with a pool of 2', async () => {
    let hung = 0;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      disableReverseLookup: true,
      onData(stream) {
        stream.resume();
        stream.on('end', () => void hung++); // the message is in; the answer never comes
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = testConfig({
      SMTP_SOCKET_TIMEOUT_MS: '1500',
      SMTP_GREETING_TIMEOUT_MS: '1000',
      SMTP_CONNECTION_TIMEOUT_MS: '1000',
      SEND_LEASE_MS: '1000',
    });
    const db = createDb(config.databaseUrl, 2, silentLogger, { queuePrefix: config.queuePrefix });
    const transport = createMailTransport(
      `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}?tls=off`,
      config.smtpTimeouts,
    );
    const worker = await startWorker({ config, db, logger: silentLogger, clock: systemClock, transport });
    try {
      const newEmail = (i: number) =>
        queueEmail(db, {
          template: 'test',
          from: config.mailFrom,
          to: uniqueEmail('vendor'),
          subject: `hung ${i}`,
          text: 'body',
          messageIdDomain: config.replyDomain,
        });
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await newEmail(i)).id);
      await waitFor(
        async () => hung,
        (n) => n >= 3,
        'sends hanging at the final dot',
      );

      // while every send hangs, the worker's two connections still serve the relay and other work
      const late = await newEmail(99);
      await waitFor(
        async () =>
          (
            await db('outbox')
              .where({ job_id: `send-email-${late.id}` })
              .first('relayed_at')
          ).relayed_at,
        Boolean,
        'the relay moved a new job',
      );
      expect(await db('outbound_emails').whereIn('id', ids).where({ status: 'sent' })).toEqual([]);

      // every phase is bounded: the sends end, each recorded uncertain (the server had the whole message), none sent twice
      const rows = await waitFor(
        () => db('outbound_emails').whereIn('id', ids).select('status', 'last_error'),
        (all) => all.every((r) => r.status !== 'pending'),
        'every hung send ended',
      );
      for (const row of rows) {
        expect(row.status).toBe('uncertain');
        expect(row.last_error).toMatch(/uncertain.*timeout/is);
      }
    } finally {
      await worker.stop();
      transport.close();
      await db.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('outbox rows are scoped to their queue prefix', () => {
  test('when two deployments with different prefixes share one database, then each relay moves only its own rows into its own queues', async () => {
    const a = testConfig();
    const b = testConfig();
    const dbA = createDb(a.databaseUrl, 2, silentLogger, { queuePrefix: a.queuePrefix });
    const dbB = createDb(b.databaseUrl, 2, silentLogger, { queuePrefix: b.queuePrefix });
    const redis = new IORedis(a.redisUrl, { maxRetriesPerRequest: null });
    const queuesA = createQueues(redis, a.queuePrefix);
    const queuesB = createQueues(redis, b.queuePrefix);
    try {
      const email = (db: typeof dbA) =>
        queueEmail(db, {
          template: 'test',
          from: a.mailFrom,
          to: uniqueEmail('p'),
          subject: 's',
          text: 't',
          messageIdDomain: a.replyDomain,
        });
      const fromA = await email(dbA);
      const fromB = await dbB.transaction((trx) => email(trx as unknown as typeof dbB));
      const rowA = await dbA('outbox')
        .where({ job_id: `send-email-${fromA.id}` })
        .first();
      const rowB = await dbA('outbox')
        .where({ job_id: `send-email-${fromB.id}` })
        .first();
      expect(rowA.queue_prefix).toBe(a.queuePrefix);
      expect(rowB.queue_prefix).toBe(b.queuePrefix);

      expect((await relayOutbox(dbA, queuesA)).failed).toBe(false);
      expect((await queuesA.mail.getJob(`send-email-${fromA.id}`))?.id).toBe(`send-email-${fromA.id}`);
      expect(await queuesA.mail.getJob(`send-email-${fromB.id}`)).toBeUndefined();
      expect((await dbA('outbox').where({ id: rowB.id }).first()).relayed_at).toBeNull();

      expect((await relayOutbox(dbB, queuesB)).failed).toBe(false);
      expect((await queuesB.mail.getJob(`send-email-${fromB.id}`))?.id).toBe(`send-email-${fromB.id}`);
      expect(await queuesB.mail.getJob(`send-email-${fromA.id}`)).toBeUndefined();
    } finally {
      for (const q of [...Object.values(queuesA), ...Object.values(queuesB)])
        await q.obliterate({ force: true }).catch(() => undefined);
      await closeQueues(queuesA);
      await closeQueues(queuesB);
      await redis.quit();
      await dbA.destroy();
      await dbB.destroy();
    }
  });
});
