import request from 'supertest';
import { z } from 'zod';
import { createTestContext, type TestContext } from '../setup/context';

const PROBLEM = /^application\/problem\+json/;

describe('problem+json errors', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({
      configure: (api) => {
        api.route(
          {
            method: 'post',
            path: '/api/test/echo',
            summary: 'test echo',
            tags: ['test'],
            body: z.object({
              name: z.string().min(1),
              address: z.object({ postal_code: z.string().regex(/^\d{5}$/) }),
            }),
            responses: { 200: { description: 'echo', schema: z.object({ received: z.string() }) } },
          },
          ({ body }) => ({ received: body.name }),
        );
        api.route(
          {
            method: 'get',
            path: '/api/test/boom',
            summary: 'always fails',
            tags: ['test'],
            responses: { 200: { description: 'never' } },
          },
          () => {
            throw new Error('secret internal detail at /srv/app/db.ts:42');
          },
        );
      },
    });
  });
  afterAll(() => ctx.close());

  test('when a route does not exist, then 404 problem+json names the route', async () => {
    const res = await request(ctx.app).get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(JSON.parse(res.text)).toMatchObject({
      status: 404,
      code: 'not_found',
      type: expect.stringContaining('not-found'),
      detail: expect.stringContaining('/api/no-such-thing'),
    });
  });

  test('when the JSON is malformed, then 400 problem+json with code malformed_json naming the body', async () => {
    const res = await request(ctx.app).post('/api/test/echo').set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'malformed_json', errors: [{ field: 'body' }] });
  });

  test('when the body is over the limit, then 413 problem+json', async () => {
    const res = await request(ctx.app)
      .post('/api/test/echo')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(200 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'payload_too_large', status: 413 });
  });

  test('when the content type is not JSON, then 415 problem+json naming Content-Type', async () => {
    const res = await request(ctx.app).post('/api/test/echo').set('Content-Type', 'text/plain').send('name=x');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'unsupported_media_type', errors: [{ field: 'Content-Type' }] });
  });

  test('when fields are invalid, then 422 lists each field by its dotted path', async () => {
    const res = await request(ctx.app)
      .post('/api/test/echo')
      .send({ name: '', address: { postal_code: 'abc' } });
    expect(res.status).toBe(422);
    const body = JSON.parse(res.text);
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address.postal_code', 'name']);
  });

  test('when a handler throws unexpectedly, then 500 problem+json without stack or internals', async () => {
    const res = await request(ctx.app).get('/api/test/boom');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'internal', status: 500 });
    expect(res.text).not.toMatch(/secret internal detail|db\.ts|at \w+ \(/);
  });

  test('when a request id is given, then it is echoed back; else one is made', async () => {
    const given = await request(ctx.app).get('/healthz').set('X-Request-Id', 'trace-abc.123');
    expect(given.headers['x-request-id']).toBe('trace-abc.123');
    const made = await request(ctx.app).get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const error = await request(ctx.app).get('/nope');
    expect(JSON.parse(error.text).request_id).toBe(error.headers['x-request-id']);
  });

  test('when any response is sent, then security headers are set', async () => {
    const res = await request(ctx.app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
