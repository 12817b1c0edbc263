/**
 * Typed errors with a stable `code`. One table maps codes to HTTP statuses and titles; the problem middleware renders
 * them as RFC 9457 application/problem+json.
 */
export const ERROR_CODES = {
  bad_request: { status: 400, title: 'Bad request' },
  malformed_json: { status: 400, title: 'Malformed JSON' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  csrf_invalid: { status: 403, title: 'Missing or invalid CSRF token' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  invalid_transition: { status: 409, title: 'Action not allowed in the current state' },
  gone: { status: 410, title: 'Link no longer valid' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  validation_failed: { status: 422, title: 'Validation failed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  dependency_unavailable: { status: 503, title: 'Dependency unavailable' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** dotted path of the field, e.g. "requester.email" or "query.received" */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}

export const notFound = (detail = 'The requested resource does not exist.') => new AppError('not_found', detail);

export const validationFailed = (errors: FieldError[], detail?: string, extra: Record<string, unknown> = {}) =>
  new AppError('validation_failed', detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    ...extra,
    errors,
  });

export const conflict = (detail: string, extra: Record<string, unknown> = {}) =>
  new AppError('conflict', detail, extra);

/** Seconds a client is asked to wait while the database is unreachable (a restart usually takes a few). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database could not be reached (restart, crash-stop, dropped connections, full pool): nothing was done, and the
 * same request can be sent again. Answered 503 with Retry-After, never 500.
 */
export const databaseUnavailable = () =>
  new AppError(
    'dependency_unavailable',
    'The database is unreachable for the moment; nothing was changed. Please retry shortly.',
    {
      dependency: 'database',
      retry_after_seconds: DATABASE_RETRY_AFTER_SECONDS,
    },
  );
