import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createTestContext, type TestContext } from '../setup/context';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  [key: string]: unknown;
}

describe('access log: one line per request, without tokens, cookies or bodies', () => {
  let ctx: TestContext;
  const lines: LogLine[] = [];
  const raw: string[] = [];

  beforeAll(() => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        raw.push(chunk.toString());
        lines.push(JSON.parse(chunk.toString()) as LogLine);
        done();
      },
    });
    ctx = createTestContext({
      logger: pino({ level: 'info' }, sink),
      configure: (api) => {
        api.route(
          {
            method: 'get',
            path: '/api/test/log-boom',
            summary: 'always fails',
            tags: ['test'],
            responses: { 200: { description: 'never' } },
          },
          () => {
            throw new Error('boom for the access log test');
          },
        );
      },
    });
  });
  afterAll(() => ctx.close());

  const lineFor = (id: string) => lines.filter((l) => l.msg === 'request completed' && l.req?.id === id);

  test('when a request is answered, then one info line names its id, method, path, status and time; the id is echoed back', async () => {
    const res = await request(ctx.app).get('/api/vendors?q=sonos').set('X-Request-Id', 'trace-1.a');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('trace-1.a');
    expect(lineFor('trace-1.a')).toEqual([
      expect.objectContaining({
        level: 30,
        req: { id: 'trace-1.a', method: 'GET', url: '/api/vendors' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
  });

  test('when the caller sends a malformed X-Request-Id, then a new id is made, logged and named in the problem', async () => {
    const res = await request(ctx.app).get('/api/no-such-route').set('X-Request-Id', 'bad id with spaces');
    expect(res.status).toBe(404);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.request_id).toBe(id);
    expect(lineFor(id)).toEqual([expect.objectContaining({ level: 40, res: { statusCode: 404 } })]);
  });

  test('when a path carries an e-authorization token, then the log shows the route, not the token, nor any cookie', async () => {
    const res = await request(ctx.app)
      .get('/api/authorizations/tok-SECRET-123/status?x=1')
      .set('Cookie', 'sid=cookie-SECRET');
    const id = res.headers['x-request-id'] as string;
    const [line] = lineFor(id);
    expect(line?.req?.url).toBe('/api/authorizations/:token/status');
    expect(raw.join('')).not.toMatch(/tok-SECRET-123|cookie-SECRET/);
  });

  test('when a route fails, then the error is logged with the request id and the request line is at error level', async () => {
    const res = await request(ctx.app).get('/api/test/log-boom');
    expect(res.status).toBe(500);
    const id = res.headers['x-request-id'] as string;
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, reqId: id, msg: 'unhandled error' }));
    expect(lineFor(id)).toEqual([expect.objectContaining({ level: 50, res: { statusCode: 500 } })]);
  });
});
