/**
 * Expected dates were worked out by hand from a real calendar (day counts and weekdays), never from the engine.
 */
import fc from 'fast-check';
import {
  applyExtension,
  applyPause,
  calendarFor,
  computeDeadline,
  DeadlineInputError,
  isBusinessDay,
  milestonesFor,
  resume,
  rightsAvailable,
  SUPPORTED_JURISDICTIONS,
  vendorPromisesFrom,
  type Deadline,
  type EventResult,
  type VendorPromise,
} from '../../server/deadlines';

const sonos: VendorPromise = {
  vendor: 'sonos',
  days: 30,
  unit: 'calendar',
  rights: ['access', 'know', 'deletion'],
  jurisdiction: null,
  citation: { quote: 'certainly within 30 days', start: 10, end: 34, document: 'sonos' },
};
const ok = (r: EventResult): Deadline => {
  if (!r.ok) throw new Error(`refused: ${r.code} ${r.reason}`);
  return r.deadline;
};

describe('computeDeadline: statutory response times', () => {
  it.each([
    // jurisdiction, right, received, due, extended_due, ack_due
    ['US-CA', 'access', '2025-03-01', '2025-04-15', '2025-05-30', '2025-03-14'],
    ['US-CA', 'know', '2025-03-24', '2025-05-08', '2025-06-23', '2025-04-08'], // ack skips César Chávez Day
    ['US-CA', 'opt_out_sale', '2025-11-20', '2025-12-15', null, null], // 15 business days over Thanksgiving
    ['US-CA', 'limit_sensitive', '2025-03-24', '2025-04-15', null, null],
    ['US-CA', 'opt_out_sharing', '2025-12-10', '2026-01-02', null, null], // Christmas Eve is a working day (Gov. Code 6700)
    ['US-CA', 'shine_the_light', '2025-03-01', '2025-04-01', null, null], // day 30 = 31 March, César Chávez Day
    ['US-NV', 'nevada_opt_out', '2025-03-01', '2025-04-30', '2025-05-30', null],
    ['SE', 'access', '2025-11-06', '2025-12-08', '2026-02-06', null], // 6 Dec is a Saturday
    ['SE', 'deletion', '2025-05-20', '2025-06-23', '2025-08-20', null], // 20 June is midsummer eve
    ['SE', 'access', '2025-11-24', '2025-12-29', '2026-02-24', null], // 24 Dec: Christmas Eve
    ['SE', 'access', '2024-01-31', '2024-02-29', '2024-04-30', null], // leap year; Walpurgis eve (Tue) is a working day
    ['GB', 'access', '2025-01-31', '2025-02-28', '2025-04-30', null],
    ['GB', 'access', '2025-03-31', '2025-04-30', '2025-06-30', null],
    ['US-IA', 'access', '2025-03-01', '2025-05-30', '2025-07-14', null],
    ['US-VA', 'appeal', '2025-03-01', '2025-04-30', null, null],
    ['US-CO', 'appeal', '2025-03-01', '2025-04-15', '2025-06-16', null], // day 105 = Sat 14 June
    ['US-TX', 'access', '2025-11-09', '2025-12-29', '2026-02-09', null], // 24-26 Dec are Texas holidays; day 90 a Saturday
    ['US-NJ', 'access', '2025-03-01', '2025-04-15', '2025-05-30', null],
    ['CA-ON', 'access', '2025-06-01', '2025-07-02', '2025-07-31', null], // day 30 = Canada Day
    ['CA-QC', 'access', '2025-05-25', '2025-06-25', null, null], // day 30 = Fête nationale
    ['BR', 'access', '2025-03-01', '2025-03-17', null, null], // day 15 is a Sunday
    ['JP', 'access', '2025-04-20', '2025-05-07', null, null], // follow-up point in Golden Week
  ])(
    'when %s %s is received %s, then due %s, extended %s, ack %s',
    (jurisdiction, right, received, due, extended, ack) => {
      const d = computeDeadline({ jurisdiction: jurisdiction!, right: right!, received: received! });
      expect([d.due, d.extended_due, d.ack_due]).toEqual([due, extended, ack]);
      expect(d.basis[0]).toMatchObject({ source: 'statute', due });
      expect(d.explanation.length).toBeGreaterThan(3);
    },
  );

  it('when CCPA is extended, then the 90 days run from receipt, not from day 45 (not chained)', () => {
    const d = computeDeadline({ jurisdiction: 'US-CA', right: 'deletion', received: '2025-03-01' });
    expect(d.extended_due).toBe('2025-05-30'); // chained would be 2025-04-15 + 45 = 2025-05-30 too, so also check GDPR
    const gb = computeDeadline({ jurisdiction: 'GB', right: 'access', received: '2025-01-31' });
    expect(gb.extended_due).toBe('2025-04-30'); // chained: 28 Feb + 2 months = 28 April
  });

  it('when a Swedish extension ends on Walpurgis eve, then it stays on 30 April (Lag 1930:173: only midsommar-, jul- and nyårsafton close)', () => {
    const d = computeDeadline({ jurisdiction: 'SE', right: 'access', received: '2025-01-31' });
    expect(d.due).toBe('2025-02-28');
    expect(d.extended_due).toBe('2025-04-30');
    expect(d.calendar.rule).toContain('Lag (1930:173)');
    expect(d.explanation.join('\n')).toContain('Lag (1930:173)');
  });

  it.each([
    ['2026-03-30', '2026-04-30'], // valborgsmässoafton, Thursday 30 April 2026: a working day
    ['2025-12-05', '2026-01-05'], // trettondagsafton, Monday 5 January 2026: a working day (not moved to 7 January)
  ])('when a Swedish request received %s has its month end near an ordinary eve, then due %s', (received, due) => {
    expect(computeDeadline({ jurisdiction: 'SE', right: 'access', received }).due).toBe(due);
  });

  it('when midsummer eve decides the date, then it is a non-working day named by the law', () => {
    const d = computeDeadline({ jurisdiction: 'SE', right: 'access', received: '2025-05-20' });
    expect(d.due).toBe('2025-06-23');
    expect(d.calendar.holidays_applied.map((h) => h.date)).toEqual(
      expect.arrayContaining(['2025-06-06', '2025-06-20', '2025-06-21']),
    );
  });

  it('when APPI applies, then the 14-day point is flagged as a follow-up, not a deadline', () => {
    const d = computeDeadline({ jurisdiction: 'JP', right: 'deletion', received: '2025-04-25' });
    expect(d.due_kind).toBe('follow_up');
    expect(d.basis[0]?.kind).toBe('follow_up');
    expect(d.due).toBe('2025-05-09');
  });

  it('when a medium-confidence row applies, then the result says so', () => {
    const d = computeDeadline({ jurisdiction: 'US-MT', right: 'deletion', received: '2025-03-01' });
    expect(d.confidence).toBe('medium');
    expect(d.explanation.join(' ')).toMatch(/MEDIUM confidence/);
  });
});

