/**
 * Calendar math for deadlines. Dates cross the API boundary as ISO 'YYYY-MM-DD' strings and are handled internally as
 * zone-less luxon dates in UTC (a calendar date has no time of day, so no DST surprises).
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { addCalendarDays, type IsoDate } from '../shared/dates';

export { addCalendarDays, daysBetween, utcDate, type IsoDate } from '../shared/dates';
export interface Holiday {
  date: IsoDate;
  name: string;
  /** date-holidays' type; 'law' = a day the jurisdiction's time-computation law names (e.g. Swedish midsommarafton) */
  type: 'public' | 'bank' | 'optional' | 'school' | 'law';
  /** which calendar it came from, e.g. "US", "US-CA", or "law" for a day named by the rule itself */
  source: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2199;

/** Strict 'YYYY-MM-DD' check: rejects '2025-2-3', '2025-02-30' and years outside MIN_YEAR..MAX_YEAR. */
export function parseIsoDate(value: unknown): IsoDate | null {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return null;
  const dt = DateTime.fromISO(value, { zone: 'utc' });
  if (!dt.isValid || dt.toISODate() !== value) return null;
  if (dt.year < MIN_YEAR || dt.year > MAX_YEAR) return null;
  return value;
}

function dt(date: IsoDate): DateTime {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  if (!d.isValid) throw new RangeError(`not an ISO date: ${date}`);
  return d;
}
const iso = (d: DateTime): IsoDate => d.toISODate() as IsoDate;

/** Same day-of-month N months later, or that month's last day when it has no such day (31 Jan + 1 → 28/29 Feb). */
export function addCalendarMonths(date: IsoDate, n: number): IsoDate {
  // luxon clamps to the end of the month, which is exactly the end-of-month rule; counted from `date`, never chained.
  return iso(dt(date).plus({ months: n }));
}

export function weekdayOf(date: IsoDate): string {
  return dt(date).toFormat('cccc');
}

function isWeekend(date: IsoDate): boolean {
  return dt(date).weekday >= 6;
}

/** Receipt DATE of a UTC instant in the jurisdiction's timezone. */
export function receiptDate(instant: Date, timezone: string): IsoDate {
  return iso(DateTime.fromJSDate(instant, { zone: timezone }));
}

// Principal IANA zone per jurisdiction. For US states split across zones the EASTERNMOST populous zone is used where
// it differs (TN, KY, IN): a later local date can only give a later deadline.
const US_ZONES: Record<string, string> = {
  CA: 'America/Los_Angeles',
  NV: 'America/Los_Angeles',
  OR: 'America/Los_Angeles',
  VA: 'America/New_York',
  CT: 'America/New_York',
  NH: 'America/New_York',
  NJ: 'America/New_York',
  DE: 'America/New_York',
  MD: 'America/New_York',
  RI: 'America/New_York',
  NY: 'America/New_York',
  TN: 'America/New_York',
  KY: 'America/Kentucky/Louisville',
  IN: 'America/Indiana/Indianapolis',
  CO: 'America/Denver',
  UT: 'America/Denver',
  MT: 'America/Denver',
  TX: 'America/Chicago',
  IA: 'America/Chicago',
  NE: 'America/Chicago',
  MN: 'America/Chicago',
};
const CA_ZONES: Record<string, string> = {
  AB: 'America/Edmonton',
  BC: 'America/Vancouver',
  MB: 'America/Winnipeg',
  NB: 'America/Moncton',
  NL: 'America/St_Johns',
  NS: 'America/Halifax',
  ON: 'America/Toronto',
  PE: 'America/Halifax',
  SK: 'America/Regina',
  NT: 'America/Yellowknife',
  NU: 'America/Iqaluit',
  YT: 'America/Whitehorse',
  QC: 'America/Toronto',
};
const COUNTRY_ZONES: Record<string, string> = {
  AT: 'Europe/Vienna',
  BE: 'Europe/Brussels',
  BG: 'Europe/Sofia',
  HR: 'Europe/Zagreb',
  CY: 'Asia/Nicosia',
  CZ: 'Europe/Prague',
  DK: 'Europe/Copenhagen',
  EE: 'Europe/Tallinn',
  FI: 'Europe/Helsinki',
  FR: 'Europe/Paris',
  DE: 'Europe/Berlin',
  GR: 'Europe/Athens',
  HU: 'Europe/Budapest',
  IE: 'Europe/Dublin',
  IT: 'Europe/Rome',
  LV: 'Europe/Riga',
  LT: 'Europe/Vilnius',
  LU: 'Europe/Luxembourg',
  MT: 'Europe/Malta',
  NL: 'Europe/Amsterdam',
  PL: 'Europe/Warsaw',
  PT: 'Europe/Lisbon',
  RO: 'Europe/Bucharest',
  SK: 'Europe/Bratislava',
  SI: 'Europe/Ljubljana',
  ES: 'Europe/Madrid',
  SE: 'Europe/Stockholm',
  IS: 'Atlantic/Reykjavik',
  LI: 'Europe/Vaduz',
  NO: 'Europe/Oslo',
  GB: 'Europe/London',
  JP: 'Asia/Tokyo',
  BR: 'America/Sao_Paulo',
};

