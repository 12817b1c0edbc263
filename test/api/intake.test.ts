import IORedis from 'ioredis';
import request from 'supertest';
import { jobIdFor } from '../../server/queue';
import { issueFirstVerification } from '../../server/requests';
import { createIntakeContext, intakeBody, storedVerificationToken, submitAndVerify } from '../factories/intake';
import { createAccountWithPassword } from '../factories/accounts';
import { privateVendorFrom } from '../factories/vendors';
import { fixedClock, testConfig, uniqueEmail, type TestContext } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { hostPort, startTcpProxy, withPort } from '../setup/tcp-proxy';
import { waitFor } from '../setup/wait';
import { startWorkerWithSink } from '../setup/worker';

const PROBLEM = /application\/problem\+json/;
const fields = (res: request.Response) => (res.body.errors as { field: string }[]).map((e) => e.field);

describe('consumer intake: POST /api/requests, verification and resend', () => {
  let ctx: TestContext;
  let sink: TestSink;
  let stopWorker: () => Promise<void>;

  beforeAll(async () => {
    ctx = createIntakeContext();
    ({ sink, stop: stopWorker } = await startWorkerWithSink(ctx.config, ctx.db));
  });
  afterAll(async () => {
    await stopWorker();
    await ctx.close();
  });

  const linkFromMail = async (to: string) => {
    const [mail] = await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(to)));
    const received = sink.messages.filter((m) => m.envelopeTo.includes(to)).at(-1) ?? mail!;
    const url = /https?:\/\/\S+\/verify\/([A-Za-z0-9_-]+)/.exec(received.parsed.text ?? '');
    if (!url) throw new Error('no verification link in the mail');
    return { url: url[0], token: url[1]! };
  };

  describe('when a valid submission is sent', () => {
    test('then it answers 202 with the plan, stores the submission and queues one verification email; no request exists yet', async () => {
      const body = intakeBody({ rights: ['access', 'deletion'], vendors: ['sonos'] });
      const res = await request(ctx.app).post('/api/requests').send(body);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'pending_verification', jurisdiction: 'US-CA' });
      expect(res.body.submission_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.planned).toEqual([
        expect.objectContaining({
          vendor: 'sonos',
          right: 'access',
          channel: { type: 'email', value: 'privacy@sonos.com' },
        }),
        expect.objectContaining({
          vendor: 'sonos',
          right: 'deletion',
          channel: { type: 'email', value: 'privacy@sonos.com' },
        }),
      ]);
      // Sonos: "by deleting your personal data your Sonos products will stop working" — on deletion only
      const [access, deletion] = res.body.planned;
      expect(access.warnings.map((w: { code: string }) => w.code)).not.toContain('consequence');
      expect(deletion.warnings).toContainEqual(
        expect.objectContaining({
          code: 'consequence',
          citation: expect.objectContaining({
            quote: expect.stringContaining('your Sonos products will stop working'),
          }),
        }),
      );

      const submission = await ctx.db('submissions').where({ public_id: res.body.submission_id }).first();
      expect(submission.status).toBe('pending_verification');
      const requester = await ctx.db('requesters').where({ id: submission.requester_id }).first();
      expect(requester.email).toBe(body.requester.email);
      expect(await ctx.db('requests').where({ submission_id: submission.id })).toHaveLength(0);
      // the worker issues the link: intake stores its job with the submission
      const issue = await ctx
        .db('outbox')
        .where({ job_id: `issue-verification-${submission.id}` })
        .first();
      expect(issue).toMatchObject({ job_name: 'issue-verification', payload: { submissionId: submission.id } });
      expect(issue.job_id).toBe(jobIdFor('issue-verification', { submissionId: submission.id }));
      await storedVerificationToken(ctx, res.body.submission_id);
      // issuing again (a retried job, the worker after this test) sends nothing more
      expect(await issueFirstVerification(ctx, submission.id)).toEqual({ skipped: 'a link was already issued' });
      const emails = await ctx.db('outbound_emails').where({ related_type: 'submission', related_id: submission.id });
      expect(emails).toHaveLength(1);
      expect(emails[0]).toMatchObject({
        template: 'consumer_verify',
        to_address: body.requester.email,
        status: 'pending',
      });
      const job = await ctx
        .db('outbox')
        .where({ job_id: `send-email-${emails[0].id}` })
        .first();
      expect(job.payload).toEqual({ emailId: emails[0].id });
      const token = await ctx.db('verification_tokens').where({ submission_id: submission.id }).first();
      expect(new Date(token.expires_at).toISOString()).toBe(res.body.verification.expires_at);
      const events = await ctx
        .db('events')
        .where({ subject_type: 'submission', subject_id: submission.id })
        .orderBy('id');
      expect(events.map((e) => e.type)).toEqual(['submission_received', 'verification_sent']);
      expect(JSON.stringify(events[0].data)).not.toContain(body.requester.email);
      expect(JSON.stringify(events[0].data)).not.toContain(body.requester.name);
    });

    test('then the mailed link verifies it: requests are created with references, channels and events, and an access token is returned', async () => {
      // NTT Communications' policy gives no usable contact (a copy of its own: staff may add channels to the seeded one)
      const nttSlug = await privateVendorFrom(ctx.db, 'ntt-communications');
      const body = intakeBody({ rights: ['access'], vendors: ['sonos', nttSlug] });
      const submitted = await request(ctx.app).post('/api/requests').send(body);
      expect(submitted.status).toBe(202);
      const ntt = submitted.body.planned.find((p: { vendor: string }) => p.vendor === nttSlug);
      expect(ntt.channel).toBeNull();
      expect(ntt.warnings).toContainEqual(
        expect.objectContaining({
          code: 'no_usable_contact',
          citation: expect.objectContaining({ quote: expect.any(String) }),
        }),
      );

      const { url, token } = await linkFromMail(body.requester.email);
      expect(url.startsWith(`${ctx.config.publicUrl}/verify/`)).toBe(true);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // stored hashed, never as given
      expect(await ctx.db('verification_tokens').where({ token_hash: token }).first()).toBeUndefined();

      const verified = await request(ctx.app).post('/api/verify').send({ token });
      expect(verified.status).toBe(200);
      expect(verified.body.status).toBe('verified');
      expect(verified.body.access.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(verified.body.requests).toHaveLength(2);
      const rows = await ctx
        .db('requests')
        .whereIn(
          'id',
          verified.body.requests.map((r: { id: number }) => r.id),
        )
        .orderBy('id');
      const sonos = rows.find((r) => r.channel_type === 'email')!;
      const none = rows.find((r) => r.channel_type === 'none')!;
      expect(sonos).toMatchObject({
        right: 'access',
        jurisdiction: 'US-CA',
        status: 'ready_to_dispatch',
        channel_value: 'privacy@sonos.com',
        filed_by: 'consumer',
      });
      expect(sonos.channel_fact_id).toEqual(expect.any(Number));
      expect(none).toMatchObject({ status: 'needs_research', channel_value: null, channel_fact_id: null });
      for (const row of rows) expect(row.reference).toMatch(new RegExp(`^DR-${new Date().getUTCFullYear()}-\\d{6,}$`));

      const events = await ctx
        .db('events')
        .where({ subject_type: 'request' })
        .whereIn(
          'subject_id',
          rows.map((r) => r.id),
        );
      expect(events).toHaveLength(2);
      for (const e of events) {
        expect(e).toMatchObject({ type: 'request_created', actor_type: 'consumer' });
        expect(Object.keys(e.data).sort()).toEqual([
          'channel_fact_id',
          'channel_type',
          'requested_as',
          'right',
          'status',
          'submission_id',
          'vendor_channel_id',
          'vendor_id',
        ]);
      }
      const submission = await ctx.db('submissions').where({ public_id: submitted.body.submission_id }).first();
      expect(submission.status).toBe('verified');
      expect(
        (await ctx.db('events').where({ subject_type: 'submission', subject_id: submission.id }).pluck('type')).sort(),
      ).toEqual(['submission_received', 'submission_verified', 'verification_sent']);
    });

    test('then a registry change made after its vendors were cached is seen: the submission is planned again against it', async () => {
      const slug = await privateVendorFrom(ctx.db, 'ntt-communications');
      const first = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ vendors: [slug] }));
      expect(first.body.planned[0].channel).toBeNull(); // the vendor is now in this process's registry cache
      const staff = await createAccountWithPassword(ctx.db, 'staff');
      const vendor = await ctx.db('vendors').where({ slug }).first('id');
      await ctx.db('vendor_channels').insert({
        vendor_id: vendor.id,
        type: 'email',
        value: 'privacy@ntt.example',
        source: 'https://ntt.example/contact',
        source_kind: 'url',
        added_by: staff.id,
      });

      const body = intakeBody({ vendors: [slug] });
      const second = await request(ctx.app).post('/api/requests').send(body);
      expect(second.status).toBe(202);
      expect(second.body.planned[0].channel).toEqual({ type: 'email', value: 'privacy@ntt.example' });
      expect(second.body.planned[0].warnings.map((w: { code: string }) => w.code)).not.toContain('no_usable_contact');
      // the attempt planned from the stale cache stored nothing
      const stored = await ctx
        .db('submissions as s')
        .join('requesters as r', 'r.id', 's.requester_id')
        .where('r.email', body.requester.email)
        .select('s.public_id', 's.plan');
      expect(stored.map((s) => s.public_id)).toEqual([second.body.submission_id]);
    });

    test('then the same link used twice answers 410 and creates nothing more', async () => {
      const { submission } = await submitAndVerify(ctx);
      const token = await storedVerificationToken(ctx, submission.submission_id);
      const again = await request(ctx.app).post('/api/verify').send({ token });
      expect(again.status).toBe(410);
      expect(again.headers['content-type']).toMatch(PROBLEM);
      expect(again.body).toMatchObject({ status: 410, reason: 'used' });
      const row = await ctx.db('submissions').where({ public_id: submission.submission_id }).first('id');
      expect(await ctx.db('requests').where({ submission_id: row.id })).toHaveLength(1);
    });
  });

  describe('when the consumer asks to opt out', () => {
    test.each([
      ['US-CA', 'sonos', 'opt_out_sale'],
      ['GB', 'sonos', 'objection'],
      ['SE', 'sony-network-communications-nordics', 'objection'],
    ])('in %s to %s, then the plan uses the jurisdiction’s right (%s)', async (jurisdiction, vendor, right) => {
      const res = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ jurisdiction, rights: ['opt_out'], vendors: [vendor] }));
      expect(res.status).toBe(202);
      expect(res.body.planned).toEqual([expect.objectContaining({ vendor, right, requested_as: 'opt_out' })]);
    });

    test('in California to a vendor that says it does not sell, then a cited does-not-sell warning comes back', async () => {
      const res = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ rights: ['opt_out'], vendors: ['sonos'] }));
      expect(res.body.planned[0].warnings).toContainEqual(
        expect.objectContaining({
          code: 'does_not_sell',
          vendor: 'sonos',
          citation: expect.objectContaining({ quote: 'And we do not and will not sell your data to third parties.' }),
        }),
      );
      expect(res.body.warnings.map((w: { code: string }) => w.code)).toContain('does_not_sell');
    });

    test('in Nevada to Sony Headphones Connect with the address it requires, then it goes by its US postal address with its warnings', async () => {
      const res = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ jurisdiction: 'US-NV', rights: ['opt_out'], vendors: ['sony-headphones-connect'] }));
      expect(res.status).toBe(202);
      const [planned] = res.body.planned;
      expect(planned).toMatchObject({
        right: 'nevada_opt_out',
        channel: { type: 'postal', value: expect.stringContaining('Sony Electronics Inc.') },
      });
      const codes = planned.warnings.map((w: { code: string }) => w.code);
      expect(codes).toEqual(expect.arrayContaining(['does_not_sell', 'contact_gap']));
    });
  });

  test('when a vendor tells consumers to go elsewhere first, then its routing notes come back with their quotes', async () => {
    const res = await request(ctx.app)
      .post('/api/requests')
      .send(intakeBody({ jurisdiction: 'SE', rights: ['access'], vendors: ['sony-network-communications-nordics'] }));
    expect(res.status).toBe(202);
    const routing = res.body.planned[0].warnings.filter((w: { code: string }) => w.code === 'routing');
    expect(routing.length).toBeGreaterThanOrEqual(1);
    expect(routing[0].citation.quote).toContain('Provider');
    expect(res.body.planned[0].channel).toEqual({ type: 'email', value: 'legalnotices.nce@sony.com' });
  });

  test('when the jurisdiction is Japan, then the answer says the law sets no fixed number of days', async () => {
    const res = await request(ctx.app)
      .post('/api/requests')
      .send(intakeBody({ jurisdiction: 'JP', rights: ['access'], vendors: ['ntt-sonority'] }));
    expect(res.status).toBe(202);
    expect(res.body.warnings).toContainEqual(expect.objectContaining({ code: 'no_fixed_deadline' }));
  });

  describe('when the resend endpoint is used', () => {
    test('then a new link is mailed, the old one stops working (410) and the new one verifies', async () => {
      const body = intakeBody();
      const submitted = await request(ctx.app).post('/api/requests').send(body);
      const first = await storedVerificationToken(ctx, submitted.body.submission_id);
      const resent = await request(ctx.app).post(
        `/api/submissions/${submitted.body.submission_id}/resend-verification`,
      );
      expect(resent.status).toBe(202);
      expect(resent.body).toMatchObject({
        submission_id: submitted.body.submission_id,
        status: 'pending_verification',
      });
      const second = await storedVerificationToken(ctx, submitted.body.submission_id);
      expect(second).not.toBe(first);
      const old = await request(ctx.app).post('/api/verify').send({ token: first });
      expect(old.status).toBe(410);
      expect(old.body.reason).toBe('replaced');
      expect((await request(ctx.app).post('/api/verify').send({ token: second })).status).toBe(200);
      const id = (await ctx.db('submissions').where({ public_id: submitted.body.submission_id }).first('id')).id;
      expect(await ctx.db('outbound_emails').where({ related_type: 'submission', related_id: id })).toHaveLength(2);
      expect(
        await ctx.db('events').where({ subject_type: 'submission', subject_id: id, type: 'verification_resent' }),
      ).toHaveLength(1);
    });

    test('then an already verified submission answers 409 and an unknown one 404', async () => {
      const { submission } = await submitAndVerify(ctx);
      expect(
        (await request(ctx.app).post(`/api/submissions/${submission.submission_id}/resend-verification`)).status,
      ).toBe(409);
      const unknown = await request(ctx.app).post(
        '/api/submissions/00000000-0000-4000-8000-000000000000/resend-verification',
      );
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(PROBLEM);
    });
  });

  describe('when a link is unknown or expired', () => {
    test('then an unknown token answers 404 problem+json', async () => {
      const res = await request(ctx.app)
        .post('/api/verify')
        .send({ token: 'A'.repeat(43) });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.detail).toMatch(/not valid/);
    });

    test('then a link older than 48 hours answers 410 and creates no request', async () => {
      const clock = fixedClock('2026-03-02T10:00:00Z');
      const timed = createIntakeContext({ clock });
      try {
        const submitted = await request(timed.app).post('/api/requests').send(intakeBody());
        expect(submitted.body.verification.expires_at).toBe('2026-03-04T10:00:00.000Z');
        const token = await storedVerificationToken(timed, submitted.body.submission_id);
        clock.advance(48 * 3600 * 1000 + 1000);
        const res = await request(timed.app).post('/api/verify').send({ token });
        expect(res.status).toBe(410);
        expect(res.body).toMatchObject({
          reason: 'expired',
          detail: expect.stringContaining('2026-03-04T10:00:00.000Z'),
        });
        const id = (await timed.db('submissions').where({ public_id: submitted.body.submission_id }).first('id')).id;
        expect(await timed.db('requests').where({ submission_id: id })).toHaveLength(0);
      } finally {
        await timed.close();
      }
    });
  });

  describe('when the submission is invalid', () => {
    const expect422 = async (body: unknown, field: string, message?: RegExp) => {
      const res = await request(ctx.app)
        .post('/api/requests')
        .send(body as object);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('validation_failed');
      expect(fields(res)).toContain(field);
      if (message) expect(res.body.errors.find((e: { field: string }) => e.field === field).message).toMatch(message);
      return res;
    };

    test('then an unknown jurisdiction is named with the supported list', () =>
      expect422(intakeBody({ jurisdiction: 'XX' }), 'jurisdiction', /supported: .*US-CA/));
    test('then Shine the Light outside California names rights.1', () =>
      expect422(intakeBody({ jurisdiction: 'SE', rights: ['access', 'shine_the_light'] }), 'rights.1', /not a right/));
    test('then an opt-out in Japan names rights.0', () =>
      expect422(
        intakeBody({ jurisdiction: 'JP', rights: ['opt_out'], vendors: ['ntt-sonority'] }),
        'rights.0',
        /no opt-out/,
      ));
    test('then access in Nevada (opt-out of sale only) names rights.0', () =>
      expect422(intakeBody({ jurisdiction: 'US-NV', rights: ['access'] }), 'rights.0', /nevada_opt_out/));
    test('then a sale opt-out under the GDPR points to objection', () =>
      expect422(intakeBody({ jurisdiction: 'SE', rights: ['opt_out_sale'] }), 'rights.0', /objection/));
    test('then an unknown right names rights.0', () => expect422(intakeBody({ rights: ['teleport'] }), 'rights.0'));
    test('then an unknown vendor names vendors.1', () =>
      expect422(intakeBody({ vendors: ['sonos', 'no-such-vendor'] }), 'vendors.1', /unknown vendor/));
    test('then a correction without corrections names corrections', () =>
      expect422(intakeBody({ rights: ['correction'] }), 'corrections'));
    test('then corrections on a request that is not a correction are refused naming corrections', () =>
      expect422(
        intakeBody({ rights: ['access'], corrections: [{ field: 'name', corrected: 'Jane Doe' }] }),
        'corrections',
        /correction request/,
      ));
    test('then empty vendors and rights are named', async () => {
      const res = await expect422(intakeBody({ vendors: [], rights: [] }), 'vendors');
      expect(fields(res)).toContain('rights');
    });
    test('then more than 50 vendors are refused', () =>
      expect422(intakeBody({ vendors: Array.from({ length: 51 }, (_, i) => `v${i}`) }), 'vendors', /at most 50/));
    test('then a bad email names requester.email', () =>
      expect422(intakeBody({ requester: { email: 'not-an-email' } }), 'requester.email'));

    test('then a vendor-required address missing for Sony Headphones Connect in Nevada names requester.address and its postal code', async () => {
      const body = intakeBody({
        jurisdiction: 'US-NV',
        rights: ['opt_out'],
        vendors: ['sony-headphones-connect'],
        requester: { address: undefined },
      });
      const res = await expect422(body, 'requester.address', /Sony.*requires "mailing_address"/);
      expect(fields(res)).toContain('requester.address.postal_code');
      expect(await ctx.db('requesters').where({ email: body.requester.email })).toHaveLength(0);
    });

    test('then a correction with corrections is accepted and stored with the submission', async () => {
      const corrections = [{ field: 'surname', current: 'Smiht', corrected: 'Smith' }];
      const res = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ rights: ['correction'], corrections }));
      expect(res.status).toBe(202);
      expect((await ctx.db('submissions').where({ public_id: res.body.submission_id }).first()).corrections).toEqual(
        corrections,
      );
    });
  });

  describe('when the same request is already open (issue 16: the duplicate check must leak nothing)', () => {
    /** What a submitter sees: everything but the values that differ on every submission. */
    const visible = (res: request.Response) => {
      const { submission_id: _id, verification: _v, ...rest } = res.body as Record<string, unknown>;
      return {
        status: res.status,
        contentType: res.headers['content-type'],
        body: rest,
        keys: Object.keys(res.body).sort(),
      };
    };
    const verifyMailOf = async (publicId: string) => {
      const submission = await ctx.db('submissions').where({ public_id: publicId }).first('id');
      await storedVerificationToken(ctx, publicId);
      return ctx
        .db('outbound_emails')
        .where({ related_type: 'submission', related_id: submission.id, template: 'consumer_verify' })
        .orderBy('id', 'desc')
        .first();
    };

    test('then a stranger typing that email gets exactly the answer an unknown email gets, naming no request, with or without confirm_duplicates', async () => {
      const email = uniqueEmail('dup');
      const first = await submitAndVerify(ctx, intakeBody({ requester: { email } }));
      const reference = first.verified.requests[0]!.reference;
      for (const extra of [{}, { confirm_duplicates: true }]) {
        const stranger = await request(ctx.app)
          .post('/api/requests')
          .send(
            intakeBody({
              requester: { email: email.toUpperCase(), name: 'A Stranger' },
              rights: ['access', 'deletion'],
              ...extra,
            }),
          );
        const control = await request(ctx.app)
          .post('/api/requests')
          .send(
            intakeBody({
              requester: { email: uniqueEmail('nobody'), name: 'A Stranger' },
              rights: ['access', 'deletion'],
              ...extra,
            }),
          );
        expect(stranger.status).toBe(202);
        expect(visible(stranger)).toEqual(visible(control));
        expect(stranger.text).not.toContain(reference);
        expect(stranger.text).not.toMatch(/duplicate|already/i);
      }
    });

    test('then the verification email, to the address owner only, names the open request; following it files anyway and records that', async () => {
      const email = uniqueEmail('dup');
      const first = await submitAndVerify(ctx, intakeBody({ requester: { email } }));
      const reference = first.verified.requests[0]!.reference;
      const again = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ requester: { email }, rights: ['access', 'deletion'] }));
      expect(again.status).toBe(202);
      const mail = await verifyMailOf(again.body.submission_id);
      expect(mail.to_address).toBe(email);
      expect(mail.text_body).toContain(
        `You already have an open request for the same thing:\n\n- ${reference}: Sonos, Inc., access to personal information, filed on`,
      );
      expect(mail.text_body).toMatch(
        /If you confirm, it is sent again as new requests\. To send nothing new, ignore this email\./,
      );
      expect(mail.html_body).toContain(reference);
      const token = await storedVerificationToken(ctx, again.body.submission_id);
      const verified = await request(ctx.app).post('/api/verify').send({ token });
      expect(verified.status).toBe(200);
      expect(verified.body.requests).toHaveLength(2);
      const submission = await ctx.db('submissions').where({ public_id: again.body.submission_id }).first();
      expect(submission.confirmed_duplicates).toBe(true);
      const event = await ctx
        .db('events')
        .where({ subject_type: 'submission', subject_id: submission.id, type: 'submission_verified' })
        .first();
      expect(event.data.duplicates_confirmed).toEqual([reference]);
    });

    test('then a closed request is no duplicate: the email names none', async () => {
      const email = uniqueEmail('dup');
      const first = await submitAndVerify(ctx, intakeBody({ requester: { email } }));
      await ctx
        .db('requests')
        .where({ id: first.verified.requests[0]!.id })
        .update({ status: 'completed', closed_at: new Date() });
      const again = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ requester: { email } }));
      expect(again.status).toBe(202);
      const mail = await verifyMailOf(again.body.submission_id);
      expect(mail.text_body).not.toContain('already have');
      expect(mail.text_body).not.toContain(first.verified.requests[0]!.reference);
    });
  });

  test('when the verification email is sent, then it says what the click confirms: each company, each right and the warnings, before any link', async () => {
    const body = intakeBody({ rights: ['access', 'deletion'], vendors: ['sonos', 'ntt-sonority'] });
    const res = await request(ctx.app).post('/api/requests').send(body);
    expect(res.status).toBe(202);
    await storedVerificationToken(ctx, res.body.submission_id);
    const submission = await ctx.db('submissions').where({ public_id: res.body.submission_id }).first('id');
    const mail = await ctx
      .db('outbound_emails')
      .where({ related_type: 'submission', related_id: submission.id, template: 'consumer_verify' })
      .first();
    const text: string = mail.text_body;
    const link = text.indexOf('/verify/');
    expect(mail.subject).toBe('Confirm the data-rights requests to be sent in your name');
    expect(text).toMatch(/- To Sonos, Inc\.: access to personal information and deletion of personal information\n/);
    expect(text).toMatch(/- To NTT[^:]*: access to personal information and deletion of personal information\n/);
    const stopWorking = text.search(/- Sonos, Inc\.: [^\n]*your Sonos products will stop working/);
    expect(stopWorking).toBeGreaterThan(-1);
    expect(stopWorking).toBeLessThan(link);
    expect(text.indexOf('To Sonos')).toBeLessThan(link);
    // every warning the submitter was shown is in the email, ahead of the link
    for (const w of res.body.warnings as { message: string }[]) {
      const at = text.indexOf(w.message.replace(/\s+/g, ' ').slice(0, 40));
      expect(at).toBeGreaterThan(-1);
      expect(at).toBeLessThan(link);
    }
    expect(mail.html_body).toMatch(
      /To Sonos, Inc\.: access to personal information and deletion of personal information/,
    );
    expect(mail.html_body).toContain('Confirm and send these requests');
  });

  describe('when many submissions arrive at once (they are stored in batches, one statement each)', () => {
    test('then each answer names its own submission, stored with its own requester, verification job and event', async () => {
      const bodies = Array.from({ length: 25 }, () => intakeBody());
      const answers = await Promise.all(bodies.map((body) => request(ctx.app).post('/api/requests').send(body)));
      expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 202));
      for (const [i, answer] of answers.entries()) {
        const submission = await ctx.db('submissions').where({ public_id: answer.body.submission_id }).first();
        const requester = await ctx.db('requesters').where({ id: submission.requester_id }).first();
        expect(requester).toMatchObject({ email: bodies[i]!.requester.email, name: bodies[i]!.requester.name });
        expect(await ctx.db('outbox').where({ job_id: `issue-verification-${submission.id}` })).toHaveLength(1);
        const events = await ctx
          .db('events')
          .where({ subject_type: 'submission', subject_id: submission.id, type: 'submission_received' });
        expect(events).toEqual([
          expect.objectContaining({
            type: 'submission_received',
            actor_id: String(requester.id),
            occurred_at: submission.created_at,
            data: expect.objectContaining({ requester_id: requester.id, jurisdiction: 'US-CA', rights: ['access'] }),
          }),
        ]);
      }
    });

    test('then one submission the database refuses fails alone: the others in its batch are stored', async () => {
      const refused = `Refused ${uniqueEmail('batch')}`;
      await ctx.db.raw(
        `create or replace function test_refuse_requester() returns trigger language plpgsql as $$
           begin if new.name = '${refused}' then raise exception 'refused for the test'; end if; return new; end $$`,
      );
      await ctx.db.raw(
        'create trigger test_refuse_requester before insert on requesters for each row execute function test_refuse_requester()',
      );
      try {
        const bodies = Array.from({ length: 12 }, (_, i) =>
          intakeBody(i === 5 ? { requester: { name: refused } } : {}),
        );
        const answers = await Promise.all(bodies.map((body) => request(ctx.app).post('/api/requests').send(body)));
        expect(answers.map((a) => a.status)).toEqual(bodies.map((_, i) => (i === 5 ? 500 : 202)));
        expect(answers[5]!.headers['content-type']).toMatch(PROBLEM);
        for (const [i, body] of bodies.entries())
          expect(await ctx.db('requesters').where({ email: body.requester.email })).toHaveLength(i === 5 ? 0 : 1);
      } finally {
        await ctx.db.raw('drop trigger test_refuse_requester on requesters');
        await ctx.db.raw('drop function test_refuse_requester()');
      }
    });
  });

  describe('when an Idempotency-Key is sent', () => {
    test('then a retry with the same body replays the stored response and stores nothing more', async () => {
      const body = intakeBody();
      const key = `key-${body.requester.email}`;
      const first = await request(ctx.app).post('/api/requests').set('Idempotency-Key', key).send(body);
      const again = await request(ctx.app).post('/api/requests').set('Idempotency-Key', key).send(body);
      expect(again.status).toBe(first.status);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await ctx.db('requesters').where({ email: body.requester.email })).toHaveLength(1);
      const stored = await ctx.db('submissions').where({ public_id: first.body.submission_id });
      expect(stored).toHaveLength(1);
      expect(
        await ctx
          .db('outbox')
          .where({ job_name: 'issue-verification' })
          .whereRaw("(payload->>'submissionId')::bigint = ?", [stored[0].id]),
      ).toHaveLength(1);
    });

    test('then concurrent retries with the same key create one submission', async () => {
      const body = intakeBody();
      const key = `key-${body.requester.email}`;
      const answers = await Promise.all(
        [1, 2, 3].map(() => request(ctx.app).post('/api/requests').set('Idempotency-Key', key).send(body)),
      );
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      expect(new Set(answers.map((a) => a.body.submission_id)).size).toBe(1);
      expect(await ctx.db('requesters').where({ email: body.requester.email })).toHaveLength(1);
    });

    test('then the same key with another body answers 422 naming Idempotency-Key', async () => {
      const body = intakeBody();
      const key = `key-${body.requester.email}`;
      await request(ctx.app).post('/api/requests').set('Idempotency-Key', key).send(body);
      const res = await request(ctx.app)
        .post('/api/requests')
        .set('Idempotency-Key', key)
        .send({ ...body, rights: ['deletion'] });
      expect(res.status).toBe(422);
      expect(fields(res)).toEqual(['Idempotency-Key']);
    });
  });
});

