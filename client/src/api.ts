/** The API client: JSON in and out, RFC 9457 problems turned into ApiError with their per-field errors. */
import type { components } from './generated/api-types';

export type { ApiResponse } from './api-response';

/** An RFC 9457 problem, as every error answer of the API is documented. */
type Problem = components['schemas']['Problem'];
/** One field's validation failure in a problem (`errors`), named by its dotted path. */
export type FieldError = NonNullable<Problem['errors']>[number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface Options {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** multipart upload (the browser sets the boundary) */
  form?: FormData;
  /** consumer access token (Authorization: Bearer) */
  token?: string;
  headers?: Record<string, string>;
  /** false for public routes outside any session (consumer intake, verification): no CSRF token needed */
  csrf?: boolean;
}

let csrfToken: string | undefined;

/** Login answers a fresh token (the session is regenerated): keep it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

async function ensureCsrf(): Promise<string> {
  if (!csrfToken) {
    const res = await fetch('/api/auth/csrf', { credentials: 'same-origin' });
    const body = (await res.json()) as { csrf_token: string };
    csrfToken = body.csrf_token;
  }
  return csrfToken;
}

async function send(path: string, options: Options): Promise<Response> {
  const method = options.method ?? (options.body !== undefined || options.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  // Sessions need the CSRF token on every change; consumer (bearer) calls and public forms are unaffected by it.
  if (method !== 'GET' && !options.token && options.csrf !== false) headers['X-CSRF-Token'] = await ensureCsrf();
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(path, { method, headers, body, credentials: 'same-origin' });
}

async function toError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's HTML page): keep the status
  }
  const detail = typeof body.detail === 'string' ? body.detail : `The server answered ${res.status}.`;
  const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
  return new ApiError(res.status, typeof body.code === 'string' ? body.code : 'error', detail, errors, body);
}

export async function api<T>(path: string, options: Options = {}): Promise<T> {
  let res = await send(path, options);
  if (res.status === 403 && !options.token) {
    // a stale CSRF token (the session changed): fetch a new one and try once more
    const problem = await toError(res.clone());
    if (problem.code === 'csrf_invalid') {
      csrfToken = undefined;
      res = await send(path, options);
    }
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** Downloads a file the API only gives with credentials (a bearer token), as the browser would a link. */
export async function download(path: string, filename: string, token?: string): Promise<void> {
  const res = await send(path, { token });
  if (!res.ok) throw await toError(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Errors for one field path (and, with `nested`, those under it). */
export function errorFor(errors: FieldError[], field: string, nested = false): string | undefined {
  const found = errors.filter((e) => e.field === field || (nested && e.field.startsWith(`${field}.`)));
  return found.length ? found.map((e) => e.message).join('; ') : undefined;
}

export const newKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
