import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import { unique, uniqueEmail } from '../setup/context';
import { journey, signInPage, useBrowserPortal } from './harness';

jest.setTimeout(120_000);

describe('browser: an authorized agent', () => {
  const env = useBrowserPortal();

  test('when an agent uploads a CSV of 20 principals, then the progress bar reaches 100% and a principal can confirm the agent from the emailed link', async () => {
    const agent = await createAccountWithPassword(env.portal.db, 'agent', { verified: true });
    const batch = unique('bulk');
    const principals = Array.from({ length: 20 }, (_, i) => ({
      email: uniqueEmail(`${batch}-${i}`),
      name: `Principal ${i + 1} ${batch}`,
    }));
    const csv = [
      'principal_email,principal_name,jurisdiction,vendor,right',
      ...principals.map((p) => `${p.email},${p.name},US-CA,sonos,access`),
    ].join('\n');

    const rec = journey('agent');
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await page.goto('/agent/signup');
    await rec.check(page, 'signup');
    await signInPage(page, agent.email, TEST_PASSWORD, /\/agent$/);
    await page.getByRole('heading', { name: 'Your principals' }).waitFor();

    await page.getByRole('link', { name: 'Bulk upload' }).first().click();
    await page.getByRole('heading', { name: 'Bulk upload' }).waitFor();
    await page.getByRole('button', { name: 'Upload' }).click(); // no file: the error sits next to the input
    await page.getByText('Error: Choose a CSV file.').waitFor();
    await rec.check(page, 'bulk-empty');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'principals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Progress: 100% (20 of 20 rows)').waitFor({ timeout: 60_000 });
    expect(await page.locator('#bulk-progress').getAttribute('value')).toBe('100');
    await page.getByText('Waiting for authorization: 20').waitFor();
    await rec.check(page, 'bulk-done');

    await page.getByRole('link', { name: 'Principals' }).click();
    await page.getByRole('link', { name: principals[0]!.name }).waitFor();
    await rec.check(page, 'principals');
    await page.getByRole('link', { name: principals[0]!.name }).click();
    await page.getByRole('heading', { name: principals[0]!.name, exact: true }).waitFor();
    await rec.check(page, 'principal');
    await page.getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('heading', { name: 'Your requests' }).waitFor();
    await rec.check(page, 'requests');

    // the principal confirms from the e-authorization email; their held row is then filed
    const [mail] = await env.portal.sink
      .waitFor((all) => all.some((m) => m.envelopeTo.includes(principals[0]!.email)))
      .then((all) => all.filter((m) => m.envelopeTo.includes(principals[0]!.email)));
    const link = /(http:\/\/127\.0\.0\.1:\d+\/authorize\/[A-Za-z0-9_-]+)/.exec(mail!.parsed.text ?? '')![1]!;
    const principalPage = await (await env.newContext()).newPage();
    rec.watch(principalPage);
    await principalPage.goto(link);
    await principalPage.getByRole('heading', { name: /Authorize .* to act for you/ }).waitFor();
    await rec.check(principalPage, 'authorize');
    await principalPage.getByRole('button', { name: /I authorize/ }).click();
    await principalPage.getByRole('heading', { name: 'Thank you: you have authorized your agent' }).waitFor();
    await rec.check(principalPage, 'authorized');

    expect(rec.problems).toEqual({});
    await context.close();
  });
});
