import { useTranslation } from 'react-i18next';
import { errorFor } from '../../api';
import { Checkbox, fieldId } from '../../components/forms';
import { CONSUMER_CHOICES } from '../data';
import type { StepProps } from '../FileRequest';

export function RightsStep({ draft, setDraft, errors }: StepProps) {
  const { t } = useTranslation();
  const error = errorFor(errors, 'rights', true);
  const toggle = (code: string, on: boolean) =>
    setDraft((d) => ({ ...d, rights: on ? [...d.rights, code] : d.rights.filter((r) => r !== code) }));
  return (
    <fieldset aria-describedby={error ? `${fieldId('rights')}-error` : undefined}>
      <legend>
        <h2 style={{ margin: 0 }}>{t('rights.title')}</h2>
      </legend>
      <p className="hint">{t('rights.hint')}</p>
      {error ? (
        <span className="error" id={`${fieldId('rights')}-error`}>
          {t('rights.error', { error })}
        </span>
      ) : null}
      {CONSUMER_CHOICES.map((c, i) => (
        <Checkbox
          key={c.code}
          path={i === 0 ? 'rights' : `right-${c.code}`}
          label={c.title}
          hint={c.explain}
          checked={draft.rights.includes(c.code)}
          onChange={(on) => toggle(c.code, on)}
        />
      ))}
    </fieldset>
  );
}