describe('computeDeadline: receipt timezone', () => {
  it('when the instant is 2025-03-01T06:00Z in California, then receipt is 28 Feb and the 45 days end 14 April', () => {
    const d = computeDeadline({ jurisdiction: 'US-CA', right: 'access', received: new Date('2025-03-01T06:00:00Z') });
    expect([d.received, d.due, d.received_instant]).toEqual(['2025-02-28', '2025-04-14', '2025-03-01T06:00:00.000Z']);
    expect(d.calendar.timezone).toBe('America/Los_Angeles');
  });
  it('when the same instant is received in Sweden, then receipt is 1 March and the month ends 1 April', () => {
    const d = computeDeadline({ jurisdiction: 'SE', right: 'access', received: new Date('2025-03-01T06:00:00Z') });
    expect([d.received, d.due]).toEqual(['2025-03-01', '2025-04-01']);
  });
});

describe('computeDeadline: vendor promises', () => {
  it('when Sonos promises 30 days and CCPA gives 45, then 30 is effective and both are in the basis', () => {
    const d = computeDeadline({
      jurisdiction: 'US-CA',
      right: 'access',
      received: '2025-03-03',
      vendorPromises: [sonos],
    });
    expect([d.due, d.statutory_due, d.effective]).toEqual(['2025-04-02', '2025-04-17', 'vendor']);
    expect(d.basis.map((b) => [b.source, b.due])).toEqual([
      ['statute', '2025-04-17'],
      ['vendor', '2025-04-02'],
    ]);
    expect(d.basis[1]?.citation).toMatchObject({ quote: 'certainly within 30 days' });
  });
  it('when the vendor day 30 is a California holiday, then it rolls forward too', () => {
    const d = computeDeadline({
      jurisdiction: 'US-CA',
      right: 'deletion',
      received: '2025-03-01',
      vendorPromises: [sonos],
    });
    expect(d.basis[1]).toMatchObject({ nominal: '2025-03-31', due: '2025-04-01' });
  });
  it('when the vendor promise is later than the statute, then the statute wins and the promise is still shown', () => {
    const late: VendorPromise = { ...sonos, days: 60 };
    const d = computeDeadline({
      jurisdiction: 'US-CA',
      right: 'access',
      received: '2025-03-01',
      vendorPromises: [late],
    });
    expect([d.due, d.effective, d.basis.length]).toEqual(['2025-04-15', 'statute', 2]);
  });
  it.each([
    ['the promise is for another jurisdiction', { ...sonos, jurisdiction: 'US-NV' }],
    ['the promise does not cover the right', { ...sonos, rights: ['deletion'] }],
  ])('when %s, then it does not apply', (_why, promise) => {
    const d = computeDeadline({
      jurisdiction: 'US-CA',
      right: 'access',
      received: '2025-03-03',
      vendorPromises: [promise],
    });
    expect([d.due, d.basis.length]).toEqual(['2025-04-17', 1]);
  });
  it('when a promise is scoped to "US", then it applies in US-CA but not in SE', () => {
    const us = { ...sonos, jurisdiction: 'US' };
    expect(
      computeDeadline({ jurisdiction: 'US-CA', right: 'access', received: '2025-03-03', vendorPromises: [us] })
        .effective,
    ).toBe('vendor');
    expect(
      computeDeadline({ jurisdiction: 'SE', right: 'access', received: '2025-03-03', vendorPromises: [us] }).effective,
    ).toBe('statute');
  });
  it('when extractor facts are mapped, then access also covers know and unusable rights are dropped', () => {
    const promises = vendorPromisesFrom('sonos', [
      {
        days: 30,
        unit: 'calendar',
        rights: ['access', 'deletion'],
        jurisdiction: null,
        citation: { start: 1, end: 5, quote: 'x' },
      },
      {
        days: 10,
        unit: 'calendar',
        rights: ['non_discrimination'],
        jurisdiction: null,
        citation: { start: 1, end: 5, quote: 'y' },
      },
    ]);
    expect(promises).toHaveLength(1);
    expect(promises[0]?.rights).toEqual(['access', 'know', 'deletion']);
    expect(
      computeDeadline({ jurisdiction: 'US-CA', right: 'know', received: '2025-03-03', vendorPromises: promises }).due,
    ).toBe('2025-04-02');
  });
});

