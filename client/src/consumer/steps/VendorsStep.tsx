import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { api, errorFor } from '../../api';
import { fieldId } from '../../components/forms';
import { sourceText } from '../../components/source';
import { channelLabel, rightLabel } from '../data';
import type { VendorProfile } from '../draft';
import type { StepProps } from '../FileRequest';

interface VendorSummary {
  slug: string;
  name: string;
  needs_review: boolean;
  products: string[];
  channels: { type: string; value: string; purpose: string; source?: string }[];
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
  const [activeSlug, setActiveSlug] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  const query = useDebounced(q.trim(), 200);
  const results = useQuery({
    queryKey: ['vendors', query],
    queryFn: () => api<{ items: VendorSummary[]; total: number }>(`/api/vendors?limit=8&q=${encodeURIComponent(query)}`),
    placeholderData: (prev) => prev,
  });
  const chosen = new Set(draft.vendors.map((v) => v.slug));
  const error = errorFor(errors, 'vendors', true);
  const items = useMemo(() => results.data?.items ?? [], [results.data]);
  const optionId = (slug: string) => `vendor-option-${slug}`;
  // the active option is kept by company, so new results that still hold it keep it active
  const active = items.findIndex((v) => v.slug === activeSlug);
  const activeItem = active >= 0 ? items[active] : undefined;
  useEffect(() => {
    if (activeItem) document.getElementById(optionId(activeItem.slug))?.scrollIntoView({ block: 'nearest' });
  }, [activeItem]);

  const toggle = (v: VendorSummary) => {
    const adding = !chosen.has(v.slug);
    const count = draft.vendors.length + (adding ? 1 : -1);
    setDraft((d) => ({ ...d, vendors: adding ? [...d.vendors, { slug: v.slug, name: v.name }] : d.vendors.filter((x) => x.slug !== v.slug) }));
    setAnnouncement(`${v.name} ${adding ? 'added' : 'removed'}. ${count} ${count === 1 ? 'company' : 'companies'} chosen.`);
  };

  /** The WAI-ARIA combobox keys: arrows move through the results, Enter adds (or removes) the active one, Escape leaves the list. */
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!items.length) return;
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      const next = active < 0 ? (step > 0 ? 0 : items.length - 1) : (active + step + items.length) % items.length;
      setActiveSlug(items[next]!.slug);
    } else if (e.key === 'Enter' && activeItem) {
      e.preventDefault(); // adds the company instead of submitting the step
      toggle(activeItem);
    } else if (e.key === 'Escape') {
      if (activeItem) {
        e.preventDefault();
        setActiveSlug(undefined);
      } else if (q) {
        e.preventDefault();
        setQ('');
      }
    }
  };

  const summary = results.isFetching
    ? 'Searching…'
    : items.length
      ? `${results.data?.total ?? 0} ${results.data?.total === 1 ? 'company' : 'companies'} found${query ? ` for “${query}”` : ''}. Use the up and down arrows to choose, Enter to add.`
      : 'No company matches. Try another name, product or web address.';

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
          type="text"
          role="combobox"
          value={q}
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={items.length > 0}
          aria-controls={items.length ? 'vendor-results' : undefined}
          aria-activedescendant={activeItem ? optionId(activeItem.slug) : undefined}
          aria-describedby={`vendor-hint${error ? ' vendor-error' : ''}`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <p role="status" className="small muted">
        {summary}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {items.length ? (
        <ul className="results" id="vendor-results" role="listbox" aria-multiselectable="true" aria-label="Companies found">
          {items.map((v, i) => (
            <li
              key={v.slug}
              id={optionId(v.slug)}
              role="option"
              aria-selected={chosen.has(v.slug)}
              aria-labelledby={`${optionId(v.slug)}-name`}
              aria-describedby={`${optionId(v.slug)}-details`}
              data-vendor={v.slug}
              className={i === active ? 'active' : undefined}
              onClick={() => toggle(v)}
              onMouseMove={() => setActiveSlug(v.slug)}
            >
              <div className="row" style={{ justifyContent: 'space-between', alignItems: 'flex-start' }}>
                <div>
                  <strong id={`${optionId(v.slug)}-name`}>{v.name}</strong>
                  <span id={`${optionId(v.slug)}-details`}>
                    {v.products.length ? <span className="muted"> — {v.products.join(', ')}</span> : null}
                    <span className="small option-details">
                      {v.channels.length ? (
                        v.channels.slice(0, 3).map((c) => (
                          <span key={c.type + c.value}>
                            {channelLabel(c.type)}: {c.value.split('\n').join(', ')}
                            {c.source ? <span className="muted"> (from {c.source})</span> : null}.
                          </span>
                        ))
                      ) : (
                        <span>No contact known yet: our staff will find one before sending.</span>
                      )}
                      <span>
                        <ResponseTimes times={v.response_times} />
                      </span>
                    </span>
                  </span>
                </div>
                <span className={chosen.has(v.slug) ? 'badge fine' : 'option-action'} aria-hidden="true">
                  {chosen.has(v.slug) ? 'Added ✓' : 'Add'}
                </span>
              </div>
            </li>
          ))}
        </ul>
      ) : null}

      <h3>Your companies ({draft.vendors.length})</h3>
      {draft.vendors.length ? (
        <ul className="chips" aria-label="Chosen companies">
          {draft.vendors.map((v) => {
            const profile = profiles.find((p) => p.slug === v.slug);
            return (
              <li key={v.slug}>
                {v.name}
                {profile && !profile.has_usable_channel ? <span className="small"> (contact being researched)</span> : null}
                {profile?.channels.length ? (
                  <span className="small muted">
                    {' '}
                    (contacts from {[...new Set(profile.channels.map((c) => sourceText(c.source)))].join('; ')})
                  </span>
                ) : null}
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
