import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type ApiResponse } from '../api';
import { ActionForm } from '../components/ActionForm';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';
import { sourceText } from '../components/source';

type DraftFact = ApiResponse<'/api/staff/registry/facts'>['items'][number];
type Profile = ApiResponse<'/api/vendors/{slug}'>;

/** A fact's value in words: the fields that say what it is, without its bookkeeping. */
function factValue(f: Record<string, unknown>): string {
  const skip = new Set(['id', 'review_status', 'edited_value', 'citation', 'span', 'quote', 'source', 'conflict']);
  return Object.entries(f)
    .filter(([k, v]) => !skip.has(k) && v !== null && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

function Draft({ f, onDone }: { f: DraftFact; onDone: () => void }) {
  const [mode, setMode] = useState<'edit' | 'reject'>();
  const path = `/api/staff/registry/facts/${f.id}/review`;
  return (
    <li className="card">
      <p>
        <strong>{f.family}</strong> {f.change ? <span className="badge soon">{f.change}</span> : null}
      </p>
      <p>{factValue(f.fact)}</p>
      <blockquote>“{f.quote}”</blockquote>
      {f.conflict ? <p className="notice warn">Conflict: {f.conflict}</p> : null}
      <p className="small muted">
        Source: {f.document_title} ({f.document_source}
        {f.document_kind === 'dataset_record' ? `; version ${f.dataset_date ?? f.dataset_version ?? ''}` : ''})
        {f.source_urls?.length ? <> — the record&apos;s sources: {f.source_urls.join(', ')}</> : null}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void api(path, { body: { decision: 'approve' } }).then(onDone)}>
          Approve<span className="visually-hidden"> fact {f.id}</span>
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={mode === 'edit'}
          onClick={() => setMode(mode === 'edit' ? undefined : 'edit')}
        >
          Edit<span className="visually-hidden"> fact {f.id}</span>
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={mode === 'reject'}
          onClick={() => setMode(mode === 'reject' ? undefined : 'reject')}
        >
          Reject<span className="visually-hidden"> fact {f.id}</span>
        </button>
      </div>
      {mode === 'edit' && (
        <ActionForm
          id={`edit-${f.id}`}
          title="Edit the value"
          path={path}
          submitLabel="Save edit"
          onDone={onDone}
          toBody={(v) => ({ decision: 'edit', edited_value: v.edited_value, reason: v.reason })}
          fields={[
            { name: 'edited_value', label: 'Corrected value', required: true },
            { name: 'reason', label: 'Reason', type: 'textarea', required: true },
          ]}
        />
      )}
      {mode === 'reject' && (
        <ActionForm
          id={`reject-${f.id}`}
          title="Reject this fact"
          path={path}
          submitLabel="Reject"
          danger
          onDone={onDone}
          toBody={(v) => ({ decision: 'reject', reason: v.reason })}
          fields={[{ name: 'reason', label: 'Reason', type: 'textarea', required: true }]}
        />
      )}
    </li>
  );
}

interface LetterLanguage {
  language: string;
  language_name: string;
  source: 'staff' | 'dataset' | 'policy' | 'default';
  found: string | null;
  citation: { quote: string } | null;
  counts: Record<string, number> | null;
  signals: { staff: string | null; dataset: string | null; policy: string | null };
}

const LANGUAGE_SOURCES: Record<LetterLanguage['source'], string> = {
  staff: 'set by staff',
  dataset: "the open dataset's request language",
  policy: "the language of the company's policy (detected)",
  default: 'no signal: English',
};

/** Which language letters to the company go in, why, and staff's choice. */
function VendorLanguage({ slug }: { slug: string }) {
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['vendor-language', slug],
    queryFn: () => api<LetterLanguage>(`/api/staff/vendors/${slug}/letter-language`),
  });
  if (q.error) return <Problem error={q.error} />;
  if (!q.data) return <p role="status">Loading…</p>;
  const l = q.data;
  return (
    <section aria-labelledby="letter-language">
      <h3 id="letter-language">Letter language</h3>
      <p>
        Letters to this company are written in <strong>{l.language_name}</strong>: {LANGUAGE_SOURCES[l.source]}
        {l.found && l.found !== l.language ? ` (“${l.found}”, which letters are not written in)` : ''}.
      </p>
      {l.citation ? <blockquote>“{l.citation.quote}”</blockquote> : null}
      {l.counts ? (
        <p className="small muted">
          Word counts:{' '}
          {Object.entries(l.counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}
        </p>
      ) : null}
      <p className="small muted">
        Signals: staff {l.signals.staff ?? '—'}, dataset {l.signals.dataset ?? '—'}, policy {l.signals.policy ?? '—'}.
      </p>
      <ActionForm
        id="letter-language-form"
        title="Set the letter language"
        path={`/api/staff/vendors/${slug}/letter-language`}
        submitLabel="Save language"
        initial={{ language: l.signals.staff ?? 'auto' }}
        onDone={() => void client.invalidateQueries({ queryKey: ['vendor-language', slug] })}
        fields={[
          {
            name: 'language',
            label: 'Language',
            type: 'select',
            required: true,
            options: [
              { value: 'auto', label: 'From the registry (dataset, then policy)' },
              { value: 'en', label: 'English' },
              { value: 'de', label: 'German' },
              { value: 'fr', label: 'French' },
              { value: 'sv', label: 'Swedish' },
              { value: 'es', label: 'Spanish' },
              { value: 'ja', label: 'Japanese' },
            ],
          },
          { name: 'reason', label: 'Reason', type: 'textarea', required: true },
        ]}
      />
    </section>
  );
}

