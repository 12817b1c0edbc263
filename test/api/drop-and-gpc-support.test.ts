import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { dropProcessingDueOn } from '../../server/requests/drop';
import { checkDueGpcSupport } from '../../server/vendors/gpc-support';
import { createGuardedFetch } from '../../server/http';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createIntakeContext, intakeBody, submitAndVerify } from '../factories/intake';
import { registryVendor } from '../factories/vendors';
import { fixedClock, testConfig, uniqueEmail, type TestContext } from '../setup/context';

/**
 * California's DROP (issue #19): a California resident asking a registered data broker to delete is told about DROP
 * (and the request is still filed); once they say they used it, the broker's statutory cycle is tracked
 * (Civ. Code 1798.99.86(c): access every 45 days, delete within 45 days after that, from 1 August 2026).
 */
describe('DROP for deletion requests to registered data brokers', () => {
  const clock = fixedClock('2026-09-10T17:00:00Z');
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createIntakeContext({ clock });
  });
  afterAll(() => ctx.close());

  const broker = () =>
    registryVendor(ctx.db, { name: 'Example Broker', emails: [uniqueEmail('broker')], broker: true });

  test('the cycle: a request made before 1 August 2026 counts from that day; a later one from its own day', () => {
    expect(dropProcessingDueOn('2026-03-01')).toBe('2026-10-30');
    expect(dropProcessingDueOn('2026-09-01')).toBe('2026-11-30');
  });

  test('when a California resident asks a registered broker to delete, then intake explains DROP and still files', async () => {
    const { slug } = await broker();
    const res = await request(ctx.app)
      .post('/api/requests')
      .send(intakeBody({ jurisdiction: 'US-CA', rights: ['deletion'], vendors: [slug] }));
    expect(res.status).toBe(202);
    const drop = res.body.planned[0].warnings.find((w: { code: string }) => w.code === 'drop_available');
    expect(drop).toEqual({
      code: 'drop_available',
      vendor: slug,
      message: expect.stringContaining('https://privacy.ca.gov/drop/'),
      citation: { fact_id: null, quote: 'Cal. Civ. Code § 1798.99.86(c) (the Delete Act, SB 362)' },
    });
    expect(drop.message).toContain('We still send your own request to Example Broker');
    expect(res.body.planned).toEqual([expect.objectContaining({ right: 'deletion', channel: expect.any(Object) })]);
  });

  test('when the request is not California, not deletion, or not to a registered broker, then DROP is not offered', async () => {
    const { slug: brokerSlug } = await broker();
    const plain = await registryVendor(ctx.db, { name: 'Not A Broker', emails: [uniqueEmail('shop')] });
    for (const body of [
      intakeBody({ jurisdiction: 'US-VA', rights: ['deletion'], vendors: [brokerSlug] }),
      intakeBody({ jurisdiction: 'US-CA', rights: ['access'], vendors: [brokerSlug] }),
      intakeBody({ jurisdiction: 'US-CA', rights: ['deletion'], vendors: [plain.slug] }),
    ]) {
      const res = await request(ctx.app).post('/api/requests').send(body);
      expect(res.status).toBe(202);
      expect(res.body.warnings.map((w: { code: string }) => w.code)).not.toContain('drop_available');
      expect(res.body.planned[0].warnings.map((w: { code: string }) => w.code)).not.toContain('drop_available');
    }
  });

  test('when the consumer records their DROP request, then the status page shows the broker deadline and, after it, overdue with the rule', async () => {
    const { slug } = await broker();
    const { verified } = await submitAndVerify(
      ctx,
      intakeBody({ jurisdiction: 'US-CA', rights: ['deletion'], vendors: [slug] }),
    );
    const auth = { Authorization: `Bearer ${verified.access.token}` };
    const id = verified.requests[0]!.id;

    const before = await request(ctx.app).get(`/api/requests/${id}`).set(auth);
    expect(before.status).toBe(200);
    expect(before.body.drop).toEqual({
      applies: true,
      broker: 'Example Broker',
      url: 'https://privacy.ca.gov/drop/',
      explanation: expect.stringContaining('Brokers must check DROP at least every 45 days'),
      citation: 'Cal. Civ. Code § 1798.99.86(c) (the Delete Act, SB 362)',
      submitted_on: null,
      processing_due_on: null,
      overdue: false,
      overdue_message: null,
    });

    const recorded = await request(ctx.app)
      .post(`/api/requests/${id}/drop`)
      .set(auth)
      .send({ submitted_on: '2026-03-01' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      submitted_on: '2026-03-01',
      processing_due_on: '2026-10-30',
      overdue: false,
    });
    const event = await ctx.db('events').where({ subject_id: id, type: 'drop_submission_recorded' }).first('data');
    expect(event.data).toEqual({ submitted_on: '2026-03-01', processing_due_on: '2026-10-30' });

    clock.set('2026-10-31T17:00:00Z'); // the day after the broker's last lawful day, in California
    try {
      const after = await request(ctx.app).get(`/api/requests/${id}`).set(auth);
      expect(after.body.drop).toMatchObject({
        overdue: true,
        overdue_message:
          'Example Broker had to process your DROP request by 2026-10-30 (Cal. Civ. Code § 1798.99.86(c) (the Delete Act, SB 362)) and has not confirmed it.',
      });
      // staff see the same on the request
      const staff = await createAccountWithPassword(ctx.db, 'staff');
      const { agent } = await signIn(ctx.app, staff.email);
      const detail = await agent.get(`/api/staff/requests/${id}`);
      expect(detail.body.drop).toMatchObject({
        submitted_on: '2026-03-01',
        processing_due_on: '2026-10-30',
        overdue: true,
      });
    } finally {
      clock.set('2026-09-10T17:00:00Z');
    }
  });

  test('when the date is not a date, before DROP opened, or in the future, then 422 names submitted_on; other requests are refused', async () => {
    const { slug } = await broker();
    const { verified } = await submitAndVerify(
      ctx,
      intakeBody({ jurisdiction: 'US-CA', rights: ['deletion', 'access'], vendors: [slug] }),
    );
    const auth = { Authorization: `Bearer ${verified.access.token}` };
    const deletion = verified.requests.find((r) => r.right === 'deletion')!.id;
    const access = verified.requests.find((r) => r.right === 'access')!.id;
    for (const submitted_on of ['yesterday', '2025-12-31', '2026-09-11', '2026-02-30']) {
      const res = await request(ctx.app).post(`/api/requests/${deletion}/drop`).set(auth).send({ submitted_on });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'submitted_on' })]);
    }
    const notDrop = await request(ctx.app)
      .post(`/api/requests/${access}/drop`)
      .set(auth)
      .send({ submitted_on: '2026-09-01' });
    expect(notDrop.status).toBe(409);
    // another consumer's token does not open it
    const other = await submitAndVerify(ctx, intakeBody());
    const foreign = await request(ctx.app)
      .post(`/api/requests/${deletion}/drop`)
      .set({ Authorization: `Bearer ${other.verified.access.token}` })
      .send({ submitted_on: '2026-09-01' });
    expect(foreign.status).toBe(404);
    expect(await ctx.db('drop_filings').where({ request_id: deletion }).first()).toBeUndefined();
  });
});

