import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../api';
import { formatDate } from './DaysLeft';

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

/** The timeline's words for the events of a request sent by the Data Rights Protocol (server/drp). */
export const DRP_EVENT_LABELS: Record<string, string> = {
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

/**
 * A request sent by the Data Rights Protocol: its DRP status, the company's verification page while it waits for the
 * consumer (DRP 1.0 §3.02.1), the results, and a revoke button while the request is open or in progress (§2.04).
 * `base` is the request's API path (`/api/agent/requests/7` or `/api/requests/7`); `token` the consumer's access token.
 */
export function DrpPanel({ base, token, onChange }: { base: string; token?: string; onChange?: () => void }) {
  const client = useQueryClient();
  const [message, setMessage] = useState<string>();
  const q = useQuery({ queryKey: ['drp', base], queryFn: () => api<DrpState>(`${base}/drp`, { token }) });
  if (q.error instanceof ApiError && q.error.status === 404) return null;
  if (!q.data) return null;
  const d = q.data;
  const revoke = async () => {
    try {
      await api(`${base}/drp-revoke`, { body: {}, token });
      setMessage('Revoke requested: the company is being told.');
      void client.invalidateQueries({ queryKey: ['drp', base] });
      onChange?.();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="card" aria-labelledby="drp-heading">
      <h3 id="drp-heading">Data Rights Protocol</h3>
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
        {d.user_verification_url && d.status === 'in_progress' && d.reason === 'need_user_verification' ? (
          <>
            <dt>Identity verification</dt>
            <dd>
              The company asks the consumer to confirm their identity on its own page (also sent by email):{' '}
              <a href={d.user_verification_url}>the company’s verification page</a>
            </dd>
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
