import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../api';
import { DRP_EVENT_LABELS, DrpPanel } from '../components/DrpPanel';
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

/** The timeline's words for the common events; DRP's own come from the panel. */
const EVENT_LABELS: Record<string, string> = {
  request_created: 'Request created',
  dispatched: 'Sent to the company',
  deadline_started: 'The company received it: the deadline started',
  deadline_closed: 'Deadline closed',
  dispatch_failed: 'Sending failed: staff are looking at it',
  ...DRP_EVENT_LABELS,
};
const eventLabel = (t: string) => EVENT_LABELS[t] ?? t.replace(/_/g, ' ');

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
      {r.channel.type === 'drp' ? <DrpPanel base={`/api/agent/requests/${id}`} key={r.timeline.length} /> : null}
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
