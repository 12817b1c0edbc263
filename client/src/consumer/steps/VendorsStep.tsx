import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorFor } from '../../api';
import { fieldId } from '../../components/forms';
import { channelLabel, rightLabel } from '../data';
import type { VendorProfile } from '../draft';
import type { StepProps } from '../FileRequest';

interface VendorSummary {
  slug: string;
  name: string;
  needs_review: boolean;
  products: string[];
  channels: { type: string; value: string; purpose: string }[];
  response_times: { days: number; unit: string; rights: string[] }[];
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function ResponseTimes({ times }: { times: VendorSummary['response_times'] }) {
  if (!times.length) return <span>No response time stated: the law&apos;s deadline applies.</span>;
  return (
    <span>
      Promises to answer within{' '}
      {times.map((t, i) => (
        <span key={i}>
          {i ? '; ' : ''}
          {t.days} {t.unit === 'business' ? 'business days' : 'days'}
          {t.rights.length ? ` (${t.rights.map(rightLabel).join(', ')})` : ''}
        </span>
      ))}
    </span>
  );
}

export function VendorsStep({ draft, setDraft, errors, profiles }: StepProps & { profiles: VendorProfile[] }) {
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 200);
  const results = useQuery({
    queryKey: ['vendors', query],
    queryFn: () => api<{ items: VendorSummary[]; total: number }>(`/api/vendors?limit=8&q=${encodeURIComponent(query)}`),
    placeholderData: (prev) => prev,
  });
  const chosen = new Set(draft.vendors.map((v) => v.slug));
  const error = errorFor(errors, 'vendors', true);
  const items = results.data?.items ?? [];

  return (
    <>
      <h2>Which companies do you want to contact?</h2>
      <div className="field">
        <label htmlFor={fieldId('vendors')}>Search by company, product or website</label>
        <span className="hint" id="vendor-hint">
          For example “Sonos” or “Headphones Connect”. Add as many companies as you like.
        </span>
        {error ? <span className="error" id="vendor-error">Error: {error}</span> : null}
        <input
          id={fieldId('vendors')}
          type="search"
          value={q}
          autoComplete="off"
          aria-describedby={`vendor-hint${error ? ' vendor-error' : ''}`}
          aria-invalid={error ? true : undefined}
          aria-controls="vendor-results"
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <p role="status" className="small muted">
        {results.isFetching ? 'Searching…' : `${results.data?.total ?? 0} ${results.data?.total === 1 ? 'company' : 'companies'} found${query ? ` for “${query}”` : ''}.`}
      </p>
      <ul className="results" id="vendor-results" aria-label="Search results">
        {items.map((v) => (
          <li key={v.slug}>
            <div className="row" style={{ justifyContent: 'space-between', alignItems: 'flex-start' }}>
              <div>
                <strong>{v.name}</strong>
                {v.products.length ? <span className="muted"> — {v.products.join(', ')}</span> : null}
                <ul className="small">
                  {v.channels.length ? (
                    v.channels.slice(0, 3).map((c) => (
                      <li key={c.type + c.value}>
                        {channelLabel(c.type)}: {c.value.split('\n').join(', ')}
                      </li>
                    ))
                  ) : (
                    <li>No contact known yet: our staff will find one before sending.</li>
                  )}
                  <li>
                    <ResponseTimes times={v.response_times} />
                  </li>
                </ul>
              </div>
              {chosen.has(v.slug) ? (
                <span className="badge fine">Added</span>
              ) : (
                <button
                  type="button"
                  className="secondary"
                  data-vendor={v.slug}
                  aria-label={`Add ${v.name}`}
                  onClick={() => setDraft((d) => ({ ...d, vendors: [...d.vendors, { slug: v.slug, name: v.name }] }))}
                >
                  Add
                </button>
              )}
            </div>
          </li>
        ))}
        {!items.length && !results.isFetching ? <li>No company matches. Try another name, product or web address.</li> : null}
      </ul>

      <h3>Your companies ({draft.vendors.length})</h3>
      {draft.vendors.length ? (
        <ul className="chips" aria-label="Chosen companies">
          {draft.vendors.map((v) => {
            const profile = profiles.find((p) => p.slug === v.slug);
            return (
              <li key={v.slug}>
                {v.name}
                {profile && !profile.has_usable_channel ? <span className="small"> (contact being researched)</span> : null}
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Remove ${v.name}`}
                  onClick={() => setDraft((d) => ({ ...d, vendors: d.vendors.filter((x) => x.slug !== v.slug) }))}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">None yet.</p>
      )}
    </>
  );
}
