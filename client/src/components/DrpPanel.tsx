import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans } from 'react-i18next';
import i18n from '../i18n';
import { ApiError, api } from '../api';
import { en } from '../i18n/en';
import { usePageLanguage } from '../i18n/page';
import { formatDate } from './DaysLeft';

interface DrpState {
  status: string | null;
  reason: string | null;
  user_verification_url: string | null;
  results_url: string | null;
  expected_by: string | null;
  processing_details: string | null;
  last_error: string | null;
  revoke_requested_at: string | null;
  can_revoke: boolean;
}

/** The timeline's words, in English, for the events of a request sent by the Data Rights Protocol (server/drp). */
export const DRP_EVENT_LABELS: Record<string, string> = en.drpEvents;

/**
 * A request sent by the Data Rights Protocol: its DRP status, the company's verification page while it waits for the
 * consumer (DRP 1.0 §3.02.1), the results, and a revoke button while the request is open or in progress (§2.04).
 * `base` is the request's API path (`/api/agent/requests/7` or `/api/requests/7`); `token` the consumer's access token.
 */
export function DrpPanel({ base, token, onChange }: { base: string; token?: string; onChange?: () => void }) {
  const { t, locale } = usePageLanguage();
  const client = useQueryClient();
  const [message, setMessage] = useState<string>();
  const q = useQuery({ queryKey: ['drp', base], queryFn: () => api<DrpState>(`${base}/drp`, { token }) });
  if (q.error instanceof ApiError && q.error.status === 404) return null;
  if (!q.data) return null;
  const d = q.data;
  /** a DRP status or reason in words, else the code as the company sent it */
  const label = (key: string, code: string) => (i18n.exists(key) ? t(key) : code);
  const revoke = async () => {
    try {
      await api(`${base}/drp-revoke`, { body: {}, token });
      setMessage(t('drp.revokeRequested'));
      void client.invalidateQueries({ queryKey: ['drp', base] });
      onChange?.();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="card" aria-labelledby="drp-heading">
      <h3 id="drp-heading">{t('drp.title')}</h3>
      <dl className="facts">
        <dt>{t('drp.status')}</dt>
        <dd>
          {d.status ? label(`drp.status_${d.status}`, d.status) : t('drp.notAccepted')}
          {d.reason ? ` (${label(`drp.reason_${d.reason}`, d.reason.replace(/_/g, ' '))})` : ''}
        </dd>
        {d.expected_by ? (
          <>
            <dt>{t('drp.expectedBy')}</dt>
            <dd>{formatDate(d.expected_by.slice(0, 10), locale)}</dd>
          </>
        ) : null}
        {d.user_verification_url && d.status === 'in_progress' && d.reason === 'need_user_verification' ? (
          <>
            <dt>{t('drp.identity')}</dt>
            <dd>
              <Trans t={t} i18nKey="drp.identityText" components={{ verify: <a href={d.user_verification_url} /> }} />
            </dd>
          </>
        ) : null}
        {d.results_url ? (
          <>
            <dt>{t('drp.results')}</dt>
            <dd>
              <a href={d.results_url}>{t('drp.resultsLink')}</a>
            </dd>
          </>
        ) : null}
        {d.last_error ? (
          <>
            <dt>{t('drp.lastError')}</dt>
            <dd>{d.last_error}</dd>
          </>
        ) : null}
      </dl>
      {d.can_revoke ? (
        <button type="button" className="secondary" onClick={() => void revoke()}>
          {t('drp.revoke')}
        </button>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
    </section>
  );
}