describe('intake rate limits (Redis-backed, each test with its own key prefix)', () => {
  const contexts: TestContext[] = [];
  const make = (options: Parameters<typeof createIntakeContext>[0]) => {
    const c = createIntakeContext(options);
    contexts.push(c);
    return c;
  };
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
  });
  const minute = 60_000;

  test('when one address submits more than its limit, then it gets a 429 problem with Retry-After', async () => {
    const c = make({ rateLimits: { intakeIp: { limit: 2, windowMs: minute } } });
    const ip = '203.0.113.7';
    for (let i = 0; i < 2; i++)
      expect((await request(c.app).post('/api/requests').set('X-Forwarded-For', ip).send(intakeBody())).status).toBe(
        202,
      );
    const res = await request(c.app).post('/api/requests').set('X-Forwarded-For', ip).send(intakeBody());
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // another address is not affected
    expect(
      (await request(c.app).post('/api/requests').set('X-Forwarded-For', '203.0.113.8').send(intakeBody())).status,
    ).toBe(202);
  });

  test('when one email submits from many addresses, then the per-email limit holds, and Redis holds no address', async () => {
    const c = make({ rateLimits: { intakeEmail: { limit: 1, windowMs: minute } } });
    const email = uniqueEmail('limited');
    expect(
      (
        await request(c.app)
          .post('/api/requests')
          .set('X-Forwarded-For', '198.51.100.1')
          .send(intakeBody({ requester: { email } }))
      ).status,
    ).toBe(202);
    const res = await request(c.app)
      .post('/api/requests')
      .set('X-Forwarded-For', '198.51.100.2')
      .send(intakeBody({ requester: { email }, confirm_duplicates: true }));
    expect(res.status).toBe(429);
    const keys = await c.redis.keys(`${c.config.queuePrefix}:rl:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain(email);
  });

  test('when submissions are refused (422), then they do not use up the hourly limits: only accepted ones count', async () => {
    const c = make({
      rateLimits: { intakeIp: { limit: 2, windowMs: minute }, intakeEmail: { limit: 2, windowMs: minute } },
    });
    const ip = '203.0.113.90';
    const email = uniqueEmail('fixing');
    for (const broken of [
      { jurisdiction: 'XX' },
      { rights: ['teleport'] },
      { vendors: ['no-such-vendor'] },
      { requester: { email, name: 'Nul\u0000' } },
    ]) {
      const res = await request(c.app)
        .post('/api/requests')
        .set('X-Forwarded-For', ip)
        .send(intakeBody({ requester: { email }, ...broken }));
      expect(res.status).toBe(422);
    }
    for (let i = 0; i < 2; i++)
      expect(
        (
          await request(c.app)
            .post('/api/requests')
            .set('X-Forwarded-For', ip)
            .send(intakeBody({ requester: { email } }))
        ).status,
      ).toBe(202);
    // the limit still holds for accepted ones, and a refused attempt over it is not counted either
    expect(
      (
        await request(c.app)
          .post('/api/requests')
          .set('X-Forwarded-For', ip)
          .send(intakeBody({ requester: { email } }))
      ).status,
    ).toBe(429);
  });

  test('when one limiter refuses a submission, then the other limiter (checked at the same time) does not count it', async () => {
    const c = make({
      rateLimits: { intakeIp: { limit: 1, windowMs: minute }, intakeEmail: { limit: 1, windowMs: minute } },
    });
    const ip = '203.0.113.120';
    const refusedEmail = uniqueEmail('refused-by-address');
    expect((await request(c.app).post('/api/requests').set('X-Forwarded-For', ip).send(intakeBody())).status).toBe(202);
    // over the address's limit: refused, and the email's limit must not be used up by it
    const refused = await request(c.app)
      .post('/api/requests')
      .set('X-Forwarded-For', ip)
      .send(intakeBody({ requester: { email: refusedEmail } }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(
      (
        await request(c.app)
          .post('/api/requests')
          .set('X-Forwarded-For', '203.0.113.121')
          .send(intakeBody({ requester: { email: refusedEmail } }))
      ).status,
    ).toBe(202);
  });

  test('when an answer is sent, then it names the tightest of its limits in the RateLimit headers', async () => {
    const c = make({
      rateLimits: { intakeIp: { limit: 5, windowMs: minute }, intakeEmail: { limit: 2, windowMs: 2 * minute } },
    });
    const res = await request(c.app).post('/api/requests').set('X-Forwarded-For', '203.0.113.140').send(intakeBody());
    expect(res.status).toBe(202);
    expect(res.headers['ratelimit-policy']).toBe('2;w=120');
    expect(res.headers['ratelimit']).toMatch(/^limit=2, remaining=1, reset=(119|120)$/);
  });

  test('when Redis restarts empty, then intake fails open while it is away and the limits count afresh once it is back', async () => {
    const config = testConfig();
    const proxy = await startTcpProxy(hostPort(config.redisUrl, 6379));
    const direct = new IORedis(config.redisUrl);
    try {
      const c = make({
        config,
        redisUrl: withPort(config.redisUrl, proxy.port),
        rateLimits: { intakeIp: { limit: 1, windowMs: minute } },
      });
      const submit = () =>
        request(c.app).post('/api/requests').set('X-Forwarded-For', '203.0.113.150').send(intakeBody());
      expect((await submit()).status).toBe(202);
      expect((await submit()).status).toBe(429);
      // Redis restarts without persistence: connections drop, and the counters (and the scripts it had loaded) are gone
      proxy.cut();
      const counters = await direct.keys(`${config.queuePrefix}:rl:*`);
      expect(counters.filter((key) => key.includes(':rl:intakeIp:'))).toHaveLength(1);
      await direct.del(...counters);
      expect((await submit()).status).toBe(202); // fails open while Redis is away
      proxy.restore();
      await waitFor(
        () => c.redis.status,
        (status) => status === 'ready',
        'the API reconnected to Redis',
      );
      expect((await submit()).status).toBe(202);
      expect((await submit()).status).toBe(429);
    } finally {
      direct.disconnect();
      await proxy.close();
    }
  });

  test('when two API processes share Redis, then the limit holds across them', async () => {
    const config = testConfig(); // one fresh key prefix, shared by the two "processes" below
    const limits = { intakeIp: { limit: 2, windowMs: minute } };
    const a = make({ config, rateLimits: limits });
    const b = make({ config, rateLimits: limits });
    const ip = '192.0.2.44';
    expect((await request(a.app).post('/api/requests').set('X-Forwarded-For', ip).send(intakeBody())).status).toBe(202);
    expect((await request(b.app).post('/api/requests').set('X-Forwarded-For', ip).send(intakeBody())).status).toBe(202);
    expect((await request(a.app).post('/api/requests').set('X-Forwarded-For', ip).send(intakeBody())).status).toBe(429);
  });

  test('when verification attempts exceed the limit, then they get 429', async () => {
    const c = make({ rateLimits: { verifyIp: { limit: 2, windowMs: minute } } });
    const ip = '192.0.2.45';
    for (let i = 0; i < 2; i++)
      expect(
        (
          await request(c.app)
            .post('/api/verify')
            .set('X-Forwarded-For', ip)
            .send({ token: 'B'.repeat(43) })
        ).status,
      ).toBe(404);
    expect(
      (
        await request(c.app)
          .post('/api/verify')
          .set('X-Forwarded-For', ip)
          .send({ token: 'B'.repeat(43) })
      ).status,
    ).toBe(429);
  });

  test('when a submission asks for more resends than allowed, then it gets 429 and no further email', async () => {
    const c = make({ rateLimits: { resendSubmission: { limit: 1, windowMs: minute } } });
    const submitted = await request(c.app).post('/api/requests').send(intakeBody());
    await storedVerificationToken(c, submitted.body.submission_id); // the first link, as the worker issues it
    const path = `/api/submissions/${submitted.body.submission_id}/resend-verification`;
    expect((await request(c.app).post(path).set('X-Forwarded-For', '192.0.2.50')).status).toBe(202);
    expect((await request(c.app).post(path).set('X-Forwarded-For', '192.0.2.51')).status).toBe(429);
    const id = (await c.db('submissions').where({ public_id: submitted.body.submission_id }).first('id')).id;
    expect(await c.db('outbound_emails').where({ related_type: 'submission', related_id: id })).toHaveLength(2);
  });

  test('when Redis is unreachable, then intake fails open (202, mail still queued) and resend fails closed (503)', async () => {
    const c = make({ rateLimits: { intakeIp: { limit: 1, windowMs: minute } }, redisUrl: 'redis://127.0.0.1:1' });
    const body = intakeBody();
    for (let i = 0; i < 2; i++) {
      const res = await request(c.app)
        .post('/api/requests')
        .set('X-Forwarded-For', '192.0.2.60')
        .send(i === 0 ? body : intakeBody());
      expect(res.status).toBe(202);
    }
    const submitted = await c
      .db('submissions as s')
      .join('requesters as r', 'r.id', 's.requester_id')
      .where('r.email', body.requester.email)
      .first('s.id', 's.public_id');
    expect(await c.db('outbox').where({ job_id: `issue-verification-${submitted.id}` })).toHaveLength(1);
    const resend = await request(c.app).post(`/api/submissions/${submitted.public_id}/resend-verification`);
    expect(resend.status).toBe(503);
    expect(resend.body.code).toBe('dependency_unavailable');
  });
});
