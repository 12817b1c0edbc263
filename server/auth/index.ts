export { createAccount, LOCKOUT_MINUTES, MAX_FAILED_LOGINS, type Role } from './accounts.service';
export { registerAuthRoutes } from './auth.routes';
export { requireCsrf, requireRole } from './guards';
export { hashPassword } from './passwords';
export { createSessionMiddleware, SESSION_COOKIE } from './session';
export { issueAccountToken } from './tokens';
