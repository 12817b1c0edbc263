import request from 'supertest';
import { createIntakeContext, intakeBody, storedVerificationToken, submitAndVerify } from '../factories/intake';
import { fixedClock, type TestContext } from '../setup/context';

const PROBLEM = /application\/problem\+json/;

describe('consumer access: GET /api/requests/:id and GET /api/submissions/:id with the access token', () => {
  let ctx: TestContext;
  let alice: Awaited<ReturnType<typeof submitAndVerify>>;
  let bob: Awaited<ReturnType<typeof submitAndVerify>>;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ctx = createIntakeContext();
    alice = await submitAndVerify(ctx, intakeBody({ rights: ['access', 'deletion'], vendors: ['sonos'] }));
    bob = await submitAndVerify(ctx, intakeBody({ rights: ['access'], vendors: ['sonos'] }));
  });
  afterAll(() => ctx.close());

  test('when the consumer reads their request, then it shows status, channel, timeline and the planned deadline', async () => {
    const mine = alice.verified.requests[0]!;
    const res = await request(ctx.app).get(`/api/requests/${mine.id}`).set(auth(alice.verified.access.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: mine.id,
      reference: mine.reference,
      vendor: { slug: 'sonos' },
      right: 'access',
      jurisdiction: 'US-CA',
      status: 'ready_to_dispatch',
      channel: { type: 'email', value: 'privacy@sonos.com' },
    });
    expect(res.body.timeline).toEqual([expect.objectContaining({ type: 'request_created', actor: 'consumer' })]);
    // Not yet received by the vendor: no deadline row, so the deadline is computed (not stored) as if it arrived today.
    expect(res.body.deadline).toMatchObject({
      source: 'planned',
      regime: 'CCPA',
      due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(res.body.deadline.explanation[0]).toMatch(/Not yet received/);
    expect(JSON.stringify(res.body)).not.toContain(alice.body.requester.email);
  });

  test('when the request is looked up by its reference, then the same request comes back', async () => {
    const mine = alice.verified.requests[1]!;
    const res = await request(ctx.app).get(`/api/requests/${mine.reference}`).set(auth(alice.verified.access.token));
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(mine.id);
  });

  test('when the consumer lists their submission, then it holds exactly their requests', async () => {
    const res = await request(ctx.app)
      .get(`/api/submissions/${alice.verified.submission_id}`)
      .set(auth(alice.verified.access.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      submission_id: alice.verified.submission_id,
      status: 'verified',
      jurisdiction: 'US-CA',
    });
    expect(res.body.requests.map((r: { reference: string }) => r.reference).sort()).toEqual(
      alice.verified.requests.map((r) => r.reference).sort(),
    );
  });

  describe("when a consumer asks for someone else's data", () => {
    test("then another consumer's request id answers 404, not 403", async () => {
      const res = await request(ctx.app)
        .get(`/api/requests/${bob.verified.requests[0]!.id}`)
        .set(auth(alice.verified.access.token));
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });

    test("then another consumer's reference answers 404", async () => {
      expect(
        (
          await request(ctx.app)
            .get(`/api/requests/${bob.verified.requests[0]!.reference}`)
            .set(auth(alice.verified.access.token))
        ).status,
      ).toBe(404);
    });

    test("then another consumer's submission answers 404", async () => {
      expect(
        (
          await request(ctx.app)
            .get(`/api/submissions/${bob.verified.submission_id}`)
            .set(auth(alice.verified.access.token))
        ).status,
      ).toBe(404);
    });

    test('then a request id that does not exist answers the same 404', async () => {
      const missing = await request(ctx.app).get('/api/requests/999999999').set(auth(alice.verified.access.token));
      const foreign = await request(ctx.app)
        .get(`/api/requests/${bob.verified.requests[0]!.id}`)
        .set(auth(alice.verified.access.token));
      expect(missing.status).toBe(404);
      expect(missing.body.detail).toBe(foreign.body.detail);
    });
  });

  describe('when the access token is missing, wrong or expired', () => {
    test('then no token answers 401 naming Authorization', async () => {
      const res = await request(ctx.app).get(`/api/requests/${alice.verified.requests[0]!.id}`);
      expect(res.status).toBe(401);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Authorization' })]);
    });

    test('then an unknown token answers 401', async () => {
      expect(
        (
          await request(ctx.app)
            .get(`/api/requests/${alice.verified.requests[0]!.id}`)
            .set(auth('C'.repeat(43)))
        ).status,
      ).toBe(401);
    });

    test('then the verification token is not an access token', async () => {
      const verificationToken = await storedVerificationToken(ctx, alice.verified.submission_id);
      const res = await request(ctx.app)
        .get(`/api/submissions/${alice.verified.submission_id}`)
        .set(auth(verificationToken));
      expect(res.status).toBe(401);
    });

    test('then a token whose requests all closed longer ago than the retention period answers 401', async () => {
      const clock = fixedClock('2026-05-01T12:00:00Z');
      const timed = createIntakeContext({ clock });
      try {
        const carol = await submitAndVerify(timed);
        const path = `/api/submissions/${carol.verified.submission_id}`;
        clock.advance(30 * 24 * 3600 * 1000 + 1000);
        // still open: a consumer is never locked out of a running request
        expect((await request(timed.app).get(path).set(auth(carol.verified.access.token))).status).toBe(200);
        await timed
          .db('requests')
          .where({
            submission_id: (
              await timed.db('submissions').where({ public_id: carol.verified.submission_id }).first('id')
            ).id,
          })
          .update({ status: 'closed', closed_at: clock.now() });
        clock.advance((timed.config.retentionDays + 1) * 24 * 3600 * 1000);
        expect((await request(timed.app).get(path).set(auth(carol.verified.access.token))).status).toBe(401);
      } finally {
        await timed.close();
      }
    });
  });

  test('when the deadline has started, then the stored deadline is shown instead of a planned one', async () => {
    const hasTable = (await ctx.db.raw("select to_regclass('public.request_deadlines')::text as t")).rows[0].t;
    if (!hasTable) return; // the deadlines feature's table is not migrated in this database
    const dave = await submitAndVerify(ctx);
    const id = dave.verified.requests[0]!.id;
    await ctx.db('request_deadlines').insert({
      request_id: id,
      regime: 'CCPA',
      rules_version: 'test',
      received_at: new Date('2026-03-01T17:00:00Z'),
      received_on: '2026-03-01',
      due: '2026-04-15',
      effective_due: '2026-04-15',
      state: JSON.stringify({ explanation: ['45 calendar days from receipt'], basis: [] }),
    });
    const res = await request(ctx.app).get(`/api/requests/${id}`).set(auth(dave.verified.access.token));
    expect(res.body.deadline).toMatchObject({
      source: 'clock',
      due: '2026-04-15',
      effective_due: '2026-04-15',
      explanation: ['45 calendar days from receipt'],
    });
  });
});
