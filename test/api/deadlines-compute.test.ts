import request from 'supertest';
import { computeDeadline, vendorPromisesFrom } from '../../server/deadlines';
import { vendorDeadlineFacts } from '../../server/vendors';
import { createTestContext, type TestContext } from '../setup/context';

describe('GET /api/deadlines/compute', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext();
  });
  afterAll(() => ctx.close());

  const compute = (query: Record<string, string>) => request(ctx.app).get('/api/deadlines/compute').query(query);

  test('when a California access request names sonos, then the vendor promise of 30 days wins and both dates are shown', async () => {
    const res = await compute({ jurisdiction: 'US-CA', right: 'access', received: '2025-03-01', vendor: 'sonos' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      regime: 'CCPA',
      jurisdiction: 'US-CA',
      right: 'access',
      received: '2025-03-01',
      effective: 'vendor',
    });
    const statute = res.body.basis.find((b: { source: string }) => b.source === 'statute');
    const vendor = res.body.basis.find((b: { source: string }) => b.source === 'vendor');
    expect(statute).toMatchObject({
      days: 45,
      unit: 'calendar_days',
      due: '2025-04-15',
      citation: expect.stringContaining('1798.130'),
    });
    // Day 30 is 31 March, César Chávez Day (a California state holiday): the engine moves it to the next business day.
    expect(vendor).toMatchObject({
      vendor: 'sonos',
      days: 30,
      unit: 'calendar_days',
      nominal: '2025-03-31',
      due: '2025-04-01',
    });
    expect(vendor.citation.quote).toMatch(/within 30 days/);
    expect(res.body.due).toBe(vendor.due);
    expect(res.body.extended_due).toBe('2025-05-30');
    expect(res.body.ack_due).toBe('2025-03-14');
    expect(res.body.calendar.timezone).toBe('America/Los_Angeles');
    expect(res.body.explanation.join('\n')).toMatch(/Vendor sonos promises 30 calendar days/);
  });

  test('when the vendor is given, then the answer equals the engine fed with the database registry', async () => {
    const res = await compute({ jurisdiction: 'US-CA', right: 'deletion', received: '2025-06-10', vendor: 'sonos' });
    const facts = await vendorDeadlineFacts(ctx.db, 'sonos');
    const expected = computeDeadline({
      jurisdiction: 'US-CA',
      right: 'deletion',
      received: '2025-06-10',
      vendorPromises: vendorPromisesFrom('sonos', facts!),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test('when a Swedish access request arrives on 31 January, then one calendar month ends on 28 February', async () => {
    const res = await compute({ jurisdiction: 'SE', right: 'access', received: '2025-01-31' });
    expect(res.status).toBe(200);
    // Three months end on 30 April, Walpurgis Eve: an ordinary working day under Lag (1930:173), so not moved to 2 May.
    expect(res.body).toMatchObject({ regime: 'GDPR', due: '2025-02-28', extended_due: '2025-04-30', ack_due: null });
    expect(res.body.basis).toEqual([
      expect.objectContaining({ source: 'statute', months: 1, unit: 'months', due: '2025-02-28' }),
    ]);
  });

  test('when the jurisdiction is unknown, then 422 names it and lists the supported ones', async () => {
    const res = await compute({ jurisdiction: 'XX', right: 'access', received: '2025-01-31' });
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'jurisdiction', message: expect.stringContaining('XX') }]);
    expect(res.body.supported).toEqual(expect.arrayContaining(['US-CA', 'SE', 'GB']));
  });

  test('when the right does not exist in the jurisdiction, then 422 names the right and lists the available ones', async () => {
    const res = await compute({ jurisdiction: 'SE', right: 'shine_the_light', received: '2025-01-31' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('right');
    expect(res.body.supported).toEqual(expect.arrayContaining(['access', 'deletion']));
    expect(res.body.supported).not.toContain('shine_the_light');
  });

  test.each([
    ['not a date', '2025-02-30'],
    ['malformed', '31/01/2025'],
  ])('when received is %s, then 422 names received', async (_label, received) => {
    const res = await compute({ jurisdiction: 'SE', right: 'access', received });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('received');
  });

  test('when a parameter is missing, then 422 names it', async () => {
    const res = await compute({ jurisdiction: 'SE', received: '2025-01-31' });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['right']);
  });

  test('when the vendor is not in the registry, then 422 names vendor', async () => {
    const res = await compute({
      jurisdiction: 'US-CA',
      right: 'access',
      received: '2025-03-01',
      vendor: 'no-such-vendor',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'vendor', message: expect.stringContaining('no-such-vendor') }]);
  });
});
