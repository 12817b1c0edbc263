import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type ApiResponse } from '../api';
import { formatDateTime } from '../components/DaysLeft';
import { FocusHeading, TextField } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';

type Mail = ApiResponse<'/api/staff/dev/mail/{id}'>;

function MailPage() {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<number>();
  const list = useQuery({
    queryKey: ['dev-mail', q],
    queryFn: () =>
      api<ApiResponse<'/api/staff/dev/mail'>>(`/api/staff/dev/mail?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  });
  const one = useQuery({
    queryKey: ['dev-mail-one', open],
    queryFn: () => api<Mail>(`/api/staff/dev/mail/${open}`),
    enabled: open !== undefined,
  });
  return (
    <>
      <FocusHeading>Captured mail (development)</FocusHeading>
      <p>Everything the portal sent while no SMTP relay is configured. Not available in production.</p>
      <TextField label="Search subject or recipient" path="mail-q" type="search" value={q} onChange={setQ} />
      {list.error ? <Problem error={list.error} /> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((m) => (
              <tr key={m.id}>
                <td>{formatDateTime(m.received_at)}</td>
                <td>{m.envelope_to.join(', ')}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-expanded={open === m.id}
                    onClick={() => setOpen(open === m.id ? undefined : m.id)}
                  >
                    {m.subject ?? '(no subject)'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open !== undefined && one.data ? (
        <section className="card" aria-label="Message">
          <h2>{one.data.subject}</h2>
          <p className="small">
            From {one.data.envelope_from} to {one.data.envelope_to.join(', ')}
          </p>
          <pre className="letter" tabIndex={0} aria-label="Message text">
            {one.data.text_body}
          </pre>
        </section>
      ) : null}
    </>
  );
}

export default function CapturedMail() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <MailPage />
    </RequireRole>
  );
}
