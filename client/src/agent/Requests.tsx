import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type ApiResponse } from '../api';
import { daysUntil, DaysLeft, formatDate } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';
import { rightLabel, statusLabel } from '../consumer/data';

type Page = ApiResponse<'/api/agent/requests'>;
const CLOSED = ['completed', 'denied', 'withdrawn', 'closed'];

function RequestsPage() {
  const q = useInfiniteQuery({
    queryKey: ['agent-requests'],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<Page>(`/api/agent/requests?limit=100${pageParam ? `&cursor=${pageParam}` : ''}`),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <FocusHeading>Your requests</FocusHeading>
      {q.error ? <Problem error={q.error} /> : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Requests you filed, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Principal</th>
              <th scope="col">Vendor</th>
              <th scope="col">Right</th>
              <th scope="col">Where</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
              <th scope="col">Days left</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/agent/requests/${r.id}`}>{r.reference}</Link>
                </td>
                <td>{r.principal.name}</td>
                <td>{r.vendor.name}</td>
                <td>{rightLabel(r.right, 'en')}</td>
                <td>{r.jurisdiction}</td>
                <td>{statusLabel(r.status, 'en')}</td>
                <td>{formatDate(r.due)}</td>
                <td>
                  <DaysLeft days={r.due ? daysUntil(r.due) : null} closed={CLOSED.includes(r.status)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {q.data && !rows.length ? <p>No requests yet.</p> : null}
      {q.hasNextPage ? (
        <button type="button" className="secondary" onClick={() => void q.fetchNextPage()}>
          Show more
        </button>
      ) : null}
    </>
  );
}

export default function Requests() {
  return (
    <RequireRole roles={['agent']}>
      <RequestsPage />
    </RequireRole>
  );
}
