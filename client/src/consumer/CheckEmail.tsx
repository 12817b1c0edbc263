import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, ApiError, type ApiResponse } from '../api';
import { formatDateTime } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';
import { dateLocale } from '../i18n';

/** The intake's answer: what will be filed once the email address is confirmed. */
export type Filed = ApiResponse<'/api/requests', 'post'> & { email?: string };

/** After submitting: nothing is sent until the email address is confirmed. */
export function CheckEmail({ filed }: { filed: Filed }) {
  const { t, i18n } = useTranslation();
  const [note, setNote] = useState<string>();
  const resend = async () => {
    try {
      await api(`/api/submissions/${filed.submission_id}/resend-verification`, { method: 'POST', csrf: false });
      setNote(t('checkEmail.resent'));
    } catch (e) {
      setNote(
        e instanceof ApiError && e.status === 429
          ? t('checkEmail.tooMany')
          : e instanceof Error
            ? e.message
            : String(e),
      );
    }
  };
  return (
    <>
      <FocusHeading>{t('checkEmail.title')}</FocusHeading>
      <div className="notice ok">
        <p>
          <Trans
            i18nKey="checkEmail.sent"
            count={filed.planned.length}
            values={{ email: filed.email }}
            components={{ strong: <strong /> }}
          />
        </p>
        <p>
          {t('checkEmail.lists', {
            until: formatDateTime(filed.verification.expires_at, dateLocale(i18n.resolvedLanguage ?? 'en')),
          })}
        </p>
      </div>
      <p>{t('checkEmail.nothing')}</p>
      <button type="button" className="secondary" onClick={() => void resend()}>
        {t('checkEmail.resend')}
      </button>
      <p role="status">{note}</p>
    </>
  );
}
