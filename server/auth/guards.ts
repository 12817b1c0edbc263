import type { RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { AppError } from '../http';
import type { Role } from './accounts.service';

const csrf = csrfSync({ getTokenFromRequest: (req) => req.get('x-csrf-token') ?? undefined });

/** Issues (or returns) the session's CSRF token; the client sends it back as X-CSRF-Token on every change. */
export const csrfToken = (req: Parameters<RequestHandler>[0]) => csrf.generateToken(req);

/** Refuses a state-changing request that does not carry the session's CSRF token. */
export const requireCsrf: RequestHandler = (req, _res, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || csrf.isRequestValid(req)) return next();
  next(
    new AppError(
      'csrf_invalid',
      'This form has expired or did not come from the portal. Reload the page and try again.',
      {
        errors: [{ field: 'X-CSRF-Token', message: 'missing or invalid' }],
      },
    ),
  );
};

/** Signed-in account with one of the roles; 401 when not signed in, 403 when signed in with another role. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) return next(new AppError('unauthenticated', 'Sign in to continue.'));
    if (!roles.includes(req.user.role)) return next(new AppError('forbidden', 'Your account may not do this.'));
    next();
  };
}