/** A vendor's site publishing /.well-known/gpc.json (GPC specification), served on loopback. */
describe("a vendor's published GPC support", () => {
  const served = new Map<string, { status: number; type: string; body: string }>();
  let site: http.Server;
  let origin: string;
  let ctx: TestContext;
  const clock = fixedClock('2026-12-01T12:00:00Z');

  beforeAll(async () => {
    site = http.createServer((req, res) => {
      const page = served.get(req.url ?? '');
      if (!page) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(page.status, { 'content-type': page.type }).end(page.body);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    ctx = createIntakeContext({ clock, config: testConfig({ FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1' }) });
  });
  afterAll(async () => {
    await ctx.close();
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
  });

  test('when staff check a vendor, then each outcome of gpc.json is stored and the public profile shows it', async () => {
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const { agent, csrf } = await signIn(ctx.app, staff.email);
    const vendor = await registryVendor(ctx.db, { name: 'GPC Shop', websites: [`${origin}/shop/home`] });
    const check = () => agent.post(`/api/staff/vendors/${vendor.slug}/gpc-check`).set('X-CSRF-Token', csrf).send();

    expect((await request(ctx.app).get(`/api/vendors/${vendor.slug}`)).body.gpc).toBeNull();

    served.set('/.well-known/gpc.json', {
      status: 200,
      type: 'application/json',
      body: '{ "gpc": true, "lastUpdate": "2026-06-30" }',
    });
    const supported = await check();
    expect(supported.status).toBe(200);
    expect(supported.body.checked).toEqual({
      url: `${origin}/.well-known/gpc.json`,
      outcome: 'supported',
      last_update: '2026-06-30',
      detail: null,
      checked_at: '2026-12-01T12:00:00.000Z',
    });
    expect((await request(ctx.app).get(`/api/vendors/${vendor.slug}`)).body.gpc).toEqual(supported.body.checked);

    served.set('/.well-known/gpc.json', { status: 200, type: 'application/json', body: '{"gpc": false}' });
    expect((await check()).body.checked).toMatchObject({ outcome: 'not_supported', last_update: null });
    served.set('/.well-known/gpc.json', { status: 200, type: 'application/json', body: '{"gpc": "yes"}' });
    expect((await check()).body.checked).toMatchObject({ outcome: 'invalid', detail: '"gpc" is not true or false' });
    served.set('/.well-known/gpc.json', { status: 200, type: 'text/html', body: '<html>hi</html>' });
    expect((await check()).body.checked).toMatchObject({ outcome: 'failed' });
    served.delete('/.well-known/gpc.json');
    expect((await check()).body.checked).toMatchObject({ outcome: 'absent' });
    // one row per vendor: the latest outcome
    expect(await ctx.db('vendor_gpc_checks').where({ vendor_id: vendor.id }).count('* as n')).toEqual([{ n: 1 }]);

    const unknown = await agent.post('/api/staff/vendors/no-such-vendor-x/gpc-check').set('X-CSRF-Token', csrf).send();
    expect(unknown.status).toBe(404);
  });

  test('when the scheduled check runs, then vendors never checked or checked too long ago are fetched, others not', async () => {
    served.set('/.well-known/gpc.json', { status: 200, type: 'application/json', body: '{"gpc": true}' });
    const fresh = await registryVendor(ctx.db, { name: 'Fresh Shop', websites: [`${origin}/`] });
    const stale = await registryVendor(ctx.db, { name: 'Stale Shop', websites: [`${origin}/a`] });
    const recent = await registryVendor(ctx.db, { name: 'Recent Shop', websites: [`${origin}/b`] });
    const at = (iso: string) => ({
      url: `${origin}/.well-known/gpc.json`,
      outcome: 'absent',
      checked_at: new Date(iso),
    });
    await ctx.db('vendor_gpc_checks').insert([
      { vendor_id: stale.id, ...at('2026-10-01T00:00:00Z') },
      { vendor_id: recent.id, ...at('2026-11-25T00:00:00Z') },
    ]);
    // every other vendor with a website (the seeded datasets, other tests') counts as just checked: only ours are due
    await ctx.db.raw(
      `insert into vendor_gpc_checks (vendor_id, url, outcome, checked_at)
       select distinct vendor_id, 'https://example.invalid/.well-known/gpc.json', 'absent', ?::timestamptz
         from vendor_facts where family = 'website' and vendor_id not in (?, ?, ?)
       on conflict (vendor_id) do update set checked_at = excluded.checked_at`,
      [clock.now(), fresh.id, stale.id, recent.id],
    );
    const fetch = createGuardedFetch({ allowPrivate: ['127.0.0.1'], contentTypes: ['application/json'] });
    const run = await checkDueGpcSupport({ db: ctx.db, fetch, clock, recheckDays: 30 }, 10);
    expect(run).toEqual({ checked: 2, supported: 2 });
    const rows = await ctx
      .db('vendor_gpc_checks')
      .whereIn('vendor_id', [fresh.id, stale.id, recent.id])
      .select('vendor_id', 'outcome');
    const byVendor = Object.fromEntries(rows.map((r) => [r.vendor_id, r.outcome]));
    expect(byVendor).toEqual({ [fresh.id]: 'supported', [stale.id]: 'supported', [recent.id]: 'absent' });
  });
});
