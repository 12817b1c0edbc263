import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import request from 'supertest';
import { replyAddressFor } from '../../server/correspondence';
import { startDeadline } from '../../server/deadlines';
import { systemClock } from '../../server/shared/clock';
import { refreshVendorResponsiveness } from '../../server/vendors';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createRequestRow, startInboundWithReplies } from '../factories/correspondence';
import { privateVendorFrom } from '../factories/vendors';
import { createTestContext, type TestContext } from '../setup/context';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

/** Issue 20: the per-company responsiveness record, computed from what the portal observed. */
describe('GET /api/vendors/:slug/responsiveness', () => {
  let ctx: TestContext;
  let transport: Transporter;
  let closeInbound: () => Promise<void>;
  let staffAgent: Agent;
  let csrf: string;
  const started: number[] = [];

  beforeAll(async () => {
    ctx = createTestContext();
    ({ transport, close: closeInbound } = await startInboundWithReplies(ctx));
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    ({ agent: staffAgent, csrf } = await signIn(ctx.app, staff.email));
  });
  afterAll(async () => {
    if (started.length)
      await ctx
        .db('deadline_milestones')
        .whereIn('request_id', started)
        .whereNull('fired_at')
        .whereNull('cancelled_at')
        .update({ cancelled_at: new Date() });
    await closeInbound();
    await ctx.close();
  });

  /** A US-CA access request the vendor received `daysAgo` days ago (45 days by law). */
  async function receivedDaysAgo(slug: string, daysAgo: number) {
    const { request: row } = await createRequestRow(ctx.db, { vendorSlug: slug });
    await ctx.db.transaction((trx) =>
      startDeadline(trx, {
        requestId: row.id,
        receivedAt: new Date(Date.now() - daysAgo * 86_400_000),
        clock: systemClock,
      }),
    );
    started.push(row.id);
    return row as { id: number; reference: string };
  }

  async function reply(reference: string, text: string) {
    const messageId = `<${randomUUID()}@vendor.example>`;
    await transport.sendMail({
      from: 'privacy@vendor.example',
      to: replyAddressFor(reference, ctx.config.appSecret, ctx.config.replyDomain),
      subject: `Re: ${reference}`,
      text,
      messageId,
    });
    const message = await ctx.db('inbound_messages').where({ message_id: messageId }).first('id');
    return ctx.db('reply_classifications').where({ inbound_message_id: message.id }).first();
  }

  const confirm = (id: number) =>
    staffAgent.post(`/api/staff/reply-proposals/${id}/confirm`).set('X-CSRF-Token', csrf).send({});

  test('when a company answered some requests, refused one and ignored one past its deadline, then its public record shows the median days, the on-time share and the denial reason', async () => {
    const slug = await privateVendorFrom(ctx.db, 'sonos');
    const fulfilled = await receivedDaysAgo(slug, 10);
    const asked = await receivedDaysAgo(slug, 20);
    const refused = await receivedDaysAgo(slug, 30);
    await receivedDaysAgo(slug, 60); // never answered, its 45 days have passed

    const done = await reply(
      fulfilled.reference,
      'Hello,\n\nYour data is ready: download it here https://download.vendor.example/export/abc within 7 days.\n\nPrivacy team',
    );
    expect(done.class).toBe('fulfilled');
    expect((await confirm(done.id)).status).toBe(200);
    const info = await reply(
      asked.reference,
      'Hello,\n\nBefore we can proceed, please send us a copy of your government-issued ID.\n\nPrivacy team',
    );
    expect(info.class).toBe('information_requested'); // a first answer, not a final one
    const denial = await reply(
      refused.reference,
      'Hello,\n\nWe were unable to verify your identity, so we have to deny your request.\n\nPrivacy team',
    );
    expect(denial.class).toBe('denied');
    expect((await confirm(denial.id)).status).toBe(200);

    const before = await request(ctx.app).get(`/api/vendors/${slug}/responsiveness`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ requests_received: 0, computed_at: null, on_time_share: null });

    const vendor = await ctx.db('vendors').where({ slug }).first('id');
    expect(await refreshVendorResponsiveness(ctx.db, systemClock, [vendor.id])).toBe(1);
    const res = await request(ctx.app).get(`/api/vendors/${slug}/responsiveness`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      vendor: { slug },
      requests_received: 4,
      answered: 3,
      // first answers after 10, 20 and 30 days
      median_days_to_first_answer: 20,
      // answered or past due: the fulfilled (on time), the refused (on time) and the ignored one (late)
      deadline_decided: 3,
      answered_on_time: 2,
    });
    expect(res.body.on_time_share).toBeCloseTo(2 / 3);
    const reason = (denial.extracted as { reason: string | null }).reason ?? 'not stated';
    expect(res.body.denial_reasons).toEqual([{ reason, label: expect.any(String), count: 1 }]);

    // the refresh of every vendor (what the worker's job runs) gives the same row
    expect(await refreshVendorResponsiveness(ctx.db, systemClock)).toBeGreaterThanOrEqual(1);
    const again = await request(ctx.app).get(`/api/vendors/${slug}/responsiveness`);
    expect({ ...again.body, computed_at: null }).toEqual({ ...res.body, computed_at: null });
  });

  test('when the vendor is unknown or the slug malformed, then 404 and 422 naming the field', async () => {
    expect((await request(ctx.app).get('/api/vendors/no-such-vendor-x/responsiveness')).status).toBe(404);
    const bad = await request(ctx.app).get('/api/vendors/NOT_A_SLUG/responsiveness');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('slug');
  });
});
