import { purgeExpiredPersonalData, ERASED } from '../../server/requests';
import { fixedClock } from '../../server/shared/clock';
import { createAccountWithPassword } from '../factories/accounts';
import { createRequestRow } from '../factories/correspondence';
import { createTestContext, type TestContext } from '../setup/context';

/** RETENTION_DAYS: personal data of finished requests is erased once the period ends; the history stays. */
describe('retention purge', () => {
  const clock = fixedClock('2026-11-23T12:00:00Z');
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ clock });
  });
  afterAll(() => ctx.close());

  /** A requester created at `createdAt` with one request in `status`, finished at `closedAt` (or open). */
  async function requesterWithRequest(createdAt: string, status: string, closedAt: string | null) {
    const { request, requester } = await createRequestRow(ctx.db, { status });
    await ctx
      .db('requesters')
      .where({ id: requester.id })
      .update({ created_at: createdAt, phone: '+1 555 0100', address: JSON.stringify({ line1: '1 Main St' }) });
    await ctx.db('requests').where({ id: request.id }).update({ created_at: createdAt, closed_at: closedAt });
    const mail = (to: string) => ({
      template: 'test',
      from_address: 'portal@example.test',
      to_address: to,
      subject: `About ${request.reference}`,
      text_body: `Dear ${requester.name}`,
      html_body: `<p>Dear ${requester.name}</p>`,
      message_id: `<${request.reference}-${to}@example.test>`,
      status: 'sent',
      related_type: 'request',
      related_id: request.id,
    });
    await ctx.db('outbound_emails').insert([mail(requester.email), mail('privacy@sonos.com')]);
    await ctx.db('letters').insert({
      request_id: request.id,
      purpose: 'request',
      channel_type: 'email',
      channel_value: 'privacy@sonos.com',
      template: 'access',
      subject: `Access request ${request.reference}`,
      text_body: `From ${requester.name}`,
      html_body: `<p>From ${requester.name}</p>`,
      pdf: Buffer.from('%PDF-1.7 test'),
      stated_due: '2021-01-15',
    });
    const [reply] = await ctx
      .db('inbound_messages')
      .insert({
        request_id: request.id,
        kind: 'reply',
        from_address: 'privacy@sonos.com',
        envelope_to: ['reply@portal.test'],
        subject: `Re: ${requester.name}`,
        text_body: `Hello ${requester.name}`,
        size_bytes: 10,
        received_at: createdAt,
      })
      .returning('id');
    await ctx.db('inbound_attachments').insert({
      inbound_message_id: reply.id,
      filename: 'export.zip',
      content_type: 'application/zip',
      size_bytes: 3,
      sha256: 'x',
      sealed_content: Buffer.from('abc'),
    });
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    await ctx
      .db('request_notes')
      .insert({ request_id: request.id, author_id: staff.id, body: `Called ${requester.name}` });
    return { request, requester };
  }

  test('when the last request finished before the retention period, then the person is erased and the history kept', async () => {
    const expired = await requesterWithRequest('2020-01-10T00:00:00Z', 'completed', '2021-02-01T00:00:00Z');
    const stillOpen = await requesterWithRequest('2020-01-10T00:00:00Z', 'sent', null);
    const recentlyClosed = await requesterWithRequest('2020-01-10T00:00:00Z', 'closed', '2026-01-15T00:00:00Z');

    const result = await purgeExpiredPersonalData(ctx.db, clock, 730);
    expect(result.requesters).toBeGreaterThanOrEqual(1);

    const person = await ctx.db('requesters').where({ id: expired.requester.id }).first();
    expect(person).toMatchObject({
      name: ERASED,
      phone: null,
      address: null,
      email: `erased-${expired.requester.id}@erased.invalid`,
    });
    expect(person.erased_at).toEqual(clock.now());
    const emails = await ctx
      .db('outbound_emails')
      .where({ related_type: 'request', related_id: expired.request.id })
      .orderBy('id');
    expect(emails.map((e) => e.to_address)).toEqual(['erased@erased.invalid', 'privacy@sonos.com']);
    expect(emails.every((e) => e.text_body === ERASED && e.html_body === null)).toBe(true);
    const letter = await ctx.db('letters').where({ request_id: expired.request.id }).first();
    expect(letter.text_body).toBe(ERASED);
    expect(letter.pdf).toHaveLength(0);
    const reply = await ctx.db('inbound_messages').where({ request_id: expired.request.id }).first();
    expect(reply.text_body).toBe(ERASED);
    expect(await ctx.db('inbound_attachments').where({ inbound_message_id: reply.id })).toHaveLength(0);
    expect((await ctx.db('request_notes').where({ request_id: expired.request.id }).first()).body).toBe(ERASED);
    // the history stays: the request, its status and reference, and an event saying what happened
    expect(await ctx.db('requests').where({ id: expired.request.id }).first()).toMatchObject({
      status: 'completed',
      reference: expired.request.reference,
    });
    expect(
      await ctx
        .db('events')
        .where({ subject_type: 'request', subject_id: expired.request.id, type: 'personal_data_erased' }),
    ).toHaveLength(1);

    for (const kept of [stillOpen, recentlyClosed]) {
      const row = await ctx.db('requesters').where({ id: kept.requester.id }).first();
      expect(row).toMatchObject({ name: kept.requester.name, erased_at: null });
      expect((await ctx.db('letters').where({ request_id: kept.request.id }).first()).text_body).toContain(
        kept.requester.name,
      );
    }

    // a second run finds nothing more of these
    await purgeExpiredPersonalData(ctx.db, clock, 730);
    expect(
      await ctx
        .db('events')
        .where({ subject_type: 'request', subject_id: expired.request.id, type: 'personal_data_erased' }),
    ).toHaveLength(1);
  });

  test('when a newer submission exists, then the requester is kept even though old requests finished', async () => {
    const old = await requesterWithRequest('2020-01-10T00:00:00Z', 'denied', '2021-02-01T00:00:00Z');
    await ctx.db('submissions').insert({
      public_id: ctx.db.raw('gen_random_uuid()'),
      requester_id: old.requester.id,
      jurisdiction: 'US-CA',
      status: 'pending_verification',
      plan: '[]',
      created_at: '2026-11-01T00:00:00Z',
    });
    await purgeExpiredPersonalData(ctx.db, clock, 730);
    expect((await ctx.db('requesters').where({ id: old.requester.id }).first()).erased_at).toBeNull();
  });

  test("when a person is erased, then their answers to vendors, the answers' documents, and their sign-in links and address-wide access go too", async () => {
    const { request, requester } = await requesterWithRequest(
      '2020-01-10T00:00:00Z',
      'withdrawn',
      '2021-02-01T00:00:00Z',
    );
    const [doc] = await ctx
      .db('documents')
      .insert({
        purpose: 'consumer-document',
        content_type: 'application/pdf',
        filename: 'a.pdf',
        byte_size: 3,
        sha256: 'x',
        sealed: Buffer.from('abc'),
      })
      .returning('id');
    await ctx.db('consumer_answers').insert({
      request_id: request.id,
      body: `I am ${requester.name}`,
      document_id: doc.id,
      created_at: '2020-02-01T00:00:00Z',
    });
    const [notice] = await ctx
      .db('outbound_emails')
      .insert({
        template: 'vendor_consumer_answer',
        from_address: 'p@example.test',
        to_address: 'privacy@sonos.com',
        subject: 's',
        text_body: `I am ${requester.name}`,
        message_id: `<ans-${request.id}@example.test>`,
        status: 'sent',
        related_type: 'request_message',
        related_id: request.id,
      })
      .returning('id');
    await ctx.db('consumer_sign_in_tokens').insert({
      email: requester.email,
      token_hash: `h-${request.id}`,
      expires_at: '2020-02-02T00:00:00Z',
      created_at: '2020-02-01T00:00:00Z',
    });
    await ctx.db('consumer_access_tokens').insert({
      email: requester.email.toUpperCase(),
      token_hash: `a-${request.id}`,
      expires_at: '2030-01-01T00:00:00Z',
      created_at: '2020-02-01T00:00:00Z',
    });

    await purgeExpiredPersonalData(ctx.db, clock, 730);

    expect((await ctx.db('consumer_answers').where({ request_id: request.id }).first()).body).toBe(ERASED);
    expect(await ctx.db('documents').where({ id: doc.id }).first()).toMatchObject({
      sealed: null,
      erased_at: expect.any(Date),
    });
    expect((await ctx.db('outbound_emails').where({ id: notice.id }).first()).text_body).toBe(ERASED);
    expect(await ctx.db('consumer_sign_in_tokens').where({ token_hash: `h-${request.id}` })).toHaveLength(0);
    expect(await ctx.db('consumer_access_tokens').where({ token_hash: `a-${request.id}` })).toHaveLength(0);
  });
});
