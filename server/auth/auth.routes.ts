import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import type passport from 'passport';
import { z } from 'zod';
import type { Config } from '../config';
import { AppError, type ApiRouter } from '../http';
import type { Clock } from '../shared/clock';
import { setPasswordWithToken, type Account } from './accounts.service';
import { csrfToken, requireCsrf } from './guards';
import { sendPasswordReset } from './password-reset.service';

const accountSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  organisation: z.string().nullable(),
  role: z.enum(['staff', 'admin', 'agent']),
});
const csrfSchema = z.object({ csrf_token: z.string() });

const LOGIN_REFUSALS = {
  invalid: 'The email or password is not right.',
  locked: 'Too many failed attempts: this account is locked for a few minutes. Try again later or reset your password.',
  unverified: 'Confirm your email address first: open the link we sent you.',
} as const;

function logIn(auth: passport.Authenticator, req: Request, res: Response): Promise<Account> {
  return new Promise((resolve, reject) => {
    auth.authenticate(
      'local',
      (err: unknown, account: Account | false, info?: { message?: keyof typeof LOGIN_REFUSALS }) => {
        if (err) return reject(err);
        if (!account) {
          const reason = info?.message && info.message in LOGIN_REFUSALS ? info.message : 'invalid';
          return reject(new AppError('unauthenticated', LOGIN_REFUSALS[reason], { reason }));
        }
        // passport regenerates the session here (no fixation); the CSRF token of the old session is gone with it
        req.logIn(account, (loginErr) => (loginErr ? reject(loginErr) : resolve(account)));
      },
    )(req, res, (err: unknown) => reject(err));
  });
}

export function registerAuthRoutes(
  api: ApiRouter,
  deps: { db: Knex; config: Config; clock: Clock; passport: passport.Authenticator },
): void {
  api.route(
    {
      method: 'get',
      path: '/api/auth/csrf',
      summary: 'The CSRF token of this session',
      tags: ['auth'],
      responses: { 200: { description: 'Token', schema: csrfSchema } },
    },
    ({ req }) => ({ csrf_token: csrfToken(req) }),
  );
  api.route(
    {
      method: 'post',
      path: '/api/auth/login',
      summary: 'Sign in (staff, admins, agents); answers a fresh CSRF token',
      tags: ['auth'],
      before: [requireCsrf],
      body: z.object({ email: z.email(), password: z.string().min(1).max(1000) }),
      responses: {
        200: { description: 'Signed in', schema: z.object({ account: accountSchema, csrf_token: z.string() }) },
      },
    },
    async ({ req, res }) => {
      const account = await logIn(deps.passport, req, res);
      return { account, csrf_token: csrfToken(req) };
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Sign out',
      tags: ['auth'],
      before: [requireCsrf],
      responses: { 204: { description: 'Signed out' } },
    },
    ({ req }) =>
      new Promise<undefined>((resolve, reject) =>
        req.logOut((err) => (err ? reject(err) : req.session.destroy(() => resolve(undefined)))),
      ),
  );
  api.route(
    {
      method: 'get',
      path: '/api/auth/me',
      summary: 'The signed-in account',
      tags: ['auth'],
      responses: { 200: { description: 'Account', schema: z.object({ account: accountSchema }) } },
    },
    ({ req }) => {
      if (!req.user) throw new AppError('unauthenticated', 'Not signed in.');
      return { account: req.user };
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/auth/password',
      summary: 'Set a password with a one-time link (first password or reset)',
      tags: ['auth'],
      body: z.object({ token: z.string().min(20).max(200), password: z.string().max(1000) }),
      responses: { 204: { description: 'Password set; sign in with it' } },
    },
    async ({ body }) => {
      await setPasswordWithToken(deps.db, body.token, body.password, deps.clock.now());
      return undefined;
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/auth/password-reset',
      summary: 'Email a password-reset link (answers the same whether or not the account exists)',
      tags: ['auth'],
      body: z.object({ email: z.email() }),
      responses: {
        202: {
          description: 'If the account exists, a link was sent',
          schema: z.object({ status: z.literal('sent_if_registered') }),
        },
      },
    },
    async ({ body, res }) => {
      await sendPasswordReset(deps.db, deps, body.email, deps.clock.now());
      res.status(202).json({ status: 'sent_if_registered' });
    },
  );
}
