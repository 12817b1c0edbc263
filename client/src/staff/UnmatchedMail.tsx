import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type ApiResponse } from '../api';
import { ActionForm } from '../components/ActionForm';
import { formatDateTime } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { ReplyView } from '../components/ReplyView';
import { RequireRole } from '../components/RequireRole';

type Page = ApiResponse<'/api/staff/inbound'>;

function Message({ id, onAttached }: { id: number; onAttached: () => void }) {
  const q = useQuery({
    queryKey: ['inbound', id],
    queryFn: () => api<ApiResponse<'/api/staff/inbound/{id}'>>(`/api/staff/inbound/${id}`),
  });
  if (q.error) return <Problem error={q.error} />;
  if (!q.data) return <p role="status">Loading…</p>;
  return (
    <div className="card">
      <p className="small">Sent to: {q.data.envelope_to.join(', ')}</p>
      <ReplyView reply={q.data} />
      <ActionForm
        id={`attach-${id}`}
        title="Attach to a request"
        path={`/api/staff/inbound/${id}/attach`}
        fields={[
          { name: 'request', label: 'Request reference or id', required: true, hint: 'e.g. DR-2026-000123' },
          { name: 'reason', label: 'Why it belongs there', type: 'textarea' },
        ]}
        submitLabel="Attach"
        onDone={onAttached}
      />
    </div>
  );
}

/** Vendor mail that matched no request (ticket systems often drop our reply address and reference). */
function UnmatchedPage() {
  const client = useQueryClient();
  const [open, setOpen] = useState<number>();
  const [attached, setAttached] = useState<string>();
  const list = useQuery({
    queryKey: ['unmatched'],
    queryFn: () => api<Page>('/api/staff/inbound?limit=100'),
  });
  return (
    <>
      <FocusHeading>Unmatched mail</FocusHeading>
      <p>
        Mail that reached the portal without a reply address or request reference we recognise. Read it and attach it to
        its request: the consumer and the team are then told as for any reply. See also the{' '}
        <Link to="/staff">queue</Link>.
      </p>
      {attached ? (
        <p className="notice ok" role="status">
          {attached}
        </p>
      ) : null}
      {list.error ? <Problem error={list.error} /> : null}
      {list.data && !list.data.items.length ? <p>No unmatched mail.</p> : null}
      <ul className="plain">
        {list.data?.items.map((m) => (
          <li key={m.id} className="card">
            <p>
              <strong>{formatDateTime(m.received_at)}</strong> from {m.from_address ?? 'unknown sender'}:{' '}
              {m.subject ?? '(no subject)'}
              {m.attachments.length ? (
                <span className="small muted">
                  {' '}
                  ({m.attachments.length} attachment{m.attachments.length === 1 ? '' : 's'})
                </span>
              ) : null}
            </p>
            <p className="small">{m.excerpt}</p>
            <button
              type="button"
              className="link"
              aria-expanded={open === m.id}
              onClick={() => setOpen(open === m.id ? undefined : m.id)}
            >
              {open === m.id ? 'Close' : 'Read and attach'}
            </button>
            {open === m.id ? (
              <Message
                id={m.id}
                onAttached={() => {
                  setOpen(undefined);
                  setAttached('Attached: the request now shows the message, and the consumer has been told.');
                  void client.invalidateQueries({ queryKey: ['unmatched'] });
                }}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export default function UnmatchedMail() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <UnmatchedPage />
    </RequireRole>
  );
}
