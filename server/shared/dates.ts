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

/** "N days from receipt": the receipt day is not counted, day N is the result (1 March + 45 → 15 April). */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  return dt(date).plus({ days: n }).toISODate() as IsoDate;
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
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
