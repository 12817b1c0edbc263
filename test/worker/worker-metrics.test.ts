import { createServer, type AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { createDb } from '../../server/db';
import type { Redis } from 'ioredis';
import { queueEmail } from '../../server/mail';
import { closeQueues, createProducerConnection, createQueues } from '../../server/queue';
import { testConfig, uniqueEmail } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { waitUntil } from '../setup/wait';
import { startWorkerWithSink } from '../setup/worker';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForStatus(db: Knex, id: number, status: string) {
  await waitUntil(
    async () => (await db('outbound_emails').where({ id }).first()).status === status,
    `email ${id} ${status}`,
  );
}

const sends = (text: string, outcome: string) =>
  Number(new RegExp(`^drp_email_sends_total\\{outcome="${outcome}"\\} (\\S+)$`, 'm').exec(text)?.[1]);

describe("the worker's metrics on WORKER_METRICS_PORT", () => {
  const token = 'worker-metrics-token-0123';
  let config: ReturnType<typeof testConfig>;
  let redis: Redis;
  let queues: ReturnType<typeof createQueues>;
  let db: Knex;
  let sink: TestSink;
  let stopWorker: () => Promise<void>;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    config = testConfig({ WORKER_METRICS_PORT: String(port), METRICS_TOKEN: token });
    db = createDb(config.databaseUrl, 4, undefined, { queuePrefix: config.queuePrefix });
    ({ sink, stop: stopWorker } = await startWorkerWithSink(config, db));
    redis = createProducerConnection(config.redisUrl);
    queues = createQueues(redis, config.queuePrefix);
  });
  afterAll(async () => {
    await closeQueues(queues);
    await redis.quit();
    await stopWorker();
    await db.destroy();
  });
  const scrape = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const email = (to: string) => ({
    template: 'test',
    from: config.mailFrom,
    to,
    subject: 's',
    text: 't',
    html: '<p>t</p>',
    messageIdDomain: config.replyDomain,
  });

  test('when emails are sent, refused for now and refused for good, then the send outcomes are counted', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    // The counts are deltas: nothing may still be on its way to this worker's mail queue when the first scrape is
    // taken. The deadline sweep is not scoped to a deployment: milestones that earlier test files left due in this
    // database are fired by this worker, and their notices sent, so wait for those too.
    const jobs = (text: string, queue: string, state: string) =>
      Number(new RegExp(`^drp_queue_jobs\\{queue="${queue}",state="${state}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
    await waitUntil(async () => {
      const text = await scrape();
      const [due] = await db('deadline_milestones')
        .whereNull('fired_at')
        .whereNull('cancelled_at')
        .where('fire_at', '<=', new Date())
        .count({ n: '*' });
      return (
        Number(due?.n) === 0 &&
        Number(/^drp_outbox_backlog (\S+)$/m.exec(text)?.[1]) === 0 &&
        ['waiting', 'active'].every((state) => jobs(text, 'mail', state) === 0) &&
        // a scheduler's next run waits as a delayed job (DRP status polling is on the mail queue): only those remain
        jobs(text, 'mail', 'delayed') === (await queues.mail.getJobSchedulersCount()) &&
        ['waiting', 'active'].every((state) => jobs(text, 'deadlines', state) === 0)
      );
    }, 'nothing left for the mail queue');
    const before = await scrape();
    const delta = (text: string, outcome: string) => sends(text, outcome) - sends(before, outcome);

    const sent = await db.transaction((trx) => queueEmail(trx, email(uniqueEmail('ok'))));
    await waitForStatus(db, sent.id, 'sent');

    sink.refuseWith({ code: 451, message: 'try again later' });
    const retried = await db.transaction((trx) => queueEmail(trx, email(uniqueEmail('later'))));
    await waitUntil(
      async () => Boolean((await db('outbound_emails').where({ id: retried.id }).first()).last_error),
      'a refused attempt',
    );
    sink.refuseWith({ code: 550, message: 'mailbox unavailable' });
    const failed = await db.transaction((trx) => queueEmail(trx, email(uniqueEmail('never'))));
    await waitForStatus(db, failed.id, 'failed');
    sink.refuseWith(undefined);
    await waitForStatus(db, retried.id, 'sent');

    const after = await scrape();
    expect(delta(after, 'sent')).toBe(2);
    expect(delta(after, 'failed')).toBe(1);
    expect(delta(after, 'retried')).toBeGreaterThanOrEqual(1);
    expect(delta(after, 'uncertain')).toBe(0);
    // the deployment-wide gauges are on the worker too
    expect(after).toMatch(/^drp_queue_jobs\{queue="mail",state="waiting"\} \d+$/m);
    expect(after).toMatch(/^drp_outbox_backlog \d+$/m);
  });
});
