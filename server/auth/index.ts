export {
  authenticate,
  createAccount,
  findAccount,
  LOCKOUT_MINUTES,
  MAX_FAILED_LOGINS,
  type Account,
  type Role,
} from './accounts.service';
export { registerAuthRoutes } from './auth.routes';
export { csrfToken, requireCsrf, requireRole } from './guards';
export { hashPassword } from './passwords';
export { createSessionMiddleware, SESSION_COOKIE } from './session';
export { issueAccountToken } from './tokens';
