import type { Express } from 'express';
import request from 'supertest';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createIntakeContext, submitAndVerify } from '../factories/intake';
import type { TestContext } from '../setup/context';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every mounted route (the same walk as the OpenAPI completeness test), so a new staff route cannot be left out. */
function listRoutes(app: Express): { method: string; path: string }[] {
  const found: { method: string; path: string }[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route)
        for (const method of Object.keys(layer.route.methods)) found.push({ method, path: layer.route.path });
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

/** Staff routes whose URL is the credential (calendar apps cannot sign in): without the right secret they answer 404 to everyone. */
const SECRET_URL_ROUTES = new Set(['get /api/staff/calendar/:token/deadlines.ics']);

/** Parameters that point at nothing, so a permitted call is answered (404/422) without changing anything. */
const PARAMS: Record<string, string> = {
  id: '999999999',
  letterId: '999999999',
  slug: 'no-such-vendor',
  name: 'access',
  token: 'A'.repeat(43),
};
const concrete = (path: string) => path.replace(/:([A-Za-z]+)/g, (_m, name: string) => PARAMS[name] ?? '1');

type Who = 'anonymous' | 'consumer' | 'agent' | 'staff' | 'admin';

describe('authorization matrix: every staff and admin endpoint', () => {
  let ctx: TestContext;
  const routes: { method: string; path: string }[] = [];
  const callers = {} as Record<Who, { call: (method: string, path: string, withCsrf?: boolean) => request.Test }>;

  beforeAll(async () => {
    ctx = createIntakeContext();
    routes.push(...listRoutes(ctx.app).filter((r) => /^\/api\/(staff|admin)(\/|\.|$)/.test(r.path)));
    const { verified } = await submitAndVerify(ctx);
    const anonymous = request(ctx.app);
    callers.anonymous = {
      call: (m, p) => (anonymous as unknown as Record<string, (p: string) => request.Test>)[m]!(p).send({}),
    };
    callers.consumer = {
      call: (m, p) =>
        (anonymous as unknown as Record<string, (p: string) => request.Test>)[m]!(p)
          .set('Authorization', `Bearer ${verified.access.token}`)
          .send({}),
    };
    for (const role of ['agent', 'staff', 'admin'] as const) {
      const account = await createAccountWithPassword(ctx.db, role);
      const { agent, csrf } = await signIn(ctx.app, account.email);
      callers[role] = {
        call: (m, p, withCsrf = true) => {
          const req = (agent as unknown as Record<string, (p: string) => request.Test>)[m]!(p);
          return (withCsrf ? req.set('X-CSRF-Token', csrf) : req).send({});
        },
      };
    }
  });
  afterAll(() => ctx.close());

  test('when the routes are listed, then the staff API is there (queue, actions, audit, registry, dashboard, exports)', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'get /api/staff/queue',
        'post /api/staff/requests/:id/assign',
        'post /api/staff/requests/bulk',
        'get /api/staff/audit',
        'post /api/staff/vendors/:slug/channels',
        'get /api/staff/dashboard/on-time',
        'get /api/staff/queue.csv',
        'post /api/staff/calendar-token',
      ]),
    );
    expect(routes.length).toBeGreaterThan(25);
  });

  const expected: Record<Who, (status: number) => boolean> = {
    anonymous: (s) => s === 401,
    consumer: (s) => s === 401,
    agent: (s) => s === 403,
    staff: (s) => ![401, 403].includes(s) && s < 500,
    admin: (s) => ![401, 403].includes(s) && s < 500,
  };

  test.each(['anonymous', 'consumer', 'agent', 'staff', 'admin'] as Who[])(
    'when %s calls every staff endpoint, then it answers as the role allows',
    async (who) => {
      const wrong: string[] = [];
      for (const route of routes) {
        const key = `${route.method} ${route.path}`;
        const res = await callers[who].call(route.method, concrete(route.path));
        const ok = SECRET_URL_ROUTES.has(key) ? res.status === 404 : expected[who](res.status);
        if (!ok) wrong.push(`${key} -> ${res.status}`);
        if (res.status === 401 || res.status === 403)
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      expect(wrong).toEqual([]);
    },
  );

  test('when staff send any state-changing request without the CSRF token, then it is refused with 403 csrf_invalid', async () => {
    const changes = routes.filter((r) => !['get', 'head', 'options'].includes(r.method));
    expect(changes.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const route of changes) {
      const res = await callers.staff.call(route.method, concrete(route.path), false);
      if (res.status !== 403 || res.body.code !== 'csrf_invalid')
        wrong.push(`${route.method} ${route.path} -> ${res.status} ${res.body.code}`);
    }
    expect(wrong).toEqual([]);
  });

  test('when the calendar feed is opened with its real secret, then it answers without any session; a rotated secret stops working', async () => {
    const account = await createAccountWithPassword(ctx.db, 'staff');
    const { agent, csrf } = await signIn(ctx.app, account.email);
    const first = await agent.post('/api/staff/calendar-token').set('X-CSRF-Token', csrf);
    const path = new URL(first.body.url).pathname;
    expect((await request(ctx.app).get(path)).status).toBe(200);
    await agent.post('/api/staff/calendar-token').set('X-CSRF-Token', csrf);
    expect((await request(ctx.app).get(path)).status).toBe(404);
  });
});
