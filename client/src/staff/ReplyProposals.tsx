import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, type ApiResponse } from '../api';
import { formatDate, formatDateTime } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';

/** A classified vendor reply with the staff action it proposes (GET /api/staff/reply-proposals, request detail). */
type ReplyClassification = ApiResponse<'/api/staff/reply-proposals'>['items'][number];

const CLASS_LABELS: Record<string, string> = {
  acknowledgement: 'Acknowledgement',
  information_requested: 'Asks for information',
  extension: 'Extension notice',
  fulfilled: 'Fulfilled',
  partially_fulfilled: 'Partly fulfilled',
  denied: 'Denied',
  wrong_channel: 'Wrong channel',
  bounce: 'Bounce',
  auto_reply: 'Automatic reply',
  unrelated: 'Unrelated',
};
const STATUS_LABELS: Record<ReplyClassification['status'], string> = {
  proposed: 'waiting for staff',
  applied: 'applied',
  dismissed: 'dismissed',
  auto_applied: 'applied automatically',
  no_action: 'no action',
};
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The proposed action in words, with its pre-filled fields. */
function describe(p: ReplyClassification): string {
  const f = p.proposal;
  switch (p.proposed_action) {
    case 'needs_information':
      return `Record "needs more information" (${str(f.reason) ?? 'asked for more information'}): the request waits for the consumer${f.pauses_clock ? ' and the clock pauses' : ''}.`;
    case 'extension':
      return `Record the extension noticed on ${formatDate(str(f.notice_date) ?? '')}${f.new_date ? `, new date ${formatDate(String(f.effective_due ?? f.new_date))}` : ''}${str(f.reason) ? ` (${String(f.reason)})` : ''}.`;
    case 'fulfilled':
      return `Record the request as fulfilled${str(f.url) ? ` (download link ${String(f.url)})` : ''}: the request closes.`;
    case 'partially_fulfilled':
      return 'Record the request as partly fulfilled: the request closes.';
    case 'denied':
      return `Record the denial, reason: ${str(f.reason) ?? 'none stated'}.`;
    case 'channel_review': {
      const proposed = f.proposed as { value?: string } | null;
      return `Report the vendor's other channel for review${proposed?.value ? `: ${proposed.value}` : ''} (not used until staff confirm it).`;
    }
    case 'channel_flag': {
      const flagged = f.flagged as { value?: string } | null;
      return `Flag the channel ${flagged?.value ?? ''} and queue research for a replacement.`;
    }
    default:
      return 'No action proposed.';
  }
}

