import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, type FieldError, type ApiResponse } from '../api';
import { formatDateTime } from '../components/DaysLeft';
import { ErrorSummary, FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';
import { emptyDraft, type Draft } from '../consumer/draft';
import { PlaceStep } from '../consumer/steps/PlaceStep';
import { RightsStep } from '../consumer/steps/RightsStep';
import { VendorsStep } from '../consumer/steps/VendorsStep';
import { AuthorizationState } from './AuthorizationState';

type Detail = ApiResponse<'/api/agent/principals/{id}'>;

function Authorize({ p, refresh }: { p: Detail; refresh: () => void }) {
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const upload = async () => {
    setError(undefined);
    if (!file) return setError('Choose the signed permission (PDF, PNG or JPEG).');
    const form = new FormData();
    form.append('file', file);
    try {
      await api(`/api/agent/principals/${p.id}/authorizations`, { form });
      setNote('Uploaded: the authorization is valid.');
      refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const email = async () => {
    setError(undefined);
    try {
      await api(`/api/agent/principals/${p.id}/e-authorizations`, { method: 'POST' });
      setNote(`We emailed ${p.email} a link to confirm you as their agent.`);
      refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="card" aria-labelledby="authz">
      <h2 id="authz">Authorization</h2>
      <div className="field">
        <label htmlFor="authz-file">Upload a signed permission</label>
        <span className="hint" id="authz-file-hint">
          PDF, PNG or JPEG, at most 10 MB.
        </span>
        {error ? (
          <span className="error" id="authz-file-error">
            Error: {error}
          </span>
        ) : null}
        <input
          id="authz-file"
          type="file"
          accept="application/pdf,image/png,image/jpeg"
          aria-invalid={error ? true : undefined}
          aria-describedby={`authz-file-hint${error ? ' authz-file-error' : ''}`}
          onChange={(e) => setFile(e.target.files?.[0])}
        />
      </div>
      <div className="actions">
        <button type="button" onClick={() => void upload()}>
          Upload
        </button>
        <span>or</span>
        <button type="button" className="secondary" onClick={() => void email()}>
          Email {p.name} a link to confirm
        </button>
      </div>
      <p role="status">{note}</p>
      <ul>
        {p.authorizations.map((a) => (
          <li key={a.id}>
            <AuthorizationState state={a.state} kind={a.kind} /> created {formatDateTime(a.created_at)}
            {a.revoked_reason ? ` — ${a.revoked_reason}` : ''}
            {a.state === 'valid' ? (
              <>
                {' '}
                <a href={`/api/agent/principals/${p.id}/authorizations/${a.id}/document`}>Download the document</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function FileForPrincipal({ p }: { p: Detail }) {
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [filed, setFiled] = useState<{ requests: { reference: string; vendor: string }[] }>();
  const jurisdictions = useQuery({
    queryKey: ['jurisdictions'],
    queryFn: () => api<ApiResponse<'/api/jurisdictions'>>('/api/jurisdictions'),
    staleTime: Infinity,
  });
  const props = { draft, setDraft: (u: (d: Draft) => Draft) => setDraft(u), errors };
  const submit = async () => {
    setErrors([]);
    setMessage(undefined);
    try {
      setFiled(
        await api('/api/agent/requests', {
          body: {
            principal_id: p.id,
            jurisdiction: draft.region || draft.country,
            rights: draft.rights,
            vendors: draft.vendors.map((v) => v.slug),
          },
        }),
      );
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.errors);
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  if (filed) {
    return (
      <p className="notice ok" role="status">
        Filed: {filed.requests.map((r) => `${r.reference} (${r.vendor})`).join(', ')}.{' '}
        <Link to="/agent/requests">See all requests</Link>
      </p>
    );
  }
  return (
    <section className="card" aria-labelledby="file">
      <h2 id="file">File requests for {p.name}</h2>
      <ErrorSummary errors={errors} message={message} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <VendorsStep {...props} profiles={[]} />
        <RightsStep {...props} />
        <PlaceStep {...props} jurisdictions={jurisdictions.data?.items} />
        <button type="submit" disabled={p.authorization.state !== 'valid'}>
          File requests
        </button>
        {p.authorization.state !== 'valid' ? <p className="hint">Filing needs a valid authorization first.</p> : null}
      </form>
    </section>
  );
}

function PrincipalPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['principal', id], queryFn: () => api<Detail>(`/api/agent/principals/${id}`) });
  if (q.error) return <Problem error={q.error} title="We could not open this principal" />;
  if (!q.data) return <p role="status">Loading…</p>;
  const p = q.data;
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['principal', id] });
    void client.invalidateQueries({ queryKey: ['principals'] });
  };
  return (
    <>
      <p>
        <Link to="/agent">All principals</Link>
      </p>
      <FocusHeading>{p.name}</FocusHeading>
      <p>
        {p.email}
        {p.phone ? `, ${p.phone}` : ''} —{' '}
        <AuthorizationState state={p.authorization.state} kind={p.authorization.kind} />
      </p>
      <Authorize p={p} refresh={refresh} />
      <FileForPrincipal p={p} />
    </>
  );
}

export default function Principal() {
  return (
    <RequireRole roles={['agent']}>
      <PrincipalPage />
    </RequireRole>
  );
}
