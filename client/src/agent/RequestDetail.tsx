import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../api';
import { formatDate } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';
import { rightLabel, statusLabel } from '../consumer/data';

interface Detail {
  id: number;
  reference: string;
  status: string;
  vendor: { slug: string; name: string };
  right: string;
  principal: { id: number; name: string };
  channel: { type: string; value: string | null };
  timeline: { type: string; at: string }[];
}

interface DrpState {
  status: string | null;
  reason: string | null;
  user_verification_url: string | null;
  results_url: string | null;
  expected_by: string | null;
  processing_details: string | null;
  last_error: string | null;
  revoke_requested_at: string | null;
  can_revoke: boolean;
}

/** The timeline's words for the events of a request sent by the Data Rights Protocol (and the common ones). */
const EVENT_LABELS: Record<string, string> = {
  request_created: 'Request created',
  dispatched: 'Sent to the company',
  clock_started: 'The company received it: the deadline started',
  clock_closed: 'Deadline closed',
  dispatch_failed: 'Sending failed: staff are looking at it',
  drp_open: 'DRP: the company registered the request (open)',
  drp_in_progress: 'DRP: in progress',
  drp_need_user_verification: 'DRP: in progress, the company needs the consumer to verify their identity',
  drp_verification_link_sent: 'The verification link was emailed to the consumer',
  drp_fulfilled: 'DRP: fulfilled',
  drp_denied: 'DRP: denied',
  drp_expired: 'DRP: expired',
  drp_revoked: 'DRP: revoked',
  drp_revoke_requested: 'Revoke requested',
  drp_revoke_failed: 'The revoke was refused',
  drp_expected_by_late: 'Flag: the company expects to answer after the legal deadline',
  drp_extension_without_reason: 'Flag: the company moved its date without giving a reason',
};
const eventLabel = (t: string) => EVENT_LABELS[t] ?? t.replace(/_/g, ' ');

function Drp({ id }: { id: string }) {
  const client = useQueryClient();
  const [message, setMessage] = useState<string>();
  const q = useQuery({
    queryKey: ['agent-request-drp', id],
    queryFn: () => api<DrpState>(`/api/agent/requests/${id}/drp`),
  });
  if (q.error instanceof ApiError && q.error.status === 404) return null;
  if (!q.data) return null;
  const d = q.data;
  const revoke = async () => {
    try {
      await api(`/api/agent/requests/${id}/drp-revoke`, { body: {} });
      setMessage('Revoke requested: the company is being told.');
      void client.invalidateQueries({ queryKey: ['agent-request-drp', id] });
      void client.invalidateQueries({ queryKey: ['agent-request', id] });
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="card" aria-labelledby="drp">
      <h2 id="drp">Data Rights Protocol</h2>
      <dl className="facts">
        <dt>DRP status</dt>
        <dd>
          {d.status ?? 'not accepted yet'}
          {d.reason ? ` (${d.reason.replace(/_/g, ' ')})` : ''}
        </dd>
        {d.expected_by ? (
          <>
            <dt>The company expects to answer by</dt>
            <dd>{formatDate(d.expected_by.slice(0, 10))}</dd>
          </>
        ) : null}
        {d.user_verification_url && d.reason === 'need_user_verification' ? (
          <>
            <dt>Identity verification</dt>
            <dd>The consumer was emailed the company’s verification page.</dd>
          </>
        ) : null}
        {d.results_url ? (
          <>
            <dt>Results</dt>
            <dd>
              <a href={d.results_url}>The company’s results</a>
            </dd>
          </>
        ) : null}
        {d.last_error ? (
          <>
            <dt>Last error</dt>
            <dd>{d.last_error}</dd>
          </>
        ) : null}
      </dl>
      {d.can_revoke ? (
        <button type="button" className="secondary" onClick={() => void revoke()}>
          Revoke this request
        </button>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
    </section>
  );
}

function RequestPage() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['agent-request', id],
    queryFn: () => api<Detail>(`/api/agent/requests/${id}`),
    refetchInterval: 2000,
  });
  if (q.error) return <Problem error={q.error} title="We could not open this request" />;
  if (!q.data) return <p role="status">Loading…</p>;
  const r = q.data;
  return (
    <>
      <p>
        <Link to="/agent/requests">All requests</Link>
      </p>
      <FocusHeading>{r.reference}</FocusHeading>
      <dl className="facts">
        <dt>Principal</dt>
        <dd>{r.principal.name}</dd>
        <dt>Company</dt>
        <dd>{r.vendor.name}</dd>
        <dt>Right</dt>
        <dd>{rightLabel(r.right)}</dd>
        <dt>Status</dt>
        <dd>{statusLabel(r.status)}</dd>
        <dt>Sent by</dt>
        <dd>{r.channel.type === 'drp' ? 'Data Rights Protocol' : r.channel.type}</dd>
      </dl>
      {r.channel.type === 'drp' ? <Drp id={id} key={r.timeline.length} /> : null}
      <h2>Timeline</h2>
      <ol className="timeline">
        {r.timeline.map((e, i) => (
          <li key={i}>
            <strong>{new Date(e.at).toLocaleString()}</strong>: {eventLabel(e.type)}
          </li>
        ))}
      </ol>
    </>
  );
}

export default function RequestDetail() {
  return (
    <RequireRole roles={['agent']}>
      <RequestPage />
    </RequireRole>
  );
}
