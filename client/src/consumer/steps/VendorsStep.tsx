import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { api, errorFor, type ApiResponse } from '../../api';
import { fieldId, TextField } from '../../components/forms';
import { sourceText } from '../../components/source';
import { channelLabel, countryName, rightLabel } from '../data';
import type { UnlistedCompany, VendorProfile } from '../draft';
import type { StepProps } from '../FileRequest';

type Origin = ApiResponse<'/api/vendors'>['items'][number]['channels'][number]['origin'];

/** Where a contact comes from, in the page's language: the company's policy, an open dataset, or our staff. */
function originText(o: Origin, t: TFunction): string {
  if (o.kind === 'staff') return t('vendors.fromStaff');
  if (o.kind === 'policy') return t('vendors.fromPolicy', { date: o.date ?? '' });
  return t('vendors.fromDataset', { dataset: o.dataset ?? '', date: o.date ?? '' });
}

type VendorSummary = ApiResponse<'/api/vendors'>['items'][number];

/** Where the company operates, relative to the country the consumer chose (if any). */
function CountryNote({ v, country }: { v: VendorSummary; country: string }) {
  const { t } = useTranslation();
  const named = v.countries.filter((c) => c !== 'all').map((c) => countryName(c.toUpperCase()));
  if (v.country_relevance === 'listed') return <span>{t('vendors.operatesIn', { places: countryName(country) })}</span>;
  if (v.countries.includes('all')) return <span>{t('vendors.operatesWorldwide')}</span>;
  if (!named.length) return null;
  return (
    <span>
      {t(named.length > 4 ? 'vendors.operatesInMore' : 'vendors.operatesIn', { places: named.slice(0, 4).join(', ') })}
    </span>
  );
}

/** Why a result matched when it is not by the company's name ("brand of", "formerly", "web address"). */
function MatchNote({ match }: { match: VendorSummary['match'] }) {
  const { t } = useTranslation();
  if (!match || match.kind === 'name') return null;
  return <span>{t(`vendors.match_${match.kind}`, { term: match.term })}</span>;
}

const emptyUnlisted = (): UnlistedCompany => ({ name: '', website: '', contact: '' });

