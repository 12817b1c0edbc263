import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { startDeadline } from '../../server/deadlines';
import { fixedClock } from '../../server/shared/clock';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createRequestRow } from '../factories/correspondence';
import { createTestContext, unique, type TestContext } from '../setup/context';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

describe('staff dashboard, yearly report and exports', () => {
  const clock = fixedClock('2026-06-15T12:00:00Z');
  let ctx: TestContext;
  let staff: { id: number; email: string };
  let agent: Agent;
  let csrf: string;
  beforeAll(async () => {
    ctx = createTestContext({ clock });
    staff = await createAccountWithPassword(ctx.db, 'staff');
    ({ agent, csrf } = await signIn(ctx.app, staff.email));
  });
  afterAll(() => ctx.close());

  /** A vendor of its own (no policy, so the statute's 45 days) with requests received on the given dates. */
  async function vendorWith(received: string[]) {
    const slug = unique('acme');
    await ctx.db('vendors').insert({ slug, name: `Acme ${slug}` });
    const ids: number[] = [];
    for (const day of received) {
      const { request: r } = await createRequestRow(ctx.db, { vendorSlug: slug });
      const receivedAt = new Date(`${day}T18:00:00Z`);
      await ctx.db('requests').where({ id: r.id }).update({ received_at: receivedAt });
      await ctx.db.transaction((trx) => startDeadline(trx, { requestId: r.id, receivedAt, clock }));
      ids.push(r.id);
    }
    return { slug, ids };
  }
  const answer = (id: number, body: object) =>
    agent.post(`/api/staff/requests/${id}/response`).set('X-CSRF-Token', csrf).send(body);

  /** A: answered on time (30 days); B: answered late (61 days); C: unanswered past due; D: not due yet. */
  async function scenario() {
    const v = await vendorWith(['2026-04-01', '2026-04-01', '2026-03-01', '2026-06-10']);
    const [a, b] = v.ids as [number, number, number, number];
    expect((await answer(a, { outcome: 'fulfilled', received_on: '2026-05-01' })).status).toBe(200);
    expect((await answer(b, { outcome: 'denied', received_on: '2026-06-01', reason: 'exempt' })).status).toBe(200);
    return v;
  }

  test('when the on-time rate is read, then answered-on-time over answered-or-overdue is given per vendor and overall', async () => {
    const before = (await agent.get('/api/staff/dashboard/on-time')).body.overall;
    const { slug } = await scenario();
    const res = await agent.get('/api/staff/dashboard/on-time');
    expect(res.status).toBe(200);
    expect(res.body.vendors.find((v: { slug: string }) => v.slug === slug)).toMatchObject({
      decided: 3,
      on_time: 1,
      late: 2,
      rate: 0.3333,
    });
    expect(res.body.overall.decided - before.decided).toBe(3);
    expect(res.body.overall.on_time - before.on_time).toBe(1);
    const outside = await agent.get('/api/staff/dashboard/on-time').query({ from: '2026-03-15', to: '2026-04-30' });
    expect(outside.body.vendors.find((v: { slug: string }) => v.slug === slug)).toMatchObject({
      decided: 2,
      on_time: 1,
    });
    expect(
      (await agent.get('/api/staff/dashboard/on-time').query({ from: '2026-05-01', to: '2026-04-01' })).body.errors[0]
        .field,
    ).toBe('to');
  });

  test('when response times are read, then each vendor has the median and mean days from receipt to answer', async () => {
    const { slug } = await scenario();
    const res = await agent.get('/api/staff/dashboard/response-times');
    expect(res.body.vendors.find((v: { slug: string }) => v.slug === slug)).toEqual({
      slug,
      name: `Acme ${slug}`,
      answered: 2,
      median_days: 45.5,
      mean_days: 45.5,
    });
  });

  test('when statuses, overdue weeks and the yearly report are read, then they move by exactly what the scenario added', async () => {
    const read = async () => ({
      statuses: (await agent.get('/api/staff/dashboard/statuses')).body,
      weeks: (await agent.get('/api/staff/dashboard/overdue-weekly').query({ from: '2026-03-01', to: '2026-06-15' }))
        .body.weeks,
      report: (await agent.get('/api/staff/reports/yearly').query({ year: 2026, jurisdiction: 'US-CA' })).body,
    });
    const before = await read();
    await scenario();
    const after = await read();
    expect(after.statuses.statuses.completed - before.statuses.statuses.completed).toBe(1);
    expect(after.statuses.statuses.denied - before.statuses.statuses.denied).toBe(1);
    expect(after.statuses.statuses.sent - before.statuses.statuses.sent).toBe(2);
    expect(after.statuses.total - before.statuses.total).toBe(4);
    expect(after.weeks[0].week).toMatch(/^2026-W09$/);
    const sum = (w: { overdue: number }[]) => w.reduce((a, x) => a + x.overdue, 0);
    expect(sum(after.weeks) - sum(before.weeks)).toBe(2);
    interface Row {
      right: string;
      received: number;
      complied_in_whole_or_part: number;
      denied: number;
      open: number;
      median_days: number | null;
    }
    const none: Row = {
      right: 'access',
      received: 0,
      complied_in_whole_or_part: 0,
      denied: 0,
      open: 0,
      median_days: null,
    };
    const access = (r: { by_type: Row[] }) => r.by_type.find((t) => t.right === 'access') ?? none;
    const [b, a] = [access(before.report), access(after.report)];
    expect(a.received - b.received).toBe(4);
    expect(a.complied_in_whole_or_part - b.complied_in_whole_or_part).toBe(1);
    expect(a.denied - b.denied).toBe(1);
    expect(a.open - b.open).toBe(2);
    expect(after.report.total.received).toBeGreaterThanOrEqual(a.received);
    expect(typeof a.median_days).toBe('number');
    expect((await agent.get('/api/staff/reports/yearly')).body.errors[0].field).toBe('year');
  });

  test('when the queue is exported as CSV, then every row is there, quoted and safe from formula injection', async () => {
    const { slug, ids } = await vendorWith(['2026-03-01', '2026-06-10']);
    const [requester] = await ctx.db('requests').where({ id: ids[0] }).pluck('requester_id');
    await ctx.db('requesters').where({ id: requester }).update({ name: '=HYPERLINK("x"), "Boss"\nline two' });
    const res = await agent
      .get('/api/staff/queue.csv')
      .query({ vendor: slug })
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="queue-2026-06-15.csv"/);
    const rows: string[][] = parse(res.body as string);
    expect(rows[0]).toEqual([
      'reference',
      'vendor',
      'vendor_slug',
      'right',
      'jurisdiction',
      'status',
      'channel_type',
      'requester',
      'filed_by',
      'due',
      'days_left',
      'assignee',
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[1]![7]).toBe('\'=HYPERLINK("x"), "Boss"\nline two');
    expect(Number(rows[1]![10])).toBeLessThan(0);
    expect(rows[1]![9]).toMatch(/^2026-04-\d\d$/);
    expect((await agent.get('/api/staff/queue.csv').query({ bucket: 'someday' })).status).toBe(422);
  });

  test("when a staff member's calendar feed is read, then it lists their upcoming deadlines as valid iCalendar without personal data", async () => {
    const { ids } = await vendorWith(['2026-03-01', '2026-06-10']);
    const member = await createAccountWithPassword(ctx.db, 'staff');
    await ctx.db('requests').whereIn('id', ids).update({ assignee_id: member.id });
    const { agent: own, csrf: ownCsrf } = await signIn(ctx.app, member.email);
    const token = await own.post('/api/staff/calendar-token').set('X-CSRF-Token', ownCsrf);
    expect(token.status).toBe(200);
    const stored = await ctx.db('calendar_tokens').where({ account_id: member.id }).first();
    expect(stored.token_hash).not.toContain(token.body.token);
    const feed = await request(ctx.app).get(new URL(token.body.url).pathname);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const text = feed.text;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const upcoming = await ctx.db('requests').where({ id: ids[1] }).first();
    expect(text).toContain(`UID:request-${ids[1]}@`);
    expect(text).toContain(`DTSTART;VALUE=DATE:${upcoming.due_on.replace(/-/g, '')}`);
    expect(text).not.toContain(`UID:request-${ids[0]}@`); // already past due: not upcoming
    const requester = await ctx.db('requesters').where({ id: upcoming.requester_id }).first();
    expect(text).not.toContain(requester.name);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect((await request(ctx.app).get(`/api/staff/calendar/${'B'.repeat(43)}/deadlines.ics`)).status).toBe(404);
  });
});
