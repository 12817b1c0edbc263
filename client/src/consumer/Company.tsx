import { useQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type ApiResponse } from '../api';
import { formatDateTime } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { dateLocale } from '../i18n';

type Responsiveness = ApiResponse<'/api/vendors/{slug}/responsiveness'>;
type Profile = ApiResponse<'/api/vendors/{slug}'>;

/**
 * What the company itself reported (e.g. a data broker's request figures in the California registry), beside what
 * the portal observed; and what its site says of Global Privacy Control.
 */
function SelfReported({ profile }: { profile: Profile }) {
  const { t, i18n } = useTranslation();
  const gpcKey = profile.gpc ? `company.gpc_${profile.gpc.outcome}` : '';
  return (
    <>
      {profile.metrics.map((m) => (
        <section key={`${m.dataset}-${m.record}`} aria-label={t('company.reportedTo', { dataset: m.dataset })}>
          <h2>{t('company.reportedTitle', { name: profile.name })}</h2>
          <p className="small muted">
            {t('company.reportedFrom', { dataset: m.dataset, version: m.version, record: m.record })}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('company.requests')}</th>
                <th scope="col">{t('company.figures')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(m.metrics).map(([type, measures]) => (
                <tr key={type}>
                  <th scope="row">{type.replace(/_/g, ' ')}</th>
                  <td>
                    {typeof measures === 'object' && measures !== null
                      ? Object.entries(measures as Record<string, unknown>)
                          .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`)
                          .join('; ')
                      : String(measures)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {profile.gpc ? (
        <p>
          <Trans
            i18nKey={i18n.exists(gpcKey) ? gpcKey : 'company.gpc_other'}
            values={{
              outcome: profile.gpc.outcome,
              checked: formatDateTime(profile.gpc.checked_at, dateLocale(i18n.resolvedLanguage ?? 'en')),
            }}
            components={{ code: <code /> }}
          />
        </p>
      ) : null}
    </>
  );
}

/** A company's public page: how it has answered the requests filed through the portal. */
export default function Company() {
  const { t, i18n } = useTranslation();
  const locale = dateLocale(i18n.resolvedLanguage ?? 'en');
  const { slug = '' } = useParams();
  const q = useQuery({
    queryKey: ['responsiveness', slug],
    queryFn: () => api<Responsiveness>(`/api/vendors/${encodeURIComponent(slug)}/responsiveness`),
  });
  const profile = useQuery({
    queryKey: ['vendor', slug],
    queryFn: () => api<Profile>(`/api/vendors/${encodeURIComponent(slug)}`),
  });
  if (q.error) return <Problem error={q.error} title={t('company.notFound')} />;
  if (!q.data) return <p role="status">{t('layout.loading')}</p>;
  const r = q.data;
  return (
    <>
      <FocusHeading>{t('company.title', { name: r.vendor.name })}</FocusHeading>
      {r.requests_received === 0 ? (
        <p>{t('company.none', { name: r.vendor.name })}</p>
      ) : (
        <>
          <dl className="facts" aria-label={t('company.observed')}>
            <dt>{t('company.received')}</dt>
            <dd>{r.requests_received}</dd>
            <dt>{t('company.median')}</dt>
            <dd>
              {r.median_days_to_first_answer === null
                ? t('company.noAnswer')
                : t('company.days', { count: r.median_days_to_first_answer })}{' '}
              <span className="muted">{t('company.answered', { count: r.answered })}</span>
            </dd>
            <dt>{t('company.onTime')}</dt>
            <dd>
              {r.on_time_share === null
                ? t('company.onTimeUnknown')
                : t('company.onTimeShare', {
                    percent: Math.round(r.on_time_share * 100),
                    onTime: r.answered_on_time,
                    decided: r.deadline_decided,
                  })}
            </dd>
            <dt>{t('company.reasons')}</dt>
            <dd>
              {r.denial_reasons.length ? (
                <ul>
                  {r.denial_reasons.map((d) => (
                    <li key={d.reason}>
                      {t(`company.reason_${d.reason.replace(/ /g, '_')}`, { defaultValue: d.label })}: {d.count}
                    </li>
                  ))}
                </ul>
              ) : (
                t('company.noReasons')
              )}
            </dd>
          </dl>
          <p className="small muted">
            {t('company.method')}{' '}
            {r.computed_at ? t('company.figuresOf', { when: formatDateTime(r.computed_at, locale) }) : ''}
          </p>
        </>
      )}
      {profile.data ? <SelfReported profile={profile.data} /> : null}
      <p>
        <Link to="/file">{t('layout.file')}</Link>
      </p>
    </>
  );
}
