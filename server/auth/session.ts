import connectPgSimple from 'connect-pg-simple';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import pg from 'pg';
import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Clock } from '../shared/clock';
import { authenticate, findAccount, type Account, type LoginOutcome } from './accounts.service';
import { accountReadWithSession, accountSessionStore } from './session-store';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Account {}
  }
}

export const SESSION_COOKIE = 'drp.sid';

/**
 * Sessions in Postgres (any API process serves any user), HttpOnly + SameSite=Lax cookies, Secure behind TLS;
 * passport-local checks passwords through the accounts service (lockout, timing).
 */
export function createSessionMiddleware(deps: { config: Config; db: Knex; clock: Clock }): {
  middleware: RequestHandler[];
  passport: passport.Authenticator;
  close(): Promise<void>;
} {
  const pool = new pg.Pool({ connectionString: deps.config.appDatabaseUrl, max: 3 });
  pool.on('error', () => undefined);
  const PgStore = connectPgSimple(session);
  // No touch on every request (a write per page view); the session lives 8 hours from sign-in, then staff sign in again.
  // The store reads the signed-in account with the session (one query per request; see session-store.ts).
  const store = accountSessionStore(PgStore, {
    pool,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    disableTouch: true,
  });
  const secure = deps.config.env === 'production';

  const authenticator = new passport.Passport();
  authenticator.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      authenticate(deps.db, email, password, deps.clock.now()).then(
        (outcome: LoginOutcome) =>
          outcome.ok ? done(null, outcome.account) : done(null, false, { message: outcome.reason }),
        done,
      );
    }),
  );
  authenticator.serializeUser((account, done) => done(null, (account as Account).id));
  authenticator.deserializeUser((req: Request, id: number, done: (err: unknown, user?: Account | false) => void) => {
    const read = accountReadWithSession(req, id);
    if (read !== undefined) return done(null, read ?? false);
    findAccount(deps.db, id).then((account) => done(null, account ?? false), done);
  });

  return {
    passport: authenticator,
    middleware: [
      session({
        name: SESSION_COOKIE,
        store,
        secret: deps.config.appSecret,
        resave: false,
        saveUninitialized: false,
        rolling: false,
        proxy: secure,
        cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: 8 * 3600_000 },
      }),
      authenticator.session(),
    ],
    close: async () => {
      store.close();
      await pool.end();
    },
  };
}