/** One classification: what it is, the evidence, the proposal, and (while proposed) Confirm / Dismiss. */
export function ProposalCard({
  p,
  onDone,
  showRequest,
}: {
  p: ReplyClassification;
  onDone: () => void;
  showRequest?: boolean;
}) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const decide = async (verb: 'confirm' | 'dismiss') => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/staff/reply-proposals/${p.id}/${verb}`, { method: 'POST', body: {} });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
      onDone();
    } finally {
      setBusy(false);
    }
  };
  const label = CLASS_LABELS[p.class] ?? p.class;
  return (
    <section className="card" aria-label={`Reply classified as ${label}`}>
      <p>
        <strong>{label}</strong> ({Math.round(p.confidence * 100)}% confident{p.language ? `, ${p.language}` : ''}) —{' '}
        {STATUS_LABELS[p.status]}
        {p.decided_by ? ` by ${p.decided_by.name}` : ''}
        {p.decided_at ? `, ${formatDateTime(p.decided_at)}` : ''}
      </p>
      {showRequest && p.request_id ? (
        <p className="small">
          <Link to={`/staff/requests/${p.request_id}`}>{p.reference}</Link> {p.vendor} — {p.subject ?? '(no subject)'},{' '}
          received {formatDateTime(p.received_at)}
        </p>
      ) : null}
      {p.evidence.length ? (
        <p className="small">
          Matched:{' '}
          {p.evidence
            .map((e, i) => <q key={i}>{e.phrase}</q>)
            .reduce<React.ReactNode[]>((all, q, i) => (i ? [...all, ', ', q] : [q]), [])}
        </p>
      ) : null}
      {p.proposed_action ? <p>{describe(p)}</p> : null}
      {p.legal_issue ? (
        <p className="error-text">Check before confirming: {p.legal_issue}. It will not apply automatically.</p>
      ) : null}
      {p.apply_error ? <p className="error-text">Not applied: {p.apply_error}</p> : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {p.status === 'proposed' ? (
        <div className="actions">
          <button type="button" className="button" disabled={busy} onClick={() => void decide('confirm')}>
            Confirm: {CLASS_LABELS[p.class]?.toLowerCase() ?? p.class}
          </button>
          <button type="button" className="button secondary" disabled={busy} onClick={() => void decide('dismiss')}>
            Dismiss
          </button>
        </div>
      ) : null}
    </section>
  );
}

/** The replies waiting for a decision, shown above the queue. */
export function ProposalsPanel() {
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['reply-proposals'],
    queryFn: () => api<{ items: ReplyClassification[] }>('/api/staff/reply-proposals?status=proposed&limit=20'),
  });
  if (!q.data?.items.length) return null;
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['reply-proposals'] });
    void client.invalidateQueries({ queryKey: ['staff-queue'] });
    void client.invalidateQueries({ queryKey: ['staff-counts'] });
  };
  return (
    <details className="card" open>
      <summary>Replies waiting for a decision ({q.data.items.length})</summary>
      <p className="small">
        <Link to="/staff/replies">Automatic application and channel reports</Link>
      </p>
      {q.data.items.map((p) => (
        <ProposalCard key={p.id} p={p} onDone={refresh} showRequest />
      ))}
    </details>
  );
}

type Setting = ApiResponse<'/api/staff/reply-settings'>['items'][number];
type ChannelReport = ApiResponse<'/api/staff/channel-reports'>['items'][number];

function SettingRow({ s, onDone }: { s: Setting; onDone: () => void }) {
  const [auto, setAuto] = useState(s.auto_apply);
  const [min, setMin] = useState(String(s.min_confidence));
  const [message, setMessage] = useState<string>();
  const id = `setting-${s.class}`;
  const save = async () => {
    try {
      await api(`/api/staff/reply-settings/${s.class}`, {
        method: 'PUT',
        body: { auto_apply: auto, min_confidence: Number(min) },
      });
      setMessage('Saved.');
      onDone();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <tr>
      <th scope="row">{CLASS_LABELS[s.class] ?? s.class}</th>
      <td>
        <input id={`${id}-auto`} type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
        <label htmlFor={`${id}-auto`}> apply automatically</label>
      </td>
      <td>
        <label htmlFor={`${id}-min`}>at confidence </label>
        <input
          id={`${id}-min`}
          type="number"
          min={0.5}
          max={1}
          step={0.05}
          value={min}
          onChange={(e) => setMin(e.target.value)}
        />
      </td>
      <td>
        <button type="button" className="button secondary" onClick={() => void save()}>
          Save<span className="visually-hidden"> {CLASS_LABELS[s.class] ?? s.class}</span>
        </button>{' '}
        <span role="status">{message}</span>
      </td>
    </tr>
  );
}

function RepliesPage() {
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: ['reply-settings'],
    queryFn: () => api<{ items: Setting[] }>('/api/staff/reply-settings'),
  });
  const reports = useQuery({
    queryKey: ['channel-reports'],
    queryFn: () => api<{ items: ChannelReport[] }>('/api/staff/channel-reports?status=open'),
  });
  const recent = useQuery({
    queryKey: ['reply-proposals', 'auto_applied'],
    queryFn: () => api<{ items: ReplyClassification[] }>('/api/staff/reply-proposals?status=auto_applied&limit=20'),
  });
  const [message, setMessage] = useState<string>();
  if (settings.error) return <Problem error={settings.error} title="We could not load the settings" />;
  const decideReport = async (id: number, verb: 'confirm' | 'dismiss') => {
    try {
      await api(`/api/staff/channel-reports/${id}/${verb}`, { method: 'POST', body: {} });
      setMessage(verb === 'confirm' ? 'Channel added to the vendor.' : 'Report dismissed.');
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
    void client.invalidateQueries({ queryKey: ['channel-reports'] });
  };
  return (
    <>
      <FocusHeading>Vendor replies</FocusHeading>
      <ProposalsPanel />
      <h2>Apply automatically</h2>
      <p>
        A confident classification of a class ticked here applies itself when the reply arrives (marked &ldquo;applied
        automatically&rdquo; on the request). A proposal with a legal issue never does.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Automatic</th>
              <th scope="col">Threshold</th>
              <th scope="col">
                <span className="visually-hidden">Save</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {settings.data?.items.map((s) => (
              <SettingRow
                key={s.class}
                s={s}
                onDone={() => void client.invalidateQueries({ queryKey: ['reply-settings'] })}
              />
            ))}
          </tbody>
        </table>
      </div>
      <h2>Channel reports</h2>
      <p role="status">{message}</p>
      {reports.data?.items.length ? (
        <ul>
          {reports.data.items.map((r) => (
            <li key={r.id}>
              {r.vendor_name}:{' '}
              {r.kind === 'wrong_channel'
                ? `the vendor pointed to ${r.proposed?.value ?? 'another channel'}`
                : `${r.flagged?.value ?? 'a channel'} returned our letter`}{' '}
              ({formatDateTime(r.created_at)}
              {r.request_id ? (
                <>
                  , <Link to={`/staff/requests/${r.request_id}`}>request</Link>
                </>
              ) : null}
              ){' '}
              {r.proposed ? (
                <button type="button" className="button secondary" onClick={() => void decideReport(r.id, 'confirm')}>
                  Add as channel<span className="visually-hidden"> for {r.vendor_name}</span>
                </button>
              ) : (
                <Link to={`/staff/registry/${r.vendor}`}>research a replacement</Link>
              )}{' '}
              <button type="button" className="button secondary" onClick={() => void decideReport(r.id, 'dismiss')}>
                Dismiss<span className="visually-hidden"> report on {r.vendor_name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No open reports.</p>
      )}
      <h2>Applied automatically (latest)</h2>
      {recent.data?.items.length ? (
        recent.data.items.map((p) => <ProposalCard key={p.id} p={p} onDone={() => undefined} showRequest />)
      ) : (
        <p>None yet.</p>
      )}
    </>
  );
}

export default function Replies() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <RepliesPage />
    </RequireRole>
  );
}
