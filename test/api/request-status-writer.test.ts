import { onRequestEmailAccepted } from '../../server/correspondence';
import { createDb } from '../../server/db';
import { changeRequestStatus, TransitionRefusedError, type RequestStatus } from '../../server/requests';
import { systemClock } from '../../server/shared/clock';
import { testConfig } from '../setup/context';
import { createRoutedRequest } from '../factories/requests';

describe('the one writer of a request status', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 2, undefined, { queuePrefix: config.queuePrefix });
  afterAll(() => db.destroy());

  async function requestIn(status: RequestStatus) {
    const { request } = await createRoutedRequest(db, 'sonos', 'access', 'US-CA', 'email');
    await db('requests').where({ id: request.id }).update({ status });
    return request.id as number;
  }
  const eventsOf = (id: number) => db('events').where({ subject_type: 'request', subject_id: id }).orderBy('id');

  test('when a dispatch_failed request is moved straight to sent, then it is refused with 409 and the allowed statuses, and nothing is written', async () => {
    const id = await requestIn('dispatch_failed');
    const attempt = db.transaction((trx) =>
      changeRequestStatus(trx, id, { to: 'sent', event: { type: 'dispatched', actor: { type: 'system' } } }),
    );
    await expect(attempt).rejects.toBeInstanceOf(TransitionRefusedError);
    await expect(attempt).rejects.toMatchObject({
      status: 409,
      code: 'invalid_transition',
      extra: {
        status: 'dispatch_failed',
        allowed_transitions: ['ready_to_dispatch', 'needs_research', 'withdrawn', 'closed'],
      },
    });
    expect(await db('requests').where({ id }).first('status')).toEqual({ status: 'dispatch_failed' });
    expect(await eventsOf(id)).toEqual([]);
  });

  test('when the mail server accepts a letter of a request already marked dispatch_failed, then it stays failed, no deadline starts, and the acceptance is kept as an event', async () => {
    const id = await requestIn('dispatch_failed');
    const acceptedAt = new Date();
    await db.transaction((trx) => onRequestEmailAccepted(trx, { config, clock: systemClock }, id, 424242, acceptedAt));
    expect(await db('requests').where({ id }).first('status', 'received_at')).toEqual({
      status: 'dispatch_failed',
      received_at: null,
    });
    expect(await db('request_deadlines').where({ request_id: id }).first()).toBeUndefined();
    const events = await eventsOf(id);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'letter_accepted_after_failure',
        { outbound_email_id: 424242, accepted_at: acceptedAt.toISOString(), status: 'dispatch_failed' },
      ],
    ]);
  });

  test('when a request is closed and reopened, then closed_at follows the status and each change writes its event with from and to', async () => {
    const id = await requestIn('sent');
    const closedAt = new Date('2026-11-30T10:00:00Z');
    const closed = await db.transaction((trx) =>
      changeRequestStatus(trx, id, {
        to: 'closed',
        event: { type: 'closed', actor: { type: 'staff', id: 7 }, reason: 'done', at: closedAt },
      }),
    );
    expect(closed).toMatchObject({ id, from: 'sent', to: 'closed' });
    expect(await db('requests').where({ id }).first('status', 'closed_at')).toEqual({
      status: 'closed',
      closed_at: closedAt,
    });
    await db.transaction((trx) =>
      changeRequestStatus(trx, id, {
        to: 'sent',
        event: { type: 'reopened', actor: { type: 'staff', id: 7 }, at: new Date() },
      }),
    );
    expect(await db('requests').where({ id }).first('status', 'closed_at')).toEqual({
      status: 'sent',
      closed_at: null,
    });
    const events = await eventsOf(id);
    expect(events.map((e) => [e.id === closed.eventId, e.type, e.actor_type, e.actor_id, e.data])).toEqual([
      [true, 'closed', 'staff', '7', { from: 'sent', to: 'closed' }],
      [false, 'reopened', 'staff', '7', { from: 'closed', to: 'sent' }],
    ]);
  });

  test('when several requests change together and one may not, then none of them changes', async () => {
    const open = await requestIn('sent');
    const finished = await requestIn('completed');
    const attempt = db.transaction((trx) =>
      changeRequestStatus(trx, [open, finished], {
        to: 'withdrawn',
        event: { type: 'withdrawn', actor: { type: 'system' } },
      }),
    );
    await expect(attempt).rejects.toMatchObject({ requestId: finished, from: 'completed', to: 'withdrawn' });
    expect(await db('requests').whereIn('id', [open, finished]).orderBy('id').pluck('status')).toEqual([
      'sent',
      'completed',
    ]);
    expect(await db('events').where({ subject_type: 'request' }).whereIn('subject_id', [open, finished])).toEqual([]);
  });
});
