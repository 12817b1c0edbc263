import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, errorFor, type ApiResponse } from '../../api';
import { fieldId, TextArea, TextField } from '../../components/forms';
import i18n from '../../i18n';
import { humanize, jurisdictionOf, type Address, type Draft } from '../draft';
import type { StepProps } from '../FileRequest';

/** The address fields; each label is `details.<key>` in the catalogues. */
const ADDRESS_FIELDS: { key: keyof Address; autoComplete: string }[] = [
  { key: 'line1', autoComplete: 'address-line1' },
  { key: 'line2', autoComplete: 'address-line2' },
  { key: 'city', autoComplete: 'address-level2' },
  { key: 'region', autoComplete: 'address-level1' },
  { key: 'postal_code', autoComplete: 'postal-code' },
  { key: 'country', autoComplete: 'country-name' },
];

const askedBy = (names: string[] | undefined) =>
  names ? i18n.t('details.requiredBy', { names: names.join(i18n.t('details.and')) }) : undefined;

/** Words for the API's field paths, for the error summary, in the current language. */
export function detailLabels(): Record<string, string> {
  const t = i18n.t;
  return {
    'requester.name': t('details.name'),
    'requester.email': t('details.email'),
    'requester.phone': t('details.phone'),
    'requester.address': t('details.postal'),
    ...Object.fromEntries(ADDRESS_FIELDS.map((f) => [`requester.address.${f.key}`, t(`details.${f.key}`)])),
    corrections: t('details.corrections'),
    details: t('details.anythingElse'),
    vendors: t('file.stepVendors'),
    rights: t('file.stepRights'),
    jurisdiction: t('details.jurisdictionLabel'),
    country: t('place.country'),
    region: t('details.stateOrProvince'),
  };
}

/**
 * The fields the chosen companies require for these rights where the consumer lives, by body path, with the companies
 * asking: the server's answer from the same rule intake checks, so the form and the 422 never disagree.
 */
function useRequiredFields(draft: Draft): Map<string, string[]> {
  const jurisdiction = jurisdictionOf(draft);
  const vendors = draft.vendors.map((v) => v.slug);
  const query = useQuery({
    queryKey: ['required-fields', jurisdiction, draft.rights, vendors],
    enabled: Boolean(jurisdiction) && vendors.length > 0 && draft.rights.length > 0,
    staleTime: 300_000,
    queryFn: () =>
      api<ApiResponse<'/api/requests/required-fields'>>(
        `/api/requests/required-fields?${new URLSearchParams({ jurisdiction, rights: draft.rights.join(','), vendors: vendors.join(',') }).toString()}`,
      ),
  });
  return new Map((query.data?.fields ?? []).map((f) => [f.path, f.vendors]));
}

