import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError, errorFor, type ApiResponse } from '../api';
import { FocusHeading, TextField } from '../components/forms';
import { rememberAccess } from './access';

/**
 * "Find my requests": the consumer types their email address and we email a sign-in link that works in any browser.
 * The answer is the same whether or not the address has requests.
 */
export function FindRequestsForm({ next }: { next?: string }) {
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
        If requests were filed with {email}, we have emailed it a sign-in link. Open it in this or any other browser; it
        works once, for 24 hours. Nothing arrived? Check the spam folder, or ask again in a few minutes.
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
        label="Your email address"
        path="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        value={email}
        onChange={setEmail}
        error={fieldError}
        hint="The address you filed your requests with."
      />
      {error && !fieldError ? (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        Email me a sign-in link
      </button>
    </form>
  );
}

export function FindRequests() {
  const [params] = useSearchParams();
  const next = params.get('next') ?? undefined;
  return (
    <>
      <FocusHeading>Find my requests</FocusHeading>
      <p>
        Lost the link, or on another device? Enter your email address and we will send you a link to all your requests.
      </p>
      <FindRequestsForm next={next && /^\/requests\/[A-Za-z0-9-]+$/.test(next) ? next : undefined} />
    </>
  );
}

/** The link in the sign-in email: redeemed once for access to every request under the address, kept in this browser. */
export function SignIn() {
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
  if (!error) return <p role="status">Signing you in…</p>;
  return (
    <>
      <FocusHeading>
        {error instanceof ApiError && error.status === 410
          ? 'This sign-in link was already used or has expired'
          : 'We could not use this link'}
      </FocusHeading>
      <p>{error.message} Ask for a new link here:</p>
      <FindRequestsForm />
      <p>
        <Link to="/file">Start a new request</Link>
      </p>
    </>
  );
}