function splitJurisdiction(jurisdiction: string): { country: string; state: string | undefined } {
  const [country = '', state] = jurisdiction.split('-');
  return { country, state };
}

/** IANA zone used to derive the receipt date, or undefined when the jurisdiction is not in the table. */
export function timezoneFor(jurisdiction: string): string | undefined {
  const { country, state } = splitJurisdiction(jurisdiction);
  if (country === 'US' && state) return US_ZONES[state];
  if (country === 'CA' && state) return CA_ZONES[state];
  return state ? undefined : COUNTRY_ZONES[country];
}

// Building a date-holidays calendar parses its rule data; both the instance and each year's list are memoised.
const instances = new Map<string, Holidays>();
const yearCache = new Map<string, readonly Holiday[]>();

/** Public/bank/optional holidays of one date-holidays calendar for one year, cached per (country, state, year). */
export function holidaysFor(country: string, state: string | undefined, year: number): readonly Holiday[] {
  const key = `${country}|${state ?? ''}|${year}`;
  const hit = yearCache.get(key);
  if (hit) return hit;
  const instKey = `${country}|${state ?? ''}`;
  let hd = instances.get(instKey);
  if (!hd) {
    hd = state ? new Holidays(country, state) : new Holidays(country);
    instances.set(instKey, hd);
  }
  const source = state ? `${country}-${state}` : country;
  const list: Holiday[] = [];
  for (const h of hd.getHolidays(year)) {
    if (h.type !== 'public' && h.type !== 'bank' && h.type !== 'optional' && h.type !== 'school') continue;
    list.push({ date: h.date.slice(0, 10), name: h.name, type: h.type, source });
  }
  yearCache.set(key, list);
  return list;
}

export interface BusinessCalendar {
  jurisdiction: string;
  name: string;
  /** the legal rule that says which days are not working days, cited (shown in every explanation) */
  rule: string;
  timezone: string;
  /** Non-working days (besides Saturdays and Sundays) falling in [from, to], ascending, one entry per date. */
  holidaysBetween(from: IsoDate, to: IsoDate): Holiday[];
  isHoliday(date: IsoDate): boolean;
}

/**
 * Which days a jurisdiction's own law treats as non-working, as data. A holiday library's "bank" and "optional" days
 * (eves, observances, bank closures) are NOT holidays unless the law names them: `alsoNamed` lists those by the exact
 * date-holidays name; `fixed` adds days the library does not list at all (month-day, or a function of the year).
 */
interface CalendarLaw {
  rule: string;
  sources: readonly (readonly [string, string | undefined])[];
  alsoNamed?: readonly string[];
  fixed?: (year: number) => { date: IsoDate; name: string }[];
}

const GDPR_RULE =
  'Regulation (EEC, Euratom) No 1182/71 Art. 3(4): a period ending on a Saturday, Sunday or public holiday ends on the next working day; public holidays of';

function easterSunday(year: number): IsoDate {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19,
    b = Math.floor(year / 100),
    c = year % 100,
    d = Math.floor(b / 4),
    e = b % 4;
  const f = Math.floor((b + 8) / 25),
    g = Math.floor((b - f + 1) / 3),
    h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4),
    k = c % 4,
    l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31),
    day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
