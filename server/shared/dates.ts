/**
 * Calendar dates as ISO 'YYYY-MM-DD' strings, handled as zone-less luxon dates in UTC (a calendar date has no time of
 * day, so no DST surprises). The one implementation of day arithmetic: the deadline calendar
 * (server/deadlines/calendar.ts) builds on it and re-exports it to the features; infrastructure (mail) imports it here.
 */
import { DateTime } from 'luxon';

export type IsoDate = string;

function dt(date: IsoDate): DateTime {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  if (!d.isValid) throw new RangeError(`not an ISO date: ${date}`);
  return d;
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Days since 1970-01-01 of a plain, valid 'YYYY-MM-DD' (years 1000–9999); undefined for anything else, which then
 * takes luxon's path (other ISO forms, or the RangeError of an invalid date).
 */
function dayNumber(date: IsoDate): number | undefined {
  const m = PLAIN_DATE.exec(date);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1000) return undefined; // Date.UTC reads years 0–99 as 1900–1999
  const t = Date.UTC(year, month - 1, day);
  const back = new Date(t);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined; // 2025-02-30
  return t / DAY_MS;
}

/**
 * "N days from receipt": the receipt day is not counted, day N is the result (1 March + 45 → 15 April). Plain dates
 * are counted on UTC midnights like daysBetween (the queue's buckets ask for it on every request).
 */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  const day = dayNumber(date);
  if (day !== undefined && Number.isInteger(n)) {
    const result = new Date((day + n) * DAY_MS).toISOString();
    if (/^\d{4}-/.test(result)) return result.slice(0, 10); // four-digit years (toISOString writes ±YYYYYY beyond)
  }
  return dt(date).plus({ days: n }).toISODate() as IsoDate;
}

/**
 * Whole days from a to b (b − a). Plain dates are counted with integer arithmetic on UTC midnights: the staff queue
 * computes this for every row of a page, and luxon's diff cost a tenth of the page's CPU time (bench/queue.ts).
 */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const from = dayNumber(a);
  const to = dayNumber(b);
  if (from !== undefined && to !== undefined) return to - from;
  return Math.round(dt(b).diff(dt(a), 'days').days);
}

/**
 * The UTC calendar date of an instant (a Date, or a timestamp string as the database returns it): "today" of the
 * injected clock where no jurisdiction's zone applies (queues, reports), and the day of a stored instant.
 */
export function utcDate(instant: Date | string): IsoDate {
  const d = DateTime.fromJSDate(new Date(instant), { zone: 'utc' });
  if (!d.isValid) throw new RangeError(`not an instant: ${String(instant)}`);
  return d.toISODate() as IsoDate;
}
