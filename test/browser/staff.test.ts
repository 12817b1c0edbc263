import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import { intakeBody, storedVerificationToken } from '../factories/intake';
import { journey, postJson, useBrowserPortal, waitUntil } from './harness';

jest.setTimeout(120_000);

describe('browser: staff work the queue', () => {
  const env = useBrowserPortal();

  test("when staff sign in, find a consumer's requests in the queue by due date and record a vendor reply, then the consumer is notified", async () => {
    // a consumer's requests to two vendors, verified and sent by the worker (different deadlines: Sonos promises 30 days)
    const body = intakeBody({ rights: ['access'], vendors: ['sonos', 'ntt-sonority'], jurisdiction: 'US-CO' });
    const filed = await postJson(env.portal, '/api/requests', body);
    await postJson(env.portal, '/api/verify', {
      token: await storedVerificationToken(env.portal, filed.submission_id as string),
    });
    const submission = await env.portal.db('submissions').where({ public_id: filed.submission_id }).first('id');
    await waitUntil(
      async () =>
        (await env.portal.db('requests').where({ submission_id: submission.id, status: 'sent' })).length === 2,
      'both letters sent',
    );
    await waitUntil(
      async () =>
        (await env.portal.db('requests').where({ submission_id: submission.id }).whereNotNull('due_on')).length === 2,
      'both deadlines',
    );
    const staff = await createAccountWithPassword(env.portal.db, 'staff');

    const rec = journey('staff');
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await page.goto('/staff');
    await rec.check(page, 'staff-signed-out');
    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await page.getByLabel('Email address').fill(staff.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await rec.check(page, 'login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Request queue' }).waitFor();

    // the awaiting-vendor bucket, filtered to this consumer: ordered by due date
    await page.getByRole('button', { name: /^Awaiting vendor/ }).click();
    await page.getByText('Filters', { exact: true }).click();
    await page.getByLabel('Jurisdiction').fill('US-CO');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/jurisdiction=US-CO/);
    const ours = await env.portal
      .db('requests as r')
      .join('vendors as v', 'v.id', 'r.vendor_id')
      .where('r.submission_id', submission.id)
      .orderBy('r.due_on')
      .select('r.reference', 'v.name');
    const rows = page.locator('tbody tr');
    for (const r of ours) {
      // the page may still be loading; other tests' US-CO requests may push ours onto a later page
      await waitUntil(async () => {
        if (await rows.filter({ hasText: r.reference }).count()) return true;
        const more = page.getByRole('button', { name: 'Show more' });
        if (await more.count()) await more.click();
        return false;
      }, `${r.reference} in the queue`);
    }
    await rec.check(page, 'queue');
    // ordered by due date (overdue first, then soonest): Sonos promises 30 days, the statute gives NTT 45
    const due = (await rows.locator('td:nth-child(7)').allTextContents()).map((d) => new Date(d).getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    const refs = await rows.locator('td:nth-child(2)').allTextContents();
    expect(ours.map((r) => r.name)).toEqual(['Sonos, Inc.', 'NTT Sonority, Inc.']);
    expect(refs.indexOf(ours[0]!.reference)).toBeLessThan(refs.indexOf(ours[1]!.reference));

    // record the vendor's reply on the Sonos request
    await rows.filter({ hasText: ours[0]!.reference }).getByRole('link').click();
    await page.getByRole('heading', { name: /Sonos, Inc\., see my data/ }).waitFor();
    await rec.check(page, 'request-detail');
    // nothing is due yet: escalating now needs a justification, which the escalate form offers
    const escalate = page.getByRole('form', { name: 'Escalate: send the follow-up letter now' });
    await escalate.getByRole('button', { name: 'Send follow-up' }).click();
    await escalate
      .getByText(/before the effective due date|justification/i)
      .first()
      .waitFor();
    expect(await escalate.getByLabel('Why now (before the due date only)').locator('option').allTextContents()).toEqual(
      ['Choose…', 'The company refused the request', 'The company asked for something unlawful'],
    );
    const form = page.getByRole('form', { name: "Record the vendor's response" });
    await form.getByRole('button', { name: 'Record response' }).click(); // no outcome chosen: the error sits next to it
    await form.getByText('Error: Outcome is required.').waitFor();
    await form.getByLabel('Outcome').selectOption('fulfilled');
    await form.getByLabel('Reason or summary').fill('Sent a full copy of the data by email.');
    await form.getByRole('button', { name: 'Record response' }).click();
    await page.getByText('status').first().waitFor();
    await waitUntil(
      async () => (await page.locator('dd').first().textContent()) === 'completed',
      'status completed in the page',
    );
    await rec.check(page, 'after-response');

    // the consumer is told
    await env.portal.sink.waitFor((all) =>
      all.some(
        (m) => m.envelopeTo.includes(body.requester.email) && /repl|answer|respon/i.test(m.parsed.subject ?? ''),
      ),
    );

    // the dashboard and registry pages are reachable and accessible
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'On-time rate' }).waitFor();
    await rec.check(page, 'dashboard');
    await page.getByRole('link', { name: 'Registry' }).click();
    await page.getByRole('heading', { name: 'Facts awaiting a decision' }).waitFor();
    await page.getByLabel('Find a company (name, brand or domain)').fill('sonos');
    await page.locator('a[href="/staff/registry/sonos"]').click();
    await page.getByRole('heading', { name: 'Sonos, Inc.: published facts' }).waitFor();
    await rec.check(page, 'registry');
    await page.getByRole('link', { name: 'Mail' }).click();
    await page.getByRole('heading', { name: 'Captured mail (development)' }).waitFor();
    await rec.check(page, 'mail');

    expect(rec.problems).toEqual({});
    await context.close();
  });
});
