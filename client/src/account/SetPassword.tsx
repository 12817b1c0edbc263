import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorFor, type FieldError, ApiError } from '../api';
import { ErrorSummary, FocusHeading, TextField } from '../components/forms';

/** The one-time link to set a first password or reset one. */
export default function SetPassword() {
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [done, setDone] = useState(false);
  const submit = async () => {
    setErrors([]);
    setMessage(undefined);
    try {
      await api('/api/auth/password', { body: { token, password }, csrf: false });
      setDone(true);
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.errors);
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  if (done) {
    return (
      <>
        <FocusHeading>Your password is set</FocusHeading>
        <Link to="/login">Sign in</Link>
      </>
    );
  }
  return (
    <>
      <FocusHeading>Choose a password</FocusHeading>
      <ErrorSummary errors={errors} message={message} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="New password"
          path="password"
          type="password"
          required
          autoComplete="new-password"
          hint="At least 12 characters."
          value={password}
          error={errorFor(errors, 'password')}
          onChange={setPassword}
        />
        <button type="submit">Set password</button>
      </form>
    </>
  );
}
