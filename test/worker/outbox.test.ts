import { Queue } from 'bullmq';
import { createDb } from '../../server/db';
import {
  createProducerConnection,
  createQueues,
  closeQueues,
  enqueueInTransaction,
  relayOutbox,
} from '../../server/queue';
import { testConfig } from '../setup/context';
import { hostPort, startTcpProxy, withPort } from '../setup/tcp-proxy';
import { waitFor } from '../setup/wait';

describe('transactional outbox', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 4, undefined, { queuePrefix: config.queuePrefix });
  afterAll(() => db.destroy());

  const uniqueEmailId = () => 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

  test('when the transaction that writes a job rolls back, then no job exists', async () => {
    const emailId = uniqueEmailId();
    await expect(
      db.transaction(async (trx) => {
        await enqueueInTransaction(trx, 'send-email', { emailId });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(
      await db('outbox')
        .where({ job_id: `send-email-${emailId}` })
        .first(),
    ).toBeUndefined();
  });

  test('when the same job is written twice, then one row exists', async () => {
    const emailId = uniqueEmailId();
    await enqueueInTransaction(db, 'send-email', { emailId });
    await enqueueInTransaction(db, 'send-email', { emailId });
    expect(
      await db('outbox')
        .where({ job_id: `send-email-${emailId}` })
        .count({ n: '*' }),
    ).toEqual([{ n: 1 }]);
  });

  test('when Redis is down during relay, then rows stay pending and are relayed once it returns', async () => {
    const proxy = await startTcpProxy(hostPort(config.redisUrl, 6379));
    const redis = createProducerConnection(withPort(config.redisUrl, proxy.port));
    redis.on('error', () => undefined);
    const queues = createQueues(redis, config.queuePrefix);
    const inspectConnection = createProducerConnection(config.redisUrl);
    const inspect = new Queue('mail', { connection: inspectConnection, prefix: config.queuePrefix });
    try {
      await new Promise((resolve) => (redis.status === 'ready' ? resolve(null) : redis.once('ready', resolve)));
      const emailId = uniqueEmailId();
      proxy.cut();
      await enqueueInTransaction(db, 'send-email', { emailId });
      const whileDown = await relayOutbox(db, queues);
      expect(whileDown.failed).toBe(true);
      expect(
        (
          await db('outbox')
            .where({ job_id: `send-email-${emailId}` })
            .first()
        ).relayed_at,
      ).toBeNull();

      proxy.restore();
      await waitFor(
        async () => {
          const result = await relayOutbox(db, queues);
          return result.failed ? 0 : result.relayed;
        },
        (relayed) => relayed > 0,
        'the relay through the restored connection',
        { intervalMs: 100 },
      );
      expect(
        (
          await db('outbox')
            .where({ job_id: `send-email-${emailId}` })
            .first()
        ).relayed_at,
      ).not.toBeNull();
      const job = await inspect.getJob(`send-email-${emailId}`);
      expect(job?.data).toEqual({ emailId });

      // a second relay of the same id (as after a crash between add and commit) does not duplicate the job
      await queues.mail.add('send-email', { emailId }, { jobId: `send-email-${emailId}` });
      const waiting = await inspect.getWaiting(0, 10_000);
      expect(waiting.filter((j) => j.id === `send-email-${emailId}`)).toHaveLength(1);
    } finally {
      await inspect.obliterate({ force: true });
      await inspect.close();
      await closeQueues(queues);
      redis.disconnect();
      inspectConnection.disconnect();
      await proxy.close();
    }
  });
});
