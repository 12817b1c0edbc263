import request from 'supertest';
import { issueConsumerSignIn } from '../../server/requests';
import { fixedClock } from '../../server/shared/clock';
import { requestDetail } from '../../server/staff';
import { createIntakeContext, intakeBody, submitAndVerify } from '../factories/intake';
import { uniqueEmail, type TestContext } from '../setup/context';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('my passport scan')]);
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Issue 16, "The consumer is never locked out, and can act". */
describe('consumers are never locked out and can act on their requests', () => {
  const clock = fixedClock('2026-03-02T10:00:00Z');
  let ctx: TestContext;

  beforeAll(() => {
    ctx = createIntakeContext({ clock });
  });
  afterAll(() => ctx.close());

  /** Runs the worker's job for the newest "find my requests" row and answers the sign-in token mailed, if any. */
  async function runSignInJob(): Promise<string | undefined> {
    const job = await ctx
      .db('outbox')
      .where({ job_name: 'issue-consumer-sign-in' })
      .orderBy('id', 'desc')
      .first('payload');
    const result = await issueConsumerSignIn(ctx, job.payload.signInRequestId);
    if (!('emailId' in result)) return undefined;
    const email = await ctx.db('outbound_emails').where({ id: result.emailId }).first('text_body', 'to_address');
    return /\/sign-in\/([A-Za-z0-9_-]+)/.exec(email.text_body)?.[1];
  }

  describe('find my requests', () => {
    test('when a consumer asks for a sign-in link in another browser, then the emailed link opens every request filed under the address', async () => {
      const email = uniqueEmail('finder');
      const first = await submitAndVerify(ctx, intakeBody({ requester: { email } }));
      const second = await submitAndVerify(
        ctx,
        intakeBody({ requester: { email: email.toUpperCase() }, rights: ['deletion'] }),
      );
      const asked = await request(ctx.app)
        .post('/api/consumer/sign-in-links')
        .send({ email: email.toUpperCase(), next: `/requests/${first.verified.requests[0]!.reference}` });
      expect(asked.status).toBe(202);
      expect(asked.body).toEqual({ status: 'sent_if_known' });
      const token = await runSignInJob();
      expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      const signedIn = await request(ctx.app).post('/api/consumer/sign-in').send({ token });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.next).toBe(`/requests/${first.verified.requests[0]!.reference}`);
      const access = signedIn.body.access.token as string;
      const mine = await request(ctx.app).get('/api/consumer/requests').set(bearer(access));
      expect(mine.status).toBe(200);
      const expected = [...first.verified.requests, ...second.verified.requests].map((r) => r.reference).sort();
      expect(mine.body.requests.map((r: { reference: string }) => r.reference).sort()).toEqual(expected);
      // the notification link (/requests/<id or reference>) works with it, in any browser that signed in
      expect(
        (await request(ctx.app).get(`/api/requests/${first.verified.requests[0]!.reference}`).set(bearer(access)))
          .status,
      ).toBe(200);
      expect(
        (await request(ctx.app).get(`/api/submissions/${first.verified.submission_id}`).set(bearer(access))).status,
      ).toBe(200);
      // a sign-in link works once; a used one answers 410 (ask for a new one), never a dead end
      const reused = await request(ctx.app).post('/api/consumer/sign-in').send({ token });
      expect(reused.status).toBe(410);
    });

    test('when the address is unknown, then the answer is the same and nothing is mailed', async () => {
      const known = await submitAndVerify(ctx, intakeBody());
      const knownAnswer = await request(ctx.app)
        .post('/api/consumer/sign-in-links')
        .send({ email: known.body.requester.email });
      await runSignInJob();
      const unknownEmail = uniqueEmail('nobody');
      const unknownAnswer = await request(ctx.app).post('/api/consumer/sign-in-links').send({ email: unknownEmail });
      expect(unknownAnswer.status).toBe(knownAnswer.status);
      expect(unknownAnswer.body).toEqual(knownAnswer.body);
      expect(Object.keys(unknownAnswer.headers).sort()).toEqual(Object.keys(knownAnswer.headers).sort());
      expect(await runSignInJob()).toBeUndefined();
      expect(await ctx.db('outbound_emails').where({ to_address: unknownEmail })).toHaveLength(0);
      // the typed address does not stay in the database
      expect(await ctx.db('consumer_sign_in_requests').where({ email: unknownEmail })).toHaveLength(0);
    });

    test('when an address or a client asks too often, then 429', async () => {
      const limited = createIntakeContext({
        rateLimits: { signInEmail: { limit: 2, windowMs: 3600_000 }, signInIp: { limit: 4, windowMs: 3600_000 } },
      });
      try {
        const email = uniqueEmail('spam');
        const codes = [];
        for (let i = 0; i < 3; i++)
          codes.push((await request(limited.app).post('/api/consumer/sign-in-links').send({ email })).status);
        expect(codes).toEqual([202, 202, 429]);
        const other = [];
        for (let i = 0; i < 2; i++)
          other.push(
            (
              await request(limited.app)
                .post('/api/consumer/sign-in-links')
                .send({ email: uniqueEmail('other') })
            ).status,
          );
        expect(other).toEqual([202, 429]);
      } finally {
        await limited.close();
      }
    });

    test('when the email is not an address, then 422 names email', async () => {
      const res = await request(ctx.app).post('/api/consumer/sign-in-links').send({ email: 'not-an-address' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    });

    test('when a request is still open after 30 days (an extended deadline), then access still works; once all are closed it lasts the retention period', async () => {
      const timed = createIntakeContext({ clock: fixedClock('2026-04-01T12:00:00Z') });
      const c = timed.clock as ReturnType<typeof fixedClock>;
      try {
        const carol = await submitAndVerify(timed);
        const path = `/api/submissions/${carol.verified.submission_id}`;
        c.advance(120 * 24 * 3600_000);
        expect((await request(timed.app).get(path).set(bearer(carol.verified.access.token))).status).toBe(200);
        const id = carol.verified.requests[0]!.id;
        await timed.db('requests').where({ id }).update({ status: 'completed', closed_at: c.now() });
        c.advance((timed.config.retentionDays - 1) * 24 * 3600_000);
        expect((await request(timed.app).get(path).set(bearer(carol.verified.access.token))).status).toBe(200);
        c.advance(2 * 24 * 3600_000);
        expect((await request(timed.app).get(path).set(bearer(carol.verified.access.token))).status).toBe(401);
      } finally {
        await timed.close();
      }
    });
  });

  describe('answer, withdraw, requirements', () => {
    async function sentRequest(status = 'awaiting_information') {
      const who = await submitAndVerify(ctx, intakeBody());
      const r = who.verified.requests[0]!;
      const messageId = `<letter-${r.id}@${ctx.config.replyDomain}>`;
      const [email] = await ctx
        .db('outbound_emails')
        .insert({
          template: 'access',
          from_address: ctx.config.mailFrom,
          to_address: 'privacy@sonos.com',
          subject: 'Access',
          text_body: 't',
          message_id: messageId,
          status: 'sent',
          related_type: 'request',
          related_id: r.id,
        })
        .returning('id');
      await ctx.db('letters').insert({
        request_id: r.id,
        purpose: 'request',
        channel_type: 'email',
        channel_value: 'privacy@sonos.com',
        template: 'access',
        subject: `Request to access personal information [${r.reference}]`,
        text_body: 'letter',
        html_body: '<p>letter</p>',
        pdf: Buffer.from('%PDF-1.4'),
        stated_due: '2026-12-31',
        outbound_email_id: email.id,
      });
      await ctx.db('requests').where({ id: r.id }).update({ status, received_at: clock.now() });
      return { ...who, request: r, letterMessageId: messageId };
    }

    test("when the consumer answers the vendor's request for information with a document, then it is stored encrypted and sent in the same thread", async () => {
      const { verified, request: r, letterMessageId } = await sentRequest();
      const view = await request(ctx.app).get(`/api/requests/${r.id}`).set(bearer(verified.access.token));
      expect(view.body.allowed_actions).toEqual(['answer', 'withdraw']);
      const res = await request(ctx.app)
        .post(`/api/requests/${r.id}/answer`)
        .set(bearer(verified.access.token))
        .field('text', 'My customer number is 4711.\nMy passport is attached.')
        .attach('file', PDF, { filename: 'passport.exe', contentType: 'application/octet-stream' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: r.id,
        status: 'sent',
        answer: { document: `${r.reference}-answer.pdf`, sent_to: 'vendor' },
      });
      const answer = await ctx.db('consumer_answers').where({ request_id: r.id }).first();
      const doc = await ctx.db('documents').where({ id: answer.document_id }).first();
      expect(doc).toMatchObject({ purpose: 'consumer-document', content_type: 'application/pdf' });
      expect(Buffer.from(doc.sealed).includes(Buffer.from('my passport scan'))).toBe(false);
      const email = await ctx.db('outbound_emails').where({ id: answer.outbound_email_id }).first();
      expect(email).toMatchObject({
        to_address: 'privacy@sonos.com',
        in_reply_to: letterMessageId,
        related_type: 'request_message',
      });
      expect(email.subject).toContain(r.reference);
      expect(email.text_body).toContain('My customer number is 4711.\nMy passport is attached.');
      expect(await ctx.db('outbound_email_attachments').where({ email_id: email.id })).toEqual([
        expect.objectContaining({ document_id: answer.document_id }),
      ]);
      expect(await ctx.db('requests').where({ id: r.id }).first()).toMatchObject({ status: 'sent' });
      expect(await ctx.db('events').where({ subject_id: r.id, type: 'consumer_answered' })).toEqual([
        expect.objectContaining({ actor_type: 'consumer' }),
      ]);
    });

    test('when the document is not a PDF, PNG or JPEG, or the answer is empty, then 422 names the field and nothing is sent', async () => {
      const { verified, request: r } = await sentRequest();
      const bad = await request(ctx.app)
        .post(`/api/requests/${r.id}/answer`)
        .set(bearer(verified.access.token))
        .field('text', 'here')
        .attach('file', Buffer.from('<html><script>x</script>'), {
          filename: 'id.pdf',
          contentType: 'application/pdf',
        });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
      const empty = await request(ctx.app)
        .post(`/api/requests/${r.id}/answer`)
        .set(bearer(verified.access.token))
        .field('text', '   ');
      expect(empty.status).toBe(422);
      expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'text' })]);
      expect(await ctx.db('consumer_answers').where({ request_id: r.id })).toHaveLength(0);
    });

    test("when another consumer tries to answer or withdraw someone else's request, then 404", async () => {
      const { request: r } = await sentRequest();
      const other = await submitAndVerify(ctx, intakeBody());
      expect(
        (
          await request(ctx.app)
            .post(`/api/requests/${r.id}/answer`)
            .set(bearer(other.verified.access.token))
            .field('text', 'x')
        ).status,
      ).toBe(404);
      expect(
        (
          await request(ctx.app)
            .post(`/api/requests/${r.id}/withdraw`)
            .set(bearer(other.verified.access.token))
            .send({})
        ).status,
      ).toBe(404);
    });

    test('when the consumer withdraws a sent request, then it is withdrawn with an event and the vendor is told in the thread; a second withdrawal is refused', async () => {
      const { verified, request: r, letterMessageId } = await sentRequest('sent');
      const res = await request(ctx.app)
        .post(`/api/requests/${r.id}/withdraw`)
        .set(bearer(verified.access.token))
        .send({ reason: 'They answered by phone.' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: r.id, status: 'withdrawn', vendor_told: 'vendor' });
      expect(await ctx.db('requests').where({ id: r.id }).first()).toMatchObject({
        status: 'withdrawn',
        closed_at: expect.any(Date),
      });
      const told = await ctx
        .db('outbound_emails')
        .where({ related_type: 'request_message', related_id: r.id, template: 'vendor_withdrawal' });
      expect(told).toEqual([
        expect.objectContaining({ to_address: 'privacy@sonos.com', in_reply_to: letterMessageId }),
      ]);
      // the consumer's words are kept on the request (the retention purge erases them), not in the append-only history
      expect(await ctx.db('events').where({ subject_id: r.id, type: 'withdrawn' })).toEqual([
        expect.objectContaining({
          actor_type: 'consumer',
          reason: null,
          data: expect.objectContaining({ reason_given: true }),
        }),
      ]);
      expect((await ctx.db('requests').where({ id: r.id }).first()).withdrawal_reason).toBe('They answered by phone.');
      const detail = await requestDetail(ctx.db, r.id, ctx.clock);
      expect(detail?.timeline.find((e: { type: string }) => e.type === 'withdrawn')).toMatchObject({
        actor_type: 'consumer',
        reason: 'They answered by phone.',
      });
      const again = await request(ctx.app)
        .post(`/api/requests/${r.id}/withdraw`)
        .set(bearer(verified.access.token))
        .send({});
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'invalid_transition', allowed_actions: [] });
    });

    test('when a request not yet sent is withdrawn, then the vendor is not written to', async () => {
      const who = await submitAndVerify(ctx, intakeBody());
      const r = who.verified.requests[0]!;
      const res = await request(ctx.app)
        .post(`/api/requests/${r.id}/withdraw`)
        .set(bearer(who.verified.access.token))
        .send({});
      expect(res.body).toMatchObject({ status: 'withdrawn', vendor_told: false });
      expect(await ctx.db('outbound_emails').where({ related_type: 'request_message', related_id: r.id })).toHaveLength(
        0,
      );
    });

    test("when the consumer reads a request, then it shows what the company's policy says it may ask of them (proof of identity, fees), with quotes", async () => {
      const who = await submitAndVerify(
        ctx,
        intakeBody({ vendors: ['sony-network-communications-nordics'], jurisdiction: 'SE' }),
      );
      const res = await request(ctx.app)
        .get(`/api/requests/${who.verified.requests[0]!.id}`)
        .set(bearer(who.verified.access.token));
      expect(res.status).toBe(200);
      expect(res.body.requirements.length).toBeGreaterThan(0);
      for (const r of res.body.requirements) {
        expect(['verification', 'fee', 'required_fields', 'authorized_agent']).toContain(r.kind);
        expect(typeof r.quote).toBe('string');
        expect(r.quote.length).toBeGreaterThan(10);
      }
      expect(res.body.requirements.map((r: { kind: string }) => r.kind).sort()).toEqual(['fee', 'verification']);
      expect(res.body.requirements.find((r: { kind: string }) => r.kind === 'verification').quote).toMatch(
        /proof of identification/,
      );
    });
  });
});
