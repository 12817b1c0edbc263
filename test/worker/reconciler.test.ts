import { UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { createDb } from '../../server/db';
import { queueEmail } from '../../server/mail';
import { closeQueues, createQueues, enqueueInTransaction, relayOutbox } from '../../server/queue';
import { reconcile } from '../../server/reconciler';
import { createRequestRow } from '../factories/correspondence';
import { silentLogger, testConfig, uniqueEmail } from '../setup/context';
import { waitUntil } from '../setup/wait';

/**
 * Issue #18: the reconciler compares the work Postgres shows unfinished with the jobs in Redis, and hands back to the
 * relay every job that is missing or that BullMQ failed or completed while the work is unfinished; it leaves waiting
 * jobs, finished work and other deployments' rows alone.
 */
describe('reconciler', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 4, silentLogger, { queuePrefix: config.queuePrefix });
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, config.queuePrefix);
  afterAll(async () => {
    for (const q of Object.values(queues)) await q.obliterate({ force: true }).catch(() => undefined);
    await closeQueues(queues);
    await redis.quit();
    await db.destroy();
  });
  const newEmail = (d = db) =>
    queueEmail(d, {
      template: 'test',
      from: config.mailFrom,
      to: uniqueEmail('vendor'),
      subject: 'reconcile',
      text: 'body',
      messageIdDomain: config.replyDomain,
    });
  const outboxRow = (jobId: string) => db('outbox').where({ job_id: jobId }).first();

  test('when BullMQ failed a pending letter for good, then its job is queued again under the same id', async () => {
    const { id } = await newEmail();
    await relayOutbox(db, queues);
    const workerConnection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
    const failing = new Worker(
      'mail',
      async () => {
        throw new UnrecoverableError('worker crashed too often');
      },
      { connection: workerConnection, prefix: config.queuePrefix },
    );
    await waitUntil(async () => (await queues.mail.getJobState(`send-email-${id}`)) === 'failed', 'the job failed');
    await failing.close();
    await workerConnection.quit();
    expect(await queues.mail.getJobState(`send-email-${id}`)).toBe('failed');

    const result = await reconcile(db, queues, { queuePrefix: config.queuePrefix, graceMs: 0 });
    expect(result.requeued.failed).toBe(1);
    expect((await outboxRow(`send-email-${id}`)).relayed_at).toBeNull();
    await relayOutbox(db, queues);
    expect(await queues.mail.getJobState(`send-email-${id}`)).toBe('waiting');
    expect((await db('outbound_emails').where({ id }).first()).status).toBe('pending');
  });

  test('when a fired milestone lost its job, then it is queued again; waiting jobs, sent letters and other prefixes are left alone', async () => {
    const { request } = await createRequestRow(db);
    const [milestone] = await db('deadline_milestones')
      .insert({
        request_id: request.id,
        kind: 'reminder_7d',
        due_on: '2026-12-01',
        fire_at: new Date('2026-12-01T08:00:00Z'),
        fired_at: new Date(),
        generation: 1,
      })
      .returning('id');
    await enqueueInTransaction(db, 'deliver-milestone', { milestoneId: milestone.id });
    await db('outbox')
      .where({ job_id: `milestone-${milestone.id}` })
      .update({ relayed_at: db.fn.now() }); // relayed, then lost with Redis

    const waiting = await newEmail();
    await relayOutbox(db, queues);
    const sent = await newEmail();
    await relayOutbox(db, queues);
    await db('outbound_emails').where({ id: sent.id }).update({ status: 'sent' });
    await queues.mail.getJob(`send-email-${sent.id}`).then((j) => j?.remove());

    const otherPrefix = testConfig().queuePrefix;
    const otherDb = createDb(config.databaseUrl, 1, silentLogger, { queuePrefix: otherPrefix });
    const foreign = await newEmail(otherDb);
    await otherDb('outbox')
      .where({ job_id: `send-email-${foreign.id}` })
      .update({ relayed_at: otherDb.fn.now() });
    await otherDb.destroy();

    const result = await reconcile(db, queues, { queuePrefix: config.queuePrefix, graceMs: 0 });
    expect(result.requeued).toEqual({ missing: 1, failed: 0, completed: 0 });
    expect((await outboxRow(`milestone-${milestone.id}`)).relayed_at).toBeNull();
    expect((await outboxRow(`send-email-${waiting.id}`)).relayed_at).not.toBeNull();
    expect((await outboxRow(`send-email-${sent.id}`)).relayed_at).not.toBeNull();
    expect((await outboxRow(`send-email-${foreign.id}`)).relayed_at).not.toBeNull();
    await relayOutbox(db, queues);
    expect(await queues.deadlines.getJobState(`milestone-${milestone.id}`)).toBe('waiting');
    // the foreign row is another deployment's: leave it unrelayed for nobody
    await db('outbox')
      .where({ job_id: `send-email-${foreign.id}` })
      .del();
  });
});
