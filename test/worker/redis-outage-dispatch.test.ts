import { createDb } from '../../server/db';
import { submitAndVerify, createIntakeContext, intakeBody } from '../factories/intake';
import { silentLogger, testConfig } from '../setup/context';
import { hostPort, startTcpProxy, withPort } from '../setup/tcp-proxy';
import { waitUntil } from '../setup/wait';
import { startWorkerWithSink } from '../setup/worker';

/**
 * Issue #6: "Redis down while requests are verified: dispatched after it returns". Verification writes the requests
 * and their dispatch jobs to Postgres (the outbox) in one transaction, so it succeeds without Redis; the worker's relay
 * hands the jobs to BullMQ once Redis is back, and the letters go out.
 */
describe('Redis outage while requests are verified', () => {
  test('when Redis is down at verification, then verification succeeds, nothing is sent, and the letters go once it returns', async () => {
    const base = testConfig();
    const proxy = await startTcpProxy(hostPort(base.redisUrl, 6379));
    const config = testConfig({ REDIS_URL: withPort(base.redisUrl, proxy.port), QUEUE_PREFIX: base.queuePrefix });
    const ctx = createIntakeContext({ config });
    const db = createDb(config.databaseUrl, 5, silentLogger, { queuePrefix: config.queuePrefix });
    const worker = await startWorkerWithSink(config, db);
    try {
      proxy.cut();
      const { verified } = await submitAndVerify(
        ctx,
        intakeBody({ vendors: ['sonos'], rights: ['access', 'deletion'] }),
      );
      expect(verified.requests).toHaveLength(2);
      const ids = verified.requests.map((r) => r.id);
      const jobs = await ctx
        .db('outbox')
        .whereIn(
          'job_id',
          ids.map((id) => `dispatch-request-${id}`),
        )
        .select('relayed_at');
      expect(jobs).toHaveLength(2);

      // while Redis stays down: the jobs wait in the outbox and no letter leaves
      await new Promise((r) => setTimeout(r, 1500));
      expect(
        (
          await ctx
            .db('outbox')
            .whereIn(
              'job_id',
              ids.map((id) => `dispatch-request-${id}`),
            )
            .whereNotNull('relayed_at')
        ).length,
      ).toBe(0);
      expect(worker.sink.messages).toHaveLength(0);
      expect(await ctx.db('requests').whereIn('id', ids).pluck('status')).toEqual([
        'ready_to_dispatch',
        'ready_to_dispatch',
      ]);

      proxy.restore();
      const references = verified.requests.map((r) => r.reference);
      const toVendor = (m: (typeof worker.sink.messages)[number]) => m.envelopeTo.includes('privacy@sonos.com');
      const mail = await worker.sink.waitFor((all) =>
        references.every((ref) => all.some((m) => toVendor(m) && (m.parsed.subject ?? '').includes(ref))),
      );
      for (const ref of references) {
        // the consumer is also told (a copy of the letter, same reference): count the vendor's letters only
        const letters = mail.filter((m) => toVendor(m) && (m.parsed.subject ?? '').includes(ref));
        expect(letters).toHaveLength(1);
        expect(letters[0]!.envelopeTo).toContain('privacy@sonos.com');
      }
      await waitUntil(
        async () => (await ctx.db('requests').whereIn('id', ids).pluck('status')).every((s) => s === 'sent'),
        'both requests sent',
      );
      expect(await ctx.db('requests').whereIn('id', ids).pluck('status')).toEqual(['sent', 'sent']);
    } finally {
      proxy.restore();
      await worker.stop();
      await ctx.close();
      await db.destroy();
      await proxy.close();
    }
  });
});
