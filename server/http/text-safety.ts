/**
 * One rule for every piece of text the API accepts (body, query, path parameters, multipart form fields, CSV cells):
 * no NUL or other control characters, no bidirectional embedding, override or isolate controls, no lone surrogates.
 * Postgres cannot store NUL in text (it answered 500), a CR/LF in a name or a single-line field forges lines in a
 * letter's header or an email, and U+202E and its kin make a printed letter read differently from what was stored.
 * Only fields declared multi-line (`multiLine`) may hold line feeds and tabs (and CR only as part of CRLF).
 *
 * ApiRouter applies it to every string leaf of every request before the route's own schema, so a route cannot forget
 * it; `unsafeTextErrors` is also used for the rows of CSV uploads.
 */
import { z, type ZodType } from 'zod';
import type { FieldError } from './errors';

/** Schemas whose strings may span lines (free text such as details, notes, reasons, postal blocks). */
const MULTI_LINE = new WeakSet<object>();

/**
 * Marks a string schema as multi-line: LF and TAB allowed (CRLF too); OpenAPI shows it as `x-multiline: true`. Call it
 * last, after `.trim()`, `.max()`, `.describe()`: each of those makes a new schema without the mark.
 */
export function multiLine<T extends ZodType>(schema: T): T {
  const marked = schema.meta({ ...(schema.meta() ?? {}), 'x-multiline': true } as Record<string, unknown>) as T;
  MULTI_LINE.add(marked);
  return marked;
}

/** A multi-line free-text field: trimmed, at most `max` characters. */
export const multiLineText = (max: number) => multiLine(z.string().trim().max(max));

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
// C0 controls except TAB (09), LF (0A) and CR (0D), which are judged by the field's kind; DEL; C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ALWAYS_REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_SEPARATORS = /[\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why this text is refused, or undefined when it is acceptable. */
export function textProblem(value: string, multiline: boolean): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL characters (U+0000)';
  const control = ALWAYS_REFUSED.exec(value);
  if (control) return `must not contain control characters (${hex(control[0])})`;
  if (BIDI_CONTROLS.test(value)) {
    return `must not contain bidirectional override or isolate characters (${hex(BIDI_CONTROLS.exec(value)![0])}): they make printed text read differently from what was stored`;
  }
  if (LONE_SURROGATE.test(value)) return 'is not valid Unicode text (a lone surrogate)';
  if (multiline) {
    if (/\r(?!\n)/.test(value)) return 'may break lines with LF or CRLF only, not a lone CR';
    return undefined;
  }
  if (/[\r\n]/.test(value) || LINE_SEPARATORS.test(value)) return 'must be a single line (no line breaks)';
  if (value.includes('\t')) return 'must not contain tab characters';
  return undefined;
}

type Def = {
  type?: string;
  shape?: Record<string, ZodType>;
  element?: ZodType;
  valueType?: ZodType;
  keyType?: ZodType;
  innerType?: ZodType;
  in?: ZodType;
  out?: ZodType;
  options?: ZodType[];
  left?: ZodType;
  right?: ZodType;
  getter?: () => ZodType;
  catchall?: ZodType;
};
const defOf = (schema: ZodType | undefined): Def =>
  (schema as unknown as { _zod?: { def?: Def } } | undefined)?._zod?.def ?? {};

/** The schemas a value at `segment` below `schema` may be checked by (wrappers, pipes and unions followed). */
function children(schema: ZodType, segment: string): ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
    case 'success':
      return def.innerType ? children(def.innerType, segment) : [];
    case 'pipe':
      return [...(def.in ? children(def.in, segment) : []), ...(def.out ? children(def.out, segment) : [])];
    case 'union':
      return (def.options ?? []).flatMap((o) => children(o, segment));
    case 'intersection':
      return [...(def.left ? children(def.left, segment) : []), ...(def.right ? children(def.right, segment) : [])];
    case 'lazy':
      return def.getter ? children(def.getter(), segment) : [];
    case 'object': {
      const child = def.shape?.[segment] ?? def.catchall;
      return child ? [child] : [];
    }
    case 'array':
      return def.element ? [def.element] : [];
    case 'record':
      return def.valueType ? [def.valueType] : [];
    default:
      return [];
  }
}

function isMultiLine(schema: ZodType): boolean {
  if (MULTI_LINE.has(schema)) return true;
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? isMultiLine(def.innerType) : false;
    case 'pipe':
      return Boolean(def.in && isMultiLine(def.in));
    case 'union':
      return (def.options ?? []).some(isMultiLine);
    default:
      return false;
  }
}

/**
 * Every character some rule above refuses in some field: text without any of them is acceptable everywhere, so a body
 * with none (nearly every one) is passed without working out which of its fields are multi-line.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SUSPECT = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/;

/** Whether any string or object key that `unsafeTextErrors` would look at holds a suspect character. */
function holdsSuspectText(v: unknown, depth: number): boolean {
  if (depth > 32) return false;
  if (typeof v === 'string') return SUSPECT.test(v);
  if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return false;
  if (Array.isArray(v)) return v.some((item) => holdsSuspectText(item, depth + 1));
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return false;
  for (const [key, item] of Object.entries(v as Record<string, unknown>))
    if (SUSPECT.test(key) || holdsSuspectText(item, depth + 1)) return true;
  return false;
}

/**
 * Every string (and object key) in `value` that breaks the rule, named by its dotted path under `prefix` the way
 * validation errors name fields. `schema` tells which leaves are multi-line; without one, none is.
 */
export function unsafeTextErrors(value: unknown, schema: ZodType | undefined, prefix = ''): FieldError[] {
  if (!holdsSuspectText(value, 0)) return [];
  const errors: FieldError[] = [];
  const join = (path: string, segment: string) => (path ? `${path}.${segment}` : segment);
  const walk = (v: unknown, schemas: ZodType[], path: string, depth: number) => {
    if (depth > 32) return;
    if (typeof v === 'string') {
      const problem = textProblem(v, schemas.some(isMultiLine));
      if (problem) errors.push({ field: path || 'body', message: problem });
      return;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) =>
        walk(
          item,
          schemas.flatMap((s) => children(s, String(i))),
          join(path, String(i)),
          depth + 1,
        ),
      );
      return;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return; // e.g. an uploaded file
    for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
      const keyProblem = textProblem(key, false);
      if (keyProblem) {
        errors.push({
          field: join(path, key.replace(/[^\x20-\x7E]/g, '?')),
          message: `the name of this field ${keyProblem}`,
        });
        continue;
      }
      walk(
        item,
        schemas.flatMap((s) => children(s, key)),
        join(path, key),
        depth + 1,
      );
    }
  };
  walk(value, schema ? [schema] : [], prefix, 0);
  return errors;
}
