import type { ReceivedMail } from '../../server/mail';
import { dispatchRequest } from '../../server/correspondence';
import { fixedClock } from '../../server/shared/clock';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createReadyRequest, createReceivedRequest, createRequestRow } from '../factories/correspondence';
import { createTestContext, type TestContext } from '../setup/context';
import { startWorkerWithSink } from '../setup/worker';
import { waitFor, waitUntil } from '../setup/wait';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

describe('staff actions on a request', () => {
  // Sonos promises 30 days: received 20 May -> due in late June; "today" is 15 June.
  const clock = fixedClock('2026-06-15T12:00:00Z');
  let ctx: TestContext;
  let worker: Awaited<ReturnType<typeof startWorkerWithSink>>;
  let staff: { id: number; email: string };
  let agent: Agent;
  let csrf: string;

  beforeAll(async () => {
    ctx = createTestContext({ clock });
    worker = await startWorkerWithSink(ctx.config, ctx.db, clock);
    staff = await createAccountWithPassword(ctx.db, 'staff');
    ({ agent, csrf } = await signIn(ctx.app, staff.email));
  });
  afterAll(async () => {
    await worker.stop();
    await ctx.close();
  });

  const post = (path: string, body: object = {}) => agent.post(path).set('X-CSRF-Token', csrf).send(body);
  const eventsOf = (id: number) => ctx.db('events').where({ subject_type: 'request', subject_id: id }).orderBy('id');
  const mailTo = (address: string, subject?: RegExp) => (all: ReceivedMail[]) =>
    all.some((m) => m.envelopeTo.includes(address) && (!subject || subject.test(m.parsed.subject ?? '')));

  /** A request the vendor received on `receivedOn` (its deadline running), to a requester with a unique email. */
  async function sentRequest(receivedOn = '2026-05-20') {
    const { request, requester } = await createReceivedRequest(ctx.db, {
      receivedAt: new Date(`${receivedOn}T18:00:00Z`),
      clock,
    });
    return { id: request.id as number, requester };
  }

  function expectRefused(
    res: { status: number; body: Record<string, unknown>; headers: Record<string, string> },
    allowedIncludes: string[],
    allowedExcludes: string[],
  ) {
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('invalid_transition');
    expect(res.body.allowed_actions).toEqual(expect.arrayContaining(allowedIncludes));
    for (const a of allowedExcludes) expect(res.body.allowed_actions).not.toContain(a);
  }

  describe('assign', () => {
    test('when staff assign and unassign, then the row changes and each change is an event with actor and reason', async () => {
      const { id } = await sentRequest();
      const colleague = await createAccountWithPassword(ctx.db, 'staff');
      const res = await post(`/api/staff/requests/${id}/assign`, {
        assignee_id: colleague.id,
        reason: 'holiday cover',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, assignee_id: colleague.id, status: 'sent' });
      expect((await ctx.db('requests').where({ id }).first()).assignee_id).toBe(colleague.id);
      expect((await post(`/api/staff/requests/${id}/assign`, { assignee_id: null })).status).toBe(200);
      expect((await ctx.db('requests').where({ id }).first()).assignee_id).toBeNull();
      const events = (await eventsOf(id)).filter((e) => ['assigned', 'unassigned'].includes(e.type));
      expect(events).toEqual([
        expect.objectContaining({
          type: 'assigned',
          actor_type: 'staff',
          actor_id: String(staff.id),
          reason: 'holiday cover',
          data: { assignee_id: colleague.id, previous_assignee_id: null },
        }),
        expect.objectContaining({
          type: 'unassigned',
          actor_type: 'staff',
          actor_id: String(staff.id),
          data: { assignee_id: null, previous_assignee_id: colleague.id },
        }),
      ]);
    });

    test('when the assignee is not staff, then 422 names assignee_id; when the request is closed, then 409 lists the allowed actions', async () => {
      const { id } = await sentRequest();
      const outsider = await createAccountWithPassword(ctx.db, 'agent');
      const bad = await post(`/api/staff/requests/${id}/assign`, { assignee_id: outsider.id });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'assignee_id' })]);
      await ctx.db('requests').where({ id }).update({ status: 'closed' });
      const refused = await post(`/api/staff/requests/${id}/assign`, { assignee_id: staff.id });
      expectRefused(refused, ['note', 'reopen'], ['assign', 'close']);
      expect(refused.body.request_status).toBe('closed');
      expect((await eventsOf(id)).filter((e) => e.type === 'assigned')).toHaveLength(0);
    });
  });

  test('when staff add a note, then it is stored in its own row, the event points at it, and the detail shows it', async () => {
    const { id } = await sentRequest();
    const res = await post(`/api/staff/requests/${id}/notes`, {
      body: 'Vendor phoned; written answer promised by Friday.',
    });
    expect(res.status).toBe(200);
    const note = await ctx.db('request_notes').where({ request_id: id }).first();
    expect(note).toMatchObject({ author_id: staff.id, body: 'Vendor phoned; written answer promised by Friday.' });
    const event = (await eventsOf(id)).find((e) => e.type === 'note_added');
    expect(event).toMatchObject({ actor_id: String(staff.id), data: { note_id: note.id } });
    expect(JSON.stringify(event.data)).not.toContain('Friday');
    const detail = await agent.get(`/api/staff/requests/${id}`);
    expect(detail.body.notes).toEqual([expect.objectContaining({ body: note.body, author_id: staff.id })]);
    expect((await post(`/api/staff/requests/${id}/notes`, { body: '  ' })).body.errors[0].field).toBe('body');
  });

  describe("the vendor's response", () => {
    test('when staff record "fulfilled", then the request is completed, the deadline stops, and the consumer is told by email', async () => {
      const { id, requester } = await sentRequest();
      const res = await post(`/api/staff/requests/${id}/response`, { outcome: 'fulfilled', received_on: '2026-06-12' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, status: 'completed' });
      expect(await ctx.db('requests').where({ id }).first()).toMatchObject({
        status: 'completed',
        outcome: 'fulfilled',
        answered_on: '2026-06-12',
        due_on: null,
      });
      expect((await ctx.db('request_deadlines').where({ request_id: id }).first()).closed_at).toEqual(clock.now());
      expect(
        await ctx.db('deadline_milestones').where({ request_id: id }).whereNull('fired_at').whereNull('cancelled_at'),
      ).toHaveLength(0);
      const types = (await eventsOf(id)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['deadline_closed', 'vendor_response_recorded']));
      const recorded = (await eventsOf(id)).find((e) => e.type === 'vendor_response_recorded');
      expect(recorded).toMatchObject({
        actor_type: 'staff',
        actor_id: String(staff.id),
        data: expect.objectContaining({ from: 'sent', to: 'completed', outcome: 'fulfilled' }),
      });
      const mails = await worker.sink.waitFor(mailTo(requester.email));
      const mail = mails.find((m) => m.envelopeTo.includes(requester.email))!;
      expect(mail.parsed.text).toContain('done what you asked');
    });

    test('when staff record "partially fulfilled", then it is completed with that outcome', async () => {
      const { id } = await sentRequest();
      expect((await post(`/api/staff/requests/${id}/response`, { outcome: 'partially_fulfilled' })).status).toBe(200);
      expect(await ctx.db('requests').where({ id }).first()).toMatchObject({
        status: 'completed',
        outcome: 'partially_fulfilled',
        answered_on: '2026-06-15',
      });
    });

    test('when staff record a denial, then the reason is required, stored on the event and sent to the consumer', async () => {
      const { id, requester } = await sentRequest();
      const missing = await post(`/api/staff/requests/${id}/response`, { outcome: 'denied' });
      expect(missing.status).toBe(422);
      expect(missing.body.errors[0].field).toBe('reason');
      const res = await post(`/api/staff/requests/${id}/response`, {
        outcome: 'denied',
        reason: 'Could not verify identity.',
      });
      expect(res.body.status).toBe('denied');
      expect(await ctx.db('requests').where({ id }).first()).toMatchObject({ status: 'denied', outcome: 'denied' });
      expect((await eventsOf(id)).find((e) => e.type === 'vendor_response_recorded').reason).toBe(
        'Could not verify identity.',
      );
      await worker.sink.waitFor(mailTo(requester.email));
      expect(worker.sink.messages.find((m) => m.envelopeTo.includes(requester.email))!.parsed.text).toContain(
        'Could not verify identity.',
      );
    });

    test('when the vendor needs more information, then the request awaits the consumer and the deadline keeps running', async () => {
      const { id } = await sentRequest();
      const res = await post(`/api/staff/requests/${id}/response`, {
        outcome: 'needs_information',
        reason: 'Asks for the device serial number.',
      });
      expect(res.body.status).toBe('awaiting_information');
      expect((await ctx.db('request_deadlines').where({ request_id: id }).first()).closed_at).toBeNull();
      const again = await post(`/api/staff/requests/${id}/response`, { outcome: 'needs_information', reason: 'again' });
      expect(again.status).toBe(409);
      expect(again.body.allowed_responses).toEqual(expect.arrayContaining(['fulfilled', 'denied', 'extension']));
      expect(again.body.allowed_responses).not.toContain('needs_information');
      expect((await agent.get(`/api/staff/requests/${id}`)).body.allowed_actions).toContain('information_supplied');

      // California does not stop the deadline: supplying the information only sends the request back to the vendor
      const supplied = await post(`/api/staff/requests/${id}/information-supplied`, {
        supplied_on: '2026-06-12',
        reason: 'Consumer sent the serial number.',
      });
      expect(supplied.body).toMatchObject({ id, status: 'sent' });
      const event = (await eventsOf(id)).find((e) => e.type === 'information_supplied');
      expect(event).toMatchObject({
        actor_type: 'staff',
        actor_id: String(staff.id),
        reason: 'Consumer sent the serial number.',
      });
      expect(event.data).toMatchObject({ supplied_on: '2026-06-12', deadline_resumed: false });
      expectRefused(
        await post(`/api/staff/requests/${id}/information-supplied`, {}),
        ['response'],
        ['information_supplied'],
      );
    });

    test('when a UK vendor asks for information, then the deadline stops that day and restarts, days added, when the consumer supplies it', async () => {
      const { request } = await createReceivedRequest(ctx.db, {
        receivedAt: new Date('2026-05-20T18:00:00Z'),
        clock,
        columns: { jurisdiction: 'GB' },
      });
      const id = request.id as number;
      const before = await ctx.db('request_deadlines').where({ request_id: id }).first();

      const asked = await post(`/api/staff/requests/${id}/response`, {
        outcome: 'needs_information',
        received_on: '2026-06-01',
        reason: 'Asks for ID.',
      });
      expect(asked.body.status).toBe('awaiting_information');
      const paused = await ctx.db('request_deadlines').where({ request_id: id }).first();
      expect(
        String(paused.paused_since).slice(0, 10) === '2026-06-01' ||
          new Date(paused.paused_since).toISOString().startsWith('2026-06-01'),
      ).toBe(true);
      expect((await eventsOf(id)).map((e) => e.type)).toEqual(
        expect.arrayContaining(['deadline_paused', 'vendor_response_recorded']),
      );

      const tooEarly = await post(`/api/staff/requests/${id}/information-supplied`, { supplied_on: '2026-05-25' });
      expect(tooEarly.status).toBe(422);
      expect(tooEarly.body.errors[0].field).toBe('supplied_on');
      expect(
        (await post(`/api/staff/requests/${id}/information-supplied`, { supplied_on: '2026-06-30' })).body.errors[0]
          .field,
      ).toBe('supplied_on');

      const supplied = await post(`/api/staff/requests/${id}/information-supplied`, { supplied_on: '2026-06-11' });
      expect(supplied.body).toMatchObject({ id, status: 'sent' });
      const after = await ctx.db('request_deadlines').where({ request_id: id }).first();
      expect(after.paused_since).toBeNull();
      const days = (a: unknown, b: unknown) =>
        Math.round((new Date(String(b)).getTime() - new Date(String(a)).getTime()) / 86_400_000);
      expect(days(before.effective_due, after.effective_due)).toBeGreaterThanOrEqual(10);
      expect((await eventsOf(id)).find((e) => e.type === 'information_supplied').data).toMatchObject({
        deadline_resumed: true,
      });
    });

    test('when the vendor extends in time, then the deadline moves to the new date and the consumer is told', async () => {
      const { id, requester } = await sentRequest();
      const res = await post(`/api/staff/requests/${id}/response`, {
        outcome: 'extension',
        notice_date: '2026-06-10',
        new_date: '2026-07-20',
        reason: 'complex request',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'extended', effective_due: '2026-07-20' });
      expect(await ctx.db('request_deadlines').where({ request_id: id }).first()).toMatchObject({
        effective_due: '2026-07-20',
      });
      expect(await ctx.db('requests').where({ id }).first()).toMatchObject({
        status: 'extended',
        due_on: '2026-07-20',
      });
      expect((await eventsOf(id)).map((e) => e.type)).toEqual(
        expect.arrayContaining(['extension_accepted', 'vendor_response_recorded']),
      );
      const mails = await worker.sink.waitFor(mailTo(requester.email));
      const mail = mails.find((m) => m.envelopeTo.includes(requester.email))!;
      expect(mail.parsed.text).toContain('2026-07-20');
      const twice = await post(`/api/staff/requests/${id}/response`, {
        outcome: 'extension',
        notice_date: '2026-06-12',
      });
      expect(twice.status).toBe(409);
    });

    test('when the extension notice came after the due date, then 422 names notice_date, the refusal is kept as evidence and nothing else changes', async () => {
      const { id } = await sentRequest('2026-04-01'); // statutory due (45 days) in mid-May
      const res = await post(`/api/staff/requests/${id}/response`, {
        outcome: 'extension',
        notice_date: '2026-06-05',
        new_date: '2026-07-15',
      });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('notice_date');
      expect((await ctx.db('requests').where({ id }).first()).status).toBe('sent');
      const types = (await eventsOf(id)).map((e) => e.type);
      expect(types).toContain('extension_refused');
      expect(types).not.toContain('vendor_response_recorded');
    });

    test('when the request is already completed, then a response is refused with 409 and the allowed actions', async () => {
      const { id } = await sentRequest();
      await post(`/api/staff/requests/${id}/response`, { outcome: 'fulfilled' });
      const res = await post(`/api/staff/requests/${id}/response`, { outcome: 'denied', reason: 'x' });
      expectRefused(res, ['close', 'reopen', 'note'], ['response']);
    });
  });

  test("when a request is finished by any path, then closed_at is set (to the clock's time), kept from finished to finished, and cleared on reopen", async () => {
    const now = clock.now().toISOString();
    const closedAt = async (id: number) => {
      const row = await ctx.db('requests').where({ id }).first('closed_at');
      return row.closed_at ? new Date(row.closed_at).toISOString() : null;
    };
    const fulfilled = await sentRequest();
    expect(await closedAt(fulfilled.id)).toBeNull();
    expect((await post(`/api/staff/requests/${fulfilled.id}/response`, { outcome: 'fulfilled' })).status).toBe(200);
    expect(await closedAt(fulfilled.id)).toBe(now);
    const denied = await sentRequest();
    expect(
      (await post(`/api/staff/requests/${denied.id}/response`, { outcome: 'denied', reason: 'No account found.' }))
        .status,
    ).toBe(200);
    expect(await closedAt(denied.id)).toBe(now);
    const withdrawn = await sentRequest();
    expect(
      (
        await post(`/api/staff/requests/${withdrawn.id}/close`, {
          kind: 'withdraw',
          reason: 'The consumer asked us to.',
        })
      ).status,
    ).toBe(200);
    expect(await closedAt(withdrawn.id)).toBe(now);
    const bulk = await sentRequest();
    expect(
      (await post('/api/staff/requests/bulk', { action: 'close', ids: [bulk.id], reason: 'Filed twice.' })).body
        .results[0].ok,
    ).toBe(true);
    expect(await closedAt(bulk.id)).toBe(now);
    // completed, then closed: still the moment it was finished
    const earlier = '2026-06-01T08:00:00.000Z';
    await ctx.db('requests').where({ id: fulfilled.id }).update({ closed_at: earlier });
    expect((await post(`/api/staff/requests/${fulfilled.id}/close`, { reason: 'Nothing more to do.' })).status).toBe(
      200,
    );
    expect(await closedAt(fulfilled.id)).toBe(earlier);
    // reopened: open again, so no closed_at
    expect((await post(`/api/staff/requests/${denied.id}/reopen`, { reason: 'The vendor wrote again.' })).status).toBe(
      200,
    );
    expect(await closedAt(denied.id)).toBeNull();
    // any other path (here plain SQL) keeps the same rule
    const other = await sentRequest();
    await ctx.db('requests').where({ id: other.id }).update({ status: 'completed' });
    expect(await closedAt(other.id)).not.toBeNull();
    await ctx.db('requests').where({ id: other.id }).update({ status: 'sent' });
    expect(await closedAt(other.id)).toBeNull();
  });

  describe('close, withdraw and reopen', () => {
    test('when staff close a running request, then the deadline stops; reopening runs the same deadline again', async () => {
      const { id } = await sentRequest();
      const due = (await ctx.db('requests').where({ id }).first()).due_on;
      expect((await post(`/api/staff/requests/${id}/close`, {})).body.errors[0].field).toBe('reason');
      const closed = await post(`/api/staff/requests/${id}/close`, { reason: 'consumer resolved it directly' });
      expect(closed.body).toMatchObject({ id, status: 'closed' });
      const row = await ctx.db('requests').where({ id }).first();
      expect(row).toMatchObject({ status: 'closed', due_on: null });
      expect(row.closed_at).toEqual(clock.now());
      expect((await ctx.db('request_deadlines').where({ request_id: id }).first()).close_reason).toBe('closed');
      expectRefused(await post(`/api/staff/requests/${id}/close`, { reason: 'again' }), ['reopen'], ['close']);

      const reopened = await post(`/api/staff/requests/${id}/reopen`, { reason: 'the vendor did not in fact answer' });
      expect(reopened.body).toMatchObject({ id, status: 'sent' });
      expect(await ctx.db('requests').where({ id }).first()).toMatchObject({
        status: 'sent',
        closed_at: null,
        due_on: due,
      });
      expect((await ctx.db('request_deadlines').where({ request_id: id }).first()).closed_at).toBeNull();
      expect(
        await ctx
          .db('deadline_milestones')
          .where({ request_id: id, kind: 'due' })
          .whereNull('cancelled_at')
          .whereNull('fired_at'),
      ).toHaveLength(1);
      const events = await eventsOf(id);
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['closed', 'deadline_closed', 'reopened', 'deadline_reopened']),
      );
      expect(events.find((e) => e.type === 'reopened')).toMatchObject({
        actor_id: String(staff.id),
        reason: 'the vendor did not in fact answer',
        data: { from: 'closed', to: 'sent' },
      });
      expectRefused(await post(`/api/staff/requests/${id}/reopen`, { reason: 'x' }), ['response', 'close'], ['reopen']);
    });

    test('when a request waiting for research is withdrawn, then it is withdrawn; reopened, it waits for research again', async () => {
      const { request } = await createRequestRow(ctx.db, {
        vendorSlug: 'ntt-communications',
        status: 'needs_research',
      });
      await ctx.db('requests').where({ id: request.id }).update({ channel_type: 'none', channel_value: null });
      const res = await post(`/api/staff/requests/${request.id}/close`, {
        kind: 'withdraw',
        reason: 'consumer changed their mind',
      });
      expect(res.body.status).toBe('withdrawn');
      expect((await eventsOf(request.id)).map((e) => e.type)).toEqual(['withdrawn']);
      expect((await post(`/api/staff/requests/${request.id}/reopen`, { reason: 'asked again' })).body.status).toBe(
        'needs_research',
      );
    });
  });

  describe('resend', () => {
    test('when the vendor server refused the letter, then resend queues it again and the deadline starts on acceptance', async () => {
      const { id, vendorAddress } = await createReadyRequest(ctx.db);
      const request = { id };
      worker.sink.refuseWith({ code: 550, message: 'mailbox unavailable' });
      try {
        await dispatchRequest(ctx.db, { config: ctx.config, clock }, request.id);
        await waitUntil(
          async () => (await ctx.db('requests').where({ id: request.id }).first()).status === 'dispatch_failed',
          'the request dispatch_failed',
        );
      } finally {
        worker.sink.refuseWith(undefined);
      }
      expect((await ctx.db('requests').where({ id: request.id }).first()).status).toBe('dispatch_failed');
      const res = await post(`/api/staff/requests/${request.id}/resend`, { reason: 'mailbox restored' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ready_to_dispatch',
        queued: { outbound_email_id: expect.any(Number) },
      });
      await worker.sink.waitFor(mailTo(vendorAddress));
      await waitFor(
        () => ctx.db('requests').where({ id: request.id }).first(),
        (r) => r.status === 'sent',
        'the request sent',
      );
      expect(await ctx.db('request_deadlines').where({ request_id: request.id }).first()).toMatchObject({
        request_id: request.id,
        closed_at: null,
        effective_due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      expect((await ctx.db('letters').where({ request_id: request.id }).first()).outbound_email_id).toBe(
        res.body.queued.outbound_email_id,
      );
      expect((await eventsOf(request.id)).map((e) => e.type)).toEqual(
        expect.arrayContaining([
          'dispatch_failed',
          'resend_requested',
          'letter_queued',
          'dispatched',
          'deadline_started',
        ]),
      );
    });

    test('when the letter could not be prepared, then resend queues a new dispatch job with its own id', async () => {
      const { request } = await createRequestRow(ctx.db, { status: 'dispatch_failed' });
      const res = await post(`/api/staff/requests/${request.id}/resend`);
      expect(res.status).toBe(200);
      const event = (await eventsOf(request.id)).find((e) => e.type === 'resend_requested');
      expect(res.body.queued.job).toBe(`dispatch-request-${request.id}-${event.id}`);
      expect(await ctx.db('outbox').where({ job_id: res.body.queued.job }).first()).toMatchObject({
        job_name: 'dispatch-request',
      });
    });

    test('when the letter was accepted before it failed, or the request was never failed, then resend is refused with 409', async () => {
      const { id } = await sentRequest();
      expectRefused(await post(`/api/staff/requests/${id}/resend`), ['response', 'escalate'], ['resend']);
      await ctx.db('requests').where({ id }).update({ status: 'dispatch_failed' });
      const refused = await post(`/api/staff/requests/${id}/resend`);
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toMatch(/deadline runs/);
      expect((await ctx.db('requests').where({ id }).first()).status).toBe('dispatch_failed');
    });
  });

  describe('escalate', () => {
    test('when staff escalate, then the follow-up letter is stored and emailed to the vendor with the reply address, once', async () => {
      const { request } = await createReceivedRequest(ctx.db, { receivedAt: new Date('2026-05-01T18:00:00Z'), clock });
      const vendorAddress = `privacy-${request.id}@sonos.test`;
      await ctx.db('requests').where({ id: request.id }).update({ channel_value: vendorAddress });
      const res = await post(`/api/staff/requests/${request.id}/escalate`, { reason: 'two weeks overdue' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'sent', letter_id: expect.any(Number), staff_task: false });
      const letter = await ctx.db('letters').where({ request_id: request.id, purpose: 'follow_up' }).first();
      expect(letter).toMatchObject({ template: 'vendor_follow_up', channel_value: vendorAddress });
      expect(letter.pdf.length).toBeGreaterThan(1000);
      const mails = await worker.sink.waitFor(mailTo(vendorAddress));
      const mail = mails.find((m) => m.envelopeTo.includes(vendorAddress))!;
      expect(mail.parsed.text).toContain(request.reference);
      expect(mail.parsed.replyTo?.text).toMatch(/@portal\.localhost|@/);
      expect((await eventsOf(request.id)).find((e) => e.type === 'escalated')).toMatchObject({
        actor_id: String(staff.id),
        reason: 'two weeks overdue',
        data: expect.objectContaining({ letter_id: letter.id }),
      });
      const twice = await post(`/api/staff/requests/${request.id}/escalate`);
      expect(twice.status).toBe(409);
      expect(twice.body.detail).toMatch(/already/);
    });

    test('when the company missed only its own promise, then the follow-up names the promise and threatens no complaint', async () => {
      // received 1 May: Sonos's 30-day promise ended 1 June (31 May is a Sunday); the CCPA's 45 days end on 15 June, "today"
      const { id } = await sentRequest('2026-05-01');
      const detail = await agent.get(`/api/staff/requests/${id}`);
      expect(detail.body.deadline).toMatchObject({
        effective_due: '2026-06-01',
        due_kind: 'promise',
        legal_due: '2026-06-15',
      });
      expect((await post(`/api/staff/requests/${id}/escalate`)).status).toBe(200);
      const letter = await ctx.db('letters').where({ request_id: id, purpose: 'follow_up' }).first('text_body');
      expect(letter.text_body).toContain('Your own privacy policy promises a response within 30 calendar days');
      expect(letter.text_body).toContain('The law requires your response by 15 June 2026');
      expect(letter.text_body).not.toMatch(/expired|complaint will be filed/);
    });

    test('when staff escalate before anything is due, then 409 with the allowed actions and no letter', async () => {
      const { id } = await sentRequest('2026-06-10');
      const res = await post(`/api/staff/requests/${id}/escalate`, { reason: 'impatient' });
      expectRefused(res, ['note', 'response'], []);
      expect(res.body).toMatchObject({
        due: '2026-07-10',
        due_kind: 'promise',
        justifications: ['vendor_refused', 'unlawful_demand'],
      });
      expect(res.body.detail).toMatch(/Nothing is due yet/);
      expect(await ctx.db('letters').where({ request_id: id, purpose: 'follow_up' }).first()).toBeUndefined();
      const noReason = await post(`/api/staff/requests/${id}/escalate`, { justification: 'vendor_refused' });
      expect(noReason.status).toBe(422);
      expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    });

    test('when staff escalate early with a justification, then the letter states that reason instead of a passed deadline', async () => {
      const { id } = await sentRequest('2026-06-10');
      const res = await post(`/api/staff/requests/${id}/escalate`, {
        justification: 'unlawful_demand',
        reason: 'you asked for a copy of my passport to process an opt-out',
      });
      expect(res.status).toBe(200);
      const letter = await ctx.db('letters').where({ request_id: id, purpose: 'follow_up' }).first();
      expect(letter.text_body).toContain(
        'You have asked for something the law does not allow you to require: you asked for a copy of my passport',
      );
      expect(letter.text_body).not.toMatch(/expired|has passed|complaint will be filed/);
      expect((await eventsOf(id)).find((e) => e.type === 'escalated')).toMatchObject({
        data: expect.objectContaining({ early: true, justification: 'unlawful_demand' }),
      });
    });

    test('when the request was never dispatched, then escalation is refused with the allowed actions', async () => {
      const { request } = await createRequestRow(ctx.db, { status: 'needs_research' });
      expectRefused(
        await post(`/api/staff/requests/${request.id}/escalate`),
        ['close', 'withdraw'],
        ['escalate', 'response'],
      );
    });
  });

  describe('bulk', () => {
    test('when staff bulk-assign, then each id has its own result and one bad id does not block the others', async () => {
      const a = await sentRequest();
      const b = await sentRequest();
      const { request: closed } = await createRequestRow(ctx.db, { status: 'closed' });
      const res = await post('/api/staff/requests/bulk', {
        action: 'assign',
        ids: [a.id, closed.id, 999_999_999, b.id],
        assignee_id: staff.id,
      });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { id: a.id, ok: true, status: 'sent' },
        expect.objectContaining({
          id: closed.id,
          ok: false,
          error: expect.objectContaining({ code: 'invalid_transition', allowed_actions: expect.any(Array) }),
        }),
        expect.objectContaining({ id: 999_999_999, ok: false, error: expect.objectContaining({ code: 'not_found' }) }),
        { id: b.id, ok: true, status: 'sent' },
      ]);
      expect(await ctx.db('requests').whereIn('id', [a.id, b.id]).pluck('assignee_id')).toEqual([staff.id, staff.id]);
    });

    test('when staff bulk-close, then closable requests close with their deadlines and the rest report why not', async () => {
      const a = await sentRequest();
      const { request: withdrawn } = await createRequestRow(ctx.db, { status: 'withdrawn' });
      const res = await post('/api/staff/requests/bulk', {
        action: 'close',
        ids: [a.id, withdrawn.id],
        reason: 'duplicate of another request',
      });
      expect(res.body.results).toEqual([
        { id: a.id, ok: true, status: 'closed' },
        expect.objectContaining({
          id: withdrawn.id,
          ok: false,
          error: expect.objectContaining({ code: 'invalid_transition' }),
        }),
      ]);
      expect((await ctx.db('request_deadlines').where({ request_id: a.id }).first()).closed_at).toEqual(clock.now());
      expect((await eventsOf(a.id)).find((e) => e.type === 'closed')).toMatchObject({
        reason: 'duplicate of another request',
        actor_id: String(staff.id),
      });
      const bad = await post('/api/staff/requests/bulk', { action: 'close', ids: [], reason: 'x' });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].field).toBe('ids');
    });
  });

  test('when staff open a request, then the actions allowed now follow its status', async () => {
    const { id } = await sentRequest();
    const detail = await agent.get(`/api/staff/requests/${id}`);
    expect(detail.body.allowed_actions).toEqual(['assign', 'note', 'response', 'escalate', 'close', 'withdraw']);
    expect(detail.body.allowed_responses).toEqual([
      'fulfilled',
      'partially_fulfilled',
      'denied',
      'needs_information',
      'extension',
    ]);
    await post(`/api/staff/requests/${id}/response`, { outcome: 'fulfilled' });
    expect((await agent.get(`/api/staff/requests/${id}`)).body.allowed_actions).toEqual([
      'assign',
      'note',
      'close',
      'reopen',
    ]);
  });
});
