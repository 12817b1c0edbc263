import { useState, type ReactNode } from 'react';
import { api, ApiError, errorFor, type FieldError } from '../api';
import { ErrorSummary, SelectField, TextArea, TextField } from './forms';

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'textarea' | 'date' | 'select' | 'number';
  options?: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
  /** only shown when this returns true for the current values */
  when?: (values: Record<string, string>) => boolean;
}

/**
 * A small form that posts JSON to one endpoint. Server errors appear next to the fields they name and in a summary;
 * the values stay as typed until the server accepts them.
 */
export function ActionForm(props: {
  id: string;
  title: ReactNode;
  path: string;
  fields: FieldSpec[];
  submitLabel: string;
  initial?: Record<string, string>;
  toBody?: (values: Record<string, string>) => unknown;
  onDone: (result: unknown) => void;
  danger?: boolean;
}) {
  const [values, setValues] = useState<Record<string, string>>(props.initial ?? {});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const visible = props.fields.filter((f) => !f.when || f.when(values));

  const submit = async () => {
    const local = visible
      .filter((f) => f.required && !values[f.name]?.trim())
      .map((f) => ({ field: `${props.id}.${f.name}`, message: `${f.label} is required.` })); // the form's own paths, so the summary's links reach the fields
    setErrors(local);
    setMessage(undefined);
    if (local.length) return;
    setBusy(true);
    try {
      const body = props.toBody
        ? props.toBody(values)
        : Object.fromEntries(
            visible
              .filter((f) => values[f.name]?.trim())
              .map((f) => [f.name, f.type === 'number' ? Number(values[f.name]) : values[f.name]!.trim()]),
          );
      const result = await api(props.path, { method: 'POST', body });
      setValues(props.initial ?? {});
      props.onDone(result);
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.errors.map((x) => ({ ...x, field: `${props.id}.${x.field}` })));
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card"
      noValidate
      aria-labelledby={`${props.id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <ErrorSummary errors={errors} message={message} />
      {visible.map((f) => {
        const path = `${props.id}.${f.name}`;
        const common = {
          label: f.label,
          path,
          required: f.required,
          hint: f.hint,
          value: values[f.name] ?? '',
          error: errorFor(errors, path) ?? errorFor(errors, f.name),
          onChange: (v: string) => setValues((s) => ({ ...s, [f.name]: v })),
        };
        if (f.type === 'textarea') return <TextArea key={f.name} {...common} />;
        if (f.type === 'select') return <SelectField key={f.name} {...common} options={f.options ?? []} />;
        return (
          <TextField
            key={f.name}
            {...common}
            type={f.type === 'date' ? 'date' : f.type === 'number' ? 'number' : 'text'}
          />
        );
      })}
      <button type="submit" className={props.danger ? 'danger' : undefined} disabled={busy}>
        {busy ? 'Saving…' : props.submitLabel}
      </button>
    </form>
  );
}
