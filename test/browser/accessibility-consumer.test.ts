import { intakeBody, storedVerificationToken } from '../factories/intake';
import { auditor } from './audit';
import { postJson, useBrowserPortal } from './harness';

jest.setTimeout(180_000);

/** Issue #8 for the consumer pages: see audit.ts. */
describe('browser: every consumer page is accessible', () => {
  const env = useBrowserPortal();
  const post = (path: string, body: unknown) => postJson(env.portal, path, body);

  test('when anyone opens the public and consumer pages, then none has a serious or critical axe violation and focus is always visible', async () => {
    const { rec, audit } = auditor(() => env.portal, 'consumer');
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
    await audit(page, `/verify/${token}`, 'verify-then-status', (p) =>
      p.waitForURL(/\/submissions\//).then(() => p.getByRole('heading', { name: 'Your requests' }).waitFor()),
    );
    const reference = (
      await env.portal
        .db('requests as r')
        .join('submissions as s', 's.id', 'r.submission_id')
        .where('s.public_id', filed.submission_id as string)
        .first('r.reference')
    ).reference as string;
    await audit(page, `/requests/${reference}`, 'request-by-reference');
    await audit(page, '/verify/not-a-real-token', 'verify-bad-token', (p) =>
      p.getByRole('heading', { name: 'We could not confirm this link' }).waitFor(),
    );
    await audit(page, '/submissions/00000000-0000-0000-0000-000000000000', 'status-unknown');
    await audit(page, '/companies/sonos', 'company-record', (p) =>
      p.getByRole('heading', { name: /answers data-rights requests/ }).waitFor(),
    );
    await audit(page, '/find', 'find-my-requests', (p) =>
      p.getByRole('heading', { name: 'Find my requests' }).waitFor(),
    );
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.locator('#f-email-error').waitFor();
    await audit(page, null, 'find-my-requests-error');
    await audit(page, '/sign-in/not-a-real-token', 'sign-in-bad-token', (p) =>
      p.getByRole('heading', { name: 'We could not use this link' }).waitFor(),
    );
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
    await page
      .getByRole('button', { name: /create|sign up/i })
      .first()
      .click();
    await page.locator('.error').first().waitFor();
    await audit(page, null, 'agent-signup-errors');
    // signed out, the staff and agent pages ask for a sign-in
    await audit(page, '/staff', 'staff-signed-out');
    await audit(page, '/agent', 'agent-signed-out');

    expect(rec.problems).toEqual({});
    await context.close();
  });
});