describe('deadline events', () => {
  const ccpa = () => computeDeadline({ jurisdiction: 'US-CA', right: 'access', received: '2025-03-01' });

  it('when an extension notice is dated within the first 45 days, then the due date becomes day 90 from receipt', () => {
    const d = ok(applyExtension(ccpa(), { noticeDate: '2025-04-10' }));
    expect([d.due, d.effective, d.basis.at(-1)?.kind]).toEqual(['2025-05-30', 'statute', 'extension']);
  });
  it.each([
    ['the notice is dated after the original due date', { noticeDate: '2025-04-16' }, 'notice_too_late'],
    [
      'the new date is beyond the maximum',
      { noticeDate: '2025-04-10', newDate: '2025-06-02' },
      'new_date_beyond_maximum',
    ],
    [
      'the new date is not after the due date',
      { noticeDate: '2025-04-10', newDate: '2025-04-15' },
      'new_date_not_later',
    ],
    ['the notice predates receipt', { noticeDate: '2025-02-27' }, 'notice_before_receipt'],
  ])('when %s, then the extension is refused', (_why, notice, code) => {
    expect(applyExtension(ccpa(), notice)).toMatchObject({ ok: false, code });
  });
  it('when an already extended deadline is extended again, then it is refused (never chained)', () => {
    const once = ok(applyExtension(ccpa(), { noticeDate: '2025-04-10', newDate: '2025-05-15' }));
    expect(once.due).toBe('2025-05-15');
    expect(applyExtension(once, { noticeDate: '2025-05-01' })).toMatchObject({ ok: false, code: 'already_extended' });
  });
  it('when a regime has no extension, then it is refused', () => {
    const d = computeDeadline({ jurisdiction: 'US-CA', right: 'opt_out_sale', received: '2025-03-01' });
    expect(applyExtension(d, { noticeDate: '2025-03-05' })).toMatchObject({ ok: false, code: 'no_extension' });
  });
  it('when a vendor promise was effective and the statute is extended, then the extension date governs', () => {
    const d = computeDeadline({
      jurisdiction: 'US-CA',
      right: 'access',
      received: '2025-03-03',
      vendorPromises: [sonos],
    });
    const ext = ok(applyExtension(d, { noticeDate: '2025-04-10' }));
    expect([ext.due, ext.basis[1]?.superseded]).toEqual(['2025-06-02', true]); // day 90 = Sun 1 June
  });

  it('when a UK GDPR deadline is paused 7 days for ID, then every date moves by 7 days on resume', () => {
    const d = computeDeadline({ jurisdiction: 'GB', right: 'access', received: '2025-01-10' });
    expect(d.due).toBe('2025-02-10');
    const paused = ok(applyPause(d, { from: '2025-01-13' }));
    expect(paused.paused_since).toBe('2025-01-13');
    expect(milestonesFor(paused)).toEqual([]);
    const resumed = ok(resume(paused, { at: '2025-01-20' }));
    expect([resumed.due, resumed.extended_due, resumed.paused_days, resumed.paused_since]).toEqual([
      '2025-02-17',
      '2025-04-17',
      7,
      null,
    ]);
  });
  it('when a pause is given up front for Oregon, then the paused days are added', () => {
    const d = computeDeadline({
      jurisdiction: 'US-OR',
      right: 'access',
      received: '2025-03-01',
      pauses: [{ from: '2025-03-03', to: '2025-03-10' }],
    });
    expect(d.due).toBe('2025-04-22'); // 15 April + 7 = 22 April (Tuesday)
  });
  it.each([
    ['CCPA does not allow pausing', () => applyPause(ccpa(), { from: '2025-03-05' }), 'pause_not_allowed'],
    [
      'the deadline is not paused',
      () =>
        resume(computeDeadline({ jurisdiction: 'GB', right: 'access', received: '2025-01-10' }), { at: '2025-01-12' }),
      'not_paused',
    ],
    [
      'the pause is after the due date',
      () =>
        applyPause(computeDeadline({ jurisdiction: 'GB', right: 'access', received: '2025-01-10' }), {
          from: '2025-03-01',
        }),
      'pause_outside_clock',
    ],
  ])('when %s, then the event is refused', (_why, run, code) => {
    expect(run()).toMatchObject({ ok: false, code });
  });

  it('when milestones are listed for CCPA received 1 March 2025, then they are ordered', () => {
    expect(milestonesFor(ccpa())).toEqual([
      { kind: 'ack_due', at: '2025-03-14' },
      { kind: 'reminder_7d', at: '2025-04-08' },
      { kind: 'reminder_2d', at: '2025-04-13' },
      { kind: 'due', at: '2025-04-15' },
      { kind: 'overdue', at: '2025-04-16' },
      { kind: 'escalation', at: '2025-04-29' },
    ]);
  });
});

