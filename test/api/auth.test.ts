import { execFileSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS, SESSION_COOKIE } from '../../server/auth';
import { fixedClock } from '../../server/shared/clock';
import { createAccountWithPassword, signIn, TEST_PASSWORD } from '../factories/accounts';
import { createTestContext, uniqueEmail, type TestContext } from '../setup/context';

const root = path.resolve(__dirname, '../..');

describe('staff and agent sign-in', () => {
  const clock = fixedClock('2026-11-23T10:00:00Z');
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ clock });
  });
  afterAll(() => ctx.close());

  test('when signing in with the right password and CSRF token, then a session cookie is set (HttpOnly, SameSite) and /me answers', async () => {
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const agent = request.agent(ctx.app);
    const { body } = await agent.get('/api/auth/csrf');
    const login = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', body.csrf_token)
      .send({ email: staff.email.toUpperCase(), password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.account).toMatchObject({ id: staff.id, role: 'staff' });
    expect(login.body.csrf_token).not.toBe(body.csrf_token); // new session, new token
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toContain(`${SESSION_COOKIE}=`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await agent.get('/api/auth/me')).body.account.email).toBe(staff.email);
  });

  test('when the CSRF token is missing or wrong, then login and logout are refused with 403 naming X-CSRF-Token', async () => {
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const noToken = await request(ctx.app)
      .post('/api/auth/login')
      .send({ email: staff.email, password: TEST_PASSWORD });
    expect(noToken.status).toBe(403);
    expect(noToken.body).toMatchObject({ code: 'csrf_invalid', errors: [{ field: 'X-CSRF-Token' }] });
    const { agent } = await signIn(ctx.app, staff.email);
    const logout = await agent.post('/api/auth/logout').set('X-CSRF-Token', 'forged');
    expect(logout.status).toBe(403);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
  });

  test('when signed out, then the session no longer works', async () => {
    const staff = await createAccountWithPassword(ctx.db, 'admin');
    const { agent, csrf } = await signIn(ctx.app, staff.email);
    expect((await agent.post('/api/auth/logout').set('X-CSRF-Token', csrf)).status).toBe(204);
    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(401);
    expect(me.headers['content-type']).toMatch(/problem\+json/);
  });

  test(`when the password is wrong ${MAX_FAILED_LOGINS} times, then the account locks for ${LOCKOUT_MINUTES} minutes even for the right password`, async () => {
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const agent = request.agent(ctx.app);
    const csrf = (await agent.get('/api/auth/csrf')).body.csrf_token;
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      const res = await agent
        .post('/api/auth/login')
        .set('X-CSRF-Token', csrf)
        .send({ email: staff.email, password: 'wrong password!' });
      expect(res.body).toMatchObject({ status: 401, reason: 'invalid' });
    }
    const locked = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email: staff.email, password: TEST_PASSWORD });
    expect(locked.body).toMatchObject({ status: 401, reason: 'locked' });
    expect(
      await ctx.db('events').where({ subject_type: 'account', subject_id: staff.id, type: 'login_failed' }),
    ).toHaveLength(MAX_FAILED_LOGINS);

    clock.advance((LOCKOUT_MINUTES + 1) * 60_000);
    const after = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email: staff.email, password: TEST_PASSWORD });
    expect(after.status).toBe(200);
  });

  test('when an unknown email signs in, then the answer is the same as for a wrong password', async () => {
    const agent = request.agent(ctx.app);
    const csrf = (await agent.get('/api/auth/csrf')).body.csrf_token;
    const res = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email: uniqueEmail('nobody'), password: 'whatever it is' });
    expect(res.body).toMatchObject({ status: 401, reason: 'invalid', detail: 'The email or password is not right.' });
  });

  test('when an agent has not verified their email, then sign-in succeeds (filing is refused until they do: test/api/agents-*.test.ts)', async () => {
    const agentAccount = await createAccountWithPassword(ctx.db, 'agent', { verified: false });
    const agent = request.agent(ctx.app);
    const csrf = (await agent.get('/api/auth/csrf')).body.csrf_token;
    const res = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email: agentAccount.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({ id: agentAccount.id, role: 'agent' });
  });

  test('when a reset is requested, then a one-time link is emailed and sets the password once', async () => {
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const other = await createAccountWithPassword(ctx.db, 'staff');
    const { agent: before } = await signIn(ctx.app, staff.email, TEST_PASSWORD);
    const { agent: bystander } = await signIn(ctx.app, other.email, TEST_PASSWORD);
    expect((await before.get('/api/auth/me')).status).toBe(200);
    const unknown = await request(ctx.app)
      .post('/api/auth/password-reset')
      .send({ email: uniqueEmail('ghost') });
    expect(unknown.status).toBe(202);
    const res = await request(ctx.app).post('/api/auth/password-reset').send({ email: staff.email });
    expect(res.status).toBe(202);
    const email = await ctx.db('outbound_emails').where({ related_type: 'account', related_id: staff.id }).first();
    const token = /\/password\/([A-Za-z0-9_-]+)/.exec(email.text_body)![1]!;
    const short = await request(ctx.app).post('/api/auth/password').send({ token, password: 'short' });
    expect(short.status).toBe(422);
    expect(short.body.errors[0].field).toBe('password');
    expect(
      (await request(ctx.app).post('/api/auth/password').send({ token, password: 'a brand new long passphrase' }))
        .status,
    ).toBe(204);
    const reused = await request(ctx.app)
      .post('/api/auth/password')
      .send({ token, password: 'another long passphrase' });
    expect(reused.status).toBe(400);
    expect(reused.body.errors[0].field).toBe('token');
    // the session signed in with the old password is over; another account's is not
    expect((await before.get('/api/auth/me')).status).toBe(401);
    expect((await bystander.get('/api/auth/me')).status).toBe(200);
    const { agent: after } = await signIn(ctx.app, staff.email, 'a brand new long passphrase');
    expect((await after.get('/api/auth/me')).status).toBe(200);
  });

  test('when admin:create runs, then it prints a one-time link that sets the first password', async () => {
    const email = uniqueEmail('admin');
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/admin-create.ts', '--email', email, '--name', 'Ops Admin'],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: ctx.config.databaseUrl },
        encoding: 'utf8',
      },
    );
    const token = /\/password\/([A-Za-z0-9_-]+)/.exec(out)![1]!;
    expect(
      (await request(ctx.app).post('/api/auth/password').send({ token, password: 'the admin passphrase' })).status,
    ).toBe(204);
    const { agent } = await signIn(ctx.app, email, 'the admin passphrase');
    expect((await agent.get('/api/auth/me')).body.account).toMatchObject({ role: 'admin', name: 'Ops Admin' });
  });
});
