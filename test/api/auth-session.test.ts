import { fixedClock } from '../../server/shared/clock';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createTestContext, type TestContext } from '../setup/context';

/**
 * The signed-in account is read with the session, in the same query, at every request (server/auth/session-store.ts):
 * nothing about an account is kept between requests, so every change to it, and the end of the session, shows at the
 * next request.
 */
describe('a staff session and its account', () => {
  const clock = fixedClock('2026-11-23T10:00:00Z');
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ clock });
  });
  afterAll(() => ctx.close());

  const sessionsOf = (accountId: number) =>
    ctx.db('sessions').whereRaw(`(sess #>> '{passport,user}')::bigint = ?`, [accountId]);

  async function signedInStaff() {
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const { agent, csrf } = await signIn(ctx.app, staff.email);
    expect((await agent.get('/api/staff/queue/counts')).status).toBe(200);
    return { staff, agent, csrf };
  }

  test('when a signed-in staff member asks for a page, then the account is read with the session, not by a query of its own', async () => {
    const { staff, agent } = await signedInStaff();
    const queries: string[] = [];
    const record = (q: { sql: string }) => queries.push(q.sql);
    ctx.db.on('query', record);
    try {
      const me = await agent.get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.account).toEqual({
        id: staff.id,
        email: staff.email,
        name: staff.name,
        organisation: null,
        role: 'staff',
      });
    } finally {
      ctx.db.off('query', record);
    }
    expect(queries.filter((sql) => /"accounts"/.test(sql))).toEqual([]);
  });

  test('when a staff account is disabled, then its open session is refused at the next request', async () => {
    const { staff, agent } = await signedInStaff();
    await ctx.db('accounts').where({ id: staff.id }).update({ disabled_at: clock.now() });
    const res = await agent.get('/api/staff/queue/counts');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'unauthenticated' });
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });

  test("when a staff member's role changes, then the next request is answered for the new role", async () => {
    const { staff, agent } = await signedInStaff();
    await ctx.db('accounts').where({ id: staff.id }).update({ role: 'agent', name: 'Now An Agent' });
    expect((await agent.get('/api/staff/queue/counts')).status).toBe(403);
    expect((await agent.get('/api/auth/me')).body.account).toMatchObject({ role: 'agent', name: 'Now An Agent' });
  });

  test('when the session has expired in the store, then it is refused even though the cookie is still sent', async () => {
    const { staff, agent } = await signedInStaff();
    const updated = await sessionsOf(staff.id).update({ expire: ctx.db.raw(`now() - interval '1 second'`) });
    expect(updated).toBe(1);
    expect((await agent.get('/api/staff/queue/counts')).status).toBe(401);
  });

  test('when staff sign out, then the next staff request is refused and the session is gone from the store', async () => {
    const { staff, agent, csrf } = await signedInStaff();
    expect((await agent.post('/api/auth/logout').set('X-CSRF-Token', csrf)).status).toBe(204);
    expect((await agent.get('/api/staff/queue/counts')).status).toBe(401);
    expect(await sessionsOf(staff.id)).toEqual([]);
  });

  test('when the account behind a session is deleted, then the session is refused', async () => {
    const { staff, agent } = await signedInStaff();
    await ctx.db('accounts').where({ id: staff.id }).delete();
    expect((await agent.get('/api/staff/queue/counts')).status).toBe(401);
  });
});
