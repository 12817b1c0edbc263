import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type ApiResponse } from '../api';
import { FocusHeading, TextField } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';
import { BarChart, ColumnChart } from './charts';

const pct = (v: number) => `${Math.round(v * 100)}%`;

function DashboardPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const period = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
  const onTime = useQuery({
    queryKey: ['dash-on-time', period],
    queryFn: () => api<ApiResponse<'/api/staff/dashboard/on-time'>>(`/api/staff/dashboard/on-time?${period}`),
  });
  const times = useQuery({
    queryKey: ['dash-times', period],
    queryFn: () =>
      api<ApiResponse<'/api/staff/dashboard/response-times'>>(`/api/staff/dashboard/response-times?${period}`),
  });
  const weekly = useQuery({
    queryKey: ['dash-weekly'],
    queryFn: () => api<ApiResponse<'/api/staff/dashboard/overdue-weekly'>>('/api/staff/dashboard/overdue-weekly'),
  });
  const statuses = useQuery({
    queryKey: ['dash-statuses'],
    queryFn: () => api<ApiResponse<'/api/staff/dashboard/statuses'>>('/api/staff/dashboard/statuses'),
  });
  const error = onTime.error ?? times.error ?? weekly.error ?? statuses.error;

  return (
    <>
      <FocusHeading>Dashboard</FocusHeading>
      <form className="row" onSubmit={(e) => e.preventDefault()} aria-label="Period">
        <TextField label="Received from" path="from" type="date" value={from} onChange={setFrom} />
        <TextField label="Received to" path="to" type="date" value={to} onChange={setTo} />
      </form>
      {error ? <Problem error={error} /> : null}
      {onTime.data && (
        <section aria-labelledby="on-time">
          <h2 id="on-time">On-time rate</h2>
          <p>
            Overall:{' '}
            <strong>
              {onTime.data.overall.rate === null ? 'no decided requests yet' : pct(onTime.data.overall.rate)}
            </strong>{' '}
            ({onTime.data.overall.on_time} on time, {onTime.data.overall.late} late of {onTime.data.overall.decided})
          </p>
          <BarChart
            title="On-time rate per vendor"
            bars={onTime.data.vendors.map((v) => ({ label: v.name, value: v.rate }))}
            format={pct}
            max={1}
          />
        </section>
      )}
      {times.data && (
        <section aria-labelledby="times">
          <h2 id="times">Days to respond</h2>
          <BarChart
            title="Median days from receipt to answer, per vendor"
            bars={times.data.vendors.map((v) => ({ label: `${v.name} (${v.answered})`, value: v.median_days }))}
            format={(v) => `${v} d`}
          />
        </section>
      )}
      {weekly.data && (
        <section aria-labelledby="weekly">
          <h2 id="weekly">Overdue per week</h2>
          <ColumnChart
            title="Requests that went overdue, per week"
            columns={weekly.data.weeks.map((w) => ({ label: w.week.replace(/^\d{4}-/, ''), value: w.overdue }))}
          />
        </section>
      )}
      {statuses.data && (
        <section aria-labelledby="statuses">
          <h2 id="statuses">Requests by status ({statuses.data.total})</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Requests</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(statuses.data.statuses).map(([s, n]) => (
                <tr key={s}>
                  <td>{s.replace(/_/g, ' ')}</td>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

export default function Dashboard() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <DashboardPage />
    </RequireRole>
  );
}
