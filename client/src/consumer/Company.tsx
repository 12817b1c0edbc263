import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, type ApiResponse } from '../api';
import { formatDateTime } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';

type Responsiveness = ApiResponse<'/api/vendors/{slug}/responsiveness'>;
type Profile = ApiResponse<'/api/vendors/{slug}'>;

const GPC_OUTCOMES: Record<string, string> = {
  supported: 'says it honours the Global Privacy Control signal',
  not_supported: 'says it does not honour the Global Privacy Control signal',
  absent: 'publishes no Global Privacy Control statement',
  invalid: 'publishes a Global Privacy Control statement we could not read',
  failed: 'could not be checked for a Global Privacy Control statement',
};

/**
 * What the company itself reported (e.g. a data broker's request figures in the California registry), beside what
 * the portal observed; and what its site says of Global Privacy Control.
 */
function SelfReported({ profile }: { profile: Profile }) {
  return (
    <>
      {profile.metrics.map((m) => (
        <section key={`${m.dataset}-${m.record}`} aria-label={`Figures reported to ${m.dataset}`}>
          <h2>What {profile.name} reported itself</h2>
          <p className="small muted">
            From the {m.dataset} dataset, version {m.version} (record {m.record}), as the company filed them.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Requests</th>
                <th scope="col">Figures</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(m.metrics).map(([type, measures]) => (
                <tr key={type}>
                  <th scope="row">{type.replace(/_/g, ' ')}</th>
                  <td>
                    {typeof measures === 'object' && measures !== null
                      ? Object.entries(measures as Record<string, unknown>)
                          .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`)
                          .join('; ')
                      : String(measures)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {profile.gpc ? (
        <p>
          Its website {GPC_OUTCOMES[profile.gpc.outcome] ?? profile.gpc.outcome} (<code>/.well-known/gpc.json</code>,
          checked {formatDateTime(profile.gpc.checked_at)}).
        </p>
      ) : null}
    </>
  );
}

/** A company's public page: how it has answered the requests filed through the portal. */
export default function Company() {
  const { slug = '' } = useParams();
  const q = useQuery({
    queryKey: ['responsiveness', slug],
    queryFn: () => api<Responsiveness>(`/api/vendors/${encodeURIComponent(slug)}/responsiveness`),
  });
  const profile = useQuery({
    queryKey: ['vendor', slug],
    queryFn: () => api<Profile>(`/api/vendors/${encodeURIComponent(slug)}`),
  });
  if (q.error) return <Problem error={q.error} title="We could not find this company" />;
  if (!q.data) return <p role="status">Loading…</p>;
  const r = q.data;
  return (
    <>
      <FocusHeading>How {r.vendor.name} answers data-rights requests</FocusHeading>
      {r.requests_received === 0 ? (
        <p>No request filed through this portal has reached {r.vendor.name} yet, so there is nothing to show.</p>
      ) : (
        <>
          <dl className="facts" aria-label="Observed response times">
            <dt>Requests received</dt>
            <dd>{r.requests_received}</dd>
            <dt>Median time to a first answer</dt>
            <dd>
              {r.median_days_to_first_answer === null
                ? 'no answer yet'
                : `${r.median_days_to_first_answer} ${r.median_days_to_first_answer === 1 ? 'day' : 'days'}`}{' '}
              <span className="muted">({r.answered} answered)</span>
            </dd>
            <dt>Answered within the legal deadline</dt>
            <dd>
              {r.on_time_share === null
                ? 'not known yet (no deadline has passed)'
                : `${Math.round(r.on_time_share * 100)}% (${r.answered_on_time} of ${r.deadline_decided})`}
            </dd>
            <dt>Reasons given for refusals</dt>
            <dd>
              {r.denial_reasons.length ? (
                <ul>
                  {r.denial_reasons.map((d) => (
                    <li key={d.reason}>
                      {d.label}: {d.count}
                    </li>
                  ))}
                </ul>
              ) : (
                'none recorded'
              )}
            </dd>
          </dl>
          <p className="small muted">
            Observed by this portal from the requests filed through it: the first answer is the first reply that says
            something about the request (not an automatic acknowledgement); on time means the final answer came by the
            date the law sets (after a lawful extension, the extended date), counted over the requests answered or past
            that date. {r.computed_at ? `Figures of ${formatDateTime(r.computed_at)}.` : ''}
          </p>
        </>
      )}
      {profile.data ? <SelfReported profile={profile.data} /> : null}
      <p>
        <Link to="/file">File a request</Link>
      </p>
    </>
  );
}