/** "My company isn't listed": the consumer names it; staff look up and confirm a contact before anything is sent. */
function UnlistedCompanies({ draft, setDraft, errors, suggestion }: StepProps & { suggestion: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [company, setCompany] = useState<UnlistedCompany>(emptyUnlisted);
  const [problem, setProblem] = useState<string>();
  const add = () => {
    if (!company.name.trim()) {
      setProblem(t('vendors.unlistedNameMissing'));
      return;
    }
    setDraft((d) => ({ ...d, unlisted: [...d.unlisted, company] }));
    setCompany(emptyUnlisted());
    setProblem(undefined);
    setOpen(false);
  };
  const serverError = (i: number, field: string) => errorFor(errors, `unlisted_vendors.${i}.${field}`);
  return (
    <section aria-labelledby="unlisted-heading">
      <h3 id="unlisted-heading">{t('vendors.unlistedTitle')}</h3>
      {draft.unlisted.length ? (
        <ul className="chips" aria-label={t('vendors.unlistedLabel')}>
          {draft.unlisted.map((u, i) => (
            <li key={i}>
              {u.name}
              <span className="small">{t('vendors.unlistedLookup')}</span>
              {['name', 'website', 'contact'].map((f) =>
                serverError(i, f) ? (
                  <span key={f} className="error">
                    {t('rights.error', { error: serverError(i, f) })}
                  </span>
                ) : null,
              )}
              <button
                type="button"
                className="secondary"
                aria-label={t('vendors.removeName', { name: u.name })}
                onClick={() => setDraft((d) => ({ ...d, unlisted: d.unlisted.filter((_, j) => j !== i) }))}
              >
                {t('vendors.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <div className="card">
          <p className="small">{t('vendors.unlistedIntro')}</p>
          {problem ? (
            <p className="error" role="alert">
              {t('rights.error', { error: problem })}
            </p>
          ) : null}
          <TextField
            label={t('vendors.unlistedName')}
            path="unlisted_vendors.new.name"
            required
            value={company.name}
            onChange={(name) => setCompany((c) => ({ ...c, name }))}
          />
          <TextField
            label={t('vendors.unlistedWebsite')}
            path="unlisted_vendors.new.website"
            hint={t('vendors.unlistedWebsiteHint')}
            value={company.website}
            onChange={(website) => setCompany((c) => ({ ...c, website }))}
          />
          <TextField
            label={t('vendors.unlistedContact')}
            path="unlisted_vendors.new.contact"
            hint={t('vendors.unlistedContactHint')}
            value={company.contact}
            onChange={(contact) => setCompany((c) => ({ ...c, contact }))}
          />
          <div className="row">
            <button type="button" onClick={add}>
              {t('vendors.unlistedAdd')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              {t('vendors.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setCompany((c) => (c.name ? c : { ...c, name: suggestion }));
            setOpen(true);
          }}
        >
          {t('vendors.nameUnlisted')}
        </button>
      )}
    </section>
  );
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
  const { t } = useTranslation();
  if (!times.length) return <span>{t('vendors.noTimes')}</span>;
  const each = times.map(
    (x) =>
      t(x.unit === 'business' ? 'vendors.businessDays' : 'vendors.days', { count: x.days }) +
      (x.rights.length ? ` (${x.rights.map((r) => rightLabel(r)).join(', ')})` : ''),
  );
  return <span>{t('vendors.promises', { times: each.join('; ') })}</span>;
}

export function VendorsStep({ draft, setDraft, errors, profiles }: StepProps & { profiles: VendorProfile[] }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [activeSlug, setActiveSlug] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  const query = useDebounced(q.trim(), 200);
  const results = useQuery({
    queryKey: ['vendors', query, draft.country],
    queryFn: () =>
      api<ApiResponse<'/api/vendors'>>(
        `/api/vendors?limit=8&q=${encodeURIComponent(query)}${/^[A-Z]{2}$/.test(draft.country) ? `&country=${draft.country}` : ''}`,
      ),
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
    setDraft((d) => ({
      ...d,
      vendors: adding ? [...d.vendors, { slug: v.slug, name: v.name }] : d.vendors.filter((x) => x.slug !== v.slug),
    }));
    setAnnouncement(i18n.t(adding ? 'vendors.announceAdded' : 'vendors.announceRemoved', { name: v.name, count }));
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
    ? t('vendors.searching')
    : items.length
      ? `${t(query ? 'vendors.foundFor' : 'vendors.found', { count: results.data?.total ?? 0, query })} ${t('vendors.arrows')}`
      : t('vendors.noMatch');

  return (
    <>
      <h2>{t('vendors.title')}</h2>
      <div className="field">
        <label htmlFor={fieldId('vendors')}>{t('vendors.searchLabel')}</label>
        <span className="hint" id="vendor-hint">
          {t('vendors.searchHint')}
        </span>
        {error ? (
          <span className="error" id="vendor-error">
            {t('rights.error', { error })}
          </span>
        ) : null}
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
        <ul
          className="results"
          id="vendor-results"
          role="listbox"
          aria-multiselectable="true"
          aria-label={t('vendors.resultsLabel')}
        >
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
                            <span className="muted">{originText(c.origin, t)}</span>.
                          </span>
                        ))
                      ) : (
                        <span>{t('vendors.noContact')}</span>
                      )}
                      <span>
                        <ResponseTimes times={v.response_times} />
                      </span>
                      <MatchNote match={v.match} />
                      <CountryNote v={v} country={draft.country} />
                      {v.data_quality ? <span>{t(`vendors.quality_${v.data_quality}`)}</span> : null}
                    </span>
                  </span>
                </div>
                <span className={chosen.has(v.slug) ? 'badge fine' : 'option-action'} aria-hidden="true">
                  {chosen.has(v.slug) ? t('vendors.added') : t('vendors.add')}
                </span>
              </div>
            </li>
          ))}
        </ul>
      ) : null}

      <h3>{t('vendors.yours', { count: draft.vendors.length })}</h3>
      {draft.vendors.length ? (
        <ul className="chips" aria-label={t('vendors.chosenLabel')}>
          {draft.vendors.map((v) => {
            const profile = profiles.find((p) => p.slug === v.slug);
            return (
              <li key={v.slug}>
                {v.name}
                {profile && !profile.has_usable_channel ? (
                  <span className="small">{t('vendors.researching')}</span>
                ) : null}
                {profile?.channels.length ? (
                  <span className="small muted">
                    {' '}
                    {t('vendors.contactsFrom', {
                      sources: [...new Set(profile.channels.map((c) => sourceText(c.source, t)))].join('; '),
                    })}
                  </span>
                ) : null}{' '}
                <a className="small" href={`/companies/${v.slug}`} target="_blank" rel="noopener">
                  {t('vendors.howAnswers', { name: v.name })}
                  <span className="visually-hidden">{t('vendors.newTab')}</span>
                </a>
                <button
                  type="button"
                  className="secondary"
                  aria-label={t('vendors.removeName', { name: v.name })}
                  onClick={() => setDraft((d) => ({ ...d, vendors: d.vendors.filter((x) => x.slug !== v.slug) }))}
                >
                  {t('vendors.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('vendors.noneYet')}</p>
      )}
      <UnlistedCompanies draft={draft} setDraft={setDraft} errors={errors} suggestion={items.length ? '' : q.trim()} />
    </>
  );
}
