import type { Request } from 'express';
import type { SessionData } from 'express-session';
import type connectPgSimple from 'connect-pg-simple';
import type pg from 'pg';
import { systemClock } from '../shared/clock';
import type { Account } from './accounts.service';

/** The account each request's session was read with: null when the session's account is gone or disabled. */
const accountsRead = new WeakMap<Request, Account | null>();
/** Where `get` hands the account to `createSession` (a symbol: neither copied into the session nor saved with it). */
const ACCOUNT = Symbol('account read with the session');
type SessionWithAccount = SessionData & { [ACCOUNT]?: Account | null };

/**
 * The signed-in account read with the session, for passport's deserializeUser: `undefined` when it was not read
 * (no session, a session without an account, or another id), and passport then asks the accounts service.
 */
export function accountReadWithSession(req: Request, id: number): Account | null | undefined {
  const account = accountsRead.get(req);
  if (account === undefined) return undefined;
  return account === null || account.id === id ? account : undefined;
}

/**
 * connect-pg-simple's store whose `get` reads the session and its account in one query, so a signed-in request costs
 * one round trip before its own work instead of two (the session, then the account). Nothing is cached: the account
 * is read at every request as `findAccount` reads it (not disabled), so signing out, expiry, disabling an account and
 * a change of role take effect at the next request. Everything else (save, destroy, prune) is the library's.
 */
export function accountSessionStore(
  PgStore: ReturnType<typeof connectPgSimple>,
  options: connectPgSimple.PGStoreOptions & { pool: pg.Pool; tableName: string },
): connectPgSimple.PGStore {
  const { pool, tableName } = options;
  // the account columns and condition of findAccount (accounts.service.ts); the account id is what serializeUser wrote
  const sql = `
    select s.sess, a.id, a.email, a.name, a.organisation, a.role
    from "${tableName.replace(/"/g, '""')}" s
    left join accounts a
      on a.id = case when s.sess #>> '{passport,user}' ~ '^[0-9]{1,18}$' then (s.sess #>> '{passport,user}')::bigint end
     and a.disabled_at is null
    where s.sid = $1 and s.expire >= $2`;

  class AccountSessionStore extends PgStore {
    override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
      // expiry is compared with the machine's time, as express-session and the library write it
      pool.query<{ sess: SessionData | string } & Record<keyof Account, unknown>>(sql, [sid, systemClock.now()]).then(
        ({ rows: [row] }) => {
          if (!row) return callback(null, null);
          let session: SessionWithAccount;
          try {
            session = typeof row.sess === 'string' ? (JSON.parse(row.sess) as SessionData) : row.sess;
          } catch {
            // as the library does with a session it cannot read
            return this.destroy(sid, (err: unknown) => callback(err, null));
          }
          const signedIn = (session as { passport?: { user?: unknown } }).passport?.user !== undefined;
          if (signedIn)
            session[ACCOUNT] =
              row.id === null
                ? null
                : {
                    id: Number(row.id),
                    email: row.email as string,
                    name: row.name as string,
                    organisation: row.organisation as string | null,
                    role: row.role as Account['role'],
                  };
          callback(null, session);
        },
        (err: unknown) => callback(err),
      );
    }

    override createSession(req: Request, session: SessionData) {
      const account = (session as SessionWithAccount)[ACCOUNT];
      if (account === undefined) accountsRead.delete(req);
      else accountsRead.set(req, account);
      return super.createSession(req, session);
    }
  }
  return new AccountSessionStore(options);
}
