import type { Page } from 'playwright-core';
import request from 'supertest';
import { issueAccountToken } from '../../server/auth/tokens';
import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import { addPrincipal, filingBody, requestEAuthorization, type SignedInAgent } from '../factories/agents';
import { intakeBody, storedVerificationToken } from '../factories/intake';
import { axeProblems, focusProblems, journey, postJson, signInPage, useBrowserPortal } from './harness';

jest.setTimeout(180_000);

/**
 * Issue #8: every page the client routes to has no serious or critical axe violation, and every control reached with
 * Tab shows a visible focus indicator. Each test visits a role's pages and fails with every problem found, by page.
 */
describe('browser: every page is accessible', () => {
  const env = useBrowserPortal();

  const post = (path: string, body: unknown) => postJson(env.portal, path, body);

  /** A signed-in API client for an agent account (supertest against the running portal). */
  async function apiAgent(): Promise<SignedInAgent> {
    const account = await createAccountWithPassword(env.portal.db, 'agent', { verified: true });
    const http = request.agent(env.portal.url);
    const { body } = await http.get('/api/auth/csrf');
    const login = await http.post('/api/auth/login').set('X-CSRF-Token', body.csrf_token).send({ email: account.email, password: TEST_PASSWORD });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${login.text}`);
    return { account, http, csrf: login.body.csrf_token as string };
  }

  /** Opens a page, waits for its heading and data, then records axe and focus problems under its label. */
  function auditor(name: string) {
    const rec = journey(`a11y-${name}`);
    return {
      rec,
      async audit(page: Page, path: string | null, label: string, ready?: (page: Page) => Promise<unknown>): Promise<void> {
        if (path) await page.goto(path);
        try {
          await page.locator('main h1').first().waitFor({ timeout: 10_000 });
          if (ready) await ready(page);
        } catch (e) {
          await rec.screenshot(page, `${label}-not-ready`);
          rec.problems[`${label} (${page.url().replace(env.portal.url, '')})`] = [`the page did not get ready: ${(e as Error).message.split('\n')[0]}`];
          return;
        }
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await page.waitForFunction(`!document.querySelector('main [role="status"]')?.textContent?.startsWith('Loading')`, undefined, { timeout: 10_000 }).catch(() => undefined);
        await rec.screenshot(page, label);
        const found = [...(await axeProblems(page)), ...(await focusProblems(page))];
        if (found.length) rec.problems[`${label} (${page.url().replace(env.portal.url, '')})`] = found;
      },
    };
  }

  test('when anyone opens the public and consumer pages, then none has a serious or critical axe violation and focus is always visible', async () => {
    const { rec, audit } = auditor('consumer');
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);

    // a filed submission (Sonos, access, California) whose verification link the browser opens
    const filed = await post('/api/requests', intakeBody());
    const token = await storedVerificationToken(env.portal, filed.submission_id as string);

    await audit(page, '/', 'home');
    await page.evaluate('sessionStorage.clear()');
    await audit(page, '/file', 'file-companies', (p) => p.getByText(/companies? found/).waitFor());
    // the first step with an error (nothing chosen)
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText('Choose at least one company.').waitFor();
    await audit(page, null, 'file-companies-error');
    // every step of the form, with a server error on the details step (Sony asks for a postal address)
    await page.getByLabel('Search by company, product or website').fill('Headphones Connect');
    await page.locator('#vendor-results [data-vendor="sony-headphones-connect"]').click();
    await audit(page, null, 'file-companies-chosen');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'What do you want the companies to do?' }).waitFor();
    await audit(page, null, 'file-rights');
    await page.getByLabel('See my data').check();
    await page.getByLabel('Correct my data').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Country').selectOption('US');
    await page.getByLabel('State').selectOption('US-CA');
    await audit(page, null, 'file-place');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Full name').fill('Ada Audit');
    await page.getByLabel('Email address').fill('ada-audit@example.test');
    await audit(page, null, 'file-details');
    await page.getByRole('button', { name: 'Review the letters' }).click();
    await page.locator('.error-summary').waitFor();
    await audit(page, null, 'file-details-server-errors');
    await page.getByLabel('Address line 1').fill('1 Market Street');
    await page.getByLabel('Town or city').fill('San Francisco');
    await page.getByLabel('State, province or county').fill('CA');
    await page.getByLabel('Postal code or ZIP').fill('94105');
    for (const input of await page.locator('input[id^="f-corrections-0-"]').all()) await input.fill('home address');
    await page.getByRole('button', { name: 'Review the letters' }).click();
    await page.getByRole('heading', { name: 'Check before you send' }).waitFor();
    await audit(page, null, 'file-review');
    await page.evaluate('sessionStorage.clear()');
    await audit(page, `/verify/${token}`, 'verify-then-status', (p) => p.waitForURL(/\/submissions\//).then(() => p.getByRole('heading', { name: 'Your requests' }).waitFor()));
    const reference = (await env.portal.db('requests as r').join('submissions as s', 's.id', 'r.submission_id').where('s.public_id', filed.submission_id as string).first('r.reference')).reference as string;
    await audit(page, `/requests/${reference}`, 'request-by-reference');
    await audit(page, '/verify/not-a-real-token', 'verify-bad-token', (p) => p.getByRole('heading', { name: 'We could not confirm this link' }).waitFor());
    await audit(page, '/submissions/00000000-0000-0000-0000-000000000000', 'status-unknown');
    await audit(page, '/find', 'find-my-requests', (p) => p.getByRole('heading', { name: 'Find my requests' }).waitFor());
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.locator('#f-email-error').waitFor();
    await audit(page, null, 'find-my-requests-error');
    await audit(page, '/sign-in/not-a-real-token', 'sign-in-bad-token', (p) => p.getByRole('heading', { name: 'We could not use this link' }).waitFor());
    await audit(page, '/my-requests', 'my-requests', (p) => p.getByRole('heading', { name: 'My requests' }).waitFor());
    await audit(page, '/no-such-page', 'not-found');
    await audit(page, '/login', 'login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Error: Enter your email address.').waitFor();
    await audit(page, null, 'login-errors');
    await audit(page, '/logout', 'logout');
    await audit(page, '/password/not-a-real-token', 'set-password');
    await audit(page, '/staff/password/not-a-real-token', 'staff-set-password');
    await audit(page, '/agent/signup', 'agent-signup');
    await page.getByRole('button', { name: /create|sign up/i }).first().click();
    await page.locator('.error').first().waitFor();
    await audit(page, null, 'agent-signup-errors');
    // signed out, the staff and agent pages ask for a sign-in
    await audit(page, '/staff', 'staff-signed-out');
    await audit(page, '/agent', 'agent-signed-out');

    expect(rec.problems).toEqual({});
    await context.close();
  });

  test('when an agent and a principal use their pages, then none has a serious or critical axe violation and focus is always visible', async () => {
    const { rec, audit } = auditor('agent');
    const agent = await apiAgent();
    const principal = await addPrincipal(agent);
    const other = await addPrincipal(agent);
    const { token: authorizeToken } = await requestEAuthorization(agent, env.portal.db, principal);
    const filing = await agent.http.post('/api/agent/requests').set('X-CSRF-Token', agent.csrf).send(filingBody(other.id));
    if (filing.status >= 500) throw new Error(`filing answered ${filing.status}`);
    // a new agent's email verification link
    const fresh = await createAccountWithPassword(env.portal.db, 'agent', { verified: false });
    const verifyToken = await issueAccountToken(env.portal.db, fresh.id, 'verify_email', new Date(Date.now() + 86_400_000));

    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await audit(page, `/agent/verify-email/${verifyToken}`, 'agent-verify-email');
    await audit(page, '/agent/verify/not-a-real-token', 'agent-verify-bad-token');
    await signInPage(page, agent.account.email, TEST_PASSWORD, /\/agent$/);
    await audit(page, '/agent', 'principals', (p) => p.getByRole('link', { name: principal.name }).waitFor());
    await audit(page, `/agent/principals/${principal.id}`, 'principal', (p) => p.getByRole('heading', { name: principal.name, exact: true }).waitFor());
    await audit(page, '/agent/principals/999999999', 'principal-unknown');
    await audit(page, `/agent/principals/${other.id}`, 'principal-unauthorized', (p) => p.getByRole('heading', { name: other.name, exact: true }).waitFor());
    await audit(page, '/agent/requests', 'requests');
    await audit(page, '/agent/bulk', 'bulk');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Error: Choose a CSV file.').waitFor();
    await audit(page, null, 'bulk-error');

    await audit(page, '/staff', 'agent-on-staff-page');
    const principalPage = await (await env.newContext()).newPage();
    rec.watch(principalPage);
    await audit(principalPage, `/authorize/${authorizeToken}`, 'authorize', (p) => p.getByRole('heading', { name: /Authorize .* to act for you/ }).waitFor());
    await audit(principalPage, '/authorize/not-a-real-token', 'authorize-bad-token');

    expect(rec.problems).toEqual({});
    await context.close();
    await principalPage.context().close();
  });

  test('when staff use their pages, then none has a serious or critical axe violation and focus is always visible', async () => {
    const { rec, audit } = auditor('staff');
    const filed = await post('/api/requests', intakeBody({ vendors: ['sonos'], rights: ['access', 'deletion'] }));
    await post('/api/verify', { token: await storedVerificationToken(env.portal, filed.submission_id as string) });
    const req = await env.portal.db('requests as r').join('submissions as s', 's.id', 'r.submission_id').where('s.public_id', filed.submission_id as string).first('r.id');
    const staff = await createAccountWithPassword(env.portal.db, 'staff');

    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await signInPage(page, staff.email, TEST_PASSWORD, /\/staff$/);
    await audit(page, '/staff', 'queue', (p) => p.getByRole('heading', { name: 'Request queue' }).waitFor());
    await page.getByText('Filters', { exact: true }).click();
    await audit(page, null, 'queue-filters-open');
    await audit(page, `/staff/requests/${req.id}`, 'request-detail', (p) => p.getByRole('form', { name: "Record the vendor's response" }).or(p.locator('form.card')).first().waitFor());
    const form = page.getByRole('form').filter({ has: page.getByRole('button') }).first();
    await form.getByRole('button').last().click();
    await page.locator('.error-summary').first().waitFor();
    await audit(page, null, 'request-detail-errors');
    await audit(page, '/staff/requests/999999999', 'request-detail-unknown');
    await audit(page, '/staff/dashboard', 'dashboard', (p) => p.getByRole('heading', { name: 'On-time rate' }).waitFor());
    await audit(page, '/staff/registry', 'registry', (p) => p.getByRole('heading', { name: 'Facts awaiting a decision' }).waitFor());
    await audit(page, '/staff/registry/sonos', 'registry-vendor', (p) => p.getByRole('heading', { name: 'Sonos, Inc.: published facts' }).waitFor());
    await audit(page, '/agent', 'staff-on-agent-page');
    await audit(page, '/staff/mail', 'mail', (p) => p.getByRole('heading', { name: 'Captured mail (development)' }).waitFor());
    await env.portal.db('inbound_messages').insert({
      kind: 'reply', from_address: 'support@tickets.example', envelope_to: ['someone@portal.localhost'], subject: 'Ticket #1 updated',
      text_body: 'Please send us a copy of your ID.', html_body: '<p>Please send us a copy of your <b>ID</b>.</p>', size_bytes: 10, received_at: new Date(),
    });
    await audit(page, '/staff/mail/unmatched', 'unmatched-mail', (p) => p.getByRole('heading', { name: 'Unmatched mail' }).waitFor());
    await page.getByRole('button', { name: 'Read and attach' }).first().click();
    await page.getByRole('button', { name: 'Attach' }).first().waitFor();
    await audit(page, null, 'unmatched-mail-open');

    expect(rec.problems).toEqual({});
    await context.close();
  });
});
