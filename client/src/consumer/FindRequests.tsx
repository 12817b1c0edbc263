import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError, errorFor, type ApiResponse } from '../api';
import { FocusHeading, TextField } from '../components/forms';
import { rememberAccess } from './access';

/**
 * "Find my requests": the consumer types their email address and we email a sign-in link that works in any browser.
 * The answer is the same whether or not the address has requests.
 */
export function FindRequestsForm({ next }: { next?: string }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<ApiError | Error>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/consumer/sign-in-links', { body: { email, ...(next ? { next } : {}) }, csrf: false });
      setSent(true);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  if (sent) {
    return (
      <p className="notice ok" role="status">
        {t('find.sent', { email })}
      </p>
    );
  }
  const fieldError = error instanceof ApiError ? errorFor(error.errors, 'email') : undefined;
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <TextField
        label={t('find.email')}
        path="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        value={email}
        onChange={setEmail}
        error={fieldError}
        hint={t('find.emailHint')}
      />
      {error && !fieldError ? (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {t('find.submit')}
      </button>
    </form>
  );
}

export function FindRequests() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = params.get('next') ?? undefined;
  return (
    <>
      <FocusHeading>{t('find.title')}</FocusHeading>
      <p>{t('find.lead')}</p>
      <FindRequestsForm next={next && /^\/requests\/[A-Za-z0-9-]+$/.test(next) ? next : undefined} />
    </>
  );
}

/** The link in the sign-in email: redeemed once for access to every request under the address, kept in this browser. */
export function SignIn() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | Error>();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // single use: never post it twice
    started.current = true;
    api<ApiResponse<'/api/consumer/sign-in', 'post'>>('/api/consumer/sign-in', { body: { token }, csrf: false })
      .then((r) => {
        rememberAccess('email', r.access.token);
        navigate(r.next, { replace: true });
      })
      .catch((e: Error) => setError(e));
  }, [token, navigate]);
  if (!error) return <p role="status">{t('find.signingIn')}</p>;
  return (
    <>
      <FocusHeading>
        {error instanceof ApiError && error.status === 410 ? t('find.signInGone') : t('find.signInFailed')}
      </FocusHeading>
      <p>
        {error.message} {t('find.askNew')}
      </p>
      <FindRequestsForm />
      <p>
        <Link to="/file">{t('verify.startNew')}</Link>
      </p>
    </>
  );
}
