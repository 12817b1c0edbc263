import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api';
import { FocusHeading } from '../components/forms';

export default function VerifyEmail() {
  const { token = '' } = useParams();
  const [state, setState] = useState<'pending' | 'done' | string>('pending');
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // single-use link
    started.current = true;
    api('/api/agents/verify-email', { body: { token }, csrf: false })
      .then(() => setState('done'))
      .catch((e: Error) => setState(e.message));
  }, [token]);
  if (state === 'pending') return <p role="status">Confirming your email address…</p>;
  return (
    <>
      <FocusHeading>
        {state === 'done' ? 'Your email address is confirmed' : 'We could not confirm this link'}
      </FocusHeading>
      <p>{state === 'done' ? 'You can now file requests for your principals.' : state}</p>
      <Link to="/login">Sign in</Link>
    </>
  );
}
