import request from 'supertest';
import { createIntakeContext, intakeBody } from '../factories/intake';
import { testConfig } from '../setup/context';
import { hostPort, startTcpProxy, withPort } from '../setup/tcp-proxy';
import { waitFor } from '../setup/wait';

/**
 * Issue #18: while Postgres is unreachable (a restart, dropped connections) the API answers 503 problem+json with
 * Retry-After, never 500, and answers normally once it is back. The outage is a loopback proxy in front of the real
 * Postgres that drops every connection and refuses new ones.
 */
describe('database unreachable', () => {
  test('when Postgres goes away, then reads and writes answer 503 problem+json with Retry-After, and work again when it returns', async () => {
    const base = testConfig();
    const proxy = await startTcpProxy(hostPort(base.databaseUrl, 5432));
    const ctx = createIntakeContext({ config: testConfig({ DATABASE_URL: withPort(base.databaseUrl, proxy.port) }) });
    try {
      expect((await request(ctx.app).get('/api/vendors?q=sonos')).status).toBe(200);

      proxy.cut();
      const calls: [string, () => request.Test][] = [
        ['search', () => request(ctx.app).get('/api/vendors?q=sonos')],
        ['profile', () => request(ctx.app).get('/api/vendors/sonos')],
        ['intake', () => request(ctx.app).post('/api/requests').send(intakeBody())],
        [
          'resend',
          () =>
            request(ctx.app).post('/api/submissions/00000000-0000-4000-8000-000000000000/resend-verification').send({}),
        ],
      ];
      for (const [name, call] of calls) {
        const res = await call();
        expect({ name, status: res.status }).toEqual({ name, status: 503 });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.headers['retry-after']).toMatch(/^\d+$/);
        expect(res.body).toMatchObject({ code: 'dependency_unavailable', status: 503, dependency: 'database' });
      }

      proxy.restore();
      const status = await waitFor(
        async () => (await request(ctx.app).get('/api/vendors?q=sonos')).status,
        (s) => s === 200,
        'the API answering again',
        { intervalMs: 100 },
      );
      expect(status).toBe(200);
    } finally {
      proxy.restore();
      await ctx.close();
      await proxy.close();
    }
  });
});
