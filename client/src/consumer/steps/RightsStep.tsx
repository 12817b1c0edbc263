import { errorFor } from '../../api';
import { Checkbox, fieldId } from '../../components/forms';
import { CONSUMER_CHOICES } from '../data';
import type { StepProps } from '../FileRequest';

export function RightsStep({ draft, setDraft, errors }: StepProps) {
  const error = errorFor(errors, 'rights', true);
  const toggle = (code: string, on: boolean) =>
    setDraft((d) => ({ ...d, rights: on ? [...d.rights, code] : d.rights.filter((r) => r !== code) }));
  return (
    <fieldset aria-describedby={error ? `${fieldId('rights')}-error` : undefined}>
      <legend>
        <h2 style={{ margin: 0 }}>What do you want the companies to do?</h2>
      </legend>
      <p className="hint">Choose one or more. Each becomes its own request with its own deadline.</p>
      {error ? (
        <span className="error" id={`${fieldId('rights')}-error`}>
          Error: {error}
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
