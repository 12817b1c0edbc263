import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { api, type ApiResponse } from '../api';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { rightLabel } from '../consumer/data';

type Link = ApiResponse<'/api/authorizations/{token}'>;

/** The page a principal opens from the e-authorization email: confirm (or decline) that the agent may act for them. */
export default function Authorize() {
  const { token = '' } = useParams();
  const location = useLocation();
  const declining = location.pathname.endsWith('/decline');
  const q = useQuery({
    queryKey: ['authorization', token],
    queryFn: () => api<Link>(`/api/authorizations/${token}`),
    retry: false,
  });
  const [done, setDone] = useState<'confirmed' | 'declined'>();
  const [error, setError] = useState<string>();
  const act = async (what: 'confirm' | 'decline') => {
    try {
      await api(`/api/authorizations/${token}/${what}`, { method: 'POST', csrf: false });
      setDone(what === 'confirm' ? 'confirmed' : 'declined');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  if (done) {
    return (
      <>
        <FocusHeading>
          {done === 'confirmed' ? 'Thank you: you have authorized your agent' : 'You declined'}
        </FocusHeading>
        <p>
          {done === 'confirmed'
            ? 'Your agent can now file data-rights requests for you. You may revoke this at any time by contacting them or us.'
            : 'The link no longer works and nothing will be filed for you.'}
        </p>
      </>
    );
  }
  if (q.error) return <Problem error={q.error} title="We could not open this authorization link" />;
  if (!q.data) return <p role="status">Loading…</p>;
  const l = q.data;
  return (
    <>
      <FocusHeading>Authorize {l.agent.name} to act for you</FocusHeading>
      <p>
        Hello {l.principal.name}. {l.agent.name}
        {l.agent.organisation ? ` (${l.agent.organisation})` : ''}, {l.agent.email}, asks to file data-rights requests
        with companies in your name.
      </p>
      <p>
        By confirming, you sign this: &ldquo;I authorize {l.agent.name} to act as my authorized agent:{' '}
        {l.scope.description}.&rdquo;
      </p>
      <ul>
        {l.scope.rights.map((r) => (
          <li key={r}>{rightLabel(r, 'en')}</li>
        ))}
      </ul>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        {!declining ? (
          <button type="button" onClick={() => void act('confirm')}>
            I authorize {l.agent.name}
          </button>
        ) : null}
        <button type="button" className={declining ? 'danger' : 'secondary'} onClick={() => void act('decline')}>
          Decline
        </button>
      </div>
    </>
  );
}
