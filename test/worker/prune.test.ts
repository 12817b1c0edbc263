import { randomUUID } from 'node:crypto';
import { queuePrefixOf } from '../../server/db';
import { pruneExpiredRows } from '../../server/ops';
import { closeQueues, createQueues } from '../../server/queue';
import { fixedClock } from '../../server/shared/clock';
import { createAccountWithPassword } from '../factories/accounts';
import { createRequestRow } from '../factories/correspondence';
import { createTestContext, unique, uniqueEmail, type TestContext } from '../setup/context';

/** The scheduled prune: rows past their retention go, fresh rows and rows something still needs stay. */
describe('prune of expired rows', () => {
  const clock = fixedClock('2026-11-23T12:00:00Z');
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 86_400_000);
  const inDays = (days: number) => daysAgo(-days);
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ clock });
  });
  const outboxJobIds: string[] = [];
  afterAll(async () => {
    // the rows are not real jobs: no later test file's worker may relay them
    await ctx.db('outbox').whereIn('job_id', outboxJobIds).del();
    await ctx.close();
  });

  const run = (batchSize = 1_000) =>
    pruneExpiredRows(ctx.db, clock, { outboxRetentionDays: 7, capturedMailRetentionDays: 14, batchSize });
  const exists = async (table: string, where: Record<string, unknown>) =>
    (await ctx.db(table).where(where).first()) !== undefined;

  test('when outbox rows were relayed long ago, then they are deleted while pending and recently relayed rows stay', async () => {
    const row = (jobId: string, createdAt: Date, relayedAt: Date | null) => ({
      queue_prefix: queuePrefixOf(ctx.db),
      queue: 'mail',
      job_name: 'send-email',
      job_id: jobId,
      payload: JSON.stringify({ emailId: 1 }),
      created_at: createdAt,
      available_at: createdAt,
      relayed_at: relayedAt,
    });
    const [old, pending, recent] = [unique('old'), unique('pending'), unique('recent')];
    outboxJobIds.push(old, pending, recent);
    // a row written long ago that never reached Redis (Redis was down, or a job due later): its job still has to run
    await ctx
      .db('outbox')
      .insert([
        row(old, daysAgo(30), daysAgo(8)),
        row(pending, daysAgo(30), null),
        row(recent, daysAgo(30), daysAgo(6)),
      ]);

    const result = await run();

    expect(result.outbox).toBeGreaterThanOrEqual(1);
    expect(await exists('outbox', { job_id: old })).toBe(false);
    expect(await exists('outbox', { job_id: pending })).toBe(true);
    expect(await exists('outbox', { job_id: recent })).toBe(true);
  });

  test('when tokens expired more than the grace period ago, then they are deleted while valid and recently expired ones stay', async () => {
    const { requester } = await createRequestRow(ctx.db);
    const [submission] = await ctx
      .db('submissions')
      .insert({
        public_id: randomUUID(),
        requester_id: requester.id,
        jurisdiction: 'CA',
        status: 'verified',
        plan: '[]',
        created_at: daysAgo(60),
      })
      .returning('id');
    const account = await createAccountWithPassword(ctx.db, 'agent');
    const email = uniqueEmail();
    const tokens: { table: string; row: (hash: string, expiresAt: Date) => Record<string, unknown> }[] = [
      {
        table: 'verification_tokens',
        row: (h, e) => ({ submission_id: submission.id, token_hash: h, expires_at: e, created_at: daysAgo(60) }),
      },
      {
        table: 'consumer_access_tokens',
        row: (h, e) => ({ submission_id: submission.id, token_hash: h, expires_at: e, created_at: daysAgo(60) }),
      },
      {
        table: 'account_tokens',
        row: (h, e) => ({ account_id: account.id, purpose: 'reset', token_hash: h, expires_at: e }),
      },
      {
        table: 'consumer_sign_in_tokens',
        row: (h, e) => ({ email, token_hash: h, expires_at: e, created_at: daysAgo(60) }),
      },
    ];
    const hashes = new Map<string, { expired: string; graced: string; valid: string }>();
    for (const t of tokens) {
      const h = { expired: unique('expired'), graced: unique('graced'), valid: unique('valid') };
      hashes.set(t.table, h);
      // the valid one was created long ago but is still open (a consumer's access link lives as long as their request)
      await ctx
        .db(t.table)
        .insert([t.row(h.expired, daysAgo(31)), t.row(h.graced, daysAgo(29)), t.row(h.valid, inDays(200))]);
    }

    await run(1); // batches of one: the loop must go on until nothing is left

    for (const t of tokens) {
      const h = hashes.get(t.table)!;
      expect([t.table, await exists(t.table, { token_hash: h.expired })]).toEqual([t.table, false]);
      expect([t.table, await exists(t.table, { token_hash: h.graced })]).toEqual([t.table, true]);
      expect([t.table, await exists(t.table, { token_hash: h.valid })]).toEqual([t.table, true]);
    }
  });

  test('when sessions, idempotency keys, sign-in requests and captured mail are old, then they go and current ones stay', async () => {
    const [oldSid, liveSid] = [unique('sid'), unique('sid')];
    await ctx.db('sessions').insert([
      { sid: oldSid, sess: JSON.stringify({}), expire: daysAgo(1) },
      { sid: liveSid, sess: JSON.stringify({}), expire: inDays(1) },
    ]);
    const [oldKey, liveKey] = [unique('key'), unique('key')];
    await ctx.db('idempotency_keys').insert([
      { scope: 'intake', key: oldKey, request_hash: 'h', created_at: daysAgo(3), expires_at: daysAgo(2) },
      { scope: 'intake', key: liveKey, request_hash: 'h', created_at: daysAgo(0), expires_at: inDays(1) },
    ]);
    const signIns = await ctx
      .db('consumer_sign_in_requests')
      .insert([
        { email: null, created_at: daysAgo(10), handled_at: daysAgo(10) },
        // not handled yet: its job still reads the address
        { email: uniqueEmail(), created_at: daysAgo(10), handled_at: null },
        { email: null, created_at: daysAgo(1), handled_at: daysAgo(1) },
      ])
      .returning('id');
    const [oldMail, newMail] = [unique('mail'), unique('mail')];
    await ctx.db('captured_mail').insert([
      { message_id: oldMail, envelope_to: ['a@example.test'], size_bytes: 1, received_at: daysAgo(15) },
      { message_id: newMail, envelope_to: ['a@example.test'], size_bytes: 1, received_at: daysAgo(13) },
    ]);

    await run();

    expect(await exists('sessions', { sid: oldSid })).toBe(false);
    expect(await exists('sessions', { sid: liveSid })).toBe(true);
    expect(await exists('idempotency_keys', { key: oldKey })).toBe(false);
    expect(await exists('idempotency_keys', { key: liveKey })).toBe(true);
    expect(await exists('consumer_sign_in_requests', { id: signIns[0].id })).toBe(false);
    expect(await exists('consumer_sign_in_requests', { id: signIns[1].id })).toBe(true);
    expect(await exists('consumer_sign_in_requests', { id: signIns[2].id })).toBe(true);
    expect(await exists('captured_mail', { message_id: oldMail })).toBe(false);
    expect(await exists('captured_mail', { message_id: newMail })).toBe(true);
  });

  test("when a queue makes a job (a scheduler's too), then completed and failed jobs are removed by age and count", async () => {
    const queues = createQueues(ctx.redis, unique('prune'));
    try {
      for (const queue of Object.values(queues)) {
        expect(queue.defaultJobOptions.removeOnComplete).toEqual({ age: 24 * 3600, count: 100_000 });
        expect(queue.defaultJobOptions.removeOnFail).toEqual({ age: 14 * 24 * 3600, count: 50_000 });
      }
    } finally {
      await closeQueues(queues);
    }
  });
});
