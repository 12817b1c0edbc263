import type { Knex } from 'knex';
import { recordEvent } from '../events';
import { AppError, validationFailed } from '../http';
import { burnVerification, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';
import { consumeAccountToken, type TokenPurpose } from './tokens';

export type Role = 'staff' | 'admin' | 'agent';

export interface Account {
  id: number;
  email: string;
  name: string;
  organisation: string | null;
  role: Role;
}

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

const PUBLIC_COLUMNS = ['id', 'email', 'name', 'organisation', 'role'] as const;

export async function findAccount(db: Knex, id: number): Promise<Account | undefined> {
  return db('accounts')
    .where({ id })
    .whereNull('disabled_at')
    .first(...PUBLIC_COLUMNS);
}

export async function createAccount(
  trx: Knex | Knex.Transaction,
  input: { email: string; name: string; role: Role; organisation?: string; emailVerified?: boolean },
): Promise<Account> {
  const existing = await trx('accounts').whereRaw('lower(email) = lower(?)', [input.email]).first('id');
  if (existing)
    throw new AppError('conflict', 'An account with this email already exists.', {
      errors: [{ field: 'email', message: 'already registered' }],
    });
  const [account] = await trx('accounts')
    .insert({
      email: input.email,
      name: input.name,
      role: input.role,
      organisation: input.organisation ?? null,
      email_verified_at: input.emailVerified ? trx.fn.now() : null,
    })
    .returning<Account[]>([...PUBLIC_COLUMNS]);
  return account!;
}

export type LoginOutcome = { ok: true; account: Account } | { ok: false; reason: 'invalid' | 'locked' | 'unverified' };

/**
 * Checks a password. Unknown accounts cost the same time as known ones; after MAX_FAILED_LOGINS failures the account
 * is locked for LOCKOUT_MINUTES whatever the password, so guessing is slow even across many IP addresses.
 */
export async function authenticate(db: Knex, email: string, password: string, now: Date): Promise<LoginOutcome> {
  const row = await db('accounts').whereRaw('lower(email) = lower(?)', [email]).whereNull('disabled_at').first();
  if (!row?.password_hash) {
    await burnVerification(password);
    return { ok: false, reason: 'invalid' };
  }
  if (row.locked_until && new Date(row.locked_until) > now) return { ok: false, reason: 'locked' };
  if (!(await verifyPassword(row.password_hash, password))) {
    const failures = row.failed_logins + 1;
    await db('accounts')
      .where({ id: row.id })
      .update(
        failures >= MAX_FAILED_LOGINS
          ? { failed_logins: 0, locked_until: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) }
          : { failed_logins: failures },
      );
    await recordEvent(db, {
      type: 'login_failed',
      subjectId: row.id,
      actor: { type: 'system' },
      payload: { failures },
    });
    return { ok: false, reason: 'invalid' };
  }
  // An agent with an unverified email may sign in (to see the reminder and ask for a new link) but may not file: the
  // agents feature refuses filing with a 403 until the address is verified.
  await db('accounts').where({ id: row.id }).update({ failed_logins: 0, locked_until: null });
  return {
    ok: true,
    account: { id: row.id, email: row.email, name: row.name, organisation: row.organisation, role: row.role },
  };
}

/** Sets a password from a one-time link (first password or reset); a set-password link also verifies the email. */
export async function setPasswordWithToken(db: Knex, token: string, password: string, now: Date): Promise<number> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw validationFailed([{ field: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }]);
  }
  const passwordHash = await hashPassword(password);
  return db.transaction(async (trx) => {
    let accountId: number | undefined;
    let purpose: Extract<TokenPurpose, 'set_password' | 'reset_password'> | undefined;
    for (const candidate of ['set_password', 'reset_password'] as const) {
      accountId = await consumeAccountToken(trx, token, candidate, now);
      if (accountId) {
        purpose = candidate;
        break;
      }
    }
    if (!accountId)
      throw new AppError('bad_request', 'This link is invalid, expired or already used. Ask for a new one.', {
        errors: [{ field: 'token', message: 'invalid, expired or used' }],
      });
    await trx('accounts')
      .where({ id: accountId })
      .update({
        password_hash: passwordHash,
        failed_logins: 0,
        locked_until: null,
        ...(purpose === 'set_password' ? { email_verified_at: now } : {}),
      });
    // a new password ends every session signed in with the old one (a reset after a stolen password must lock the
    // thief out); the session that follows is made after this
    await trx('sessions')
      .whereRaw(`sess #>> '{passport,user}' = ?`, [String(accountId)])
      .delete();
    await recordEvent(trx, {
      type: 'password_set',
      subjectId: accountId,
      actor: { type: 'system' },
      payload: { purpose: purpose! },
    });
    return accountId;
  });
}
