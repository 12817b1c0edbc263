import request from 'supertest';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createAgentContext } from '../factories/agents';
import type { TestContext } from '../setup/context';

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
  const NONSENSE_BODIES: unknown[] = [{ unexpected: true }, [1, 2, 3], { id: 'x', ids: 'x', email: 5, rights: 'all', vendors: {}, date: '2026-13-45', limit: -1 }];

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
        const query = Object.fromEntries((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, 'nonsense']));
        for (const param of NONSENSE_PARAMS) {
          const url = path.replace(/\{[^}]+\}/g, param);
          for (const body of method === 'get' ? [undefined] : NONSENSE_BODIES) {
            const call = (who.agent as unknown as Record<string, (u: string) => request.Test>)[method]!(url).query(query).set('X-CSRF-Token', who.csrf);
            const res = await (body === undefined ? call : call.send(body as object));
            calls++;
            if (res.status >= 500) failures.push(`${method.toUpperCase()} ${url} ${JSON.stringify(body ?? null)} -> ${res.status} ${res.text.slice(0, 200)}`);
            else if (res.status >= 400 && !/application\/problem\+json/.test(res.headers['content-type'] ?? '')) failures.push(`${method.toUpperCase()} ${url} -> ${res.status} not problem+json`);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 120_000);
});
