/**
 * Calendar math for deadlines. Dates cross the API boundary as ISO 'YYYY-MM-DD' strings and are handled internally as
 * zone-less luxon dates in UTC (a calendar date has no time of day, so no DST surprises).
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

export type IsoDate = string;
/**
 * 'public': only date-holidays type "public". 'extended': also "bank" and "optional" days (e.g. Swedish midsummer eve,
 * Christmas Eve). More closed days can only move a deadline LATER, so the extended reading is the conservative one.
 */
export type HolidayReading = 'public' | 'extended';
export interface Holiday {
  date: IsoDate;
  name: string;
  type: 'public' | 'bank' | 'optional';
  /** which date-holidays calendar it came from, e.g. "US" or "US-CA" */
  source: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2199;

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

/** "N days from receipt": the receipt day is not counted, day N is the result (1 March + 45 → 15 April). */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  return iso(dt(date).plus({ days: n }));
}

/** Same day-of-month N months later, or that month's last day when it has no such day (31 Jan + 1 → 28/29 Feb). */
export function addCalendarMonths(date: IsoDate, n: number): IsoDate {
  // luxon clamps to the end of the month, which is exactly the end-of-month rule; counted from `date`, never chained.
  return iso(dt(date).plus({ months: n }));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round(dt(b).diff(dt(a), 'days').days);
}

export function weekdayOf(date: IsoDate): string {
  return dt(date).toFormat('cccc');
}

export function isWeekend(date: IsoDate): boolean {
  return dt(date).weekday >= 6;
}

/** Receipt DATE of a UTC instant in the jurisdiction's timezone. */
export function receiptDate(instant: Date, timezone: string): IsoDate {
  return iso(DateTime.fromJSDate(instant, { zone: timezone }));
}

// Principal IANA zone per jurisdiction. For US states split across zones the EASTERNMOST populous zone is used where
// it differs (TN, KY, IN): a later local date can only give a later deadline.
const US_ZONES: Record<string, string> = {
  CA: 'America/Los_Angeles', NV: 'America/Los_Angeles', OR: 'America/Los_Angeles',
  VA: 'America/New_York', CT: 'America/New_York', NH: 'America/New_York', NJ: 'America/New_York',
  DE: 'America/New_York', MD: 'America/New_York', RI: 'America/New_York', NY: 'America/New_York',
  TN: 'America/New_York', KY: 'America/Kentucky/Louisville', IN: 'America/Indiana/Indianapolis',
  CO: 'America/Denver', UT: 'America/Denver', MT: 'America/Denver',
  TX: 'America/Chicago', IA: 'America/Chicago', NE: 'America/Chicago', MN: 'America/Chicago',
};
const CA_ZONES: Record<string, string> = {
  AB: 'America/Edmonton', BC: 'America/Vancouver', MB: 'America/Winnipeg', NB: 'America/Moncton',
  NL: 'America/St_Johns', NS: 'America/Halifax', ON: 'America/Toronto', PE: 'America/Halifax',
  SK: 'America/Regina', NT: 'America/Yellowknife', NU: 'America/Iqaluit', YT: 'America/Whitehorse', QC: 'America/Toronto',
};
const COUNTRY_ZONES: Record<string, string> = {
  AT: 'Europe/Vienna', BE: 'Europe/Brussels', BG: 'Europe/Sofia', HR: 'Europe/Zagreb', CY: 'Asia/Nicosia',
  CZ: 'Europe/Prague', DK: 'Europe/Copenhagen', EE: 'Europe/Tallinn', FI: 'Europe/Helsinki', FR: 'Europe/Paris',
  DE: 'Europe/Berlin', GR: 'Europe/Athens', HU: 'Europe/Budapest', IE: 'Europe/Dublin', IT: 'Europe/Rome',
  LV: 'Europe/Riga', LT: 'Europe/Vilnius', LU: 'Europe/Luxembourg', MT: 'Europe/Malta', NL: 'Europe/Amsterdam',
  PL: 'Europe/Warsaw', PT: 'Europe/Lisbon', RO: 'Europe/Bucharest', SK: 'Europe/Bratislava', SI: 'Europe/Ljubljana',
  ES: 'Europe/Madrid', SE: 'Europe/Stockholm', IS: 'Atlantic/Reykjavik', LI: 'Europe/Vaduz', NO: 'Europe/Oslo',
  GB: 'Europe/London', JP: 'Asia/Tokyo', BR: 'America/Sao_Paulo',
};

export function splitJurisdiction(jurisdiction: string): { country: string; state: string | undefined } {
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
    if (h.type !== 'public' && h.type !== 'bank' && h.type !== 'optional') continue;
    // Half-day eves (start 12:00 or 14:00) still count as the whole date: the conservative reading.
    list.push({ date: h.date.slice(0, 10), name: h.name, type: h.type, source });
  }
  yearCache.set(key, list);
  return list;
}

export interface BusinessCalendar {
  jurisdiction: string;
  name: string;
  reading: HolidayReading;
  timezone: string;
  /** Holidays (per this reading) falling in [from, to], ascending, one entry per date. */
  holidaysBetween(from: IsoDate, to: IsoDate): Holiday[];
  isHoliday(date: IsoDate): boolean;
}

/**
 * The business calendar of a supported jurisdiction. A US state uses the federal calendar PLUS the state's own
 * (date-holidays' state calendars drop some federal days, e.g. Columbus Day in US-CA).
 */
export function calendarFor(jurisdiction: string, reading: HolidayReading): BusinessCalendar {
  const timezone = timezoneFor(jurisdiction);
  if (!timezone) throw new RangeError(`no calendar for jurisdiction ${jurisdiction}`);
  const { country, state } = splitJurisdiction(jurisdiction);
  const sources: [string, string | undefined][] = country === 'US' ? [['US', undefined], ['US', state]] : [[country, state]];
  const byDate = (year: number): Map<IsoDate, Holiday> => {
    const map = new Map<IsoDate, Holiday>();
    for (const [c, s] of sources) {
      for (const h of holidaysFor(c, s, year)) {
        if (reading === 'public' && h.type !== 'public') continue;
        const prev = map.get(h.date);
        if (!prev || (prev.type !== 'public' && h.type === 'public')) map.set(h.date, h);
      }
    }
    return map;
  };
  const years = new Map<number, Map<IsoDate, Holiday>>();
  const yearMap = (year: number) => {
    let m = years.get(year);
    if (!m) years.set(year, (m = byDate(year)));
    return m;
  };
  const label = country === 'US' ? `US federal + ${jurisdiction} holidays` : `${jurisdiction} holidays`;
  return {
    jurisdiction,
    reading,
    timezone,
    name: `${label} (date-holidays; ${reading === 'public' ? 'type "public" only' : 'types "public", "bank" and "optional"'})`,
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
