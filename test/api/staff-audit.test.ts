import { fixedClock } from '../../server/shared/clock';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createRequestRow } from '../factories/correspondence';
import { createTestContext, type TestContext } from '../setup/context';

describe('audit log', () => {
  const clock = fixedClock('2031-03-10T12:00:00Z');
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ clock });
  });
  afterAll(() => ctx.close());

  async function staffWithTwoActions() {
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const { agent, csrf } = await signIn(ctx.app, staff.email);
    const { request } = await createRequestRow(ctx.db);
    await agent
      .post(`/api/staff/requests/${request.id}/assign`)
      .set('X-CSRF-Token', csrf)
      .send({ assignee_id: staff.id, reason: 'mine' });
    await agent
      .post(`/api/staff/requests/${request.id}/notes`)
      .set('X-CSRF-Token', csrf)
      .send({ body: 'called the vendor' });
    return { staff, agent, requestId: request.id as number };
  }

  test('when staff filter by subject, actor, type and dates, then they get exactly those events, newest first', async () => {
    const { staff, agent, requestId } = await staffWithTwoActions();
    const bySubject = await agent.get('/api/staff/audit').query({ subject_type: 'request', subject_id: requestId });
    expect(bySubject.status).toBe(200);
    expect(bySubject.body.items.map((e: { type: string }) => e.type)).toEqual(['note_added', 'assigned']);
    expect(bySubject.body.items[1]).toMatchObject({
      actor_type: 'staff',
      actor_id: String(staff.id),
      reason: 'mine',
      occurred_at: '2031-03-10T12:00:00.000Z',
    });
    const byActor = await agent
      .get('/api/staff/audit')
      .query({ actor_type: 'staff', actor_id: String(staff.id), type: 'assigned' });
    expect(byActor.body.items.map((e: { subject_id: number }) => e.subject_id)).toEqual([requestId]);
    const inDay = await agent
      .get('/api/staff/audit')
      .query({ actor_type: 'staff', actor_id: String(staff.id), from: '2031-03-10', to: '2031-03-10' });
    expect(inDay.body.items).toHaveLength(2);
    const before = await agent
      .get('/api/staff/audit')
      .query({ actor_type: 'staff', actor_id: String(staff.id), to: '2031-03-09' });
    expect(before.body.items).toHaveLength(0);
  });

  test('when paging with the cursor, then pages follow each other without overlap', async () => {
    const { staff, agent } = await staffWithTwoActions();
    const first = await agent
      .get('/api/staff/audit')
      .query({ actor_type: 'staff', actor_id: String(staff.id), limit: 1 });
    expect(first.body.items).toHaveLength(1);
    const second = await agent
      .get('/api/staff/audit')
      .query({ actor_type: 'staff', actor_id: String(staff.id), limit: 1, cursor: first.body.next_cursor });
    expect(second.body.items[0].id).toBeLessThan(first.body.items[0].id);
    expect(second.body.next_cursor).toBeNull();
  });

  test('when parameters are bad, then 422 names them', async () => {
    const { agent } = await staffWithTwoActions();
    expect((await agent.get('/api/staff/audit').query({ cursor: 'nonsense' })).body.errors[0].field).toBe('cursor');
    expect((await agent.get('/api/staff/audit').query({ subject_id: 5 })).body.errors[0].field).toBe('subject_type');
    expect((await agent.get('/api/staff/audit').query({ actor_type: 'robot' })).body.errors[0].field).toBe(
      'actor_type',
    );
    expect((await agent.get('/api/staff/audit').query({ actor_id: '5' })).body.errors[0].field).toBe('actor_type');
  });

  test('when anyone tries to UPDATE, DELETE or TRUNCATE events, then the database refuses and the row stays', async () => {
    const [row] = await ctx
      .db('events')
      .insert({ subject_type: 'request', subject_id: 1, type: 'test_event', actor_type: 'system', data: '{}' })
      .returning('*');
    await expect(ctx.db('events').where({ id: row.id }).update({ type: 'tampered' })).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(ctx.db('events').where({ id: row.id }).del()).rejects.toThrow(/append-only: DELETE refused/);
    await expect(ctx.db.raw('truncate events')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect((await ctx.db('events').where({ id: row.id }).first()).type).toBe('test_event');
  });
});
