/**
 * One log line per answered request, and the request's id: taken from a well-formed X-Request-Id or made, echoed back,
 * and named in every problem answer. The line says the method, the path (no query string: links carry tokens; and an
 * e-authorization token, which is a path segment, replaced), the status and the time taken, at `error` for a 5xx,
 * `warn` for a 4xx, `info` otherwise; a request whose client went away before the answer is logged as aborted. No
 * headers (cookies) and no bodies. `req.log`, a child logger bound to the request id, is made only when something
 * logs about the request (most never do): intake's busiest path no longer builds a logger per request (issue #18).
 */
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { requestIdFor } from './request-id';

declare module 'http' {
  interface IncomingMessage {
    /** this request's id (X-Request-Id) */
    id: string;
    /** a logger bound to the request's id */
    log: Logger;
  }
}

/** The path as logged: no query string, no e-authorization token. */
const loggedPath = (url: string): string =>
  url.split('?')[0]!.replace(/^\/api\/authorizations\/[^/]+/, '/api/authorizations/:token');

export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const id = requestIdFor(req, res);
    req.id = id;
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: false,
      get: () => (child ??= logger.child({ reqId: id })),
    });
    const done = (aborted: boolean) => {
      res.off('finish', finished);
      res.off('close', closed);
      const status = res.statusCode;
      const level = aborted || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          reqId: id,
          req: { id, method: req.method, url: loggedPath(req.originalUrl) },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        },
        aborted ? 'request aborted' : 'request completed',
      );
    };
    const finished = () => done(false);
    const closed = () => done(!res.writableFinished);
    res.on('finish', finished);
    res.on('close', closed);
    next();
  };
}
