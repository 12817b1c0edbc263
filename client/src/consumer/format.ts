import { formatDate, formatDateTime } from '../components/DaysLeft';
import type { ExplanationFormat } from './explanation';

/** Dates and weekdays in `locale` (see dateLocale in i18n), rights in the page's words. */
export function pageFormat(locale: string, right: (code: string) => string): ExplanationFormat {
  return {
    date: (iso) => formatDate(iso, locale),
    dateTime: (iso) => formatDateTime(iso, locale),
    weekday: (iso) =>
      new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(locale, { weekday: 'long', timeZone: 'UTC' }),
    right,
  };
}