export function DetailsStep({ draft, setDraft, errors }: StepProps) {
  const { t } = useTranslation();
  const required = useRequiredFields(draft);
  // server errors name any identifier asked for (also before the required fields have loaded): show those fields too
  const identifierKeys = new Set<string>([
    ...[...required.keys()]
      .filter((p) => p.startsWith('requester.identifiers.'))
      .map((p) => p.slice('requester.identifiers.'.length)),
    ...errors
      .filter((e) => e.field.startsWith('requester.identifiers.'))
      .map((e) => e.field.slice('requester.identifiers.'.length)),
    ...Object.keys(draft.requester.identifiers),
  ]);
  const addressNeeded =
    required.has('requester.address') || ADDRESS_FIELDS.some((f) => required.has(`requester.address.${f.key}`));
  const set = (update: (r: StepProps['draft']['requester']) => StepProps['draft']['requester']) =>
    setDraft((d) => ({ ...d, requester: update(d.requester) }));
  const setAddress = (key: keyof Address, value: string) =>
    set((r) => ({ ...r, address: { ...r.address, [key]: value } }));
  const addressError = errorFor(errors, 'requester.address');

  return (
    <>
      <h2>{t('details.title')}</h2>
      <p className="hint">{t('details.hint')}</p>
      <TextField
        label={t('details.name')}
        path="requester.name"
        required
        autoComplete="name"
        value={draft.requester.name}
        error={errorFor(errors, 'requester.name')}
        onChange={(v) => set((r) => ({ ...r, name: v }))}
      />
      <TextField
        label={t('details.email')}
        path="requester.email"
        type="email"
        required
        autoComplete="email"
        hint={t('details.emailHint')}
        value={draft.requester.email}
        error={errorFor(errors, 'requester.email')}
        onChange={(v) => set((r) => ({ ...r, email: v }))}
      />
      <TextField
        label={t('details.phone')}
        path="requester.phone"
        type="tel"
        autoComplete="tel"
        required={required.has('requester.phone')}
        hint={askedBy(required.get('requester.phone'))}
        value={draft.requester.phone}
        error={errorFor(errors, 'requester.phone')}
        onChange={(v) => set((r) => ({ ...r, phone: v }))}
      />
      <fieldset
        id={fieldId('requester.address')}
        tabIndex={-1}
        aria-describedby={addressError ? `${fieldId('requester.address')}-error` : undefined}
      >
        <legend className="label">
          {t('details.postal')}
          {addressNeeded ? '' : t('details.optional')}
        </legend>
        <span className="hint">
          {addressNeeded
            ? askedBy(
                required.get('requester.address') ?? [
                  ...new Set(ADDRESS_FIELDS.flatMap((f) => required.get(`requester.address.${f.key}`) ?? [])),
                ],
              )
            : t('details.addressHint')}
        </span>
        {addressError ? (
          <span className="error" id={`${fieldId('requester.address')}-error`}>
            {t('rights.error', { error: addressError })}
          </span>
        ) : null}
        {ADDRESS_FIELDS.map((f) => (
          <TextField
            key={f.key}
            label={t(`details.${f.key}`)}
            path={`requester.address.${f.key}`}
            autoComplete={f.autoComplete}
            required={addressNeeded && f.key !== 'line2' && f.key !== 'country'}
            value={draft.requester.address[f.key]}
            error={errorFor(errors, `requester.address.${f.key}`)}
            onChange={(v) => setAddress(f.key, v)}
          />
        ))}
      </fieldset>
      {identifierKeys.size > 0 && (
        <fieldset>
          <legend className="label">{t('details.identifiers')}</legend>
          {[...identifierKeys].map((key) => (
            <TextField
              key={key}
              label={humanize(key)}
              path={`requester.identifiers.${key}`}
              required
              hint={askedBy(required.get(`requester.identifiers.${key}`))}
              value={draft.requester.identifiers[key] ?? ''}
              error={errorFor(errors, `requester.identifiers.${key}`)}
              onChange={(v) => set((r) => ({ ...r, identifiers: { ...r.identifiers, [key]: v } }))}
            />
          ))}
        </fieldset>
      )}
      {draft.rights.includes('correction') && (
        <fieldset
          id={fieldId('corrections')}
          tabIndex={-1}
          aria-describedby={errorFor(errors, 'corrections') ? `${fieldId('corrections')}-error` : undefined}
        >
          <legend className="label">{t('details.correctionsTitle')}</legend>
          {errorFor(errors, 'corrections') ? (
            <span className="error" id={`${fieldId('corrections')}-error`}>
              {t('rights.error', { error: errorFor(errors, 'corrections') })}
            </span>
          ) : null}
          {draft.corrections.map((c, i) => (
            <div key={i} className="card">
              <TextField
                label={t('details.correction', { n: i + 1 })}
                path={`corrections.${i}.field`}
                required
                value={c.field}
                error={errorFor(errors, `corrections.${i}.field`)}
                hint={t('details.correctionHint')}
                onChange={(v) =>
                  setDraft((d) => ({
                    ...d,
                    corrections: d.corrections.map((x, j) => (j === i ? { ...x, field: v } : x)),
                  }))
                }
              />
              <TextField
                label={t('details.current')}
                path={`corrections.${i}.current`}
                value={c.current}
                error={errorFor(errors, `corrections.${i}.current`)}
                onChange={(v) =>
                  setDraft((d) => ({
                    ...d,
                    corrections: d.corrections.map((x, j) => (j === i ? { ...x, current: v } : x)),
                  }))
                }
              />
              <TextField
                label={t('details.corrected')}
                path={`corrections.${i}.corrected`}
                required
                value={c.corrected}
                error={errorFor(errors, `corrections.${i}.corrected`)}
                onChange={(v) =>
                  setDraft((d) => ({
                    ...d,
                    corrections: d.corrections.map((x, j) => (j === i ? { ...x, corrected: v } : x)),
                  }))
                }
              />
              {draft.corrections.length > 1 && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setDraft((d) => ({ ...d, corrections: d.corrections.filter((_, j) => j !== i) }))}
                >
                  {t('details.removeCorrection', { n: i + 1 })}
                </button>
              )}
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() =>
              setDraft((d) => ({ ...d, corrections: [...d.corrections, { field: '', current: '', corrected: '' }] }))
            }
          >
            {t('details.addCorrection')}
          </button>
        </fieldset>
      )}
      <TextArea
        label={t('details.details')}
        path="details"
        hint={t('details.detailsHint')}
        value={draft.details}
        error={errorFor(errors, 'details')}
        onChange={(v) => setDraft((d) => ({ ...d, details: v }))}
      />
    </>
  );
}