/** The n-th (1-based) weekday (1 = Monday) of a month, or the last one before `before` when n is 0. */
function nthWeekday(year: number, month: number, weekday: number, n: number, before?: number): IsoDate {
  if (n === 0 && before !== undefined) {
    let d = DateTime.utc(year, month, before).minus({ days: 1 });
    while (d.weekday !== weekday) d = d.minus({ days: 1 });
    return iso(d);
  }
  let d = DateTime.utc(year, month, 1);
  while (d.weekday !== weekday) d = d.plus({ days: 1 });
  return iso(d.plus({ weeks: n - 1 }));
}
const md = (year: number, monthDay: string): IsoDate => `${year}-${monthDay}`;

/** Canada, Interpretation Act (R.S.C. 1985, c. I-21) s. 35(1) "holiday", which governs PIPEDA's time limits (s. 26). */
const CANADA_FEDERAL = (year: number) => [
  { date: md(year, '01-01'), name: "New Year's Day" },
  { date: addCalendarDays(easterSunday(year), -2), name: 'Good Friday' },
  { date: addCalendarDays(easterSunday(year), 1), name: 'Easter Monday' },
  { date: nthWeekday(year, 5, 1, 0, 25), name: 'Victoria Day' },
  { date: md(year, '07-01'), name: 'Canada Day' },
  { date: nthWeekday(year, 9, 1, 1), name: 'Labour Day' },
  ...(year >= 2021 ? [{ date: md(year, '09-30'), name: 'National Day for Truth and Reconciliation' }] : []),
  { date: nthWeekday(year, 10, 1, 2), name: 'Thanksgiving Day' },
  { date: md(year, '11-11'), name: 'Remembrance Day' },
  { date: md(year, '12-25'), name: 'Christmas Day' },
  { date: md(year, '12-26'), name: 'Boxing Day' },
];

function lawFor(jurisdiction: string): CalendarLaw {
  const { country, state } = splitJurisdiction(jurisdiction);
  switch (country) {
    case 'SE':
      return {
        rule: 'Lag (1930:173) om beräkning av lagstadgad tid, 2 §: a period ending on a Saturday, Sunday, public holiday (allmän helgdag), midsommarafton, julafton or nyårsafton ends on the next working day; other eves (trettondagsafton, valborgsmässoafton, ...) are ordinary working days',
        sources: [['SE', undefined]],
        alsoNamed: ['midsommarafton', 'julafton', 'nyårsafton'],
      };
    case 'FI':
      return {
        rule: 'Laki säädettyjen määräaikain laskemisesta (150/1930) 5 §: a period ending on a public holiday (pyhäpäivä), Independence Day, May Day, Christmas Eve, Midsummer Eve or a Saturday ends on the next working day',
        sources: [['FI', undefined]],
        alsoNamed: ['juhannusaatto', 'jouluaatto'],
      };
    case 'NO':
      return {
        rule: 'Domstolloven § 149: a period ending on a Saturday, a public holiday (helligdag, Lov om helligdager og helligdagsfred), a statutory høytidsdag (1 and 17 May), julaften or påskeaften ends on the next working day',
        sources: [['NO', undefined]],
        alsoNamed: ['Julaften'],
      };
    case 'NL':
      return {
        rule: "Algemene termijnenwet art. 1 and 3: a period ending on a Saturday, Sunday or generally recognised holiday (New Year, Easter and Whit Monday, Christmas and Boxing Day, Ascension, King's Day, 5 May) ends on the next working day",
        sources: [['NL', undefined]],
        alsoNamed: ['Bevrijdingsdag'],
      };
    case 'GB':
      return {
        rule: 'ICO guidance (UK GDPR Art. 12(3)): a deadline on a weekend or bank holiday moves to the next working day; bank holidays of England and Wales (Banking and Financial Dealings Act 1971, Sch. 1), Good Friday and Christmas Day',
        sources: [['GB', 'ENG']],
      };
    case 'US':
      return {
        rule: `Federal legal public holidays (5 U.S.C. 6103) plus ${jurisdiction}'s own legal holidays (California: Gov. Code 6700); eves and observances are working days`,
        sources: [
          ['US', undefined],
          ['US', state],
        ],
      };
    case 'CA':
      if (state === 'QC') {
        return {
          rule: "Quebec Interpretation Act (CQLR c. I-16) s. 61: non-juridical days include Sundays, 1 and 2 January, Good Friday, Easter Monday, 24 June, 1 July, Labour Day, Thanksgiving, the Sovereign's birthday, 25 and 26 December",
          sources: [['CA', 'QC']],
          fixed: (year) => [
            { date: md(year, '01-02'), name: '2 January' },
            { date: addCalendarDays(easterSunday(year), 1), name: 'Easter Monday' },
            { date: md(year, '12-26'), name: '26 December' },
          ],
        };
      }
      return {
        rule: `Interpretation Act (R.S.C. 1985, c. I-21) s. 26 and s. 35(1) "holiday": federal holidays plus ${jurisdiction}'s provincial holidays`,
        sources: [['CA', state]],
        fixed: CANADA_FEDERAL,
      };
    case 'JP':
      return {
        rule: '国民の祝日に関する法律 (Act on National Holidays) Arts. 2-3, including substitute holidays; bank closing days (1-3 January, 31 December) are not national holidays',
        sources: [['JP', undefined]],
      };
    case 'BR':
      return {
        rule: 'National holidays (Lei 662/1949, Lei 6.802/1980, Lei 14.759/2023); Carnival and Corpus Christi are optional days (ponto facultativo), not holidays',
        sources: [['BR', undefined]],
      };
    default:
      return { rule: `${GDPR_RULE} ${jurisdiction}`, sources: [[country, state]] };
  }
}

