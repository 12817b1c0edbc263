import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z, type ZodObject, type ZodType } from 'zod';
import { AppError, validationFailed, type FieldError } from './errors';
import { problemSchema } from './problem';
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
  /**
   * Every status the route answers itself, each with its body: a JSON `schema`, or a `contentType` for a file
   * (PDF, CSV, an attachment), or neither for a body-less answer (204, a redirect). Error statuses (4xx, 5xx) are
   * problems (`application/problem+json`, see `problemSchema`) unless a schema is given.
   */
  responses: Record<number, ResponseSpec>;
}

interface ResponseSpec {
  description: string;
  schema?: ZodType;
  /** a file's media type(s): the body is documented as binary */
  contentType?: string | string[];
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

  /**
   * `checkResponses` (on in tests, `createApp` sets it when NODE_ENV=test): every answer a route sends is checked
   * against the route's declared responses, and one that does not match (an undeclared status, a JSON body with a
   * field missing, of another type or not declared at all, a file of another media type) is turned into a 500 problem
   * naming the route, the status and each mismatch, and printed on stderr. Every API test is then a contract test.
   */
  constructor(private readonly options: { checkResponses?: boolean } = {}) {}

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
      if (this.options.checkResponses) checkResponsesOf(spec, req, res);
      const result = await handler(input);
      if (res.headersSent) return;
      if (result === undefined) {
        if (this.options.checkResponses) assertResponse(spec, req, 204, { kind: 'empty' });
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

type AnyRouteSpec = RouteSpec<ZodType | undefined, ZodObject | undefined, ZodObject | undefined>;

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';
const isError = (status: number) => status >= 400;
const contentTypesOf = (r: ResponseSpec) => (r.contentType === undefined ? [] : [r.contentType].flat());

function toOpenApi(spec: AnyRouteSpec): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const files = contentTypesOf(r);
    if (r.schema) {
      const types = files.length ? files : [isError(Number(status)) ? PROBLEM_TYPE : JSON_TYPE];
      responses[status] = {
        description: r.description,
        content: Object.fromEntries(types.map((type) => [type, { schema: r.schema! }])),
      };
    } else if (files.length) {
      responses[status] = {
        description: r.description,
        content: Object.fromEntries(files.map((type) => [type, { schema: binarySchema }])),
      };
    } else if (isError(Number(status))) {
      responses[status] = { description: r.description, content: { [PROBLEM_TYPE]: { schema: problemSchema } } };
    } else {
      responses[status] = { description: r.description };
    }
  }
  responses.default = {
    description: 'An RFC 9457 problem (application/problem+json) with a stable `code` and per-field `errors`.',
    content: { [PROBLEM_TYPE]: { schema: problemSchema } },
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

/** A file's body in the OpenAPI document. */
const binarySchema = z.string().meta({ type: 'string', format: 'binary' } as Record<string, unknown>);

type Sent = { kind: 'empty' } | { kind: 'json'; body: unknown } | { kind: 'file'; contentType: string };

/** Checks every answer the route sends through `res.json`, `res.send` or `res.write` (see `ApiRouter`'s `checkResponses`). */
function checkResponsesOf(spec: AnyRouteSpec, req: Request, res: Response): void {
  const json = res.json.bind(res);
  const send = res.send.bind(res);
  let inJson = false;
  res.json = (body: unknown) => {
    assertResponse(spec, req, res.statusCode, { kind: 'json', body });
    inJson = true;
    try {
      return json(body);
    } finally {
      inJson = false;
    }
  };
  res.send = (body?: unknown) => {
    if (!inJson) {
      const contentType = String(res.getHeader('content-type') ?? '');
      assertResponse(spec, req, res.statusCode, { kind: 'file', contentType });
    }
    return send(body);
  };
  // a streamed answer (a CSV export written row by row): its status and media type, before the first chunk
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  let streaming = false;
  res.write = ((...args: unknown[]) => {
    if (!streaming && !res.headersSent) {
      streaming = true;
      const contentType = String(res.getHeader('content-type') ?? '');
      assertResponse(spec, req, res.statusCode, { kind: 'file', contentType });
    }
    return write(...args);
  }) as Response['write'];
}

/** Throws (a 500 problem, and a line on stderr) when an answer is not one the route declares. */
function assertResponse(spec: AnyRouteSpec, req: Request, status: number, sent: Sent): void {
  const problems = responseMismatches(spec.responses[status], status, sent);
  if (!problems.length) return;
  const declared = Object.keys(spec.responses).join(', ');
  const detail =
    `Response contract broken: ${spec.method.toUpperCase()} ${spec.path} answered ${status} ` +
    `(declared: ${declared}): ${problems.join('; ')}`;
  console.error(detail);
  throw new AppError('internal', detail);
}

function responseMismatches(declared: ResponseSpec | undefined, status: number, sent: Sent): string[] {
  // errors the route does not list are problems from `AppError`s (the `default` response)
  if (!declared) return isError(status) ? [] : [`status ${status} is not declared`];
  const files = contentTypesOf(declared);
  switch (sent.kind) {
    case 'empty':
      return declared.schema || files.length ? ['no body, but a body is declared'] : [];
    case 'json':
      if (declared.schema) return schemaMismatches(declared.schema, sent.body);
      return isError(status) ? [] : ['a JSON body, but no schema is declared for it'];
    case 'file': {
      const type = sent.contentType.split(';')[0]!.trim().toLowerCase();
      if (files.length)
        return files.includes(type) ? [] : [`a ${type || 'body without Content-Type'}, declared ${files.join(' or ')}`];
      if (isError(status)) return [];
      return [`a ${type || 'body without Content-Type'}, but ${declared.schema ? 'JSON' : 'no body'} is declared`];
    }
  }
}

/** What the schema refuses in the body as the client receives it (JSON), and every field it does not declare. */
function schemaMismatches(schema: ZodType, body: unknown): string[] {
  const received: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const parsed = schema.safeParse(received);
  if (!parsed.success)
    return parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`);
  return undeclaredFields(received, parsed.data, '');
}

/**
 * Fields of the body that the schema dropped (zod objects strip what they do not declare; `z.looseObject` keeps
 * them): each would be missing from the OpenAPI document and from the client's generated types.
 */
function undeclaredFields(received: unknown, parsed: unknown, path: string): string[] {
  if (Array.isArray(received) && Array.isArray(parsed)) {
    return received.flatMap((item, i) => undeclaredFields(item, parsed[i], `${path}${path ? '.' : ''}${i}`));
  }
  if (!isPlainObject(received) || !isPlainObject(parsed)) return [];
  return Object.keys(received).flatMap((key) => {
    const at = `${path}${path ? '.' : ''}${key}`;
    return key in parsed ? undeclaredFields(received[key], parsed[key], at) : [`${at}: not declared in the schema`];
  });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