describe('invalid input', () => {
  const base = { jurisdiction: 'US-CA', right: 'access', received: '2025-03-01' };
  it.each([
    ['an unknown jurisdiction', { ...base, jurisdiction: 'XX' }, 'jurisdiction'],
    ['a country without a state', { ...base, jurisdiction: 'US' }, 'jurisdiction'],
    ['a right not available there', { ...base, jurisdiction: 'SE', right: 'opt_out_sale' }, 'right'],
    ['an unknown right', { ...base, right: 'forget_me' }, 'right'],
    ['an impossible date', { ...base, received: '2025-02-30' }, 'received'],
    ['a malformed date', { ...base, received: '03/01/2025' }, 'received'],
    ['an invalid Date', { ...base, received: new Date('nope') }, 'received'],
    ['a pause where none is allowed', { ...base, pauses: [{ from: '2025-03-02', to: '2025-03-04' }] }, 'pauses'],
    ['a bad vendor promise', { ...base, vendorPromises: [{ ...sonos, days: 0 }] }, 'vendorPromises'],
  ])('when given %s, then a DeadlineInputError names the parameter', (_why, input, parameter) => {
    let caught: unknown;
    try {
      computeDeadline(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DeadlineInputError);
    expect((caught as DeadlineInputError).parameter).toBe(parameter);
  });
  it('when the right is not available, then the supported rights are listed', () => {
    expect(() => computeDeadline({ ...base, jurisdiction: 'SE', right: 'opt_out_sale' })).toThrow(
      expect.objectContaining({ supported: expect.arrayContaining(['objection', 'access']) }),
    );
  });
});

describe('properties', () => {
  const jurisdictions = SUPPORTED_JURISDICTIONS.filter((j) =>
    ['SE', 'GB', 'US-CA', 'US-TX', 'CA-ON', 'JP', 'BR', 'US-IA', 'DE'].includes(j),
  );
  const arb = fc.record({
    jurisdiction: fc.constantFrom(...jurisdictions),
    pick: fc.nat(),
    day: fc.integer({ min: 0, max: 365 * 6 }),
    vendorDays: fc.integer({ min: 1, max: 120 }),
    unit: fc.constantFrom('calendar' as const, 'business' as const, 'month' as const),
  });
  it('when any request is computed, then received <= due <= statutory due, and every due is a business day', () => {
    fc.assert(
      fc.property(arb, ({ jurisdiction, pick, day, vendorDays, unit }) => {
        const rights = rightsAvailable(jurisdiction);
        const right = rights[pick % rights.length]!;
        const received = new Date(Date.UTC(2022, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        const promise = { ...sonos, days: unit === 'month' ? 1 + (vendorDays % 4) : vendorDays, unit, rights: [right] };
        const d = computeDeadline({ jurisdiction, right, received, vendorPromises: [promise] });
        const cal = calendarFor(jurisdiction);
        expect(d.due > d.received).toBe(true);
        expect(d.due <= d.statutory_due).toBe(true);
        if (d.extended_due) expect(d.extended_due >= d.statutory_due).toBe(true);
        for (const b of d.basis) expect(isBusinessDay(cal, b.due)).toBe(true);
        const ms = milestonesFor(d).map((m) => m.at);
        expect([...ms].sort()).toEqual(ms);
      }),
      { numRuns: 300 },
    );
  });
});
