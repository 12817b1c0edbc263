import request from 'supertest';
import { createIntakeContext, intakeBody, storedVerificationToken } from '../factories/intake';
import type { TestContext } from '../setup/context';

/**
 * Issue #18: a consumer who clicks the verification link while asking for a new one (two tabs, a double click)
 * must never get a 500. Verification and resend lock the same rows in the same order (the submission, then its
 * tokens), so they queue behind each other instead of deadlocking.
 */
describe('verify and resend-verification at once', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createIntakeContext();
  });
  afterAll(() => ctx.close());

  test('when 40 submissions are verified and resent concurrently, then no answer is a 5xx and each submission ends in one consistent state', async () => {
    const submissions: { id: string; token: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const submitted = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ vendors: ['sonos'], rights: ['access'] }));
      expect(submitted.status).toBe(202);
      submissions.push({
        id: submitted.body.submission_id,
        token: await storedVerificationToken(ctx, submitted.body.submission_id),
      });
    }
    const answers = await Promise.all(
      submissions.flatMap((s) => [
        request(ctx.app)
          .post('/api/verify')
          .send({ token: s.token })
          .then((r) => ({ kind: 'verify', id: s.id, status: r.status })),
        request(ctx.app)
          .post(`/api/submissions/${s.id}/resend-verification`)
          .send({})
          .then((r) => ({ kind: 'resend', id: s.id, status: r.status })),
      ]),
    );
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    for (const s of submissions) {
      const verify = answers.find((a) => a.id === s.id && a.kind === 'verify')!;
      const resend = answers.find((a) => a.id === s.id && a.kind === 'resend')!;
      // either the link was redeemed first (the resend finds it verified: 409), or the resend replaced it (410)
      expect([
        [200, 409],
        [410, 202],
      ]).toContainEqual([verify.status, resend.status]);
      const row = await ctx.db('submissions').where({ public_id: s.id }).first('id', 'status');
      expect(row.status).toBe(verify.status === 200 ? 'verified' : 'pending_verification');
      const requests = await ctx.db('requests').where({ submission_id: row.id }).count({ n: '*' });
      expect(Number(requests[0]!.n)).toBe(verify.status === 200 ? 1 : 0);
    }
  }, 60_000);
});
