import type { Knex } from 'knex';
import type { Express } from 'express';
import request from 'supertest';
import { createAccount, hashPassword, type Role } from '../../server/auth';
import { unique, uniqueEmail } from '../setup/context';

export const TEST_PASSWORD = 'correct horse battery staple';

/** An account with a known password (hashing once per test file keeps the suite fast). */
export async function createAccountWithPassword(db: Knex, role: Role, options: { verified?: boolean } = {}) {
  const account = await createAccount(db, {
    email: uniqueEmail(role),
    name: unique(role),
    role,
    emailVerified: options.verified ?? true,
  });
  await db('accounts')
    .where({ id: account.id })
    .update({ password_hash: await hashPassword(TEST_PASSWORD) });
  return account;
}

/** A supertest agent (cookie jar) signed in as the account, with the session's CSRF token. */
export async function signIn(app: Express, email: string, password = TEST_PASSWORD) {
  const agent = request.agent(app);
  const { body } = await agent.get('/api/auth/csrf');
  const login = await agent.post('/api/auth/login').set('X-CSRF-Token', body.csrf_token).send({ email, password });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${login.text}`);
  return { agent, csrf: login.body.csrf_token as string };
}
