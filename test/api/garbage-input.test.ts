import request from 'supertest';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createAgentContext } from '../factories/agents';
import { createTestContext, type TestContext } from '../setup/context';

/**
 * "Bad input always gets a clear problem+json error, never a 500": every documented route, called by a caller allowed
 * to use it, with nonsense in each path parameter, each query parameter and the body.
 */
describe('nonsense input on every route', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createAgentContext();
  });
  afterAll(() => ctx.close());

  const NONSENSE_PARAMS = ['x', '-1', '99999999999999999999', '1.5', '%E2%80%8B'];
  const NONSENSE_BODIES: unknown[] = [
    { unexpected: true },
    [1, 2, 3],
    { id: 'x', ids: 'x', email: 5, rights: 'all', vendors: {}, date: '2026-13-45', limit: -1 },
  ];

  test('when any route gets nonsense, then it answers a 4xx problem or a success, never a 5xx', async () => {
    const doc = (await request(ctx.app).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const admin = await createAccountWithPassword(ctx.db, 'admin');
    const agentAccount = await createAccountWithPassword(ctx.db, 'agent');
    const sessions = { admin: await signIn(ctx.app, admin.email), agent: await signIn(ctx.app, agentAccount.email) };
    const failures: string[] = [];
    let calls = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (/logout|password-reset|calendar-token/.test(path)) continue; // would end the session or mail someone; covered elsewhere
      const who = path.startsWith('/api/agent') ? sessions.agent : sessions.admin;
      for (const [method, operation] of Object.entries(operations)) {
        const query = Object.fromEntries(
          (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, 'nonsense']),
        );
        for (const param of NONSENSE_PARAMS) {
          const url = path.replace(/\{[^}]+\}/g, param);
          for (const body of method === 'get' ? [undefined] : NONSENSE_BODIES) {
            const call = (who.agent as unknown as Record<string, (u: string) => request.Test>)[method]!(url)
              .query(query)
              .set('X-CSRF-Token', who.csrf);
            const res = await (body === undefined ? call : call.send(body as object));
            calls++;
            if (res.status >= 500)
              failures.push(
                `${method.toUpperCase()} ${url} ${JSON.stringify(body ?? null)} -> ${res.status} ${res.text.slice(0, 200)}`,
              );
            else if (res.status >= 400 && !/application\/problem\+json/.test(res.headers['content-type'] ?? ''))
              failures.push(`${method.toUpperCase()} ${url} -> ${res.status} not problem+json`);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 120_000);
});

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  'x-multiline'?: boolean;
};
type Operation = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
};

/**
 * A body shaped like the schema with `value` in every string leaf (one item per array, one key per record), and the
 * dotted paths of those leaves, multi-line ones (`x-multiline`) apart.
 */
function hostileBody(
  schema: JsonSchema,
  value: string,
  path = '',
): { body: unknown; single: string[]; multi: string[] } {
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return hostileBody(options.find((o) => o.type !== 'null') ?? options[0]!, value, path);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (types.includes('string') && schema.format !== 'binary')
    return { body: value, single: schema['x-multiline'] ? [] : [path], multi: schema['x-multiline'] ? [path] : [] };
  if (types.includes('array') && schema.items) {
    const inner = hostileBody(schema.items, value, at('0'));
    return { body: [inner.body], single: inner.single, multi: inner.multi };
  }
  if (types.includes('object') || schema.properties) {
    const body: Record<string, unknown> = {};
    const single: string[] = [];
    const multi: string[] = [];
    const entries = Object.entries(schema.properties ?? {});
    if (typeof schema.additionalProperties === 'object') entries.push(['k', schema.additionalProperties]);
    for (const [key, property] of entries) {
      const inner = hostileBody(property, value, at(key));
      if (inner.body === undefined) continue;
      body[key] = inner.body;
      single.push(...inner.single);
      multi.push(...inner.multi);
    }
    return { body, single, multi };
  }
  return {
    body: types.includes('integer') || types.includes('number') ? 1 : types.includes('boolean') ? true : undefined,
    single: [],
    multi: [],
  };
}

/**
 * Issue 16 and 18: NUL, control characters, CR/LF and bidirectional overrides in any text, a malformed `%` escape in
 * a path, and query parameters a route does not take, sent to every documented route: each is a 4xx problem naming
 * what is wrong, never a 5xx.
 */
