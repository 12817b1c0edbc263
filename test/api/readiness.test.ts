import request from 'supertest';
import { createTestContext, testConfig, type TestContext } from '../setup/context';
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

    proxy.cut();
    const down = await request(ctx.app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = JSON.parse(down.text);
    expect(body).toMatchObject({ code: 'dependency_unavailable', dependencies: [dependency] });
    expect(body.detail).toContain(dependency);
    expect((await request(ctx.app).get('/healthz')).status).toBe(200);

    proxy.restore();
    await waitUntil(async () => (await request(ctx.app).get('/readyz')).status === 200, 'readyz to answer 200 again');
  });
});
