import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, type ApiResponse } from '../api';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';

type Progress = ApiResponse<'/api/agent/bulk-uploads/{id}'>;

const COLUMNS =
  'principal_email, principal_name, jurisdiction, vendor, right; optional: phone, address_line1, address_line2, city, region, postal_code, country, details';

function BulkPage() {
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const progress = useQuery({
    queryKey: ['bulk', id],
    queryFn: () => api<Progress>(`/api/agent/bulk-uploads/${id}`),
    enabled: !!id,
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === 'done' || q.state.data.status === 'failed') ? false : 500,
  });

  const upload = async () => {
    setError(undefined);
    if (!file) return setError('Choose a CSV file.');
    const form = new FormData();
    form.append('file', file);
    setBusy(true);
    try {
      const created = await api<ApiResponse<'/api/agent/bulk-uploads', 'post'>>('/api/agent/bulk-uploads', { form });
      setParams({ id: String(created.id) });
    } catch (e) {
      setError(
        e instanceof ApiError && e.errors.length
          ? e.errors.map((x) => x.message).join('; ')
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  };

  const p = progress.data;
  const percent = p ? (p.rows_total ? Math.floor((p.rows_done / p.rows_total) * 100) : 100) : 0;
  return (
    <>
      <FocusHeading>Bulk upload</FocusHeading>
      <p>
        One request per row. Columns: {COLUMNS}. Rows for principals without a valid authorization wait; each such
        principal gets one email asking them to confirm you.
      </p>
      <div className="field">
        <label htmlFor="bulk-file">CSV file</label>
        <span className="hint" id="bulk-file-hint">
          UTF-8 with a header row, at most 10,000 rows.
        </span>
        {error ? (
          <span className="error" id="bulk-file-error">
            Error: {error}
          </span>
        ) : null}
        <input
          id="bulk-file"
          type="file"
          accept=".csv,text/csv"
          aria-invalid={error ? true : undefined}
          aria-describedby={`bulk-file-hint${error ? ' bulk-file-error' : ''}`}
          onChange={(e) => setFile(e.target.files?.[0])}
        />
      </div>
      <button type="button" disabled={busy} onClick={() => void upload()}>
        {busy ? 'Uploading…' : 'Upload'}
      </button>
      {progress.error ? <Problem error={progress.error} /> : null}
      {p && (
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">
            Upload {p.id}: {p.status === 'done' ? 'finished' : p.status}
          </h2>
          <label htmlFor="bulk-progress" className="label">
            Progress: {percent}% ({p.rows_done} of {p.rows_total} rows)
          </label>
          <progress id="bulk-progress" className="progress" max={100} value={percent}>
            {percent}%
          </progress>
          <ul aria-live="polite">
            <li>Filed: {p.rows_filed}</li>
            <li>Waiting for authorization: {p.rows_awaiting_authorization}</li>
            <li>Failed: {p.rows_failed}</li>
          </ul>
          {p.rows_failed > 0 ? (
            <a className="button secondary" href={`/api/agent/bulk-uploads/${p.id}/errors.csv`}>
              Download the error report (CSV)
            </a>
          ) : null}
        </section>
      )}
    </>
  );
}

export default function BulkUpload() {
  return (
    <RequireRole roles={['agent']}>
      <BulkPage />
    </RequireRole>
  );
}
