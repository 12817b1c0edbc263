import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { ApiRouter } from '../../server/http';
import { problemHandler } from '../../server/http/problem';
import { createTestContext, silentLogger, type TestContext } from '../setup/context';

/**
 * The response check of ApiRouter (on in tests): an answer that is not what the route declares becomes a 500 naming
 * the mismatch, so every API test doubles as a contract test of the OpenAPI document.
 */
const item = z.object({ id: z.number(), name: z.string() });

function declareTestRoutes(api: ApiRouter, answers: Record<string, unknown>): void {
  api.route(
    {
      method: 'get',
      path: '/api/test/contract/:case',
      summary: 'answers whatever the case says',
      tags: ['test'],
      params: z.object({ case: z.string() }),
      responses: { 200: { description: 'an item', schema: item } },
    },
    ({ params, res }) => {
      if (params.case === 'created') {
        res.status(201).json({ id: 1, name: 'x' });
        return;
      }
      return answers[params.case];
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/test/contract-file/:type',
      summary: 'sends a file of the given type',
      tags: ['test'],
      params: z.object({ type: z.enum(['pdf', 'txt']) }),
      responses: { 200: { description: 'a PDF', contentType: 'application/pdf' } },
    },
    ({ params, res }) => {
      res.type(params.type === 'pdf' ? 'application/pdf' : 'text/plain').send(Buffer.from('%PDF-1.4'));
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/test/contract-stream/:type',
      summary: 'streams rows of the given type',
      tags: ['test'],
      params: z.object({ type: z.enum(['csv', 'txt']) }),
      responses: { 200: { description: 'CSV rows', contentType: 'text/csv' } },
    },
    ({ params, res }) => {
      res.type(params.type === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain');
      res.write('a,b\r\n');
      res.write('1,2\r\n');
      res.end();
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/test/contract-untyped',
      summary: 'a JSON answer without a declared schema',
      tags: ['test'],
      responses: { 200: { description: 'something' } },
    },
    () => ({ anything: true }),
  );
}

const ANSWERS = {
  good: { id: 1, name: 'a' },
  'wrong-type': { id: '1', name: 'a' },
  missing: { id: 1 },
  'extra-field': { id: 1, name: 'a', secret: 'not in the document' },
  'nested-date': { id: 1, name: new Date('2026-12-06T00:00:00Z') },
};

describe('response contract: real answers are checked against the declared responses', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ configure: (api) => declareTestRoutes(api, ANSWERS) });
  });
  afterAll(() => ctx.close());

  // the check prints each broken contract on stderr (loud in a real failure); here the breaks are on purpose
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => stderr.mockRestore());

  test('when the answer matches the declared schema, then it is sent as it is', async () => {
    const res = await request(ctx.app).get('/api/test/contract/good');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 1, name: 'a' });
    expect(stderr).not.toHaveBeenCalled();
  });

  test.each([
    ['wrong-type', 'id: Invalid input: expected number, received string'],
    ['missing', 'name: Invalid input: expected string, received undefined'],
    ['extra-field', 'secret: not declared in the schema'],
    // a Date reaches the client as a string: checked as the client receives it
    ['nested-date', null],
  ])('when the answer is %s, then the outcome names the mismatch', async (name, mismatch) => {
    const res = await request(ctx.app).get(`/api/test/contract/${name}`);
    if (mismatch === null) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: 1, name: '2026-12-06T00:00:00.000Z' });
      return;
    }
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({
      code: 'internal',
      detail: `Response contract broken: GET /api/test/contract/:case answered 200 (declared: 200): ${mismatch}`,
    });
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining(mismatch));
  });

  test('when a route answers a status it does not declare, then it is refused', async () => {
    const res = await request(ctx.app).get('/api/test/contract/created');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text).detail).toBe(
      'Response contract broken: GET /api/test/contract/:case answered 201 (declared: 200): status 201 is not declared',
    );
  });

  test('when a route answers nothing (204) where it declares a body, then it is refused', async () => {
    const res = await request(ctx.app).get('/api/test/contract/nothing');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text).detail).toContain('answered 204 (declared: 200): status 204 is not declared');
  });

  test('when a JSON answer has no declared schema, then it is refused', async () => {
    const res = await request(ctx.app).get('/api/test/contract-untyped');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text).detail).toContain('a JSON body, but no schema is declared for it');
  });

  test('when a file of another media type than declared is sent, then it is refused', async () => {
    expect((await request(ctx.app).get('/api/test/contract-file/pdf')).status).toBe(200);
    const res = await request(ctx.app).get('/api/test/contract-file/txt');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text).detail).toContain('a text/plain, declared application/pdf');
  });

  test('when a streamed answer has another media type than declared, then it is refused before the first chunk', async () => {
    const csv = await request(ctx.app).get('/api/test/contract-stream/csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toBe('a,b\r\n1,2\r\n');
    const res = await request(ctx.app).get('/api/test/contract-stream/txt');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text).detail).toContain('a text/plain, declared text/csv');
  });

  test('when an error is a problem, then it passes: every route documents problems as its default answer', async () => {
    const res = await request(ctx.app).get('/api/staff/requests/1');
    expect(res.status).toBe(401);
    const doc = (await request(ctx.app).get('/api/openapi.json')).body;
    const problem = doc.paths['/api/staff/requests/{id}'].get.responses.default.content['application/problem+json'];
    expect(problem.schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'code', 'title', 'status', 'detail', 'instance']),
    );
    expect(Object.keys(JSON.parse(res.text))).toEqual(
      expect.arrayContaining(['type', 'code', 'title', 'status', 'detail', 'instance']),
    );
  });

  test('when every documented operation is listed, then each declares a body for every answer but 204, and its errors as problems', async () => {
    const doc = (await request(ctx.app).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const undeclared: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (path.startsWith('/api/test/')) continue; // this file's own routes, made to break the contract
      for (const [method, op] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (status !== '204' && !response.content) undeclared.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });
});

describe('response contract outside tests', () => {
  test('when the check is off (production), then a mismatching answer is sent unchanged', async () => {
    const api = new ApiRouter();
    declareTestRoutes(api, ANSWERS);
    const app = express();
    app.use(api.router);
    app.use(problemHandler(silentLogger));
    const res = await request(app).get('/api/test/contract/wrong-type');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: '1', name: 'a' });
  });
});
