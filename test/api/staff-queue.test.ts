import request from 'supertest';
import { fixedClock } from '../../server/shared/clock';
import { createReceivedRequest } from '../factories/correspondence';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createTestContext, type TestContext } from '../setup/context';

describe('staff deadline queue', () => {
  const clock = fixedClock('2026-06-15T12:00:00Z');
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ clock });
  });
  afterAll(() => ctx.close());

  /** Requests with deadlines received on the given dates, all assigned to a fresh staff member so this test sees only its own. */
  async function fixture(receivedDates: string[]) {
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const ids: number[] = [];
    for (const date of receivedDates) {
      const { request: r } = await createReceivedRequest(ctx.db, {
        receivedAt: new Date(`${date}T18:00:00Z`),
        clock,
        columns: { assignee_id: staff.id },
      });
      ids.push(r.id);
    }
    const { agent, csrf } = await signIn(ctx.app, staff.email);
    return { staff, ids, agent, csrf };
  }

  test('when staff open the queue, then requests are ordered overdue first, then soonest due, with days left', async () => {
    // Sonos promises 30 days: received 1 May -> due 31 May (overdue on 15 June); 10 June -> 10 July; 20 May -> 19 June
    const { staff, ids, agent } = await fixture(['2026-06-10', '2026-05-01', '2026-05-20']);
    const res = await agent.get('/api/staff/queue').query({ assignee: staff.id });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { id: number }) => r.id)).toEqual([ids[1], ids[2], ids[0]]);
    const [first] = res.body.items;
    expect(first).toMatchObject({ vendor_slug: 'sonos', status: 'sent', assignee: { id: staff.id } });
    expect(first.days_left).toBeLessThan(0);
    const dues = res.body.items.map((r: { due: string }) => r.due);
    expect([...dues].sort()).toEqual(dues);
  });

  test('when a bucket is chosen, then overdue and due-within-7-days hold what they say, and counts agree', async () => {
    const { staff, ids, agent } = await fixture(['2026-05-01', '2026-05-20', '2026-06-10']);
    const overdue = await agent.get('/api/staff/queue').query({ assignee: staff.id, bucket: 'overdue' });
    expect(overdue.body.items.map((r: { id: number }) => r.id)).toEqual([ids[0]]);
    const soon = await agent.get('/api/staff/queue').query({ assignee: staff.id, bucket: 'due_7d' });
    expect(soon.body.items.map((r: { id: number }) => r.id)).toEqual([ids[1]]);
    const counts = await agent.get('/api/staff/queue/counts').query({ assignee: staff.id });
    expect(counts.body).toMatchObject({ overdue: 1, due_7d: 1, awaiting_vendor: 3, needs_research: 0, closed: 0 });
  });

  test('when paging with a cursor, then pages do not overlap and together give the whole ordered list', async () => {
    const { staff, agent } = await fixture(['2026-06-01', '2026-05-02', '2026-05-25', '2026-06-12', '2026-05-10']);
    const all = (await agent.get('/api/staff/queue').query({ assignee: staff.id })).body.items.map(
      (r: { id: number }) => r.id,
    );
    const paged: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await agent
        .get('/api/staff/queue')
        .query({ assignee: staff.id, limit: 2, ...(cursor ? { cursor } : {}) });
      paged.push(...res.body.items.map((r: { id: number }) => r.id));
      cursor = res.body.next_cursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all).toHaveLength(5);
  });

  test('when parameters are bad, then 422 names them', async () => {
    const { agent } = await fixture([]);
    const bad = await agent.get('/api/staff/queue').query({ bucket: 'someday', cursor: 'garbage', limit: 0 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['bucket', 'limit']);
    const badCursor = await agent.get('/api/staff/queue').query({ cursor: 'garbage' });
    expect(badCursor.body.errors[0].field).toBe('cursor');
  });

  test('when staff open a request, then they see its timeline, deadline explanation with citations, and allowed actions', async () => {
    const { ids, agent } = await fixture(['2026-05-20']);
    const res = await agent.get(`/api/staff/requests/${ids[0]}`);
    expect(res.status).toBe(200);
    expect(res.body.timeline.map((e: { type: string }) => e.type)).toContain('deadline_started');
    const stored = await ctx.db('request_deadlines').where({ request_id: ids[0] }).first();
    expect(res.body.deadline).toMatchObject({ regime: 'CCPA', effective_due: stored.effective_due });
    expect(res.body.deadline.basis.length).toBeGreaterThanOrEqual(2);
    expect(res.body.deadline.explanation.length).toBeGreaterThan(0);
    expect(res.body.allowed_transitions).toEqual(expect.arrayContaining(['completed', 'denied', 'extended']));
    expect((await agent.get('/api/staff/requests/999999999')).status).toBe(404);
  });

  test.each([
    ['anonymous', 401],
    ['agent', 403],
    ['staff', 200],
    ['admin', 200],
  ] as const)('when %s reads the queue, then it answers %i', async (who, status) => {
    let res;
    if (who === 'anonymous') {
      res = await request(ctx.app).get('/api/staff/queue');
    } else {
      const account = await createAccountWithPassword(ctx.db, who);
      const { agent } = await signIn(ctx.app, account.email);
      res = await agent.get('/api/staff/queue/counts');
    }
    expect(res.status).toBe(status);
  });

  test('when staff record a dispatch without the CSRF token, then it is refused and nothing changes', async () => {
    const { ids, agent } = await fixture(['2026-05-20']);
    const res = await agent.post(`/api/staff/requests/${ids[0]}/dispatch`).send({ kind: 'mailed', date: '2026-06-01' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_invalid');
  });
});
