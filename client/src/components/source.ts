import type { TFunction } from 'i18next';
import type { ApiResponse } from '../api';
import i18n from '../i18n';

/** Where a registry fact comes from (GET /api/vendors/:slug `source`), and how fresh it is, in words. */
export type FactSource = ApiResponse<'/api/vendors/{slug}'>['sources'][number];

const day = (iso: string) => iso.slice(0, 10);

/**
 * In the language of `t`: the consumer's company step passes the page's, staff screens the English default. Dates
 * stay ISO (YYYY-MM-DD) as the datasets give them; the dataset's name and record are its own.
 */
export function sourceText(s: FactSource | undefined, t: TFunction = i18n.getFixedT('en')): string {
  if (!s) return t('source.unknown');
  if (s.kind === 'policy') {
    return s.effective_date
      ? t('source.policyOf', { date: s.effective_date, retrieved: day(s.retrieved_at) })
      : t('source.policy', { retrieved: day(s.retrieved_at) });
  }
  const details = [
    s.date ? t('source.asOf', { date: s.date }) : t('source.version', { version: s.version.slice(0, 12) }),
    ...(s.quality ? [i18n.exists(`source.quality_${s.quality}`) ? t(`source.quality_${s.quality}`) : s.quality] : []),
    ...(s.withdrawn ? [t('source.withdrawn')] : []),
  ];
  return t('source.dataset', {
    dataset: s.dataset_name,
    record: s.record,
    details: details.join(t('source.separator')),
  });
}
