import { usePageLanguage } from '../i18n/page';

/** Days from today (local) to an ISO date; negative when past. */
export function daysUntil(isoDate: string, today = new Date()): number {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const due = Date.UTC(y, m - 1, d);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((due - now) / 86_400_000);
}

/**
 * Days left, coloured (and worded, so colour is never the only signal): late, due within 7 days, or fine. In the
 * page's language (English on staff and agent screens).
 */
export function DaysLeft({ days, closed = false }: { days: number | null | undefined; closed?: boolean }) {
  const { t } = usePageLanguage();
  if (closed) return <span className="badge none">{t('daysLeft.closed')}</span>;
  if (days === null || days === undefined) return <span className="badge none">{t('daysLeft.noDate')}</span>;
  if (days < 0) return <span className="badge late">{t('daysLeft.late', { count: -days })}</span>;
  if (days === 0) return <span className="badge soon">{t('daysLeft.today')}</span>;
  return <span className={`badge ${days <= 7 ? 'soon' : 'fine'}`}>{t('daysLeft.left', { count: days })}</span>;
}

/** `locale`: consumer pages pass the chosen language's (see dateLocale in i18n); staff pages keep en-GB. */
export function formatDate(iso: string | null | undefined, locale = 'en-GB'): string {
  if (!iso) return '—';
  const date = iso.length === 10 ? new Date(`${iso}T12:00:00`) : new Date(iso);
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' });
}

export function formatDateTime(iso: string | null | undefined, locale = 'en-GB'): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
