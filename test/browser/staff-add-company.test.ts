import { randomUUID } from 'node:crypto';
import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import { focusProblems, journey, signInPage, useBrowserPortal } from './harness';

jest.setTimeout(120_000);

describe('browser: staff add a company from its policy', () => {
  const env = useBrowserPortal();

  test('when staff paste a policy, review its drafts with their quotes, reject one with a reason and publish, then the vendor and its change history are shown', async () => {
    const word = `Quill${randomUUID()
      .replace(/[^a-f]/g, '')
      .slice(0, 6)}`;
    const slug = `${word.toLowerCase()}-labs-inc`;
    const text = [
      'Privacy Policy',
      `This Privacy Policy describes how ${word} Labs, Inc. collects, uses and shares personal information.`,
      `You have the right to access, correct and delete the personal information we hold about you. To exercise these rights, email us at privacy [at] ${word.toLowerCase()} [dot] test. We will respond to your request within 45 days, or 90 days if we notify you that we need more time.`,
    ].join('\n\n');
    const staff = await createAccountWithPassword(env.portal.db, 'staff');
    const rec = journey('staff-add-company');
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await signInPage(page, staff.email, TEST_PASSWORD, /\/staff$/);

    await page.goto('/staff/registry');
    await page.getByRole('link', { name: 'Add or refresh a company from its policy' }).click();
    await page.getByRole('heading', { name: 'Add or refresh a company' }).waitFor();
    await rec.check(page, 'add-company');
    // a URL on a private address is refused next to the field, naming why
    await page.getByLabel('Policy URL').fill('http://169.254.169.254/latest/meta-data/');
    await page.getByRole('button', { name: 'Read the policy' }).click();
    await page.locator('#f-url-error').getByText('link-local').waitFor();
    await rec.check(page, 'add-company-refused');

    await page.getByLabel('Pasted text').check();
    await page.getByLabel('Policy text').fill(text);
    await page.getByRole('button', { name: 'Read the policy' }).click();
    await page.getByRole('heading', { name: 'Review a submitted policy' }).waitFor();
    await page.getByText(`privacy [at] ${word.toLowerCase()} [dot] test`, { exact: false }).first().waitFor();
    await page.getByText(`Publishing creates a new vendor “${slug}”`).waitFor();
    await rec.check(page, 'intake-review');
    const focus = await focusProblems(page);

    // reject the deadline without a reason: the error lands next to its reason field; then give one and publish
    const deadline = page.locator('li.card').filter({ hasText: 'days: 45' });
    await deadline.getByRole('combobox').selectOption('reject');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('.error-summary').waitFor();
    await rec.check(page, 'intake-review-error');
    await deadline.getByRole('textbox').fill('the deadline is stated for California residents only');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText(`Published to ${slug}`).waitFor();

    const vendor = await env.portal.db('vendors').where({ slug }).first('id', 'current_document_id');
    const facts = await env.portal
      .db('vendor_facts')
      .where({ document_id: vendor.current_document_id })
      .select('family', 'review_status', 'fact');
    expect(facts.find((f) => f.family === 'deadline')).toMatchObject({
      review_status: 'rejected',
      fact: expect.objectContaining({ days: 45, extension: expect.objectContaining({ days: 90 }) }),
    });
    expect(facts.find((f) => f.family === 'channel')).toMatchObject({
      review_status: 'draft',
      fact: expect.objectContaining({ value: `privacy@${word.toLowerCase()}.test` }),
    });

    await page.getByRole('link', { name: 'Policy changes' }).click();
    await page.getByRole('heading', { name: `${word} Labs, Inc.: policy changes` }).waitFor();
    await page.getByText('No policy URL is watched for this vendor.').waitFor();
    await rec.check(page, 'policy-changes');

    expect(focus).toEqual([]);
    expect(rec.problems).toEqual({});
    await context.close();
  });
});
