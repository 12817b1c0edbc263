/**
 * Every expected date below was checked by hand against a printed calendar (weekday of each date, and the holiday
 * dates: US Thanksgiving 2025-11-27, California César Chávez Day 2025-03-31, Swedish midsummer eve 2025-06-20,
 * Swedish national day 2025-06-06, Christmas), not produced by the code under test.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addBusinessDays,
  addCalendarDays,
  addCalendarMonths,
  calendarFor,
  daysBetween,
  holidaysFor,
  isBusinessDay,
  parseIsoDate,
  receiptDate,
  rollForward,
  timezoneFor,
  utcDate,
} from '../../server/deadlines/calendar';
import { SUPPORTED_JURISDICTIONS } from '../../server/deadlines/rules';

describe('addCalendarDays', () => {
  it.each([
    ['2025-03-01', 45, '2025-04-15'],
    ['2025-03-01', 90, '2025-05-30'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2025-04-15', -7, '2025-04-08'],
  ])('when %s + %i days, then %s (receipt day not counted)', (from, n, expected) => {
    expect(addCalendarDays(from, n)).toBe(expected);
  });
});

describe('addCalendarMonths (end-of-month rule)', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-01-31', 3, '2025-04-30'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2023-11-30', 3, '2024-02-29'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2100-01-31', 1, '2100-02-28'],
    ['2000-01-31', 1, '2000-02-29'],
    ['2025-11-06', 1, '2025-12-06'],
    ['2025-01-15', 1, '2025-02-15'],
  ])('when %s + %i month(s), then %s', (from, n, expected) => {
    expect(addCalendarMonths(from, n)).toBe(expected);
  });
});

describe('parseIsoDate', () => {
  it.each([
    '2025-02-30',
    '2025-2-3',
    '2025-13-01',
    '2023-02-29',
    '2100-02-29',
    'yesterday',
    '',
    '1999-12-31',
    '2025-03-01T00:00:00Z',
  ])('when given %p, then it is rejected', (value) => {
    expect(parseIsoDate(value)).toBeNull();
  });
  it.each(['2024-02-29', '2000-02-29', '2025-12-31'])('when given %p, then it is accepted', (value) => {
    expect(parseIsoDate(value)).toBe(value);
  });
  it('when given a non-string, then it is rejected', () => {
    expect(parseIsoDate(20250301)).toBeNull();
  });
});

describe('receiptDate (timezone of receipt)', () => {
  it.each([
    ['2025-03-01T06:00:00Z', 'America/Los_Angeles', '2025-02-28'],
    ['2025-03-01T07:59:59Z', 'America/Los_Angeles', '2025-02-28'],
    ['2025-03-01T08:00:00Z', 'America/Los_Angeles', '2025-03-01'],
    ['2025-03-01T06:00:00Z', 'Europe/Stockholm', '2025-03-01'],
    ['2025-03-30T23:30:00Z', 'Europe/Stockholm', '2025-03-31'], // CEST (UTC+2) already in force
    ['2025-06-30T23:30:00Z', 'Europe/London', '2025-07-01'], // BST
    ['2025-02-28T15:30:00Z', 'Asia/Tokyo', '2025-03-01'],
  ])('when the instant is %s in %s, then the receipt date is %s', (instant, zone, expected) => {
    expect(receiptDate(new Date(instant), zone)).toBe(expected);
  });

  it('when any supported jurisdiction is looked up, then it has a timezone', () => {
    for (const j of SUPPORTED_JURISDICTIONS) expect(timezoneFor(j)).toMatch(/^[A-Z][a-z]+\//);
  });

  it.each([
    ['US-CA', 'America/Los_Angeles'],
    ['US-NV', 'America/Los_Angeles'],
    ['US-NY', 'America/New_York'],
    ['SE', 'Europe/Stockholm'],
    ['GB', 'Europe/London'],
    ['JP', 'Asia/Tokyo'],
    ['CA-ON', 'America/Toronto'],
    ['BR', 'America/Sao_Paulo'],
  ])('when the jurisdiction is %s, then the zone is %s', (j, zone) => {
    expect(timezoneFor(j)).toBe(zone);
  });
});

describe("holiday calendars (each jurisdiction's own law)", () => {
  const ca = calendarFor('US-CA');

  it.each([
    ['SE', '2025-06-20', false], // midsommarafton: Lag (1930:173) 2 §
    ['SE', '2025-06-06', false], // national day
    ['SE', '2025-12-24', false], // julafton
    ['SE', '2025-12-31', false], // nyårsafton
    ['SE', '2025-12-25', false],
    ['SE', '2025-12-26', false],
    ['SE', '2025-04-30', true], // valborgsmässoafton is an ordinary working day
    ['SE', '2026-01-05', true], // trettondagsafton
    ['SE', '2025-04-17', true], // skärtorsdagen
    ['SE', '2025-06-09', true], // Whit Monday is no longer a Swedish public holiday
    ['FI', '2025-06-20', false], // juhannusaatto: laki 150/1930 5 §
    ['FI', '2025-12-31', true], // uudenvuodenaatto is not named by the law
    ['NL', '2025-05-05', false], // 5 May: Algemene termijnenwet art. 3
    ['NL', '2025-04-18', true], // Good Friday is not a holiday under the Algemene termijnenwet
    ['DE', '2025-12-24', true], // Heiligabend: § 193 BGB counts only statutory holidays
    ['GB', '2025-08-25', false], // Summer bank holiday (England and Wales)
    ['GB', '2025-04-18', false], // Good Friday
    ['JP', '2025-01-02', true], // bank closing day, not a national holiday
    ['BR', '2025-03-04', true], // Carnival: ponto facultativo
    ['CA-ON', '2025-11-11', false], // Remembrance Day: Interpretation Act s. 35
    ['CA-BC', '2025-04-21', false], // Easter Monday: Interpretation Act s. 35
    ['CA-QC', '2025-01-02', false], // Loi d'interprétation art. 61
    ['US-CA', '2025-03-31', false], // César Chávez Day (state)
    ['US-CA', '2025-10-13', false], // Columbus Day: federal, absent from date-holidays' CA list
    ['US-CA', '2025-11-27', false], // Thanksgiving
    ['US-CA', '2025-11-28', false], // day after Thanksgiving (state)
    ['US-CA', '2025-12-24', true], // Christmas Eve: not a legal holiday (Gov. Code 6700)
    ['US-TX', '2025-12-24', false], // Christmas Eve: Texas state holiday
    ['US-TX', '2025-03-31', true], // César Chávez Day is only an observance in Texas
    ['US-CA', '2025-04-15', true],
  ] as const)('when %s %s is checked, then business day = %s', (j, date, expected) => {
    expect(isBusinessDay(calendarFor(j), date)).toBe(expected);
  });

  it('when the same calendar year is asked twice, then the cached list is returned', () => {
    expect(holidaysFor('SE', undefined, 2025)).toBe(holidaysFor('SE', undefined, 2025));
    expect(holidaysFor('US', 'CA', 2026)).toBe(holidaysFor('US', 'CA', 2026));
  });

  it('when holidays are listed for a window, then they are ordered and named, and the rule is cited', () => {
    const names = ca.holidaysBetween('2025-11-20', '2025-12-31').map((h) => `${h.date} ${h.source}`);
    expect(names).toEqual(['2025-11-27 US', '2025-11-28 US-CA', '2025-12-25 US']);
    expect(ca.rule).toContain('5 U.S.C. 6103');
    expect(calendarFor('SE').rule).toContain('Lag (1930:173)');
  });
});

describe('rollForward', () => {
  it.each([
    ['SE', '2025-12-06', '2025-12-08'], // Saturday → Monday
    ['SE', '2025-06-06', '2025-06-09'], // national day (Fri) → Monday
    ['SE', '2025-06-20', '2025-06-23'], // midsummer eve (Fri), midsummer day (Sat) → Monday
    ['SE', '2025-12-24', '2025-12-29'], // Christmas Eve..Boxing Day + weekend
    ['SE', '2025-04-30', '2025-04-30'], // Walpurgis eve stays
    ['US-CA', '2025-03-31', '2025-04-01'],
    ['CA-ON', '2025-07-01', '2025-07-02'], // Canada Day
    ['JP', '2025-05-04', '2025-05-07'], // Golden Week: 4 (Sun), 5, 6 (substitute)
    ['GB', '2025-04-18', '2025-04-22'], // Good Friday, weekend, Easter Monday
    ['US-CA', '2025-04-15', '2025-04-15'],
  ] as const)('when a %s deadline lands on %s, then it moves to %s', (j, date, expected) => {
    expect(rollForward(calendarFor(j), date)).toBe(expected);
  });
});

describe('addBusinessDays', () => {
  it.each([
    ['US-CA', '2025-11-20', 15, '2025-12-15'], // across Thanksgiving + day after
    ['US-CA', '2025-03-24', 15, '2025-04-15'], // across César Chávez Day
    ['US-CA', '2025-03-28', 1, '2025-04-01'], // Fri → weekend + Chávez → Tue
    ['US-CA', '2025-03-01', 10, '2025-03-14'], // from a Saturday
    ['US-CA', '2025-12-10', 15, '2026-01-02'], // Christmas Eve is a working day in California
    ['US-TX', '2025-03-24', 15, '2025-04-14'], // no Chávez holiday in Texas
  ] as const)('when %s %s + %i business days, then %s', (j, from, n, expected) => {
    expect(addBusinessDays(calendarFor(j), from, n)).toBe(expected);
  });

  it('when counting, then the day count between dates is consistent', () => {
    expect(daysBetween('2025-01-13', '2025-01-20')).toBe(7);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it("when adding and counting days between any two dates, then the answers are luxon's calendar's (across leap days and centuries)", () => {
    // both count plain dates with integer arithmetic on UTC midnights; luxon is the reference
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1600-01-01T00:00:00Z'), max: new Date('2400-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -40_000, max: 40_000 }),
        (instant, n) => {
          const from = utcDate(instant);
          const to = DateTime.fromISO(from, { zone: 'utc' }).plus({ days: n }).toISODate()!;
          expect(addCalendarDays(from, n)).toBe(to);
          expect(daysBetween(from, to)).toBe(n);
        },
      ),
    );
  });

  it('when a date does not exist, then counting refuses it, as for every other date function', () => {
    expect(() => daysBetween('2025-02-30', '2025-03-01')).toThrow(RangeError);
    expect(() => daysBetween('2025-01-01', '2025-13-01')).toThrow(RangeError);
  });
});

describe('utcDate', () => {
  it.each([
    [new Date('2026-03-01T23:30:00-08:00'), '2026-03-02'],
    [new Date('2026-03-02T00:00:00Z'), '2026-03-02'],
    [new Date('2026-03-01T23:59:59.999Z'), '2026-03-01'],
    ['2024-02-29T12:00:00.000Z', '2024-02-29'],
  ])('when the instant is %s, then its UTC calendar date is %s', (instant, expected) => {
    expect(utcDate(instant)).toBe(expected);
  });

  it('when the value is not an instant, then it is refused rather than turned into a date', () => {
    expect(() => utcDate('not a date')).toThrow(RangeError);
  });
});
