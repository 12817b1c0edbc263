import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, errorFor, type ApiResponse } from '../api';
import { formatDate } from '../components/DaysLeft';
import { TextField } from '../components/forms';
import { dateLocale } from '../i18n';

/** California's DROP for one request (GET /api/requests/:id `drop`): null where it does not reach the request. */
type DropStatus = NonNullable<ApiResponse<'/api/requests/{id}'>['drop']>;

/**
 * Offers DROP to a California resident asking a registered data broker to delete, and once they say they used it,
 * shows the day the broker must have processed it (overdue, with the rule, after that day).
 */
export function DropPanel({
  requestId,
  drop,
  token,
  onDone,
}: {
  requestId: number;
  drop: DropStatus;
  token: string;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = dateLocale(i18n.resolvedLanguage ?? 'en');
  const [date, setDate] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const errors = error instanceof ApiError ? error.errors : [];
  const record = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/requests/${requestId}/drop`, { body: { submitted_on: date }, token });
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={`drop-${requestId}`}>
      <h3 id={`drop-${requestId}`}>{t('drop.title')}</h3>
      <p>{t('drop.explanation', { broker: drop.broker, url: drop.url, citation: drop.citation })}</p>
      <p>
        <a href={drop.url} target="_blank" rel="noreferrer">
          {t('drop.open')}
        </a>
      </p>
      {drop.submitted_on && drop.processing_due_on ? (
        <p className={drop.overdue ? 'notice error-text' : 'notice'} role={drop.overdue ? 'alert' : undefined}>
          {drop.overdue
            ? t('drop.overdue', {
                broker: drop.broker,
                due: formatDate(drop.processing_due_on, locale),
                citation: drop.citation,
              })
            : t('drop.used', {
                submitted: formatDate(drop.submitted_on, locale),
                due: formatDate(drop.processing_due_on, locale),
                citation: drop.citation,
              })}
        </p>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void record();
          }}
        >
          <TextField
            label={t('drop.dateLabel')}
            path={`drop-${requestId}-submitted_on`}
            type="date"
            required
            value={date}
            onChange={setDate}
            error={errorFor(errors, 'submitted_on')}
            hint={t('drop.dateHint')}
          />
          {error && !errors.length ? (
            <p className="error-text" role="alert">
              {error.message}
            </p>
          ) : null}
          <button type="submit" disabled={busy}>
            {t('drop.track')}
          </button>
        </form>
      )}
    </section>
  );
}
