import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, errorFor, type FieldError } from '../api';
import { ErrorSummary, FocusHeading, TextField } from '../components/forms';

const LABELS: Record<string, string> = {
  name: 'Your name',
  organisation: 'Organisation',
  email: 'Email address',
  password: 'Password',
};

export default function Signup() {
  const [v, setV] = useState({ name: '', organisation: '', email: '', password: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (value: string) => setV((s) => ({ ...s, [k]: value }));

  const submit = async () => {
    setErrors([]);
    setMessage(undefined);
    setBusy(true);
    try {
      await api('/api/agents/signup', {
        body: {
          name: v.name.trim(),
          email: v.email.trim(),
          password: v.password,
          ...(v.organisation.trim() ? { organisation: v.organisation.trim() } : {}),
        },
      });
      setDone(true);
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.errors);
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <>
        <FocusHeading>Check your email</FocusHeading>
        <p>
          We sent a link to <strong>{v.email}</strong>. Open it to confirm your address; you can{' '}
          <Link to="/login">sign in</Link> now, and file requests once it is confirmed.
        </p>
      </>
    );
  }
  return (
    <>
      <FocusHeading>Create an authorized-agent account</FocusHeading>
      <p>
        For advocates, clinics and services that file requests for the people they represent, with their written
        permission.
      </p>
      <ErrorSummary errors={errors} message={message} labels={LABELS} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="Your name"
          path="name"
          required
          autoComplete="name"
          value={v.name}
          error={errorFor(errors, 'name')}
          onChange={set('name')}
        />
        <TextField
          label="Organisation"
          path="organisation"
          autoComplete="organization"
          value={v.organisation}
          error={errorFor(errors, 'organisation')}
          onChange={set('organisation')}
        />
        <TextField
          label="Email address"
          path="email"
          type="email"
          required
          autoComplete="email"
          value={v.email}
          error={errorFor(errors, 'email')}
          onChange={set('email')}
        />
        <TextField
          label="Password"
          path="password"
          type="password"
          required
          autoComplete="new-password"
          hint="At least 12 characters."
          value={v.password}
          error={errorFor(errors, 'password')}
          onChange={set('password')}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
    </>
  );
}
