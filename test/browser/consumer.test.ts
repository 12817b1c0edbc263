import type { Page } from 'playwright-core';
import { uniqueEmail } from '../setup/context';
import { journey, useBrowserPortal } from './harness';

jest.setTimeout(120_000);

describe('browser: a consumer files requests to two vendors', () => {
  const env = useBrowserPortal();

  // by slug: other test files add vendors with the same names to the shared test database
  const addButton = (page: Page, slug: string) =>
    page.locator(`#vendor-results [role="option"][data-vendor="${slug}"]`);
  async function addVendor(page: Page, search: string, slug: string) {
    await page.getByLabel('Search by company, product or website').fill(search);
    await addButton(page, slug).click();
  }

  test('when a consumer chooses vendors, rights, place and details, reviews the letters and opens the verification link, then the status page shows each vendor', async () => {
    const rec = journey('consumer');
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    const email = uniqueEmail('browser');

    await page.goto('/');
    await rec.check(page, 'home');
    await page.getByRole('link', { name: 'Start a request' }).click();

    // 1. companies: type-ahead search with contact channels and response times
    await page.getByLabel('Search by company, product or website').fill('sonos');
    await addButton(page, 'sonos').waitFor();
    // the type-ahead is a combobox: the results are options, chosen ones are selected
    expect(await page.getByLabel('Search by company, product or website').getAttribute('role')).toBe('combobox');
    expect(await addButton(page, 'sonos').getAttribute('aria-selected')).toBe('false');
    await expectText(page, 'privacy@sonos.com');
    await expectText(page, 'Promises to answer within 30 days');
    await rec.check(page, 'vendors-search');
    await addButton(page, 'sonos').click();
    expect(await addButton(page, 'sonos').getAttribute('aria-selected')).toBe('true');
    await addVendor(page, 'Headphones Connect', 'sony-headphones-connect');
    await page.getByRole('button', { name: 'Continue' }).click();

    // 2. rights, each explained
    await page.getByRole('heading', { name: 'What do you want the companies to do?' }).waitFor();
    await rec.check(page, 'rights');
    await page.getByRole('button', { name: 'Continue' }).click(); // nothing chosen: an error next to the group
    await page.getByRole('alert').getByText('Choose at least one thing to ask for.').waitFor();
    await page.getByLabel('See my data').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    // 3. where: country, then state
    await page.getByLabel('Country').selectOption('US');
    await page.getByLabel('State').selectOption('US-CA');
    await expectText(page, 'California Consumer Privacy Act');
    await rec.check(page, 'place');
    await page.getByRole('button', { name: 'Continue' }).click();

    // 4. details: Sony requires a mailing address and ZIP code; the server says so next to the fields
    await page.getByLabel('Full name').fill('Robin Browser');
    await page.getByLabel('Email address').fill(email);
    await expectText(page, 'Required by Sony Corporation');
    await page.getByRole('button', { name: 'Review the letters' }).click();
    await page.locator('#f-requester-address-postal_code-error').waitFor();
    await rec.check(page, 'details-errors');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Robin Browser'); // nothing typed is lost
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    // the server's error is tied to the field it names, and the summary links to it
    const zip = page.getByLabel('Postal code or ZIP');
    expect(await zip.getAttribute('aria-invalid')).toBe('true');
    expect((await zip.getAttribute('aria-describedby'))?.split(' ')).toContain('f-requester-address-postal_code-error');
    expect(await page.locator('#f-requester-address-postal_code-error').textContent()).toMatch(/^Error: /);
    await page.locator('.error-summary a[href="#f-requester-address-postal_code"]').waitFor();
    await page.getByLabel('Address line 1', { exact: false }).first().fill('1 Market Street');
    await page.getByLabel('Town or city').fill('San Francisco');
    await page.getByLabel('State, province or county').fill('CA');
    await page.getByLabel('Postal code or ZIP').fill('94105');
    await page.getByRole('button', { name: 'Review the letters' }).click();

    // 5. review: each letter, its deadline and why, the warnings
    await page.getByRole('heading', { name: 'Check before you send' }).waitFor();
    await page.getByRole('region', { name: /Sonos, Inc\.: see my data/ }).waitFor();
    await page.getByRole('region', { name: /Sony Corporation: see my data/ }).waitFor();
    await expectText(page, 'Robin Browser');
    // each date says what it is: Sonos's own promise, and the law's later deadline beside it
    await expectText(page, 'Promised by the company for');
    await expectText(page, 'The law requires an answer by');
    await expectText(page, "as the business's own privacy policy promises");
    await rec.check(page, 'review');
    await page.getByRole('button', { name: 'Send my requests' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await rec.check(page, 'check-email');

    // the verification link from the captured mail
    await env.portal.sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(email)));
    const mail = env.portal.sink.messages.find((m) => m.envelopeTo.includes(email))!;
    const link = /(http:\/\/127\.0\.0\.1:\d+\/verify\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Your requests' }).waitFor();
    await page.getByText('your email address is confirmed').waitFor();
    await page.getByRole('heading', { name: /Sonos, Inc\.: see my data/ }).waitFor();
    await page.getByRole('heading', { name: /Sony Corporation: see my data/ }).waitFor();
    // the emailed letter to Sonos is sent by the worker: the page shows it with its PDF once it is
    await page.reload();
    await page
      .getByRole('button', { name: /Download PDF/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await page.locator('.badge').first().waitFor();
    await rec.check(page, 'status');
    const download = page.waitForEvent('download');
    await page
      .getByRole('button', { name: /Download PDF/ })
      .first()
      .click();
    expect((await download).suggestedFilename()).toMatch(/^DR-\d{4}-\d{6,}-request\.pdf$/);

    expect(rec.problems).toEqual({});
    await context.close();
  });

  test('when the same requests are filed again, then the page reveals nothing and the verification email tells the address owner', async () => {
    const rec = journey('consumer-duplicate');
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    const email = uniqueEmail('dup');
    const fileOnce = async () => {
      await page.goto('/file');
      await page.evaluate('sessionStorage.clear()'); // a fresh form
      await page.goto('/file');
      await addVendor(page, 'sonos', 'sonos');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Delete my data').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Country').selectOption('US');
      await page.getByLabel('State').selectOption('US-CA');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Full name').fill('Dee Duplicate');
      await page.getByLabel('Email address').fill(email);
      await page.getByRole('button', { name: 'Review the letters' }).click();
      await page
        .getByRole('heading', { name: 'Check before you send' })
        .waitFor({ timeout: 10_000 })
        .catch(async (e: Error) => {
          await rec.screenshot(page, 'failed-review');
          throw new Error(`${e.message}\n${JSON.stringify(rec.problems)}`);
        });
      await page.getByRole('button', { name: 'Send my requests' }).click();
    };
    await fileOnce();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    // verify so the requests exist and are open
    await env.portal.sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(email)));
    const mail = env.portal.sink.messages.find((m) => m.envelopeTo.includes(email))!;
    await page.goto(/(http:\/\/\S+\/verify\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!);
    await page.getByRole('heading', { name: 'Your requests' }).waitFor();

    // the heading shows before the requests are loaded: wait for a reference to be on the page
    await page
      .getByText(/DR-\d{4}-\d{6,}/)
      .first()
      .waitFor();
    const reference = (await page.locator('body').innerText()).match(/DR-\d{4}-\d{6,}/)![0];

    // anyone may type this address: the page says nothing of the open request
    await fileOnce();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await rec.check(page, 'duplicate');
    expect(await page.locator('body').innerText()).not.toContain(reference);
    // the second email, to the address owner, names it; its link files anyway
    await env.portal.sink.waitFor((all) => all.filter((m) => m.envelopeTo.includes(email)).length >= 2);
    const second = env.portal.sink.messages
      .filter((m) => m.envelopeTo.includes(email))
      .find((m) => m.parsed.text?.includes('already have'))!;
    expect(second.parsed.text).toContain(reference);
    expect(second.parsed.text).toContain('To Sonos, Inc.: deletion of personal information');
    expect(rec.problems).toEqual({});
    await context.close();
  });
});

async function expectText(page: Page, text: string) {
  await page.getByText(text, { exact: false }).first().waitFor();
}
