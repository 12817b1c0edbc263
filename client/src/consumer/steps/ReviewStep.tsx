import { useTranslation } from 'react-i18next';
import type { ApiResponse } from '../../api';
import { daysUntil, formatDate } from '../../components/DaysLeft';
import { dateLocale } from '../../i18n';
import { channelLabel, jurisdictionName, rightLabel } from '../data';
import { explanationText } from '../explanation';
import { pageFormat } from '../format';
import type { StepProps } from '../FileRequest';

export type Preview = ApiResponse<'/api/requests/preview', 'post'>;
type Warning = Preview['warnings'][number];

function WarningList({ warnings, label }: { warnings: Warning[]; label: string }) {
  if (!warnings.length) return null;
  return (
    <div className="notice warn">
      <p className="label">{label}</p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            {w.message}
            {w.citation?.quote ? <blockquote>“{w.citation.quote}”</blockquote> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReviewStep({ draft, preview }: StepProps & { preview: Preview }) {
  const { t, i18n } = useTranslation();
  const locale = dateLocale(i18n.resolvedLanguage ?? 'en');
  const general = preview.warnings.filter((w) => !w.vendor);
  return (
    <>
      <h2>{t('review.title')}</h2>
      <p>
        {t('review.summary', {
          count: preview.planned.length,
          name: draft.requester.name,
          place: jurisdictionName(preview.jurisdiction),
        })}
      </p>
      <WarningList warnings={general} label={t('review.note')} />
      {draft.unlisted.length ? (
        <section className="card" aria-labelledby="review-unlisted">
          <h3 id="review-unlisted">{t('review.unlistedTitle')}</h3>
          <ul>
            {draft.unlisted.map((u, i) => (
              <li key={i}>
                {u.name}
                {u.website.trim() ? ` (${u.website.trim()})` : ''}
              </li>
            ))}
          </ul>
          <p>{t('review.unlisted', { count: draft.unlisted.length })}</p>
        </section>
      ) : null}
      {preview.planned.map((p) => {
        const days = daysUntil(p.deadline.due);
        return (
          <section className="card" key={`${p.vendor}-${p.right}`} aria-labelledby={`review-${p.vendor}-${p.right}`}>
            <h3 id={`review-${p.vendor}-${p.right}`}>
              {p.vendor_name}: {rightLabel(p.requested_as === 'opt_out' ? p.right : p.requested_as)}
            </h3>
            <dl className="facts">
              <dt>{t('review.sentBy')}</dt>
              <dd>
                {p.channel
                  ? t('review.channelTo', {
                      channel: channelLabel(p.channel.type),
                      value: p.channel.value.split('\n').join(', '),
                    })
                  : t('review.noContact')}
              </dd>
              {/* Each date says what it is: the law's deadline, the company's own promise, or when we follow up. */}
              <dt>
                {p.deadline.statement.kind === 'promise'
                  ? t('review.promised')
                  : p.deadline.statement.kind === 'follow_up'
                    ? t('review.followUp')
                    : t('review.lawBy')}
              </dt>
              <dd>
                <strong>{formatDate(p.deadline.due, locale)}</strong>
                {t('review.aboutDays', { count: days })}
                {p.deadline.statement.kind === 'promise' ? t('review.inPolicy') : ''}
                {p.deadline.statement.kind === 'follow_up' ? t('review.noFixed') : ''}
              </dd>
              {p.deadline.statement.kind === 'promise' && p.deadline.statement.legal_due ? (
                <>
                  <dt>{t('review.lawBy')}</dt>
                  <dd>
                    {formatDate(p.deadline.statement.legal_due, locale)}{' '}
                    <span className="muted">({p.deadline.statement.legal_citation})</span>
                  </dd>
                </>
              ) : null}
              <dt>{t('review.why')}</dt>
              <dd>
                {p.deadline.regime_name}: {p.deadline.basis_text}.{' '}
                <span className="muted">{t('review.source', { citation: p.deadline.citation })}</span>
              </dd>
            </dl>
            <details>
              <summary>{t('review.how')}</summary>
              <ul className="small">
                {p.deadline.explanation_items
                  .map((item) => explanationText(item, t, pageFormat(locale, rightLabel)))
                  .map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
              </ul>
            </details>
            <WarningList warnings={p.warnings} label={t('review.aboutVendor', { name: p.vendor_name })} />
            {p.letter ? (
              <>
                <h4>{t('review.letterTitle', { name: p.vendor_name })}</h4>
                <p className="small muted">{t('review.subject', { subject: p.letter.subject })}</p>
                <pre className="letter" tabIndex={0} aria-label={t('review.letterTo', { name: p.vendor_name })}>
                  {p.letter.text}
                </pre>
              </>
            ) : (
              <p className="notice">{p.letter_problem}</p>
            )}
          </section>
        );
      })}
    </>
  );
}
