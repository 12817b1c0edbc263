import { issueAccountToken } from '../../server/auth/tokens';
import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import { addPrincipal, filingBody, requestEAuthorization } from '../factories/agents';
import { apiAgent, auditor } from './audit';
import { signInPage, useBrowserPortal } from './harness';

jest.setTimeout(180_000);

/** Issue #8 for the agent pages: see audit.ts. */
describe('browser: every agent page is accessible', () => {
  const env = useBrowserPortal();

  test('when an agent and a principal use their pages, then none has a serious or critical axe violation and focus is always visible', async () => {
    const { rec, audit } = auditor(() => env.portal, 'agent');
    const agent = await apiAgent(env.portal);
    const principal = await addPrincipal(agent);
    const other = await addPrincipal(agent);
    const { token: authorizeToken } = await requestEAuthorization(agent, env.portal.db, principal);
    const filing = await agent.http
      .post('/api/agent/requests')
      .set('X-CSRF-Token', agent.csrf)
      .send(filingBody(other.id));
    if (filing.status >= 500) throw new Error(`filing answered ${filing.status}`);
    // a new agent's email verification link
    const fresh = await createAccountWithPassword(env.portal.db, 'agent', { verified: false });
    const verifyToken = await issueAccountToken(
      env.portal.db,
      fresh.id,
      'verify_email',
      new Date(Date.now() + 86_400_000),
    );

    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await audit(page, `/agent/verify-email/${verifyToken}`, 'agent-verify-email');
    await audit(page, '/agent/verify/not-a-real-token', 'agent-verify-bad-token');
    await signInPage(page, agent.account.email, TEST_PASSWORD, /\/agent$/);
    await audit(page, '/agent', 'principals', (p) => p.getByRole('link', { name: principal.name }).waitFor());
    await audit(page, `/agent/principals/${principal.id}`, 'principal', (p) =>
      p.getByRole('heading', { name: principal.name, exact: true }).waitFor(),
    );
    await audit(page, '/agent/principals/999999999', 'principal-unknown');
    await audit(page, `/agent/principals/${other.id}`, 'principal-unauthorized', (p) =>
      p.getByRole('heading', { name: other.name, exact: true }).waitFor(),
    );
    await audit(page, '/agent/requests', 'requests');
    await audit(page, '/agent/bulk', 'bulk');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Error: Choose a CSV file.').waitFor();
    await audit(page, null, 'bulk-error');

    await audit(page, '/staff', 'agent-on-staff-page');
    const principalPage = await (await env.newContext()).newPage();
    rec.watch(principalPage);
    await audit(principalPage, `/authorize/${authorizeToken}`, 'authorize', (p) =>
      p.getByRole('heading', { name: /Authorize .* to act for you/ }).waitFor(),
    );
    await audit(principalPage, '/authorize/not-a-real-token', 'authorize-bad-token');

    expect(rec.problems).toEqual({});
    await context.close();
    await principalPage.context().close();
  });
});
