/**
 * Issue 17: one catalogue of event types (server/events/catalogue.ts) and one writer that checks every event against
 * it. An unknown type, a payload that does not match its schema (a missing, mistyped or unknown key) and a subject the
 * type is not about are refused before anything is written; the SQL form used by the intake statement takes its type
 * from the same catalogue. The migration that renamed the deadline events (`clock_*` → `deadline_*`) rewrites stored
 * rows and leaves the append-only trigger on.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb } from '../../server/db';
import { CATALOGUE, EventRefusedError, eventsInsertSql, recordEvent, recordEvents } from '../../server/events';
import { up as renameDeadlineEvents } from '../../migrations/20261207710001_deadline_event_types';
import { testConfig } from '../setup/context';

const ROOT = path.resolve(__dirname, '../..');

describe('the event catalogue and its one writer', () => {
  const config = testConfig();
  const db = createDb(config.appDatabaseUrl, 2);
  const owner = createDb(config.databaseUrl, 2);
  afterAll(async () => {
    await Promise.all([db.destroy(), owner.destroy()]);
  });
  // ids far above anything the other tests of this database create, unique per test run
  let next = 9_000_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
  const subjectId = () => ++next;
  const eventsOf = (id: number) => db('events').where({ subject_id: id }).orderBy('id');

  test('when a catalogued event is recorded, then its row holds the subject type of the catalogue and the payload', async () => {
    const id = subjectId();
    const at = new Date('2026-12-07T10:00:00Z');
    const eventId = await recordEvent(db, {
      type: 'note_added',
      subjectId: id,
      actor: { type: 'staff', id: 42 },
      reason: 'a reason',
      at,
      payload: { note_id: 7 },
    });
    expect(await eventsOf(id)).toEqual([
      {
        id: eventId,
        subject_type: 'request',
        subject_id: id,
        type: 'note_added',
        actor_type: 'staff',
        actor_id: '42',
        reason: 'a reason',
        data: { note_id: 7 },
        occurred_at: at,
      },
    ]);
  });

  test.each([
    ['an unknown type', { type: 'note_scribbled', payload: { note_id: 7 } }, /unknown event type "note_scribbled"/],
    ['a missing payload key', { type: 'note_added', payload: {} }, /event "note_added": bad payload[\s\S]*note_id/],
    ['a mistyped payload value', { type: 'note_added', payload: { note_id: 'seven' } }, /bad payload[\s\S]*note_id/],
    [
      'a key the schema does not know (personal data slips in this way)',
      { type: 'note_added', payload: { note_id: 7, email: 'someone@example.test' } },
      /bad payload[\s\S]*email/,
    ],
    [
      'a subject the type is not about',
      { type: 'note_added', subjectType: 'vendor', payload: { note_id: 7 } },
      /"note_added" is not about a vendor/,
    ],
    [
      'an unknown actor',
      { type: 'note_added', actor: { type: 'robot' }, payload: { note_id: 7 } },
      /actor type "robot"/,
    ],
  ])('when an event has %s, then it is refused and nothing is written', async (_what, event, message) => {
    const id = subjectId();
    const attempt = recordEvent(db, { subjectId: id, actor: { type: 'staff', id: 1 }, ...event } as never);
    await expect(attempt).rejects.toThrow(EventRefusedError);
    await expect(
      recordEvent(db, { subjectId: id, actor: { type: 'staff', id: 1 }, ...event } as never),
    ).rejects.toThrow(message);
    expect(await eventsOf(id)).toEqual([]);
  });

  test('when one event of many is refused, then none of them is written', async () => {
    const [a, b] = [subjectId(), subjectId()];
    await expect(
      recordEvents(db, [
        { type: 'note_added', subjectId: a, actor: { type: 'staff', id: 1 }, payload: { note_id: 1 } },
        { type: 'note_added', subjectId: b, actor: { type: 'staff', id: 1 }, payload: { note_id: -1 } },
      ]),
    ).rejects.toThrow(EventRefusedError);
    expect(await db('events').whereIn('subject_id', [a, b])).toEqual([]);
  });

  test('when a status event is recorded without the status change, then its from and to are still required', async () => {
    const id = subjectId();
    await expect(
      recordEvent(db, { type: 'closed', subjectId: id, actor: { type: 'staff', id: 1 }, payload: {} as never }),
    ).rejects.toThrow(/bad payload[\s\S]*from/);
  });

  test('when the SQL form is built for an unknown type, then it is refused before any statement exists', () => {
    expect(() =>
      eventsInsertSql('submission_lost' as never, {
        from: 'submission',
        subjectId: 'id',
        actorType: 'consumer',
        payloadColumn: 'data',
        occurredAt: 'now()',
      }),
    ).toThrow(/unknown event type "submission_lost"/);
  });

  test('when the SQL form is given a bad payload, then it is refused; the keys SQL adds are not asked of the caller', () => {
    const writer = eventsInsertSql('submission_received', {
      from: 'submission',
      subjectId: 'id',
      actorType: 'consumer',
      actorId: 'requester_id::text',
      sqlPayload: { requester_id: 'requester_id' },
      payloadColumn: 'data',
      occurredAt: 'now()',
    });
    const good = { jurisdiction: 'SE', vendor_ids: [1], rights: ['access'], unlisted_companies: 0 };
    expect(writer.rowPayload(good)).toEqual(good);
    expect(() => writer.rowPayload({ ...good, name: 'A Person' } as never)).toThrow(/bad payload[\s\S]*name/);
    expect(() => writer.rowPayload({ ...good, rights: 'access' } as never)).toThrow(/bad payload[\s\S]*rights/);
    expect(writer.sql).toContain("'submission_received'");
  });

  test('when the SQL form runs, then it writes the catalogued event with the payload from both sides', async () => {
    const id = subjectId();
    const writer = eventsInsertSql('submission_received', {
      from: 'submission',
      subjectId: 'id',
      actorType: 'consumer',
      actorId: 'requester_id::text',
      sqlPayload: { requester_id: 'requester_id' },
      payloadColumn: 'data',
      occurredAt: 'at',
    });
    const at = new Date('2026-12-07T11:00:00Z');
    const payload = { jurisdiction: 'GB', vendor_ids: [3, 4], rights: ['access'], unlisted_companies: 1 };
    await db.raw(
      `with submission as (select ?::bigint as id, 77::bigint as requester_id, ?::jsonb as data, ?::timestamptz as at),
            e as (${writer.sql}) select 1`,
      [id, JSON.stringify(writer.rowPayload(payload)), at] as Knex.RawBinding[],
    );
    expect(await eventsOf(id)).toMatchObject([
      {
        subject_type: 'submission',
        type: 'submission_received',
        actor_type: 'consumer',
        actor_id: '77',
        data: { ...payload, requester_id: 77 },
        occurred_at: at,
      },
    ]);
  });

  test('when the server and client name event types, then each is in the catalogue', () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
        const full = path.join(dir, d.name);
        return d.isDirectory() ? files(full) : /\.tsx?$/.test(d.name) ? [full] : [];
      });
    // every SQL writer of events names its type literally
    const sqlTypes = files(path.join(ROOT, 'server')).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/eventsInsertSql\(\s*'(\w+)'/g)].map((m) => m[1]!),
    );
    expect(sqlTypes).toContain('submission_received');
    // the consumer's timeline labels
    const catalogue = fs.readFileSync(path.join(ROOT, 'client/src/i18n/en.ts'), 'utf8');
    const labels = /\n {2}events: \{([\s\S]*?)\n {2}\},/.exec(catalogue)![1]!;
    const labelled = [...labels.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
    expect(labelled).toContain('deadline_started');
    const unknown = [...sqlTypes, ...labelled].filter(
      (t) => !Object.prototype.hasOwnProperty.call(CATALOGUE, t) && t !== 'request_notice',
    );
    expect(unknown).toEqual([]);
    expect(Object.keys(CATALOGUE).filter((t) => t.startsWith('clock_'))).toEqual([]);
  });

  test('when the rename migration runs over stored deadline events, then their types and keys read "deadline" and events stay append-only', async () => {
    const id = subjectId();
    const rollback = new Error('rolled back on purpose');
    await expect(
      owner.transaction(async (trx) => {
        // rows as the old code wrote them (the owner may insert anything: the catalogue guards the app's writer)
        const old = [
          { type: 'clock_started', data: { generation: 1 } },
          { type: 'clock_paused', data: { generation: 2 } },
          { type: 'clock_resumed', data: { generation: 3 } },
          { type: 'clock_closed', data: { generation: 3, cancelled_milestones: 2 } },
          { type: 'clock_reopened', data: { generation: 4 } },
          { type: 'clock_voided', data: { generation: 4 } },
          { type: 'vendor_response_recorded', data: { outcome: 'needs_information', clock_paused: true } },
          { type: 'information_supplied', data: { supplied_on: '2026-12-01', clock_resumed: false } },
          { type: 'vendor_replied', data: { inbound_message_id: 5 } },
        ];
        await trx('events').insert(
          old.map((e) => ({
            subject_type: 'request',
            subject_id: id,
            type: e.type,
            actor_type: 'system',
            reason: 'kept',
            data: JSON.stringify(e.data),
          })),
        );
        await renameDeadlineEvents(trx);
        const rows = await trx('events').where({ subject_id: id }).orderBy('id').select('type', 'reason', 'data');
        expect(rows).toEqual([
          { type: 'deadline_started', reason: 'kept', data: { generation: 1 } },
          { type: 'deadline_paused', reason: 'kept', data: { generation: 2 } },
          { type: 'deadline_resumed', reason: 'kept', data: { generation: 3 } },
          { type: 'deadline_closed', reason: 'kept', data: { generation: 3, cancelled_milestones: 2 } },
          { type: 'deadline_reopened', reason: 'kept', data: { generation: 4 } },
          { type: 'deadline_voided', reason: 'kept', data: { generation: 4 } },
          {
            type: 'vendor_response_recorded',
            reason: 'kept',
            data: { outcome: 'needs_information', deadline_paused: true },
          },
          {
            type: 'information_supplied',
            reason: 'kept',
            data: { supplied_on: '2026-12-01', deadline_resumed: false },
          },
          { type: 'vendor_replied', reason: 'kept', data: { inbound_message_id: 5 } },
        ]);
        await trx.raw('savepoint after_rename');
        await expect(trx('events').where({ subject_id: id }).update({ reason: 'rewritten' })).rejects.toThrow(
          /append-only: UPDATE refused/,
        );
        await trx.raw('rollback to savepoint after_rename');
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await eventsOf(id)).toEqual([]);
  });
});
