import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { FieldError } from '../api';

/** The element id a field path gets, so an error summary can link to it. */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface BaseProps {
  label: ReactNode;
  /** the API's dotted field path: server errors naming it appear here */
  path: string;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean;
}

/** What ties a control to its label, hint and error: spread onto the input, textarea or select. */
interface ControlAttributes {
  id: string;
  name: string;
  required: boolean | undefined;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** One form field: the label (marked optional unless required), the hint and the server's error around a control. */
function Field(props: BaseProps & { children: (control: ControlAttributes) => ReactNode }) {
  const id = fieldId(props.path);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label}
        {props.required ? '' : <span className="muted"> (optional)</span>}
      </label>
      {props.hint ? (
        <span className="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span className="error" id={errorId}>
          Error: {props.error}
        </span>
      ) : null}
      {props.children({
        id,
        name: props.path,
        required: props.required,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': describedBy,
      })}
    </div>
  );
}

export function TextField(
  props: BaseProps & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'email' | 'tel' | 'password' | 'search' | 'date' | 'number';
    autoComplete?: string;
    inputMode?: 'text' | 'email' | 'tel' | 'numeric';
  },
) {
  return (
    <Field {...props}>
      {(control) => (
        <input
          {...control}
          type={props.type ?? 'text'}
          value={props.value}
          aria-required={props.required || undefined}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function TextArea(props: BaseProps & { value: string; onChange: (value: string) => void; rows?: number }) {
  return (
    <Field {...props}>
      {(control) => (
        <textarea
          {...control}
          value={props.value}
          rows={props.rows ?? 4}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function SelectField(
  props: BaseProps & {
    value: string;
    onChange: (value: string) => void;
    options: { value: string; label: string }[];
    placeholder?: string;
  },
) {
  return (
    <Field {...props}>
      {(control) => (
        <select {...control} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{props.placeholder ?? 'Choose…'}</option>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Checkbox(props: {
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  path: string;
  disabled?: boolean;
}) {
  const id = fieldId(props.path);
  return (
    <div className="choice">
      <input
        type="checkbox"
        id={id}
        name={props.path}
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <div>
        <label htmlFor={id}>{props.label}</label>
        {props.hint ? (
          <span className="hint" id={`${id}-hint`}>
            {props.hint}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** The element for a field path, or for its nearest parent that has one ("rights.2" → the rights group). */
function fieldElement(field: string): HTMLElement | null {
  const parts = field.split('.');
  while (parts.length) {
    const el = document.getElementById(fieldId(parts.join('.')));
    if (el) return el;
    parts.pop();
  }
  return null;
}

/**
 * Lists every error with a link to its field and takes focus when it appears, so keyboard and screen-reader users
 * learn what went wrong and can reach each field. `labels` turns API paths into words.
 */
export function ErrorSummary({
  errors,
  message,
  labels = {},
}: {
  errors: FieldError[];
  message?: string | undefined;
  labels?: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const key = errors.map((e) => e.field + e.message).join('|') + (message ?? '');
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (!errors.length && !message) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={headingId}>
      <h2 id={headingId}>There is a problem</h2>
      {message ? <p>{message}</p> : null}
      {errors.length ? (
        <ul>
          {errors.map((e) => (
            <li key={e.field + e.message}>
              <a
                href={`#${fieldId(e.field)}`}
                onClick={(ev) => {
                  const target = fieldElement(e.field);
                  if (target) {
                    ev.preventDefault();
                    target.focus();
                  }
                }}
              >
                {labels[e.field] ? `${labels[e.field]}: ` : ''}
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A heading that takes focus when a step or page changes, so screen readers announce where the user is. */
export function FocusHeading({ children, level = 1 }: { children: ReactNode; level?: 1 | 2 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const Tag = level === 1 ? 'h1' : 'h2';
  return (
    <Tag ref={ref} tabIndex={-1} style={{ outline: 'none' }}>
      {children}
    </Tag>
  );
}
