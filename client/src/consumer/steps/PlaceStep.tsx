import { Trans, useTranslation } from 'react-i18next';
import { errorFor, type ApiResponse } from '../../api';
import { SelectField } from '../../components/forms';
import { CONSUMER_CHOICES, countryName, jurisdictionName, REGION_NAMES, rightLabel } from '../data';
import type { StepProps } from '../FileRequest';

export type Jurisdiction = ApiResponse<'/api/jurisdictions'>['items'][number];

const OPT_OUTS = ['nevada_opt_out', 'opt_out_sale', 'objection'];

/** Whether a consumer choice exists where they live (opt_out maps to each law's own opt-out right). */
export function choiceAvailable(choice: string, j: Jurisdiction): boolean {
  if (choice === 'opt_out') return j.rights.some((r) => OPT_OUTS.includes(r));
  if (choice === 'access') return j.rights.includes('access') || j.rights.includes('know');
  return j.rights.includes(choice);
}

export function PlaceStep({
  draft,
  setDraft,
  errors,
  jurisdictions,
}: StepProps & { jurisdictions: Jurisdiction[] | undefined }) {
  const { t } = useTranslation();
  if (!jurisdictions) return <p role="status">{t('place.loading')}</p>;
  const countries = [...new Set(jurisdictions.map((j) => j.code.split('-')[0]!))].sort((a, b) =>
    countryName(a).localeCompare(countryName(b)),
  );
  const regions = jurisdictions.filter((j) => j.code.startsWith(`${draft.country}-`));
  const code = draft.region || (regions.length ? '' : draft.country);
  const current = jurisdictions.find((j) => j.code === code);
  const missingStates =
    draft.country === 'US'
      ? Object.keys(REGION_NAMES).filter((c) => c.startsWith('US-') && !regions.some((r) => r.code === c))
      : [];

  return (
    <>
      <h2>{t('place.title')}</h2>
      <p className="hint">{t('place.hint')}</p>
      <SelectField
        label={t('place.country')}
        path="country"
        required
        value={draft.country}
        error={errorFor(errors, 'country') ?? (regions.length ? undefined : errorFor(errors, 'jurisdiction'))}
        options={countries.map((c) => ({ value: c, label: countryName(c) }))}
        onChange={(country) => setDraft((d) => ({ ...d, country, region: '' }))}
      />
      {regions.length > 0 && (
        <SelectField
          label={draft.country === 'US' ? t('place.state') : t('place.province')}
          path="region"
          required
          value={draft.region}
          error={errorFor(errors, 'region') ?? errorFor(errors, 'jurisdiction')}
          hint={missingStates.length ? t('place.onlyStates') : undefined}
          options={regions.map((r) => ({ value: r.code, label: REGION_NAMES[r.code] ?? r.code }))}
          onChange={(region) => setDraft((d) => ({ ...d, region }))}
        />
      )}
      {current && (
        <div className="notice" aria-live="polite">
          <p>
            <Trans
              i18nKey="place.applies"
              values={{ place: jurisdictionName(current.code), laws: current.laws.join(t('place.and')) }}
              components={{ strong: <strong /> }}
            />
          </p>
          <ul>
            {draft.rights.map((r) => {
              const ok = choiceAvailable(r, current);
              const title = CONSUMER_CHOICES.find((c) => c.code === r)?.title ?? rightLabel(r);
              return (
                <li key={r}>
                  {title}: {ok ? t('place.yes') : <strong>{t('place.no')}</strong>}
                  {!ok && (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="link"
                        onClick={() => setDraft((d) => ({ ...d, rights: d.rights.filter((x) => x !== r) }))}
                      >
                        {t('place.remove', { title })}
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </>
  );
}
