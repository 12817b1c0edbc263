import { dispatchRequest, recordManualDispatch, replyAddressFor } from '../../server/correspondence';
import { createDb } from '../../server/db';
import { systemClock } from '../../server/shared/clock';
import { openLetterPdf } from '../../server/shared/encryption';
import { testConfig } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { startWorkerWithSink } from '../setup/worker';
import { waitFor } from '../setup/wait';
import { createRoutedRequest } from '../factories/requests';

describe('dispatch of vendor letters', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 4, undefined, { queuePrefix: config.queuePrefix });
  let sink: TestSink;
  let stopWorker: () => Promise<void>;
  const deps = { config, clock: systemClock };

  beforeAll(async () => {
    ({ sink, stop: stopWorker } = await startWorkerWithSink(config, db));
  });
  afterAll(async () => {
    await stopWorker();
    await db.destroy();
  });

  test.each([
    ['sonos', 'access', 'US-CA', 'privacy@sonos.com', /Request to access|access/i],
    ['sonos', 'deletion', 'US-CA', 'privacy@sonos.com', /delet/i],
    ['ntt-sonority', 'correction', 'US-CA', 'contact-sonority@ntt.com', /correct/i],
    ['sony-network-communications-nordics', 'access', 'SE', 'legalnotices.nce@sony.com', /access/i],
    ['sony-network-communications-nordics', 'objection', 'SE', 'legalnotices.nce@sony.com', /object/i],
  ])(
    'when %s gets a %s request from %s by email, then the letter reaches %s once, with the reference, and the deadline starts at acceptance',
    async (slug, right, jurisdiction, address, subjectPattern) => {
      const { request, requester } = await createRoutedRequest(db, slug, right, jurisdiction, 'email');
      if (right === 'correction') {
        const [submission] = await db('submissions')
          .insert({
            public_id: crypto.randomUUID(),
            requester_id: requester.id,
            jurisdiction,
            status: 'verified',
            plan: '[]',
            corrections: JSON.stringify([{ field: 'mailing address', current: '2 Old Rd', corrected: '1 Main St' }]),
            created_at: new Date(),
          })
          .returning('id');
        await db('requests').where({ id: request.id }).update({ submission_id: submission.id });
      }
      const outcome = await dispatchRequest(db, deps, request.id);
      expect(outcome.kind).toBe('email_queued');

      const [mail] = await sink
        .waitFor((all) => all.some((m) => m.parsed.subject?.includes(request.reference)))
        .then((all) =>
          all.filter((m) => m.parsed.subject?.includes(request.reference) && m.envelopeTo.includes(address)),
        );
      expect(mail!.parsed.subject).toMatch(subjectPattern);
      expect(mail!.parsed.text).toContain(request.reference);
      expect(mail!.parsed.text).toContain(requester.name);
      expect(mail!.parsed.replyTo?.value[0]?.address).toBe(
        replyAddressFor(request.reference, config.appSecret, config.replyDomain),
      );

      const sent = await waitFor(
        () => db('requests').where({ id: request.id }).first(),
        (r) => r.status === 'sent',
        'status sent',
      );
      const stored = await db('request_deadlines').where({ request_id: request.id }).first();
      const email = await db('outbound_emails').where({ related_type: 'request', related_id: request.id }).first();
      expect(new Date(sent.received_at).getTime()).toBe(new Date(email.accepted_at).getTime());
      expect(stored).toMatchObject({
        request_id: request.id,
        effective_due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        closed_at: null,
      });
      const letter = await db('letters').where({ request_id: request.id }).first();
      // the PDF names the requester: stored sealed (AES-256-GCM), opened with the letter-pdf key
      expect(Buffer.from(letter.pdf).subarray(0, 4).toString()).not.toBe('%PDF');
      expect(openLetterPdf(config.appSecret, letter.pdf).subarray(0, 5).toString()).toBe('%PDF-');
      expect(letter.text_body).toContain(stored.effective_due.slice(0, 4));
      const events = (await db('events').where({ subject_type: 'request', subject_id: request.id }).orderBy('id')).map(
        (e) => e.type,
      );
      expect(events).toEqual(expect.arrayContaining(['letter_queued', 'dispatched', 'deadline_started']));
      await waitFor(
        () =>
          db('outbound_emails')
            .where({ related_type: 'request_notice', related_id: request.id, template: 'consumer_request_sent' })
            .first(),
        Boolean,
        'consumer notice',
      );
      expect(
        sink.messages.filter((m) => m.envelopeTo.includes(address) && m.parsed.subject?.includes(request.reference)),
      ).toHaveLength(1);
    },
  );

  test('when a vendor lists no email (Sony Headphones Connect, Nevada), then a postal PDF letter with the required reference line is a staff task, and delivery starts the deadline', async () => {
    const { request } = await createRoutedRequest(db, 'sony-headphones-connect', 'nevada_opt_out', 'US-NV', 'postal');
    const outcome = await dispatchRequest(db, deps, request.id);
    expect(outcome).toMatchObject({ kind: 'staff_task', channel: 'postal' });
    const letter = await db('letters').where({ request_id: request.id }).first();
    expect(letter.subject).toContain('Your Nevada Rights');
    expect(letter.text_body).toContain('Your Nevada Rights');
    expect(letter.channel_value).toMatch(/Paramus|Toronto/);
    // addressed to the entity the address belongs to, not to the policy's Sony Corporation
    expect(letter.text_body).toMatch(/^Sony (Electronics Inc\.|of Canada Ltd\.)\n/);
    expect(letter.text_body).not.toContain('Sony Corporation');
    expect(openLetterPdf(config.appSecret, letter.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    // One date per letter: delivery (recorded later) starts the deadline, so the letter states the rule and no guessed date
    expect(letter.text_body).toContain(
      'The law requires your response within 60 calendar days of receiving this letter',
    );
    expect(letter.text_body).not.toMatch(/respond(?:ing)? by \d/);
    expect(letter.stated_due).toBeNull();
    expect(await db('outbound_emails').where({ related_type: 'request', related_id: request.id })).toHaveLength(0);
    expect((await db('requests').where({ id: request.id }).first()).status).toBe('ready_to_dispatch');

    await expect(
      recordManualDispatch(db, deps, { requestId: request.id, staffId: 'staff-1', kind: 'delivered', on: new Date() }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    const mailedOn = new Date(Date.now() - 5 * 86400_000);
    // staff record dates; a date reaches the service as its UTC midnight, which is still the day before in Nevada
    const deliveredOn = new Date(`${new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10)}T00:00:00Z`);
    await recordManualDispatch(db, deps, { requestId: request.id, staffId: 'staff-1', kind: 'mailed', on: mailedOn });
    await recordManualDispatch(db, deps, {
      requestId: request.id,
      staffId: 'staff-1',
      kind: 'delivered',
      on: deliveredOn,
    });
    const sent = await db('requests').where({ id: request.id }).first();
    expect(sent.status).toBe('sent');
    const stored = await db('request_deadlines').where({ request_id: request.id }).first();
    expect(stored.received_on).toBe(deliveredOn.toISOString().slice(0, 10));
  });

  test('when a web form is submitted late in the evening in Nevada, then the consumer is told the local date the deadline counts from', async () => {
    const { request } = await createRoutedRequest(db, 'sony-headphones-connect', 'nevada_opt_out', 'US-NV', 'postal');
    expect(await dispatchRequest(db, deps, request.id)).toMatchObject({ kind: 'staff_task' });
    // staff found a web form instead and submitted the same text there
    await db('requests')
      .where({ id: request.id })
      .update({ channel_type: 'webform', channel_value: 'https://example.test/privacy-form' });
    const utcDay = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
    const at = new Date(`${utcDay}T03:00:00Z`); // 8 p.m. the day before in Los Angeles
    await recordManualDispatch(db, deps, { requestId: request.id, staffId: 'staff-1', kind: 'submitted', at });
    const stored = await db('request_deadlines').where({ request_id: request.id }).first();
    const local = new Date(at.getTime() - 8 * 3600_000).toISOString().slice(0, 10);
    expect(stored.received_on).toBe(local);
    const email = await db('outbound_emails')
      .where({ template: 'consumer_request_sent', related_type: 'request_notice', related_id: request.id })
      .first('text_body');
    const words = new Date(`${local}T00:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    expect(email.text_body).toContain(`on ${words}.`);
  });

  test('when a vendor has no usable channel (NTT Communications), then nothing is sent: it waits for research', async () => {
    const { request } = await createRoutedRequest(db, 'ntt-communications', 'access', 'JP', 'none');
    expect(await dispatchRequest(db, deps, request.id)).toMatchObject({ kind: 'skipped' });
    expect((await db('requests').where({ id: request.id }).first()).status).toBe('needs_research');
    expect(await db('letters').where({ request_id: request.id })).toHaveLength(0);
  });

  test('when the same request is dispatched twice at once, then there is one letter and one email', async () => {
    const { request } = await createRoutedRequest(db, 'sonos', 'access', 'US-CA', 'email');
    const outcomes = await Promise.all([
      dispatchRequest(db, deps, request.id),
      dispatchRequest(db, deps, request.id),
      dispatchRequest(db, deps, request.id),
    ]);
    expect(outcomes.filter((o) => o.kind === 'email_queued')).toHaveLength(1);
    expect(await db('letters').where({ request_id: request.id })).toHaveLength(1);
    expect(await db('outbound_emails').where({ related_type: 'request', related_id: request.id })).toHaveLength(1);
  });

  test('when the vendor mail server refuses the letter for good, then the request is dispatch_failed with the error', async () => {
    const { request } = await createRoutedRequest(db, 'sonos', 'deletion', 'US-CA', 'email');
    sink.refuseWith({ code: 550, message: 'no such mailbox' });
    try {
      await dispatchRequest(db, deps, request.id);
      const failed = await waitFor(
        () => db('requests').where({ id: request.id }).first(),
        (r) => r.status === 'dispatch_failed',
        'dispatch_failed',
      );
      expect(failed.received_at).toBeNull();
      const event = await db('events')
        .where({ subject_type: 'request', subject_id: request.id, type: 'dispatch_failed' })
        .first();
      expect(event.reason).toMatch(/550|no such mailbox/);
      expect(await db('request_deadlines').where({ request_id: request.id }).first()).toBeUndefined();
    } finally {
      sink.refuseWith(undefined);
    }
  });
});
