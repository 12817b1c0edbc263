import request from 'supertest';
import { createTestContext, testConfig, type TestContext } from '../setup/context';
import { startTestSink } from '../setup/smtp-sink';
import { hostPort, startTcpProxy, withPort } from '../setup/tcp-proxy';
import { waitUntil } from '../setup/wait';

describe.each([
  { dependency: 'redis', variable: 'REDIS_URL', defaultPort: 6379 },
  { dependency: 'postgres', variable: 'DATABASE_URL', defaultPort: 5432 },
] as const)('readiness when $dependency goes away', ({ dependency, variable, defaultPort }) => {
  let ctx: TestContext;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  beforeAll(async () => {
    const base = testConfig();
    const realUrl = variable === 'REDIS_URL' ? base.redisUrl : base.databaseUrl;
    proxy = await startTcpProxy(hostPort(realUrl, defaultPort));
    ctx = createTestContext({ config: testConfig({ [variable]: withPort(realUrl, proxy.port) }) });
  });
  afterAll(async () => {
    await ctx.close();
    await proxy.close();
  });

  test(`when ${dependency} is cut, then /readyz answers 503 naming it while /healthz stays 200, and recovers without a restart`, async () => {
    await waitUntil(async () => (await request(ctx.app).get('/readyz')).status === 200, 'readyz to answer 200 again');
    const up = (await request(ctx.app).get('/readyz')).body;
    expect(up.checks.postgres).toMatchObject({ state: 'up', required: true });
    expect(up.checks.redis).toMatchObject({ state: 'up', required: true });
    expect(typeof up.checks[dependency].latency_ms).toBe('number');

    proxy.cut();
    const down = await request(ctx.app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = JSON.parse(down.text);
    expect(body).toMatchObject({ code: 'dependency_unavailable', dependencies: [dependency] });
    expect(body.detail).toContain(dependency);
    expect(body.checks[dependency]).toMatchObject({ state: 'down', required: true });
    expect(body.checks[dependency === 'redis' ? 'postgres' : 'redis']).toMatchObject({ state: 'up' });
    expect((await request(ctx.app).get('/healthz')).status).toBe(200);

    proxy.restore();
    await waitUntil(async () => (await request(ctx.app).get('/readyz')).status === 200, 'readyz to answer 200 again');
  });
});

describe('readiness with an SMTP relay configured', () => {
  test('when the relay answers, then /readyz reports it up; when it is gone, it reports it down and stays ready (mail waits in Postgres)', async () => {
    const sink = await startTestSink();
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: sink.port });
    const ctx = createTestContext({ config: testConfig({ SMTP_URL: `smtp://127.0.0.1:${proxy.port}?tls=off` }) });
    try {
      await waitUntil(async () => (await request(ctx.app).get('/readyz')).status === 200, 'Redis connected'); // Redis connects
      const up = await request(ctx.app).get('/readyz');
      expect(up.status).toBe(200);
      expect(up.body.checks.smtp).toMatchObject({ state: 'up', required: false });

      proxy.cut();
      const down = await request(ctx.app).get('/readyz');
      expect(down.status).toBe(200);
      expect(down.body.checks.smtp).toMatchObject({ state: 'down', required: false });
    } finally {
      await ctx.close();
      await proxy.close();
      await sink.close();
    }
  });

  test('when SMTP_URL is not set, then no smtp check is reported', async () => {
    const ctx = createTestContext();
    try {
      await waitUntil(async () => (await request(ctx.app).get('/readyz')).status === 200, 'readyz to answer 200');
      const res = await request(ctx.app).get('/readyz');
      expect(Object.keys(res.body.checks).sort()).toEqual(['postgres', 'redis']);
    } finally {
      await ctx.close();
    }
  });
});