describe('hostile text, malformed escapes and unknown parameters on every route', () => {
  let ctx: TestContext;
  let doc: { paths: Record<string, Record<string, Operation>> };
  let sessions: Record<'admin' | 'agent', Awaited<ReturnType<typeof signIn>>>;
  beforeAll(async () => {
    ctx = createTestContext({ intake: { rateLimits: false }, agents: { rateLimits: false } });
    doc = (await request(ctx.app).get('/api/openapi.json')).body;
    sessions = {
      admin: await signIn(ctx.app, (await createAccountWithPassword(ctx.db, 'admin')).email),
      agent: await signIn(ctx.app, (await createAccountWithPassword(ctx.db, 'agent', { verified: true })).email),
    };
  });
  afterAll(() => ctx.close());

  const SKIP = /logout|password-reset|calendar-token/; // would end the session or mail someone; covered elsewhere
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      SKIP.test(path)
        ? []
        : Object.entries(ops).map(([method, operation]) => ({
            path,
            method,
            operation,
            who: path.startsWith('/api/agent') ? sessions.agent : sessions.admin,
          })),
    );
  const call = (who: (typeof sessions)['admin'], method: string, url: string) =>
    (who.agent as unknown as Record<string, (u: string) => request.Test>)[method]!(url).set('X-CSRF-Token', who.csrf);
  const describeFailure = (method: string, url: string, res: request.Response) =>
    `${method.toUpperCase()} ${url} -> ${res.status} ${res.text.slice(0, 300)}`;

  const HOSTILE: [string, string][] = [
    ['NUL', 'nul\u0000byte'],
    ['a C0 control (BEL)', 'bell\u0007ring'],
    ['an escape sequence', '\u001b[31mred'],
    ['a C1 control (NEL)', 'next\u0085line'],
    ['DEL', 'del\u007fete'],
    ['a right-to-left override', 'invoice\u202Efdp.exe'],
    ['a bidi isolate', '\u2066isolated\u2069'],
    ['CR/LF', 'Jane\r\nBcc: victim@example.test'],
  ];

  test.each(HOSTILE)(
    'when %s is sent in every string field, path and query parameter, then every route answers 422 naming each of them',
    async (label, value) => {
      const failures: string[] = [];
      const multiLineAllowed = label === 'CR/LF';
      let checked = 0;
      for (const { path, method, operation, who } of operations()) {
        const params = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        const queryNames = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const url = path.replace(/\{([^}]+)\}/g, () => encodeURIComponent(value));
        const content = operation.requestBody?.content ?? {};
        const json = content['application/json']?.schema;
        // a route that takes JSON or multipart (a file or pasted text) is walked with JSON
        const multipart = json ? undefined : content['multipart/form-data']?.schema;
        const body = json
          ? hostileBody(json, value)
          : multipart
            ? hostileBody(multipart, value)
            : { body: undefined, single: [], multi: [] };
        const expected = [
          ...params,
          ...queryNames,
          ...body.single,
          ...(multiLineAllowed ? [] : body.multi),
          ...(multipart ? ['note'] : []),
        ];
        let req = call(who, method, url).query(Object.fromEntries(queryNames.map((n) => [n, value])));
        if (json) req = req.send(body.body as object);
        if (multipart) {
          req = req.field('note', value).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'x.pdf');
          for (const [k, v] of Object.entries((body.body ?? {}) as Record<string, string>)) req = req.field(k, v);
        }
        const res = await req;
        if (res.status >= 500) failures.push(describeFailure(method, url, res));
        else if (expected.length === 0) continue;
        else if (res.status !== 422 || !/application\/problem\+json/.test(res.headers['content-type'] ?? ''))
          failures.push(describeFailure(method, url, res));
        else {
          checked++;
          const named = new Set((res.body.errors as { field: string }[]).map((e) => e.field));
          const missing = expected.filter((f) => !named.has(f));
          if (missing.length)
            failures.push(
              `${method.toUpperCase()} ${path}: not named: ${missing.join(', ')} (named: ${[...named].join(', ')})`,
            );
          if (multiLineAllowed) {
            const wronglyRefused = body.multi.filter((f) => named.has(f));
            if (wronglyRefused.length)
              failures.push(
                `${method.toUpperCase()} ${path}: multi-line fields refused a line break: ${wronglyRefused.join(', ')}`,
              );
          }
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(50);
    },
    60_000,
  );

  test('when a path parameter holds a malformed % escape, then every route with one answers 400 problem+json naming the path', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { path, method, who } of operations()) {
      if (!path.includes('{')) continue;
      for (const escape of ['%E0%A4%A', '%', '%ZZ', '%C0%80%']) {
        const url = path.replace(/\{[^}]+\}/g, `x${escape}`);
        const res = await call(who, method, url);
        checked++;
        if (
          res.status !== 400 ||
          !/application\/problem\+json/.test(res.headers['content-type'] ?? '') ||
          res.body.errors?.[0]?.field !== 'path'
        )
          failures.push(describeFailure(method, url, res));
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  }, 60_000);

  test('when a query parameter the route does not take is sent (e.g. GET /api/staff/audit?actor=1), then every route answers 422 naming it', async () => {
    const audit = await call(sessions.admin, 'get', '/api/staff/audit?actor=1');
    expect(audit.status).toBe(422);
    expect(audit.body.errors).toEqual([
      expect.objectContaining({ field: 'actor', message: expect.stringContaining('actor_id') }),
    ]);
    const failures: string[] = [];
    for (const { path, method, who } of operations()) {
      const url = path.replace(/\{[^}]+\}/g, '1');
      const res = await call(who, method, `${url}?not_a_parameter=1`);
      if (
        res.status !== 422 ||
        !(res.body.errors as { field: string }[] | undefined)?.some((e) => e.field === 'not_a_parameter')
      )
        failures.push(describeFailure(method, url, res));
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