function VendorFacts({ slug }: { slug: string }) {
  const q = useQuery({ queryKey: ['vendor', slug], queryFn: () => api<Profile>(`/api/vendors/${slug}`) });
  if (q.error) return <Problem error={q.error} />;
  if (!q.data) return <p role="status">Loading…</p>;
  const p = q.data;
  const families = [
    'channels',
    'products',
    'former_names',
    'websites',
    'rights',
    'deadlines',
    'requirements',
    'warnings',
    'gaps',
  ] as const;
  return (
    <section aria-labelledby="published">
      <h2 id="published">{p.name}: published facts</h2>
      <p className="small">
        <a href={`/companies/${p.slug}`}>Public responsiveness record</a>
      </p>
      {p.policy ? (
        <p className="small">
          From “{p.policy.title}” ({p.policy.source})
          {p.policy.effective_date ? `, effective ${p.policy.effective_date}` : ''}; sha256{' '}
          {p.policy.sha256.slice(0, 12)}…
        </p>
      ) : null}
      {p.needs_review ? (
        <p className="notice warn">Flagged for review{p.review_note ? `: ${p.review_note}` : ''}.</p>
      ) : null}
      <p>
        <Link to={`/staff/registry/${p.slug}/changes`}>Policy changes and re-checks</Link>
      </p>
      <VendorLanguage slug={p.slug} />
      {families.map((fam) =>
        p[fam].length ? (
          <div key={fam}>
            <h3>{fam}</h3>
            <ul>
              {p[fam].map((f) => (
                <li key={f.id}>
                  {f.edited_value ?? factValue(f)} <span className="badge none">{f.review_status}</span>
                  {f.conflict ? <span className="badge soon">conflict</span> : null}
                  <blockquote>“{f.citation.quote}”</blockquote>
                  <span className="small muted">
                    From {sourceText(f.source)}
                    {f.conflict ? `. ${f.conflict}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </section>
  );
}

function RegistryPage() {
  const { slug } = useParams();
  const client = useQueryClient();
  // thousands of companies: staff find one by name, brand or domain (the registry search) rather than in a list
  const [find, setFind] = useState('');
  const query = find.trim();
  const vendors = useQuery({
    queryKey: ['registry-find', query],
    queryFn: () => api<ApiResponse<'/api/vendors'>>(`/api/vendors?limit=20&q=${encodeURIComponent(query)}`),
    enabled: query.length > 0,
  });
  const drafts = useQuery({
    queryKey: ['registry-drafts', slug ?? ''],
    queryFn: () =>
      api<ApiResponse<'/api/staff/registry/facts'>>(
        `/api/staff/registry/facts?limit=200${slug ? `&vendor=${slug}` : ''}`,
      ),
  });
  const [note, setNote] = useState<string>();
  const done = () => {
    setNote('Decision saved.');
    void client.invalidateQueries({ queryKey: ['registry-drafts'] });
    if (slug) void client.invalidateQueries({ queryKey: ['vendor', slug] });
  };
  return (
    <>
      <FocusHeading>Registry review</FocusHeading>
      <p>
        <Link to="/staff/registry/add">Add or refresh a company from its policy</Link>
      </p>
      <p>
        <label htmlFor="registry-find">Find a company (name, brand or domain)</label>{' '}
        <input
          id="registry-find"
          type="search"
          value={find}
          onChange={(e) => setFind(e.target.value)}
          autoComplete="off"
        />
      </p>
      <nav aria-label="Vendors">
        <ul className="chips">
          <li>
            <Link to="/staff/registry" aria-current={!slug ? 'page' : undefined}>
              All drafts
            </Link>
          </li>
          {(query ? (vendors.data?.items ?? []) : []).map((v) => (
            <li key={v.slug}>
              <Link to={`/staff/registry/${v.slug}`} aria-current={slug === v.slug ? 'page' : undefined}>
                {v.name}
              </Link>
              {v.needs_review ? <span className="small"> (needs review)</span> : null}
            </li>
          ))}
        </ul>
      </nav>
      <p role="status">{note}</p>
      <h2>Facts awaiting a decision</h2>
      {drafts.error ? <Problem error={drafts.error} /> : null}
      {drafts.data && !drafts.data.items.length ? <p>Nothing to review.</p> : null}
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {drafts.data?.items.map((f) => (
          <Draft key={f.id} f={f} onDone={done} />
        ))}
      </ul>
      {slug ? <VendorFacts slug={slug} /> : null}
    </>
  );
}

export default function Registry() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <RegistryPage />
    </RequireRole>
  );
}
