import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, ApiError, download } from '../api';
import { daysUntil, DaysLeft, formatDate, formatDateTime } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { accessFor, allAccess, rememberAccess } from './access';
import { channelLabel, jurisdictionName, rightLabel, statusLabel } from './data';

interface RequestSummary {
  id: number;
  reference: string;
  vendor: { slug: string; name: string };
  right: string;
  jurisdiction: string;
  status: string;
  channel: { type: string; value: string } | null;
  created_at: string;
  received_at: string | null;
  closed_at: string | null;
}
interface RequestDetail extends RequestSummary {
  timeline: { type: string; actor: string; at: string; data: Record<string, unknown> }[];
  deadline: { source: 'clock' | 'planned'; regime: string; due: string; effective_due: string; extended_due: string | null; explanation: string[] } | null;
  letters: { id: number; purpose: string; channel_type: string; subject: string; created_at: string; pdf_url: string }[];
  /** a company that was not in the registry: what staff are doing about it */
  research?: { company: string; status: 'looking_up_contact' | 'contact_confirmed'; message: string } | null;
}
interface Submission {
  submission_id: string;
  status: string;
  jurisdiction: string;
  created_at: string;
  verified_at: string | null;
  requests: RequestSummary[];
}

const EVENT_LABELS: Record<string, string> = {
  request_created: 'Request created',
  letter_prepared: 'Letter prepared',
  letter_queued: 'Letter queued for sending',
  dispatched: 'Letter delivered to the company',
  letter_mailed: 'Letter posted',
  dispatch_failed: 'Delivery failed: our staff are looking at it',
  clock_started: 'The company received it: the deadline started',
  vendor_replied: 'The company replied',
  extension_accepted: 'The company extended its deadline',
  clock_paused: 'The deadline is paused while the company waits for information',
  clock_resumed: 'The deadline runs again',
  clock_closed: 'Closed',
  clock_reopened: 'Reopened',
  request_notice: 'We notified you',
};
const eventLabel = (t: string) => EVENT_LABELS[t] ?? t.replace(/_/g, ' ');
const CLOSED = ['completed', 'denied', 'withdrawn', 'closed'];

function NextSteps({ r, days }: { r: RequestDetail; days: number | null }) {
  if (CLOSED.includes(r.status)) return null;
  if (days !== null && days < 0) {
    return (
      <div className="notice danger">
        <p className="label">{r.vendor.name} is late</p>
        <ul>
          <li>We have reminded the company; after two weeks we send a formal follow-up letter in your name.</li>
          <li>You may complain to the data-protection regulator where you live. We will email you a complaint you can send.</li>
          <li>If the company answered by post or phone, tell us by replying to any of our emails so we can record it.</li>
        </ul>
      </div>
    );
  }
  if (r.status === 'awaiting_information') return <p className="notice warn">The company asked for more information: check your email and answer it; the deadline may be paused until you do.</p>;
  if (r.status === 'needs_research' && r.research?.status === 'looking_up_contact') return <p className="notice">{r.research.message} Nothing for you to do.</p>;
  if (r.status === 'needs_research' || r.status === 'dispatch_failed') return <p className="notice">Our staff are finding the right contact. Nothing for you to do.</p>;
  return null;
}

