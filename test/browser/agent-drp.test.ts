import type { Page } from 'playwright-core';
import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import { drpBusinessFor, importDrpChannel } from '../factories/drp';
import { randomWord, registryVendor } from '../factories/vendors';
import { createTestContext, uniqueEmail, type TestContext } from '../setup/context';
import type { DrpBusiness } from '../setup/drp-business';
import { intakeBody } from '../factories/intake';
import { journey, postJson, signInPage, useBrowserPortal, waitUntil } from './harness';

jest.setTimeout(180_000);

/**
 * The "done when" for DRP: an agent files in the browser to a vendor whose DRP channel points at the loopback
 * test business; the exercise is signed and accepted, the business's status callbacks move it through in_progress
 * (the principal is emailed the verification link) to fulfilled, and the agent's timeline shows each step.
 */
describe('browser: an authorized agent files by the Data Rights Protocol', () => {
  const env = useBrowserPortal({ FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
  let business: DrpBusiness;
  let staffCtx: TestContext;

  beforeAll(async () => {
    business = await drpBusinessFor(env.portal.db, env.portal.config);
    staffCtx = createTestContext({ config: env.portal.config });
  });
  afterAll(async () => {
    await business.close();
    await staffCtx.close();
  });

  test('when an agent files a deletion to a DRP vendor, then callbacks move it through verification to fulfilled and the timeline shows each step', async () => {
    const name = `Drp ${randomWord(10)}`;
    const vendor = await registryVendor(env.portal.db, { name, emails: [`privacy@${randomWord(8)}.example`] });
    await importDrpChannel(staffCtx.app, env.portal.db, business, vendor.slug);

    const agent = await createAccountWithPassword(env.portal.db, 'agent', { verified: true });
    const rec = journey('agent-drp');
    const page = await (await env.newContext()).newPage();
    rec.watch(page);
    await signInPage(page, agent.email, TEST_PASSWORD, /\/agent$/);
    await page.getByRole('heading', { name: 'Your principals' }).waitFor();

    // a principal, authorized by an uploaded signed document
    const principalEmail = uniqueEmail('drp-principal');
    const principalName = `Pat ${randomWord(6)}`;
    await page.getByLabel('Full name').fill(principalName);
    await page.getByLabel('Email address').fill(principalEmail);
    await page.getByRole('button', { name: /Add principal/ }).click();
    await page.getByRole('link', { name: principalName }).click();
    await page.getByRole('heading', { name: principalName, exact: true }).waitFor();
    await page
      .getByLabel('Upload a signed permission')
      .setInputFiles({ name: 'signed.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('button', { name: 'File requests' }).waitFor();
    await waitUntil(async () => page.getByRole('button', { name: 'File requests' }).isEnabled(), 'authorized');

    await fileDeletion(page, name, vendor.slug);
    await page
      .getByRole('status')
      .getByText(/Filed: DR-/)
      .waitFor();
    await page.getByRole('link', { name: 'See all requests' }).click();
    const row = await env.portal.db('requests').where({ vendor_id: vendor.id }).first('id', 'reference');
    await page.getByRole('link', { name: row.reference }).click();
    await page.getByRole('heading', { name: row.reference }).waitFor();
    await page.getByText('DRP: the company registered the request (open)').waitFor({ timeout: 60_000 });
    await rec.check(page, 'drp-open');

    // the business acknowledges, needs the consumer to verify, then fulfils: each by a status callback
    const held = [...business.requests.values()].find((r) => r.agent_request_id === row.reference)!;
    expect(held.message['drp.version']).toBe('1.0');
    expect(
      await business.update(held.request_id, {
        status: 'in_progress',
        reason: 'need_user_verification',
        user_verification_url: `https://business.example/verify/${held.request_id}`,
      }),
    ).toBe(200);
    const mail = await env.portal.sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(principalEmail)));
    const toPrincipal = mail.find((m) => m.envelopeTo.includes(principalEmail))!;
    expect(toPrincipal.parsed.text).toContain(`https://business.example/verify/${held.request_id}?redirect_to=`);
    await page.getByText('DRP: in progress, the company needs the consumer to verify their identity').waitFor();
    await page.getByText('The verification link was emailed to the consumer').waitFor();
    await rec.check(page, 'drp-verification');

    expect(await business.update(held.request_id, { status: 'in_progress' })).toBe(200);
    expect(
      await business.update(held.request_id, {
        status: 'fulfilled',
        results_url: 'https://business.example/results/1',
      }),
    ).toBe(200);
    await page.getByText('DRP: fulfilled').waitFor();
    await page.locator('ol.timeline li', { hasText: /: DRP: in progress$/ }).waitFor();
    await page.getByRole('link', { name: 'The company’s results' }).waitFor();
    expect(await page.getByRole('button', { name: 'Revoke this request' }).count()).toBe(0);
    await rec.check(page, 'drp-fulfilled');
    expect((await env.portal.db('requests').where({ id: row.id }).first('status')).status).toBe('completed');
    expect(rec.problems).toEqual({});
  });

  test('when a consumer’s DRP request needs identity verification, then the status page links the company’s page, and the consumer can revoke it there', async () => {
    const name = `Drp ${randomWord(10)}`;
    const vendor = await registryVendor(env.portal.db, { name, emails: [`privacy@${randomWord(8)}.example`] });
    await importDrpChannel(staffCtx.app, env.portal.db, business, vendor.slug);
    const email = uniqueEmail('drp-consumer');
    await postJson(
      env.portal,
      '/api/requests',
      intakeBody({ vendors: [vendor.slug], rights: ['deletion'], requester: { email, name: 'Casey Consumer' } }),
    );
    const verification = await env.portal.sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(email)));
    const link = /(http:\/\/127\.0\.0\.1:\d+\/verify\/[A-Za-z0-9_-]+)/.exec(
      verification.find((m) => m.envelopeTo.includes(email))!.parsed.text ?? '',
    )![1]!;
    const rec = journey('consumer-drp');
    const page = await (await env.newContext()).newPage();
    rec.watch(page);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Your requests' }).waitFor();
    const row = await env.portal.db('requests').where({ vendor_id: vendor.id }).first('id', 'reference');
    await waitUntil(
      async () => [...business.requests.values()].some((r) => r.agent_request_id === row.reference),
      'the business holds the exercise',
    );
    const held = [...business.requests.values()].find((r) => r.agent_request_id === row.reference)!;
    expect(held.message).toEqual(expect.objectContaining({ email, email_verified: true }));
    await business.update(held.request_id, {
      status: 'in_progress',
      reason: 'need_user_verification',
      user_verification_url: `https://business.example/verify/${held.request_id}`,
    });
    await page.reload();
    const verify = page.getByRole('link', { name: 'the company’s verification page' });
    await verify.waitFor();
    expect(await verify.getAttribute('href')).toBe(`https://business.example/verify/${held.request_id}`);
    await rec.check(page, 'drp-verify');
    await page.getByRole('button', { name: 'Revoke this request' }).click();
    await page.getByText('Revoke requested: the company is being told.').waitFor();
    await waitUntil(
      async () => (await env.portal.db('requests').where({ id: row.id }).first('status')).status === 'withdrawn',
      'withdrawn',
    );
    expect(business.requests.get(held.request_id)!.status).toBe('revoked');
    await page.reload();
    await page.getByText('DRP: revoked').waitFor();
    await rec.check(page, 'drp-revoked');
    expect(rec.problems).toEqual({});
  });
});

async function fileDeletion(page: Page, search: string, slug: string) {
  await page.getByLabel('Search by company, product or website').fill(search);
  await page.locator(`#vendor-results [role="option"][data-vendor="${slug}"]`).click();
  await page.getByLabel('Delete my data').check();
  await page.getByLabel('Country').selectOption('US');
  await page.getByLabel('State').selectOption('US-CA');
  await page.getByRole('button', { name: 'File requests' }).click();
}
