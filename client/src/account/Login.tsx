import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorFor, type FieldError } from '../api';
import { ErrorSummary, FocusHeading, TextField } from '../components/forms';
import { useLogin } from '../session';

/** One sign-in for staff, admins and agents; each lands on their own home. */
export default function Login() {
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const local: FieldError[] = [];
    if (!email.trim()) local.push({ field: 'email', message: 'Enter your email address.' });
    if (!password) local.push({ field: 'password', message: 'Enter your password.' });
    setErrors(local);
    setMessage(undefined);
    if (local.length) return;
    setBusy(true);
    try {
      const account = await login(email.trim(), password);
      const next = params.get('next');
      navigate(next && next.startsWith('/') ? next : account.role === 'agent' ? '/agent' : '/staff');
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) setErrors(e.errors);
      setMessage(e instanceof Error ? e.message : String(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <FocusHeading>Sign in</FocusHeading>
      <p>For authorized agents and portal staff. Consumers do not need an account.</p>
      <ErrorSummary errors={errors} message={message} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="Email address"
          path="email"
          type="email"
          required
          autoComplete="username"
          value={email}
          error={errorFor(errors, 'email')}
          onChange={setEmail}
        />
        <TextField
          label="Password"
          path="password"
          type="password"
          required
          autoComplete="current-password"
          value={password}
          error={errorFor(errors, 'password')}
          onChange={setPassword}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <Link to="/agent/signup">Create an agent account</Link>
        </div>
      </form>
    </>
  );
}
