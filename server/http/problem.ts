import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { isTransientDbError } from '../db';
import { AppError, databaseUnavailable, ERROR_CODES, type ErrorCode } from './errors';

/**
 * The body of every error answer (RFC 9457), as documented in OpenAPI: the `default` response of every route and
 * each error status a route lists. Open: a problem may carry more members (`missing`, `reason`, `retry_after_seconds`).
 */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    request_id: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('validation failures: one per field, with its dotted path'),
  })
  .meta({ id: 'Problem' });

const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://data-rights-portal.example/problems/';

function problemBody(code: ErrorCode, detail: string, instance: string, extra: Record<string, unknown> = {}) {
  const { status, title } = ERROR_CODES[code];
  return { type: `${TYPE_BASE}${code.replace(/_/g, '-')}`, code, title, status, detail, instance, ...extra };
}

/** Unknown route: a 404 problem rather than Express's HTML page. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}.`));
};

/** Translates body-parser's errors (which carry `type`) into stable problem codes. */
function fromBodyParser(err: { type?: string; status?: number; limit?: number }): AppError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('malformed_json', 'The request body is not valid JSON.', {
        errors: [{ field: 'body', message: 'not valid JSON' }],
      });
    case 'entity.too.large':
      return new AppError(
        'payload_too_large',
        `The request body is larger than the limit of ${err.limit ?? '?'} bytes.`,
        {
          errors: [{ field: 'body', message: 'too large' }],
        },
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'The request body encoding is not supported; send UTF-8.');
    default:
      if (err.status === 400 && err.type) return new AppError('bad_request', 'The request body could not be read.');
      return undefined;
  }
}

/**
 * The router could not decode a path parameter (a malformed `%` escape such as `%E0%A4%A`): the address is wrong,
 * a 400 naming the path, not a server failure.
 */
function fromPathDecoding(err: unknown): AppError | undefined {
  if (!(err instanceof URIError) || (err as URIError & { status?: number }).status !== 400) return undefined;
  return new AppError(
    'bad_request',
    'The address contains a malformed percent-escape (%XX); encode the path as UTF-8.',
    {
      errors: [{ field: 'path', message: 'malformed percent-encoding' }],
    },
  );
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError =
      err instanceof AppError
        ? err
        : (fromPathDecoding(err) ??
          fromBodyParser(err ?? {}) ??
          (isTransientDbError(err) ? databaseUnavailable() : undefined));
    if (appError?.code === 'dependency_unavailable' && !(err instanceof AppError)) {
      (req.log ?? logger).warn(
        { err: err instanceof Error ? err.message : String(err) },
        'database unreachable: answered 503',
      );
    }
    if (!appError) {
      (req.log ?? logger).error({ err }, 'unhandled error');
    }
    const failure =
      appError ?? new AppError('internal', 'An unexpected error occurred. It has been logged; please try again later.');
    if (res.headersSent) {
      res.end();
      return;
    }
    const body = problemBody(failure.code, failure.detail, req.originalUrl, {
      ...failure.extra,
      request_id: req.id,
    });
    const retryAfter = failure.extra.retry_after_seconds;
    if (typeof retryAfter === 'number' && !res.getHeader('Retry-After'))
      res.setHeader('Retry-After', String(retryAfter));
    res.status(failure.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  };
}
