import type { TFunction } from 'i18next';
import type { ApiResponse } from '../api-response';

/** One line of "how the deadline was worked out" as the API sends it: a code and its parameters (server/deadlines/explanation.ts). */
export type ExplanationItem = NonNullable<
  NonNullable<ApiResponse<'/api/requests/{id}'>['deadline']>['explanation_items']
>[number];

/** How dates, weekdays, timestamps and rights read in the page's language. */
export interface ExplanationFormat {
  date: (iso: string) => string;
  dateTime: (iso: string) => string;
  weekday: (iso: string) => string;
  right: (code: string) => string;
}

type Period = { amount: number; unit: 'calendar_days' | 'business_days' | 'months' };
const period = (t: TFunction, p: Period) => t(`explain.period_${p.unit}`, { count: p.amount });

/**
 * The line in the language of `t`. With the English catalogue and ISO dates it reads exactly as the server's English
 * line (test/unit/client-explanation.test.ts). Citations, the calendar's rule, holiday names, a rule's note and a
 * vendor's quoted policy stay as written.
 */
export function explanationText(item: ExplanationItem, t: TFunction, f: ExplanationFormat): string {
  switch (item.code) {
    case 'not_received':
      return t('explain.not_received', { received: f.date(item.params.received) });
    case 'rule':
      return t('explain.rule', {
        ...item.params,
        right: f.right(item.params.right),
        confidence: t(`explain.confidence_${item.params.confidence}`, { defaultValue: item.params.confidence }),
      });
    case 'received_at':
      return t('explain.received_at', {
        instant: f.dateTime(item.params.instant),
        received: f.date(item.params.received),
        weekday: f.weekday(item.params.received),
        timezone: item.params.timezone,
      });
    case 'received':
      return t('explain.received', {
        received: f.date(item.params.received),
        weekday: f.weekday(item.params.received),
      });
    case 'count_months':
    case 'count_business_days':
      return t(`explain.${item.code}`);
    case 'count_calendar_days':
      return t('explain.count_calendar_days', { amount: item.params.amount });
    case 'statutory':
    case 'follow_up_point':
      return t(`explain.${item.code}`, { period: period(t, item.params), due: f.date(item.params.due) });
    case 'non_working':
      return t('explain.non_working', { rule: item.params.calendar_rule });
    case 'moved': {
      const p = item.params;
      return t('explain.moved', {
        basis: t(`explain.basis_${p.basis}`, { vendor: p.vendor ?? '' }),
        nominal: f.date(p.nominal),
        weekday: f.weekday(p.nominal),
        holiday: p.holiday ? t('explain.holiday', { name: p.holiday }) : '',
        due: f.date(p.due),
      });
    }
    case 'promise_not_applied': {
      const p = item.params;
      return t('explain.promise_not_applied', {
        vendor: p.vendor,
        days: p.days,
        unit: t(`explain.unit_${p.unit}`),
        rights: p.rights.map((r) => f.right(r)).join('/') || t('explain.noRights'),
        jurisdiction: p.jurisdiction ?? t('explain.allJurisdictions'),
      });
    }
    case 'promise': {
      const p = item.params;
      return t('explain.promise', {
        vendor: p.vendor,
        period: period(t, p),
        right: f.right(p.right),
        due: f.date(p.due),
        quote: p.quote,
      });
    }
    case 'extension_available':
      return t('explain.extension_available', {
        period: period(t, item.params),
        extended_due: f.date(item.params.extended_due),
        notice_by: f.date(item.params.notice_by),
      });
    case 'no_extension':
    case 'medium_confidence':
      return t(`explain.${item.code}`);
    case 'ack':
      return t('explain.ack', { period: period(t, item.params), due: f.date(item.params.due) });
    case 'paused':
      return t('explain.paused', {
        count: item.params.days,
        pauses: item.params.pauses
          .map((p) => t('explain.range', { from: f.date(p.from), to: f.date(p.to) }))
          .join(t('explain.separator')),
      });
    case 'paused_since':
      return t('explain.paused_since', { since: f.date(item.params.since) });
    case 'extension_accepted':
      return t('explain.extension_accepted', {
        notice_date: f.date(item.params.notice_date),
        due: f.date(item.params.due),
      });
    case 'effective':
      return t('explain.effective', {
        due: f.date(item.params.due),
        source: t(`explain.source_${item.params.source}`),
        count: item.params.count,
      });
    case 'rule_note':
      return item.params.text;
  }
}
