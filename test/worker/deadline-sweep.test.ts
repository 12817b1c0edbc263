import { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { createDb } from '../../server/db';
import {
  closeDeadline,
  computeDeadline,
  deliverMilestone,
  milestonesFor,
  pauseDeadline,
  recordExtension,
  resumeDeadline,
  startDeadline,
  sweepDueMilestones,
  vendorPromisesFrom,
  type MilestoneRow,
} from '../../server/deadlines';
import { createMailTransport } from '../../server/mail';
import { createProducerConnection } from '../../server/queue';
import { fixedClock } from '../../server/shared/clock';
import { vendorDeadlineFacts } from '../../server/vendors';
import { startWorker, type RunningWorker } from '../../server/worker';
import { createRequest, type RequestFixture } from '../factories/requests';
import { silentLogger, testConfig, unique, uniqueEmail } from '../setup/context';
import { startTestSink, type TestSink } from '../setup/smtp-sink';
import { waitUntil } from '../setup/wait';

// Every date here is far in the future, so the real-time sweeps of other test files' workers never touch these rows.
const config = testConfig({ STAFF_EMAIL: uniqueEmail('staff') });
const db = createDb(config.databaseUrl, 10, undefined, { queuePrefix: config.queuePrefix });
const clock = fixedClock('2150-01-01T00:00:00Z');
const created: number[] = [];
const SYSTEM = { type: 'system' as const };

async function started(options: Parameters<typeof createRequest>[1], receivedAt: string): Promise<RequestFixture> {
  const fixture = await createRequest(db, options);
  created.push(fixture.requestId);
  await db.transaction((trx) =>
    startDeadline(trx, { requestId: fixture.requestId, receivedAt: new Date(receivedAt), clock }),
  );
  return fixture;
}
const milestonesOf = (requestId: number): Promise<MilestoneRow[]> =>
  db('deadline_milestones')
    .where({ request_id: requestId })
    .orderBy([{ column: 'fire_at' }, { column: 'id' }]);
const pending = (rows: MilestoneRow[]) => rows.filter((m) => !m.fired_at && !m.cancelled_at);
const eventsOf = (requestId: number) =>
  db('events').where({ subject_type: 'request', subject_id: requestId }).orderBy('id');
const sweepAt = (at: Date | string, batchSize?: number) => sweepDueMilestones(db, fixedClock(at), { batchSize });
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

afterEach(async () => {
  // Close what each test opened, so no milestone of ours is left for a later sweep (of this run or the next).
  for (const requestId of created.splice(0)) {
    await db.transaction(async (trx) => {
      const open = await trx('request_deadlines').where({ request_id: requestId }).whereNull('closed_at').first();
      if (open) await closeDeadline(trx, { requestId, reason: 'test finished', clock });
    });
  }
});
afterAll(() => db.destroy());

describe('request deadlines', () => {
  test('when a deadline starts, then the engine deadline with vendor promises, its milestones and a deadline_started event are stored', async () => {
    const r = await started({ vendor: 'sonos', jurisdiction: 'US-CA', right: 'access' }, '2150-03-02T07:30:00Z');
    const stored = await db('request_deadlines').where({ request_id: r.requestId }).first();
    const promises = vendorPromisesFrom('sonos', (await vendorDeadlineFacts(db, 'sonos'))!);
    // 07:30Z is still 1 March in Los Angeles: the receipt date is taken where the law applies.
    const expected = computeDeadline({
      jurisdiction: 'US-CA',
      right: 'access',
      received: new Date('2150-03-02T07:30:00Z'),
      vendorPromises: promises,
    });
    expect(expected.received).toBe('2150-03-01');
    expect(stored).toMatchObject({
      regime: 'CCPA',
      received_on: '2150-03-01',
      due: expected.statutory_due,
      effective_due: expected.due,
      ack_due: expected.ack_due,
      generation: 1,
    });
    expect(stored.state.effective).toBe('vendor');
    expect(stored.state.basis.map((b: { source: string }) => b.source)).toEqual(['statute', 'vendor']);
    const rows = await milestonesOf(r.requestId);
    expect(rows.map((m) => [m.kind, m.due_on])).toEqual(milestonesFor(expected).map((m) => [m.kind, m.at]));
    const due = rows.find((m) => m.kind === 'due')!;
    expect(due.fire_at.toISOString()).toBe(`${expected.due}T07:00:00.000Z`); // midnight PDT
    const [event] = await eventsOf(r.requestId);
    expect(event).toMatchObject({
      type: 'deadline_started',
      actor_type: 'system',
      data: expect.objectContaining({ effective_due: expected.due, explanation: expected.explanation }),
    });
    expect(JSON.stringify(event.data)).not.toContain(r.requesterEmail);
  });

  test('when an extension notice is dated on the original due date, then it is accepted and unfired milestones move to a new generation', async () => {
    const r = await started({ jurisdiction: 'US-CA' }, '2150-03-01T20:00:00Z');
    const before = await db('request_deadlines').where({ request_id: r.requestId }).first();
    const outcome = await db.transaction((trx) =>
      recordExtension(trx, { requestId: r.requestId, noticeDate: before.due, actor: { type: 'vendor' }, clock }),
    );
    expect(outcome.accepted).toBe(true);
    const after = await db('request_deadlines').where({ request_id: r.requestId }).first();
    expect(after).toMatchObject({
      generation: 2,
      effective_due: before.extended_due,
      extended_due: before.extended_due,
    });
    const rows = await milestonesOf(r.requestId);
    expect(rows.filter((m) => m.generation === 1).every((m) => m.cancelled_at !== null)).toBe(true);
    expect(pending(rows).find((m) => m.kind === 'due')!.due_on).toBe(before.extended_due);
    expect((await eventsOf(r.requestId)).map((e) => e.type)).toEqual(['deadline_started', 'extension_accepted']);
  });

  test('when an extension notice is dated after the original due date, then it is refused with the reason and the deadline is unchanged', async () => {
    const r = await started({ jurisdiction: 'US-CA' }, '2150-03-01T20:00:00Z');
    const before = await db('request_deadlines').where({ request_id: r.requestId }).first();
    const late = new Date(Date.parse(`${before.due}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const outcome = await db.transaction((trx) =>
      recordExtension(trx, { requestId: r.requestId, noticeDate: late, actor: { type: 'vendor' }, clock }),
    );
    expect(outcome.accepted).toBe(false);
    if (outcome.accepted) return;
    expect(outcome.refusal).toMatchObject({
      refusal: 'notice_too_late',
      status: 422,
      extra: { errors: [{ field: 'notice_date', message: expect.stringContaining(before.due) }] },
    });
    expect(await db('request_deadlines').where({ request_id: r.requestId }).first()).toMatchObject({
      generation: 1,
      effective_due: before.effective_due,
    });
    const events = await eventsOf(r.requestId);
    expect(events.at(-1)).toMatchObject({
      type: 'extension_refused',
      data: expect.objectContaining({ refusal: 'notice_too_late' }),
    });
  });

  test('when a UK deadline is paused and resumed, then milestones stop while paused and the paused days are added back', async () => {
    const r = await started({ jurisdiction: 'GB', vendor: 'sonos' }, '2150-03-10T10:00:00Z');
    const before = await db('request_deadlines').where({ request_id: r.requestId }).first();
    await db.transaction((trx) =>
      pauseDeadline(trx, {
        requestId: r.requestId,
        from: '2150-03-12',
        actor: { type: 'staff', id: '7' },
        clock,
        reason: 'ID requested',
      }),
    );
    const paused = await db('request_deadlines').where({ request_id: r.requestId }).first();
    expect(paused.paused_since).toBe('2150-03-12');
    expect(pending(await milestonesOf(r.requestId))).toEqual([]); // no acknowledgement date under the UK GDPR
    await db.transaction((trx) =>
      resumeDeadline(trx, { requestId: r.requestId, at: '2150-03-19', actor: SYSTEM, clock }),
    );
    const resumed = await db('request_deadlines').where({ request_id: r.requestId }).first();
    expect(resumed.paused_since).toBeNull();
    expect(resumed.state.paused_days).toBe(7);
    expect(resumed.effective_due > before.effective_due).toBe(true);
    expect(pending(await milestonesOf(r.requestId)).map((m) => m.kind)).toEqual([
      'reminder_7d',
      'reminder_2d',
      'due',
      'overdue',
      'escalation',
    ]);
    expect((await eventsOf(r.requestId)).map((e) => e.type)).toEqual([
      'deadline_started',
      'deadline_paused',
      'deadline_resumed',
    ]);
  });

  test('when a CCPA deadline is paused, then it is refused as a conflict and nothing changes', async () => {
    const r = await started({ jurisdiction: 'US-CA' }, '2150-03-01T20:00:00Z');
    await expect(
      db.transaction((trx) => pauseDeadline(trx, { requestId: r.requestId, from: '2150-03-05', actor: SYSTEM, clock })),
    ).rejects.toMatchObject({
      refusal: 'pause_not_allowed',
      status: 409,
    });
    expect((await eventsOf(r.requestId)).map((e) => e.type)).toEqual(['deadline_started']);
  });

  test('when the deadline is closed, then unfired milestones are cancelled and a later sweep fires none of them', async () => {
    const r = await started({ jurisdiction: 'US-CA' }, '2150-03-01T20:00:00Z');
    const { cancelled } = await db.transaction((trx) =>
      closeDeadline(trx, {
        requestId: r.requestId,
        reason: 'vendor answered in full',
        actor: { type: 'staff', id: '1' },
        clock,
      }),
    );
    expect(cancelled).toBe(6);
    const ids = (await milestonesOf(r.requestId)).map((m) => m.id);
    const swept = await sweepAt('2150-12-31T00:00:00Z');
    expect(swept.fired.filter((id) => ids.includes(id))).toEqual([]);
    expect((await eventsOf(r.requestId)).at(-1)).toMatchObject({
      type: 'deadline_closed',
      reason: 'vendor answered in full',
      data: expect.objectContaining({ cancelled_milestones: 6 }),
    });
    await expect(
      db.transaction((trx) =>
        recordExtension(trx, { requestId: r.requestId, noticeDate: '2150-03-05', actor: SYSTEM, clock }),
      ),
    ).rejects.toMatchObject({ refusal: 'clock_closed', status: 409 });
  });
});

describe('sweep and delivery', () => {
  let sink: TestSink;
  let transport: ReturnType<typeof createMailTransport>;
  const workers: RunningWorker[] = [];
  const workerDbs: Knex[] = [];
  async function startWorkers(n: number) {
    for (let i = 0; i < n; i++) {
      const workerDb = createDb(config.databaseUrl, 5, undefined, { queuePrefix: config.queuePrefix });
      workerDbs.push(workerDb);
      workers.push(await startWorker({ config, db: workerDb, logger: silentLogger, clock, transport }));
    }
  }
  beforeAll(async () => {
    sink = await startTestSink();
    transport = createMailTransport(sink.url);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await Promise.all(workerDbs.splice(0).map((d) => d.destroy()));
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
  });
  const mailsTo = (address: string) => sink.messages.filter((m) => m.envelopeTo.includes(address));
  const emailsOf = (ids: number[]) =>
    db('outbound_emails').where({ related_type: 'milestone' }).whereIn('related_id', ids).orderBy('id');

  test('when the sweep runs on a date, then exactly the due milestones fire once, in due order, and their mails reach the right people', async () => {
    const r = await started({ jurisdiction: 'US-CA' }, '2151-03-01T20:00:00Z');
    const rows = await milestonesOf(r.requestId);
    const ids = rows.map((m) => m.id);
    const at7d = new Date(rows.find((m) => m.kind === 'reminder_7d')!.fire_at.getTime() + 60_000);
    const first = await sweepAt(at7d);
    expect(first.fired.filter((id) => ids.includes(id))).toEqual(
      rows.filter((m) => m.fire_at <= at7d).map((m) => m.id),
    );
    expect((await sweepAt(at7d)).fired.filter((id) => ids.includes(id))).toEqual([]);
    const escalation = rows.find((m) => m.kind === 'escalation')!.fire_at;
    await sweepAt(escalation);
    const fired = await milestonesOf(r.requestId);
    expect(fired.every((m) => m.fired_at !== null)).toBe(true);
    const outbox = await db('outbox')
      .whereIn(
        'job_id',
        ids.map((id) => `milestone-${id}`),
      )
      .orderBy('id');
    expect(outbox.map((o) => o.job_id)).toEqual(ids.map((id) => `milestone-${id}`)); // one job each, in due order

    clock.set(escalation);
    await startWorkers(1);
    await sink.waitFor(() => mailsTo(r.requesterEmail).length >= 2 && mailsTo(r.vendorEmail).length >= 1);
    await waitUntil(
      async () => (await milestonesOf(r.requestId)).every((m) => m.notified_at),
      'every milestone notified',
    );
    const emails = await emailsOf(ids);
    const kindOf = (id: number) => rows.find((m) => m.id === id)!.kind;
    expect(emails.map((e) => `${kindOf(e.related_id)} ${e.template} ${e.to_address}`).sort()).toEqual([
      `ack_due staff_reminder ${config.staffEmail}`,
      `due staff_reminder ${config.staffEmail}`,
      `escalation regulator_complaint_draft ${r.requesterEmail}`,
      `escalation vendor_follow_up ${r.vendorEmail}`,
      `overdue consumer_overdue ${r.requesterEmail}`,
      `reminder_2d staff_reminder ${config.staffEmail}`,
      `reminder_7d staff_reminder ${config.staffEmail}`,
    ]);
    const ack = (await milestonesOf(r.requestId)).find((m) => m.kind === 'ack_due')!;
    expect(ack.notification).toMatchObject({ status: 'queued' });
    await sink.waitFor(
      () => mailsTo(config.staffEmail).filter((m) => m.parsed.subject?.includes(r.reference)).length >= 4,
    );
    expect(
      mailsTo(config.staffEmail).some(
        (m) => m.parsed.subject?.startsWith('Acknowledgement due today') && m.parsed.subject.includes(r.reference),
      ),
    ).toBe(true);
    expect(mailsTo(r.vendorEmail).map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/Follow-up/)]);
    expect(mailsTo(r.requesterEmail)).toHaveLength(2);
  });

  test('when two sweeps race and two workers deliver, then each milestone produces exactly one notification', async () => {
    const requests = await Promise.all(
      Array.from({ length: 12 }, () => started({ jurisdiction: 'US-CA' }, '2152-03-01T20:00:00Z')),
    );
    const mine = (await db('deadline_milestones').whereIn(
      'request_id',
      requests.map((r) => r.requestId),
    )) as MilestoneRow[];
    const at = new Date(Math.max(...mine.map((m) => m.fire_at.getTime())));
    const [a, b] = await Promise.all([sweepAt(at, 7), sweepAt(at, 7)]);
    const ids = new Set(mine.map((m) => m.id));
    const firedA = a.fired.filter((id) => ids.has(id));
    const firedB = b.fired.filter((id) => ids.has(id));
    expect(firedA.filter((id) => firedB.includes(id))).toEqual([]);
    expect(new Set([...firedA, ...firedB])).toEqual(ids);

    // duplicate deliveries racing each other (a retried job next to the original): one queues, the other sees the mark
    const deps = { config, clock: fixedClock(at) };
    const outcomes = await Promise.all(
      [...ids].flatMap((id) => [deliverMilestone(db, deps, id), deliverMilestone(db, deps, id)]),
    );
    expect(outcomes.filter((o) => o.status === 'already_notified')).toHaveLength(ids.size);

    clock.set(at);
    await startWorkers(2);
    const staffMails = () =>
      mailsTo(config.staffEmail).filter((m) => requests.some((r) => m.parsed.subject?.includes(r.reference)));
    await sink.waitFor(
      () =>
        staffMails().length >= 48 &&
        requests.every((r) => mailsTo(r.requesterEmail).length >= 2 && mailsTo(r.vendorEmail).length >= 1),
    );
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up, if there were one
    expect(staffMails()).toHaveLength(48);
    for (const r of requests) {
      expect(mailsTo(r.requesterEmail)).toHaveLength(2);
      expect(mailsTo(r.vendorEmail)).toHaveLength(1);
    }
    expect(await emailsOf([...ids])).toHaveLength(12 * 7);
  });

  test('when the worker was down for days, then its next sweep fires every missed milestone once, in due order', async () => {
    const requests = [
      await started({ jurisdiction: 'US-CA' }, '2153-03-01T20:00:00Z'),
      await started({ jurisdiction: 'SE' }, '2153-03-03T10:00:00Z'),
      await started({ jurisdiction: 'US-CA' }, '2153-03-02T20:00:00Z'),
    ];
    const mine = (await db('deadline_milestones')
      .whereIn(
        'request_id',
        requests.map((r) => r.requestId),
      )
      .orderBy([{ column: 'fire_at' }, { column: 'id' }])) as MilestoneRow[];
    const due = mine.filter((m) => m.kind !== 'escalation');
    const escalations = mine.filter((m) => m.kind === 'escalation');
    const downUntil = addDays(new Date(Math.max(...due.map((m) => m.fire_at.getTime()))), 1);
    expect(escalations.every((m) => m.fire_at > downUntil)).toBe(true);

    clock.set(downUntil);
    await startWorkers(1);
    // What the scheduler enqueues every minute (its first run is not immediate once an earlier test upserted it).
    const connection = createProducerConnection(config.redisUrl);
    const queue = new Queue('deadlines', { connection, prefix: config.queuePrefix });
    await queue.add('sweep-deadlines', {}, { jobId: unique('catch-up'), removeOnComplete: true });
    await queue.close();
    connection.disconnect();
    await waitUntil(
      async () =>
        (
          await db('deadline_milestones')
            .whereIn(
              'id',
              due.map((m) => m.id),
            )
            .whereNull('fired_at')
        ).length === 0,
      'the sweep job',
    );
    const rows = (await db('deadline_milestones').whereIn(
      'id',
      mine.map((m) => m.id),
    )) as MilestoneRow[];
    expect(
      rows
        .filter((m) => m.fired_at)
        .map((m) => m.id)
        .sort(),
    ).toEqual(due.map((m) => m.id).sort());
    const outbox = await db('outbox')
      .whereIn(
        'job_id',
        mine.map((m) => `milestone-${m.id}`),
      )
      .orderBy('id');
    expect(outbox.map((o) => o.job_id)).toEqual(due.map((m) => `milestone-${m.id}`));
    await waitUntil(
      async () =>
        (
          await db('deadline_milestones')
            .whereIn(
              'id',
              due.map((m) => m.id),
            )
            .whereNull('notified_at')
        ).length === 0,
      'notifications',
    );
    const emails = await emailsOf(mine.map((m) => m.id));
    expect(new Set(emails.map((e) => e.related_id)).size).toBe(due.length);
  });
});
