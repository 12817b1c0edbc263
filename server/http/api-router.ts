import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { ZodObject, ZodType, z } from 'zod';
import { AppError, validationFailed, type FieldError } from './errors';
import { uploadMiddleware, type UploadSpec } from './upload';
import { unsafeTextErrors } from './text-safety';
import { parseOrThrow } from './validate';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<
  B extends ZodType | undefined,
  Q extends ZodObject | undefined,
  P extends ZodObject | undefined,
> {
  method: Method;
  /** Express-style path, e.g. /api/vendors/:slug */
  path: string;
  summary: string;
  tags: string[];
  body?: B;
  query?: Q;
  params?: P;
  /** Media types the body may have; JSON unless said otherwise (uploads use multipart/form-data or text/csv). */
  consumes?: string[];
  /** Middleware that runs before validation (authentication, CSRF, rate limits). */
  before?: RequestHandler[];
  /**
   * One file in a multipart/form-data body, read after `before` (so nothing is buffered for a caller who is refused)
   * and validated as the body field of the same name (see `uploadedFile`); the other form fields are the rest of the body.
   */
  upload?: UploadSpec;
  responses: Record<number, { description: string; schema?: ZodType; contentType?: string }>;
}

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export interface RouteInput<B, Q, P> {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  req: Request;
  res: Response;
}

const METHODS_WITH_BODY = new Set<Method>(['post', 'put', 'patch']);

/**
 * Every API route is declared through this router: the same zod schemas validate the request and generate the
 * OpenAPI document, so the documentation cannot drift from what the server accepts.
 */
export class ApiRouter {
  readonly router: Router = express.Router();
  readonly registry = new OpenAPIRegistry();

  route<
    B extends ZodType | undefined = undefined,
    Q extends ZodObject | undefined = undefined,
    P extends ZodObject | undefined = undefined,
  >(spec: RouteSpec<B, Q, P>, handler: (input: RouteInput<B, Q, P>) => Promise<unknown> | unknown): void {
    this.registry.registerPath(toOpenApi(spec));
    const consumes = spec.consumes ?? (spec.upload ? ['multipart/form-data'] : ['application/json']);
    const checkContentType: RequestHandler = (req, _res, next) => {
      if (!METHODS_WITH_BODY.has(spec.method) || !hasBody(req)) return next();
      if (!req.is(consumes)) {
        return next(
          new AppError(
            'unsupported_media_type',
            `Send the body as ${consumes.join(' or ')}; got ${req.headers['content-type'] ?? 'no Content-Type'}.`,
            {
              errors: [{ field: 'Content-Type', message: `must be ${consumes.join(' or ')}` }],
            },
          ),
        );
      }
      next();
    };
    const run: RequestHandler = async (req, res) => {
      // Before any schema: text no field may hold (NUL, controls, bidi overrides) and query parameters the route
      // does not take, each named; then the route's own schemas.
      const refused = [
        ...unsafeTextErrors(req.params, spec.params),
        ...unknownQueryParameters(req.query, spec.query),
        ...unsafeTextErrors(req.query, spec.query),
        ...(spec.body && METHODS_WITH_BODY.has(spec.method) ? unsafeTextErrors(req.body, spec.body) : []),
      ];
      if (refused.length) throw validationFailed(refused);
      const input = {
        body: spec.body
          ? parseOrThrow(
              spec.body,
              spec.upload ? { ...req.body, [spec.upload.field]: req.file } : (req.body ?? undefined),
              '',
            )
          : undefined,
        query: spec.query ? parseOrThrow(spec.query, req.query, '') : undefined,
        params: spec.params ? parseOrThrow(spec.params, req.params, '') : undefined,
        req,
        res,
      } as RouteInput<B, Q, P>;
      const result = await handler(input);
      if (res.headersSent) return;
      if (result === undefined) {
        res.status(204).end();
        return;
      }
      res.json(result);
    };
    const upload = spec.upload ? [uploadMiddleware(spec.upload)] : [];
    this.router[spec.method](spec.path, checkContentType, ...(spec.before ?? []), ...upload, run);
  }

  openApiDocument(info: { title: string; version: string; description?: string }) {
    return new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: '3.1.0',
      info,
      servers: [{ url: '/' }],
    });
  }
}

/**
 * Query parameters the route does not declare: refused (422 naming each), never silently ignored, so a misspelt
 * filter (`?actor=1` for `actor_id`) cannot answer an unfiltered list that looks filtered.
 */
function unknownQueryParameters(query: unknown, schema: ZodObject | undefined): FieldError[] {
  if (!query || typeof query !== 'object') return [];
  const known = schema ? Object.keys(schema.shape) : [];
  const open =
    schema &&
    (schema as unknown as { _zod: { def: { catchall?: { _zod: { def: { type: string } } } } } })._zod.def.catchall;
  if (open && open._zod.def.type !== 'never') return [];
  const accepts = known.length ? `this route accepts ${known.join(', ')}` : 'this route takes no query parameters';
  return Object.keys(query)
    .filter((key) => !known.includes(key))
    .map((key) => ({ field: key.replace(/[^\x20-\x7E]/g, '?'), message: `unknown query parameter; ${accepts}` }));
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Express `:param` → OpenAPI `{param}`. */
export const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function toOpenApi(spec: RouteSpec<ZodType | undefined, ZodObject | undefined, ZodObject | undefined>): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = r.schema
      ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: r.schema } } }
      : { description: r.description };
  }
  responses.default = {
    description: 'An RFC 9457 problem (application/problem+json) with a stable `code` and per-field `errors`.',
  };
  const consumes = spec.consumes ?? (spec.upload ? ['multipart/form-data'] : ['application/json']);
  return {
    method: spec.method,
    path: toOpenApiPath(spec.path),
    summary: spec.summary,
    tags: spec.tags,
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body
        ? { body: { required: true, content: Object.fromEntries(consumes.map((c) => [c, { schema: spec.body! }])) } }
        : {}),
    },
    responses,
  };
}
