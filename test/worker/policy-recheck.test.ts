import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { createGuardedFetch } from '../../server/http';
import { createPolicyIntake, publishPolicyIntake } from '../../server/vendors';
import { systemClock } from '../../server/shared/clock';
import { createAccountWithPassword } from '../factories/accounts';
import { createTestContext, testConfig, unique, type TestContext } from '../setup/context';
import { waitFor } from '../setup/wait';
import { startWorkerWithSink } from '../setup/worker';

const policy = (company: string, email: string) =>
  `Privacy Policy\n\nThis Privacy Policy describes how ${company} collects and uses your personal information.\n\nYou have the right to access and delete the personal information we hold about you. To exercise these rights, email us at ${email}. We will respond to your request within 30 days.\n`;

/** The worker registers the re-check as a job scheduler and, when it runs, re-fetches due policy URLs. */
describe('worker: scheduled policy re-check', () => {
  let ctx: TestContext;
  let server: http.Server;
  let body = '';

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ctx = createTestContext({ config: testConfig({ FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1' }) });
  });
  afterAll(async () => {
    await ctx.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('when the worker starts, then recheck-policies is scheduled, and a due watched URL whose policy changed flags its vendor', async () => {
    const name = unique('Quillworks').replace(/[^A-Za-z]/g, '');
    const company = `${name} Labs, Inc.`;
    body = policy(company, 'privacy@quillworks.test');
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const deps = {
      db: ctx.db,
      clock: systemClock,
      fetch: createGuardedFetch({ allowPrivate: ['127.0.0.1'] }),
      recheckHours: 24,
    };
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}`;
    const intake = await createPolicyIntake(deps, { staffId: staff.id, source: { kind: 'url', url } });
    const published = await publishPolicyIntake(deps, { id: intake.id, staffId: staff.id });
    await ctx
      .db('policy_watches')
      .where({ vendor_id: published.vendorId })
      .update({ next_check_at: new Date(Date.now() - 1000) });
    body = policy(company, 'rights@quillworks.test');

    const worker = await startWorkerWithSink(ctx.config, ctx.db);
    const queue = new Queue('imports', { connection: ctx.redis, prefix: ctx.config.queuePrefix });
    try {
      expect(await queue.getJobScheduler('recheck-policies')).toMatchObject({
        name: 'recheck-policies',
        every: 15 * 60_000,
      });
      const watch = await waitFor(
        () => ctx.db('policy_watches').where({ vendor_id: published.vendorId }).first(),
        (w) => Boolean(w.last_changed_at),
        'the watched policy fetched again',
      );
      expect(watch).toMatchObject({ last_error: null, last_changed_at: expect.any(Date) });
      expect(await ctx.db('vendors').where({ id: published.vendorId }).first('needs_review')).toEqual({
        needs_review: true,
      });
      const [ingested] = await ctx
        .db('events')
        .where({ subject_type: 'vendor', subject_id: published.vendorId, type: 'policy_ingested' })
        .orderBy('id', 'desc');
      expect(ingested).toMatchObject({
        actor_type: 'system',
        actor_id: 'policy-recheck',
        data: expect.objectContaining({
          added: ['channel:email:rights@quillworks.test'],
          removed: ['channel:email:privacy@quillworks.test'],
        }),
      });
    } finally {
      await queue.close();
      await worker.stop();
    }
  });
});
