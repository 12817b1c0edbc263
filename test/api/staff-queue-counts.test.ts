import { startDeadline } from '../../server/deadlines';
import { fixedClock } from '../../server/shared/clock';
import { compactQueueTallies, countBuckets } from '../../server/staff';
import { countRequests } from '../../server/staff/queue.repository';
import { createRequestRow } from '../factories/correspondence';
import { createTestContext, type TestContext } from '../setup/context';

/**
 * The unfiltered counts come from tallies the database appends on every change to requests; they must always equal a
 * real count of the rows, whatever statement changed them (insert, status change, clock change, delete, bulk insert).
 */
describe('staff queue counts kept as tallies', () => {
  const today = '2026-06-15';
  const clock = fixedClock(`${today}T12:00:00Z`);
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ clock });
  });
  afterAll(() => ctx.close());

  const tallied = () => countBuckets(ctx.db, {}, today);
  const counted = () => countRequests(ctx.db, {}, today);

  async function expectTalliesToMatchRows() {
    const [fromTallies, fromRows] = await Promise.all([tallied(), counted()]);
    expect(fromTallies).toEqual(fromRows);
    return fromTallies;
  }

  test('when requests are created, change status, get a deadline and are deleted, then tallied counts equal counted rows', async () => {
    const before = await expectTalliesToMatchRows();

    const { request: overdue } = await createRequestRow(ctx.db);
    await ctx.db.transaction((trx) =>
      startDeadline(trx, { requestId: overdue.id, receivedAt: new Date('2026-05-01T18:00:00Z'), clock }),
    );
    const { request: postal } = await createRequestRow(ctx.db, { status: 'ready_to_dispatch' });
    await ctx.db('requests').where({ id: postal.id }).update({ channel_type: 'postal' });
    const { request: research } = await createRequestRow(ctx.db, { status: 'needs_research' });

    const after = await expectTalliesToMatchRows();
    expect(after.overdue - before.overdue).toBe(1);
    expect(after.awaiting_vendor - before.awaiting_vendor).toBe(1);
    expect(after.needs_dispatch - before.needs_dispatch).toBe(1);
    expect(after.needs_research - before.needs_research).toBe(1);

    await ctx.db('requests').where({ id: research.id }).update({ status: 'withdrawn' });
    await ctx.db('request_deadlines').where({ request_id: overdue.id }).update({ closed_at: clock.now() });
    await ctx.db('requests').where({ id: overdue.id }).update({ status: 'completed' });
    await ctx.db('requests').where({ id: postal.id }).delete();

    const end = await expectTalliesToMatchRows();
    expect(end.overdue).toBe(before.overdue);
    expect(end.needs_dispatch).toBe(before.needs_dispatch);
    expect(end.needs_research).toBe(before.needs_research);
    expect(end.closed - before.closed).toBe(2);
  });

  test('when one statement inserts many requests, then they are tallied, and compaction keeps the counts', async () => {
    const before = await expectTalliesToMatchRows();
    const { request: template } = await createRequestRow(ctx.db, { status: 'dispatch_failed' });
    await ctx.db.raw(
      `insert into requests (reference, requester_id, vendor_id, "right", jurisdiction, status, channel_type)
       select 'DR-2026-T' || nextval('request_reference_seq'), ?, ?, 'access', 'US-CA', 'dispatch_failed', 'email' from generate_series(1, 250)`,
      [template.requester_id, template.vendor_id],
    );
    const after = await expectTalliesToMatchRows();
    expect(after.dispatch_failed - before.dispatch_failed).toBe(251);

    const [{ rows: before_rows }] = (await ctx.db('queue_tallies').count({ rows: '*' })) as [{ rows: string }];
    await compactQueueTallies(ctx.db);
    const [{ rows: after_rows }] = (await ctx.db('queue_tallies').count({ rows: '*' })) as [{ rows: string }];
    expect(Number(after_rows)).toBeLessThanOrEqual(Number(before_rows));
    expect(await expectTalliesToMatchRows()).toEqual(after);
    // no key is left with a zero or repeated row after compaction
    const repeated = await ctx
      .db('queue_tallies')
      .select('status', 'channel_type', 'due_on')
      .count({ c: '*' })
      .groupBy('status', 'channel_type', 'due_on')
      .havingRaw('count(*) > 1');
    expect(repeated).toEqual([]);
  });

  test('when counts are filtered, then they are counted from the rows (tallies hold no filter columns)', async () => {
    const { request } = await createRequestRow(ctx.db, { status: 'needs_research' });
    const counts = await countBuckets(ctx.db, { q: request.reference }, today);
    expect(counts).toMatchObject({ needs_research: 1, awaiting_vendor: 0, closed: 0 });
  });
});
