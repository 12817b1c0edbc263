import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, errorFor, type FieldError, type ApiResponse } from '../api';
import { ErrorSummary, FocusHeading, TextArea, TextField } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';

type Intake = ApiResponse<'/api/staff/policy-intakes/{id}'>;
type Changes = ApiResponse<'/api/staff/vendors/{slug}/policy-changes'>;
type ChangeFact = Changes['versions'][number]['added'][number];

const LABELS = { url: 'Policy URL', text: 'Policy text', file: 'Policy file', slug: 'Vendor slug' };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

interface Extension {
  days: number;
  unit: string;
  mode: 'total' | 'additional';
}
const extensionText = (e: Extension) =>
  e.mode === 'total'
    ? `up to ${e.days} ${e.unit === 'month' ? 'months' : `${e.unit} days`} in total`
    : `a further ${e.days} ${e.unit === 'month' ? 'months' : `${e.unit} days`}`;

/** What a fact says, in words: its value fields without the bookkeeping. */
function factValue(f: Record<string, unknown>): string {
  const skip = new Set(['citation', 'quote']);
  return Object.entries(f)
    .filter(([k, v]) => !skip.has(k) && v !== null && v !== '' && !(Array.isArray(v) && !v.length))
    .map(
      ([k, v]) =>
        `${k}: ${Array.isArray(v) ? v.join(', ') : k === 'extension' ? extensionText(v as Extension) : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    )
    .join(' · ');
}

function SubmitPolicy() {
  const navigate = useNavigate();
  const [kind, setKind] = useState<'url' | 'text' | 'file'>('url');
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [slug, setSlug] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const drafts = useQuery({
    queryKey: ['policy-intakes'],
    queryFn: () => api<ApiResponse<'/api/staff/policy-intakes'>>('/api/staff/policy-intakes'),
  });

  const submit = async () => {
    setErrors([]);
    setMessage(undefined);
    setBusy(true);
    try {
      let created: Intake;
      if (kind === 'file') {
        if (!file) {
          setErrors([{ field: 'file', message: 'choose a file' }]);
          return;
        }
        const form = new FormData();
        form.append('file', file);
        if (slug) form.append('slug', slug);
        created = await api<Intake>('/api/staff/policy-intakes', { form });
      } else {
        created = await api<Intake>('/api/staff/policy-intakes', {
          body: { ...(kind === 'url' ? { url } : { text }), ...(slug ? { slug } : {}) },
        });
      }
      void navigate(`/staff/registry/intakes/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.errors);
        setMessage(err.errors.length ? undefined : err.message);
      } else setMessage('The policy could not be sent. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <FocusHeading>Add or refresh a company</FocusHeading>
      <p>
        Give the company&apos;s privacy policy. The facts found in it are shown as drafts, each with the sentence it
        comes from; nothing reaches the registry until you publish. A policy of a company already listed refreshes it,
        showing what changed.
      </p>
      <ErrorSummary errors={errors} message={message} labels={LABELS} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>Where is the policy?</legend>
          {(
            [
              ['url', 'At a web address (the portal fetches it and re-checks it regularly)'],
              ['text', 'Pasted text'],
              ['file', 'A file: text, Markdown, HTML or PDF'],
            ] as const
          ).map(([value, label]) => (
            <div className="choice" key={value}>
              <input
                type="radio"
                id={`source-${value}`}
                name="source"
                value={value}
                checked={kind === value}
                onChange={() => setKind(value)}
              />
              <label htmlFor={`source-${value}`}>{label}</label>
            </div>
          ))}
        </fieldset>
        {kind === 'url' ? (
          <TextField
            label="Policy URL"
            path="url"
            required
            type="text"
            inputMode="text"
            hint="An http or https address."
            value={url}
            error={errorFor(errors, 'url')}
            onChange={setUrl}
          />
        ) : null}
        {kind === 'text' ? (
          <TextArea
            label="Policy text"
            path="text"
            required
            rows={12}
            hint="For a very long policy, upload it as a file."
            value={text}
            error={errorFor(errors, 'text')}
            onChange={setText}
          />
        ) : null}
        {kind === 'file' ? (
          <div className="field">
            <label htmlFor="f-file">Policy file</label>
            <span className="hint" id="f-file-hint">
              The type is recognised from the content, up to 5 MB.
            </span>
            {errorFor(errors, 'file') ? (
              <span className="error" id="f-file-error">
                Error: {errorFor(errors, 'file')}
              </span>
            ) : null}
            <input
              id="f-file"
              name="file"
              type="file"
              required
              aria-describedby={errorFor(errors, 'file') ? 'f-file-hint f-file-error' : 'f-file-hint'}
              aria-invalid={errorFor(errors, 'file') ? true : undefined}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
        ) : null}
        <TextField
          label="Vendor slug"
          path="slug"
          hint="Only to choose the vendor yourself; by default it is found from the company the policy names."
          value={slug}
          error={errorFor(errors, 'slug')}
          onChange={setSlug}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Reading the policy…' : 'Read the policy'}
        </button>
      </form>
      <h2>Drafts not yet published</h2>
      {drafts.error ? <Problem error={drafts.error} /> : null}
      {drafts.data && !drafts.data.items.length ? <p>None.</p> : null}
      <ul>
        {drafts.data?.items.map((d) => (
          <li key={d.id}>
            <Link to={`/staff/registry/intakes/${d.id}`}>{d.source}</Link>{' '}
            <span className="small muted">
              ({d.kind}, {when(d.created_at)})
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

type Choice = { decision: '' | 'approve' | 'reject'; reason: string };

function IntakeReview() {
  const { id } = useParams();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['policy-intake', id],
    queryFn: () => api<Intake>(`/api/staff/policy-intakes/${id}`),
  });
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [slug, setSlug] = useState<string>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [published, setPublished] = useState<{
    slug: string;
    needsReview: boolean;
    unchanged: boolean;
    diff: { added: string[]; removed: string[] };
  }>();
  if (q.error) return <Problem error={q.error} />;
  if (!q.data) return <p role="status">Loading…</p>;
  const intake = q.data;
  const choice = (key: string): Choice => choices[key] ?? { decision: '', reason: '' };
  const setChoice = (key: string, change: Partial<Choice>) =>
    setChoices({ ...choices, [key]: { ...choice(key), ...change } });

  const act = async (action: 'publish' | 'discard') => {
    setErrors([]);
    setMessage(undefined);
    try {
      if (action === 'discard') {
        await api(`/api/staff/policy-intakes/${intake.id}/discard`, { body: {} });
        setMessage('Discarded.');
      } else {
        const decisions = Object.fromEntries(
          Object.entries(choices)
            .filter(([, c]) => c.decision)
            .map(([key, c]) => [key, { decision: c.decision, ...(c.reason ? { reason: c.reason } : {}) }]),
        );
        const targetSlug = slug ?? intake.slug ?? '';
        setPublished(
          await api(`/api/staff/policy-intakes/${intake.id}/publish`, {
            body: { ...(targetSlug ? { slug: targetSlug } : {}), decisions },
          }),
        );
      }
      void client.invalidateQueries({ queryKey: ['policy-intake', id] });
      void client.invalidateQueries({ queryKey: ['policy-intakes'] });
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.errors);
        setMessage(err.errors.length ? undefined : err.message);
      } else setMessage('The server could not be reached. Nothing was changed; try again.');
    }
  };

  return (
    <>
      <FocusHeading>Review a submitted policy</FocusHeading>
      <p>
        {intake.company ? (
          <>
            Company: <strong>{intake.company}</strong> —{' '}
          </>
        ) : (
          <>No company name was found: give the vendor slug. </>
        )}
        source: {intake.source}
        {intake.fetched_url && intake.fetched_url !== intake.source ? ` (answered by ${intake.fetched_url})` : ''}; read
        as {intake.content_type}
        {intake.effective_date ? `; effective ${intake.effective_date}` : ''}.
      </p>
      {intake.vendor ? (
        <p className="notice">
          This refreshes <Link to={`/staff/registry/${intake.vendor.slug}`}>{intake.vendor.name}</Link>
          {intake.vendor.has_policy
            ? ': facts marked “new” are not in its current policy, and the facts listed under “No longer stated” would go.'
            : '.'}
        </p>
      ) : (
        <p className="notice">Publishing creates a new vendor{intake.slug ? ` “${intake.slug}”` : ''}.</p>
      )}
      {intake.unchanged ? (
        <p className="notice warn">The vendor already has exactly this policy text: publishing changes nothing.</p>
      ) : null}
      {intake.input_warnings.map((w) => (
        <p key={w} className="notice warn">
          {w}
        </p>
      ))}
      {intake.status !== 'draft' ? <p className="notice">This submission was {intake.status}.</p> : null}
      <p role="status">
        {message}
        {published ? (
          <>
            Published to <Link to={`/staff/registry/${published.slug}`}>{published.slug}</Link>
            {published.unchanged
              ? ' (nothing changed)'
              : `: ${published.diff.added.length} facts new, ${published.diff.removed.length} no longer stated`}
            {published.needsReview ? '; the vendor is flagged for review' : ''}.{' '}
            <Link to={`/staff/registry/${published.slug}/changes`}>Policy changes</Link>
          </>
        ) : null}
      </p>
      <ErrorSummary errors={errors} message={undefined} labels={LABELS} />

      <h2>Facts found ({intake.facts.length})</h2>
      <p className="small">
        Approve or reject now, or leave a fact as a draft to review later in the registry. Rejecting needs a reason.
      </p>
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {intake.facts.map((f, i) => (
          <li key={f.key} className="card">
            <p>
              <strong>{f.family}</strong>{' '}
              {f.change === 'added' ? (
                <span className="badge soon">new</span>
              ) : (
                <span className="badge none">already {f.current_review_status}</span>
              )}
            </p>
            <p>{factValue(f.fact)}</p>
            <blockquote>“{f.quote}”</blockquote>
            {intake.status === 'draft' ? (
              <div className="field">
                <label htmlFor={`decision-${i}`}>
                  Decision
                  <span className="visually-hidden">
                    {' '}
                    on {f.family} fact {i + 1}
                  </span>
                </label>
                <select
                  id={`decision-${i}`}
                  value={choice(f.key).decision}
                  onChange={(e) => setChoice(f.key, { decision: e.target.value as Choice['decision'] })}
                >
                  <option value="">Leave as draft</option>
                  <option value="approve">Approve</option>
                  <option value="reject">Reject</option>
                </select>
                {choice(f.key).decision === 'reject' ? (
                  <TextField
                    label={`Reason for rejecting ${f.family} fact ${i + 1}`}
                    path={`decisions.${f.key}.reason`}
                    required
                    value={choice(f.key).reason}
                    error={errorFor(errors, `decisions.${f.key}.reason`)}
                    onChange={(reason) => setChoice(f.key, { reason })}
                  />
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {intake.removed.length ? (
        <>
          <h2>No longer stated</h2>
          <ul>
            {intake.removed.map((f) => (
              <li key={f.key}>
                <strong>{f.family}</strong> <blockquote>“{f.quote}”</blockquote>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {intake.status === 'draft' ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void act('publish');
          }}
        >
          <TextField
            label="Vendor slug"
            path="slug"
            required={!intake.slug}
            hint="The vendor to create or refresh."
            value={slug ?? intake.slug ?? ''}
            error={errorFor(errors, 'slug')}
            onChange={setSlug}
          />
          <div className="actions">
            <button type="submit">Publish</button>
            <button type="button" className="secondary" onClick={() => void act('discard')}>
              Discard
            </button>
          </div>
        </form>
      ) : null}
    </>
  );
}

function PolicyChanges() {
  const { slug } = useParams();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['policy-changes', slug],
    queryFn: () => api<Changes>(`/api/staff/vendors/${slug}/policy-changes`),
  });
  const [note, setNote] = useState<string>();
  if (q.error) return <Problem error={q.error} />;
  if (!q.data) return <p role="status">Loading…</p>;
  const { vendor, watch, versions } = q.data;
  const recheck = async () => {
    try {
      const r = await api<ApiResponse<'/api/staff/vendors/{slug}/policy-recheck', 'post'>>(
        `/api/staff/vendors/${slug}/policy-recheck`,
        {
          body: {},
        },
      );
      setNote(
        r.outcome === 'failed'
          ? `The re-check failed: ${r.error ?? ''}`
          : r.outcome === 'changed'
            ? 'The policy changed: see the newest version below.'
            : 'The policy is unchanged.',
      );
      void client.invalidateQueries({ queryKey: ['policy-changes', slug] });
    } catch (err) {
      setNote(err instanceof ApiError ? err.message : 'The server could not be reached.');
    }
  };
  const facts = (list: ChangeFact[]) => (
    <ul>
      {list.map((f) => (
        <li key={f.key}>
          <strong>{f.family}</strong> <span className="badge none">{f.review_status}</span>
          <blockquote>“{f.quote}”</blockquote>
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <FocusHeading>{vendor.name}: policy changes</FocusHeading>
      <p>
        <Link to={`/staff/registry/${vendor.slug}`}>Review its facts</Link>
      </p>
      {vendor.needs_review ? (
        <p className="notice warn">Flagged for review{vendor.review_note ? `: ${vendor.review_note}` : ''}.</p>
      ) : null}
      {watch ? (
        <section aria-labelledby="watch" className="card">
          <h2 id="watch">Watched policy URL</h2>
          <p>{watch.url}</p>
          <p className="small">
            Last checked {when(watch.last_checked_at)}; last changed {when(watch.last_changed_at)}; next check{' '}
            {when(watch.next_check_at)}.
          </p>
          {watch.last_error ? <p className="notice warn">Last check failed: {watch.last_error}</p> : null}
          <button type="button" onClick={() => void recheck()}>
            Re-check now
          </button>
        </section>
      ) : (
        <p>No policy URL is watched for this vendor.</p>
      )}
      <p role="status">{note}</p>
      <h2>Versions</h2>
      {!versions.length ? <p>No policy has been ingested for this vendor.</p> : null}
      {versions.map((v) => (
        <section key={v.event_id} className="card" aria-label={`Version of ${when(v.at)}`}>
          <h3>
            {when(v.at)} by {v.by}
          </h3>
          {v.document ? (
            <p className="small">
              “{v.document.title}” ({v.document.source})
            </p>
          ) : null}
          <p>
            {v.added.length} facts new, {v.removed.length} no longer stated, {v.kept} kept.
          </p>
          {v.added.length ? (
            <>
              <h4>New</h4>
              {facts(v.added)}
            </>
          ) : null}
          {v.removed.length ? (
            <>
              <h4>No longer stated</h4>
              {facts(v.removed)}
            </>
          ) : null}
        </section>
      ))}
    </>
  );
}

export function AddCompanyPage() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <SubmitPolicy />
    </RequireRole>
  );
}

export function IntakeReviewPage() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <IntakeReview />
    </RequireRole>
  );
}

export function PolicyChangesPage() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <PolicyChanges />
    </RequireRole>
  );
}
