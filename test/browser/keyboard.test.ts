import type { Page } from 'playwright-core';
import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import { intakeBody, storedVerificationToken } from '../factories/intake';
import { uniqueEmail } from '../setup/context';
import { journey, useBrowserPortal, waitUntil } from './harness';

jest.setTimeout(120_000);

/** What has keyboard focus: its id, role, value and accessible name (aria-label, its label, or its text). */
async function focused(page: Page): Promise<{ id: string; tag: string; name: string; value: string }> {
  // (a string: the server's tsconfig has no DOM types)
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { id: '', tag: 'body', name: '', value: '' };
    const name = el.getAttribute('aria-label') ?? (el.labels?.[0]?.textContent ?? el.textContent ?? '');
    return { id: el.id, tag: el.tagName.toLowerCase(), name: name.replace(/\\s+/g, ' ').trim(), value: el.value ?? '' };
  })()`)) as { id: string; tag: string; name: string; value: string };
}

type Target = { name: string | RegExp } | { id: string };
const matches = (f: Awaited<ReturnType<typeof focused>>, t: Target) =>
  'id' in t ? f.id === t.id : typeof t.name === 'string' ? f.name === t.name : t.name.test(f.name);

/** Presses Tab (or Shift+Tab) until the target has focus; fails if the keyboard cannot reach it. */
async function tabTo(page: Page, target: Target, options: { back?: boolean; max?: number } = {}): Promise<void> {
  const trail: string[] = [];
  for (let i = 0; i < (options.max ?? 80); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (matches(f, target)) return;
    trail.push(`${f.tag}${f.id ? `#${f.id}` : ''} "${f.name.slice(0, 30)}"`);
  }
  throw new Error(
    `the keyboard could not reach ${JSON.stringify(target, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))}; Tab went through: ${trail.join(', ')}`,
  );
}

/** Changes a focused <select> with the arrow keys (down, then up when at the end) until it holds the value. */
async function arrowToValue(page: Page, value: string, max = 80): Promise<void> {
  let key = 'ArrowDown';
  for (let i = 0; i < max; i++) {
    const before = (await focused(page)).value;
    if (before === value) return;
    await page.keyboard.press(key);
    if ((await focused(page)).value === before) key = key === 'ArrowDown' ? 'ArrowUp' : 'ArrowDown';
  }
  throw new Error(`the arrow keys never chose ${value} (at ${(await focused(page)).value})`);
}

describe('browser: keyboard alone', () => {
  const env = useBrowserPortal();

  test('when a consumer uses only the keyboard, then they can choose a company in the type-ahead, a right, a place and their details, review and send, and reach "check your email"', async () => {
    const rec = journey('keyboard-consumer');
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    const email = uniqueEmail('keyboard');
    await page.goto('/');
    await page.evaluate('sessionStorage.clear()'); // a fresh form
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    // the skip link comes first and moves focus to the content
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main');
    await tabTo(page, { name: 'Start a request' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Which companies do you want to contact?' }).waitFor();

    // 1. the type-ahead: a combobox; the arrow keys move through the options, Enter adds the active one
    await tabTo(page, { name: 'Search by company, product or website' });
    const combo = page.getByRole('combobox', { name: 'Search by company, product or website' });
    await page.keyboard.type('sonos');
    const option = page.locator('#vendor-results [role="option"][data-vendor="sonos"]');
    await option.waitFor();
    await page
      .getByRole('status')
      .getByText(/found for “sonos”/)
      .waitFor();
    await waitUntil(async () => (await combo.getAttribute('aria-expanded')) === 'true', 'the list to open');
    let presses = 0;
    while ((await combo.getAttribute('aria-activedescendant')) !== 'vendor-option-sonos') {
      if (++presses > 10) throw new Error('ArrowDown never made Sonos the active option');
      await page.keyboard.press('ArrowDown');
    }
    expect((await focused(page)).id).toBe('f-vendors'); // focus stays in the input (aria-activedescendant)
    // the active option is outlined like focus
    expect(await page.evaluate("getComputedStyle(document.getElementById('vendor-option-sonos')).outlineStyle")).toBe(
      'solid',
    );
    await rec.check(page, 'vendors-active-option');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await option.getAttribute('aria-selected')) === 'true', 'Sonos selected');
    await page.getByRole('list', { name: 'Chosen companies' }).getByText('Sonos, Inc.').waitFor();
    await page.getByText('Sonos, Inc. added. 1 company chosen.').waitFor();
    await page.getByRole('heading', { name: 'Which companies do you want to contact?' }).waitFor(); // Enter did not leave the step
    await page.keyboard.press('Escape');
    expect(await combo.getAttribute('aria-activedescendant')).toBeNull();
    await tabTo(page, { name: 'Continue' });
    await page.keyboard.press('Enter');

    // 2. rights: Space ticks a checkbox; Enter on Continue
    await page.getByRole('heading', { name: 'What do you want the companies to do?' }).waitFor();
    await tabTo(page, { name: 'Continue' });
    await page.keyboard.press('Enter'); // nothing chosen: the error summary takes focus
    await page.getByRole('alert').getByText('Choose at least one thing to ask for.').waitFor();
    expect(await page.evaluate("document.activeElement?.classList.contains('error-summary')")).toBe(true);
    await tabTo(page, { name: 'See my data' });
    await page.keyboard.press('Space');
    expect(await page.getByLabel('See my data').isChecked()).toBe(true);
    await rec.check(page, 'rights');
    await tabTo(page, { name: 'Continue' });
    await page.keyboard.press('Enter');

    // 3. where: the arrow keys choose in the selects; Shift+Tab goes back
    await page.getByRole('heading', { name: 'Where do you live?' }).waitFor();
    await tabTo(page, { name: 'Country' });
    await arrowToValue(page, 'US');
    await page.getByLabel('State').waitFor();
    await tabTo(page, { name: 'State' });
    await arrowToValue(page, 'US-CA');
    await page.getByText('California Consumer Privacy Act').first().waitFor();
    await tabTo(page, { name: 'Country' }, { back: true, max: 3 });
    expect((await focused(page)).value).toBe('US');
    await rec.check(page, 'place');
    await tabTo(page, { name: 'Continue' });
    await page.keyboard.press('Enter');

    // 4. details: typed; Space on the button
    await page.getByRole('heading', { name: 'Your details', exact: true }).waitFor();
    await tabTo(page, { name: 'Full name' });
    await page.keyboard.type('Kay Board');
    await tabTo(page, { name: 'Email address' });
    await page.keyboard.type(email);
    await rec.check(page, 'details');
    await tabTo(page, { name: 'Review the letters' });
    await page.keyboard.press('Space');

    // 5. review and send
    await page.getByRole('heading', { name: 'Check before you send' }).waitFor();
    await page.getByRole('region', { name: /Sonos, Inc\.: see my data/ }).waitFor();
    await rec.check(page, 'review');
    await tabTo(page, { name: 'Send my requests' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await rec.check(page, 'check-email');
    await env.portal.sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(email)));

    expect(rec.problems).toEqual({});
    await context.close();
  });

  test('when staff use only the keyboard, then they can sign in and record a vendor response; a server error sits next to its field and keeps what was typed', async () => {
    const filed = await fetch(`${env.portal.url}/api/requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(intakeBody()),
    }).then((r) => r.json() as Promise<{ submission_id: string }>);
    const token = await storedVerificationToken(env.portal, filed.submission_id);
    await fetch(`${env.portal.url}/api/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    const req = await env.portal
      .db('requests as r')
      .join('submissions as s', 's.id', 'r.submission_id')
      .where('s.public_id', filed.submission_id)
      .first('r.id');
    await waitUntil(
      async () => (await env.portal.db('requests').where({ id: req.id }).first('status')).status === 'sent',
      'the letter sent',
    );
    const staff = await createAccountWithPassword(env.portal.db, 'staff');

    const rec = journey('keyboard-staff');
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);

    // sign in by keyboard (Enter in the password field submits)
    await page.goto(`/login?next=/staff/requests/${req.id}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await tabTo(page, { name: 'Email address' });
    await page.keyboard.type(staff.email);
    await tabTo(page, { name: 'Password' });
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: "Record the vendor's response" });
    await form.waitFor();

    // submit with nothing chosen: the summary takes focus and its link takes the keyboard to the field
    await tabTo(page, { name: 'Record response' });
    await page.keyboard.press('Enter');
    await form.getByText('Error: Outcome is required.').waitFor();
    await tabTo(page, { name: /Outcome is required/ }, { max: 3 });
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('f-response-outcome');

    // a denial without the reason: the server's 422 names the field; the error sits next to it and nothing is lost
    await arrowToValue(page, 'denied');
    await tabTo(page, { name: 'Record response' });
    await page.keyboard.press('Enter');
    const reason = form.getByLabel(/Reason or summary/);
    await waitUntil(
      async () => (await reason.getAttribute('aria-invalid')) === 'true',
      'the reason field marked invalid',
    );
    expect((await reason.getAttribute('aria-describedby'))?.split(' ')).toContain('f-response-reason-error');
    expect(await form.locator('#f-response-reason-error').textContent()).toMatch(/^Error: .*reason/i);
    expect(await form.getByLabel('Outcome').inputValue()).toBe('denied');
    expect(await form.getByLabel('Received on').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await rec.check(page, 'response-server-error');

    // now a fulfilled answer, by keyboard
    await tabTo(page, { id: 'f-response-outcome' }, { back: true });
    await arrowToValue(page, 'fulfilled');
    await tabTo(page, { id: 'f-response-reason' });
    await page.keyboard.type('Sent a full copy of the data by email.');
    await tabTo(page, { name: 'Record response' });
    await page.keyboard.press('Enter');
    await waitUntil(
      async () => (await page.locator('dd').first().textContent()) === 'completed',
      'status completed in the page',
    );
    await rec.check(page, 'after-response');

    expect(rec.problems).toEqual({});
    await context.close();
  });
});
