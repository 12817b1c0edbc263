import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type ApiResponse } from '../api';
import { DaysLeft, formatDate } from '../components/DaysLeft';
import { FocusHeading, SelectField, TextField } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';
import { rightLabel } from '../consumer/data';
import { useSession } from '../session';
import { ProposalsPanel } from './ReplyProposals';

const BUCKETS = [
  ['overdue', 'Overdue'],
  ['due_7d', 'Due in 7 days'],
  ['awaiting_vendor', 'Awaiting vendor'],
  ['awaiting_consumer', 'Awaiting consumer'],
  ['needs_dispatch', 'To dispatch'],
  ['needs_research', 'Needs research'],
  ['dispatch_failed', 'Dispatch failed'],
  ['closed', 'Closed'],
] as const;

type Page = ApiResponse<'/api/staff/queue'>;

const FILTERS = ['vendor', 'jurisdiction', 'right', 'q', 'assignee'] as const;

function QueuePage() {
  const [params, setParams] = useSearchParams();
  const { account } = useSession();
  const client = useQueryClient();
  const bucket = params.get('bucket') ?? 'overdue';
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? '']).filter(([, v]) => v)) as Record<
    string,
    string
  >;
  const [draft, setDraft] = useState<Record<string, string>>(filters);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [outcome, setOutcome] = useState<string>();
  const filterQuery = new URLSearchParams(filters).toString();

  const counts = useQuery({
    queryKey: ['staff-counts', filterQuery],
    queryFn: () => api<ApiResponse<'/api/staff/queue/counts'>>(`/api/staff/queue/counts?${filterQuery}`),
  });
  const rows = useInfiniteQuery({
    queryKey: ['staff-queue', bucket, filterQuery],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api<Page>(
        `/api/staff/queue?${new URLSearchParams({ ...filters, ...(bucket === 'all' ? {} : { bucket }), limit: '50', ...(pageParam ? { cursor: pageParam } : {}) })}`,
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = rows.data?.pages.flatMap((p) => p.items) ?? [];

  const setBucket = (b: string) => {
    const next = new URLSearchParams(params);
    next.set('bucket', b);
    setParams(next);
    setSelected(new Set());
  };
  const applyFilters = () => {
    const next = new URLSearchParams({ bucket });
    for (const [k, v] of Object.entries(draft)) if (v.trim()) next.set(k, v.trim());
    setParams(next);
  };
  const bulk = async (body: Record<string, unknown>) => {
    const result = await api<ApiResponse<'/api/staff/requests/bulk', 'post'>>('/api/staff/requests/bulk', {
      body: { ...body, ids: [...selected] },
    });
    const failed = result.results.filter((r) => !r.ok);
    setOutcome(
      `${result.results.length - failed.length} updated${failed.length ? `; ${failed.length} refused: ${failed.map((f) => `#${f.id} ${f.error?.detail ?? ''}`).join('; ')}` : ''}.`,
    );
    setSelected(new Set());
    await client.invalidateQueries({ queryKey: ['staff-queue'] });
    await client.invalidateQueries({ queryKey: ['staff-counts'] });
  };

  return (
    <>
      <FocusHeading>Request queue</FocusHeading>
      <ProposalsPanel />
      <div className="tabs" role="group" aria-label="Buckets">
        {BUCKETS.map(([code, label]) => (
          <button key={code} type="button" aria-pressed={bucket === code} onClick={() => setBucket(code)}>
            {label} <span className="small">({counts.data?.[code] ?? '…'})</span>
          </button>
        ))}
      </div>
      <details open={Object.keys(filters).length > 0}>
        <summary>Filters{Object.keys(filters).length ? ` (${Object.keys(filters).length} on)` : ''}</summary>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            applyFilters();
          }}
        >
          <TextField
            label="Reference"
            path="q"
            type="search"
            hint="e.g. DR-2026-000123"
            value={draft.q ?? ''}
            onChange={(v) => setDraft((d) => ({ ...d, q: v }))}
          />
          <TextField
            label="Vendor (slug)"
            path="vendor"
            value={draft.vendor ?? ''}
            onChange={(v) => setDraft((d) => ({ ...d, vendor: v }))}
          />
          <TextField
            label="Jurisdiction"
            path="jurisdiction"
            hint="e.g. US-CA or SE"
            value={draft.jurisdiction ?? ''}
            onChange={(v) => setDraft((d) => ({ ...d, jurisdiction: v.toUpperCase() }))}
          />
          <TextField
            label="Right"
            path="right"
            hint="e.g. access"
            value={draft.right ?? ''}
            onChange={(v) => setDraft((d) => ({ ...d, right: v }))}
          />
          <SelectField
            label="Assignee"
            path="assignee"
            placeholder="Anyone"
            value={draft.assignee ?? ''}
            options={[
              ...(account ? [{ value: String(account.id), label: 'Me' }] : []),
              { value: 'none', label: 'Unassigned' },
            ]}
            onChange={(v) => setDraft((d) => ({ ...d, assignee: v }))}
          />
          <div className="actions">
            <button type="submit">Apply filters</button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDraft({});
                setParams(new URLSearchParams({ bucket }));
              }}
            >
              Clear
            </button>
          </div>
        </form>
      </details>

      <div className="actions" aria-label="Bulk actions" role="group">
        <span>{selected.size} selected</span>
        <button
          type="button"
          disabled={!selected.size || !account}
          onClick={() => void bulk({ action: 'assign', assignee_id: account!.id })}
        >
          Assign to me
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!selected.size}
          onClick={() => void bulk({ action: 'assign', assignee_id: null })}
        >
          Unassign
        </button>
        <a
          className="button secondary"
          href={`/api/staff/queue.csv?${new URLSearchParams({ ...filters, ...(bucket === 'all' ? {} : { bucket }) })}`}
        >
          Download CSV
        </a>
      </div>
      <p role="status">{outcome}</p>
      {rows.error ? <Problem error={rows.error} /> : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Requests in this bucket, sorted by due date (overdue first)</caption>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all shown"
                  checked={items.length > 0 && selected.size === items.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(items.map((r) => r.id)) : new Set())}
                />
              </th>
              <th scope="col">Reference</th>
              <th scope="col">Vendor</th>
              <th scope="col">Right</th>
              <th scope="col">Where</th>
              <th scope="col">Status</th>
              <th scope="col" aria-sort="ascending">
                Due
              </th>
              <th scope="col">Days left</th>
              <th scope="col">Assignee</th>
              <th scope="col">Requester</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${r.reference}`}
                    checked={selected.has(r.id)}
                    onChange={(e) =>
                      setSelected((s) => {
                        const next = new Set(s);
                        if (e.target.checked) next.add(r.id);
                        else next.delete(r.id);
                        return next;
                      })
                    }
                  />
                </td>
                <td>
                  <Link to={`/staff/requests/${r.id}`}>{r.reference}</Link>
                </td>
                <td>{r.vendor}</td>
                <td>{rightLabel(r.right, 'en')}</td>
                <td>{r.jurisdiction}</td>
                <td>{r.status.replace(/_/g, ' ')}</td>
                <td>{formatDate(r.due)}</td>
                <td>
                  <DaysLeft days={r.days_left} closed={bucket === 'closed'} />
                </td>
                <td>{r.assignee?.name ?? '—'}</td>
                <td>
                  {r.requester}
                  {r.filed_by !== 'consumer' ? (
                    <span className="small muted">
                      {' '}
                      (via {r.agent ? `agent ${r.agent.organisation ?? r.agent.name}` : r.filed_by})
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.isPending ? <p role="status">Loading…</p> : !items.length ? <p>No requests here.</p> : null}
      {rows.hasNextPage ? (
        <button
          type="button"
          className="secondary"
          onClick={() => void rows.fetchNextPage()}
          disabled={rows.isFetchingNextPage}
        >
          Show more
        </button>
      ) : null}
    </>
  );
}

export default function Queue() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <QueuePage />
    </RequireRole>
  );
}