/**
 * The business calendar of a supported jurisdiction, as its own law defines non-working days (see `lawFor`): the
 * library's "public" days of the law's sources, plus the days the law names. A US state uses the federal calendar PLUS
 * the state's own (date-holidays' state calendars drop some federal days, e.g. Columbus Day in US-CA).
 */
export function calendarFor(jurisdiction: string): BusinessCalendar {
  const timezone = timezoneFor(jurisdiction);
  if (!timezone) throw new RangeError(`no calendar for jurisdiction ${jurisdiction}`);
  const law = lawFor(jurisdiction);
  const named = new Set(law.alsoNamed ?? []);
  const byDate = (year: number): Map<IsoDate, Holiday> => {
    const map = new Map<IsoDate, Holiday>();
    for (const [c, s] of law.sources) {
      for (const h of holidaysFor(c, s, year)) {
        if (h.type !== 'public' && !named.has(h.name)) continue;
        const prev = map.get(h.date);
        if (!prev || (prev.type !== 'public' && h.type === 'public')) map.set(h.date, h);
      }
    }
    for (const f of law.fixed?.(year) ?? [])
      if (!map.has(f.date)) map.set(f.date, { ...f, type: 'law', source: 'law' });
    return map;
  };
  const years = new Map<number, Map<IsoDate, Holiday>>();
  const yearMap = (year: number) => {
    let m = years.get(year);
    if (!m) years.set(year, (m = byDate(year)));
    return m;
  };
  return {
    jurisdiction,
    timezone,
    rule: law.rule,
    name: `${jurisdiction} working days: ${law.rule}`,
    isHoliday: (date) => yearMap(Number(date.slice(0, 4))).has(date),
    holidaysBetween(from, to) {
      const out: Holiday[] = [];
      for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
        for (const h of yearMap(y).values()) if (h.date >= from && h.date <= to) out.push(h);
      }
      return out.sort((a, b) => a.date.localeCompare(b.date));
    },
  };
}

export function isBusinessDay(cal: BusinessCalendar, date: IsoDate): boolean {
  return !isWeekend(date) && !cal.isHoliday(date);
}

/** N business days after `date` (the start day is not counted, even if it is a business day). */
export function addBusinessDays(cal: BusinessCalendar, date: IsoDate, n: number): IsoDate {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isBusinessDay(cal, d)) left--;
  }
  return d;
}

/** A deadline on a weekend/holiday moves to the next business day (Reg. 1182/71 Art. 3(4); same rule elsewhere). */
export function rollForward(cal: BusinessCalendar, date: IsoDate): IsoDate {
  let d = date;
  while (!isBusinessDay(cal, d)) d = addCalendarDays(d, 1);
  return d;
}