function RequestCard({ summary, token }: { summary: RequestSummary; token: string }) {
  const q = useQuery({
    queryKey: ['consumer-request', summary.id, summary.status],
    queryFn: () => api<RequestDetail>(`/api/requests/${summary.id}`, { token }),
  });
  const [downloadError, setDownloadError] = useState<string>();
  const r = q.data;
  const due = r?.deadline?.effective_due ?? r?.deadline?.due ?? null;
  const days = due ? daysUntil(due) : null;
  return (
    <section className="card" aria-labelledby={`req-${summary.id}`}>
      <h2 id={`req-${summary.id}`}>
        {summary.vendor.name}: {rightLabel(summary.right)}
      </h2>
      <dl className="facts">
        <dt>Reference</dt>
        <dd>{summary.reference}</dd>
        <dt>Status</dt>
        <dd>{statusLabel(summary.status)}</dd>
        <dt>Sent by</dt>
        <dd>{summary.channel ? `${channelLabel(summary.channel.type)} to ${summary.channel.value.split('\n').join(', ')}` : 'being researched'}</dd>
        <dt>Due</dt>
        <dd>
          {due ? (
            <>
              {formatDate(due)} <DaysLeft days={days} closed={CLOSED.includes(summary.status)} />
              {r?.deadline?.source === 'planned' ? <span className="small muted"> (if it arrives today)</span> : null}
            </>
          ) : (
            'Loading…'
          )}
        </dd>
      </dl>
      {q.error ? <Problem error={q.error} /> : null}
      {r && (
        <>
          <NextSteps r={r} days={days} />
          <h3>What has happened</h3>
          <ol className="timeline">
            {r.timeline.map((e, i) => (
              <li key={i}>
                <strong>{formatDateTime(e.at)}</strong>: {eventLabel(e.type)}
              </li>
            ))}
          </ol>
          {r.timeline.some((e) => e.type === 'vendor_replied') ? (
            <p className="small">We forwarded each reply to your email address.</p>
          ) : null}
          <h3>Letters</h3>
          {r.letters.length ? (
            <ul>
              {r.letters.map((l) => (
                <li key={l.id}>
                  {l.subject} ({formatDate(l.created_at)}){' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      download(l.pdf_url, `${summary.reference}-${l.purpose}.pdf`, token).catch((e: Error) => setDownloadError(e.message))
                    }
                  >
                    Download PDF<span className="visually-hidden"> of {l.subject}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">The letter is being prepared.</p>
          )}
          {downloadError ? <p className="error-text" role="alert">{downloadError}</p> : null}
          {r.deadline?.explanation.length ? (
            <details>
              <summary>How the deadline was worked out</summary>
              <ul className="small">
                {r.deadline.explanation.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

/** A submission's status page: one card per vendor × right. The access token comes from #access= or this browser. */
export function SubmissionStatus() {
  const { id = '' } = useParams();
  const location = useLocation();
  const fromHash = /access=([A-Za-z0-9_-]+)/.exec(location.hash)?.[1];
  useEffect(() => {
    if (fromHash) rememberAccess(id, fromHash);
  }, [id, fromHash]);
  const token = fromHash ?? accessFor(id);
  const q = useQuery({
    queryKey: ['submission', id],
    queryFn: () => api<Submission>(`/api/submissions/${id}`, { token }),
    enabled: !!token,
    refetchInterval: (query) => (query.state.data?.requests.some((r) => r.status === 'ready_to_dispatch') ? 3000 : false),
  });
  if (!token) {
    return (
      <>
        <FocusHeading>Your requests</FocusHeading>
        <p>
          This browser has no access to this submission. Open the link from the email we sent you after you confirmed
          your address.
        </p>
      </>
    );
  }
  const justVerified = (location.state as { justVerified?: boolean } | null)?.justVerified;
  return (
    <>
      <FocusHeading>Your requests</FocusHeading>
      {justVerified ? (
        <p className="notice ok" role="status">
          Thank you: your email address is confirmed and your requests are on their way.
        </p>
      ) : null}
      {q.isPending ? <p role="status">Loading…</p> : null}
      {q.error ? (
        <Problem error={q.error instanceof ApiError && q.error.status === 401 ? new Error('Your access link has expired. Use the link in your most recent email.') : q.error} />
      ) : null}
      {q.data && (
        <>
          <p>
            Filed {formatDate(q.data.created_at)} from {jurisdictionName(q.data.jurisdiction)}. Bookmark this page to come back to it.
          </p>
          {q.data.requests.map((r) => (
            <RequestCard key={r.id} summary={r} token={token} />
          ))}
        </>
      )}
    </>
  );
}

/** The link in our notification emails (/requests/DR-2026-000123): finds the submission this browser can see. */
export function RequestByReference() {
  const { reference = '' } = useParams();
  const tokens = allAccess();
  const results = useQueries({
    queries: tokens.map(([submission, token]) => ({
      queryKey: ['consumer-request-ref', reference, submission],
      queryFn: () => api<RequestDetail>(`/api/requests/${encodeURIComponent(reference)}`, { token }).then((r) => ({ r, token })),
      retry: false,
    })),
  });
  const found = results.find((x) => x.data)?.data;
  const pending = results.some((x) => x.isPending);
  return (
    <>
      <FocusHeading>Request {reference}</FocusHeading>
      {found ? (
        <RequestCard summary={found.r} token={found.token} />
      ) : pending ? (
        <p role="status">Loading…</p>
      ) : (
        <p>
          This browser cannot see that request. Open the status link from your confirmation email first, or{' '}
          <Link to="/file">file a new request</Link>.
        </p>
      )}
    </>
  );
}
