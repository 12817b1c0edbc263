import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { replyAddressFor, startInboundReceiver } from '../../server/correspondence';
import { systemClock } from '../../server/shared/clock';
import { createReplyWorkflow } from '../../server/staff';
import { refreshVendorResponsiveness } from '../../server/vendors';
import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import { intakeBody, storedVerificationToken } from '../factories/intake';
import { silentLogger } from '../setup/context';
import { journey, postJson, useBrowserPortal, waitUntil } from './harness';

jest.setTimeout(120_000);

describe('browser: staff confirm what a vendor reply proposes', () => {
  const env = useBrowserPortal();

  test('when Sonos asks for proof of identity, then staff see the proposal on the request and confirm it in one click; the request awaits the consumer, who is emailed how to answer; the company page shows its record', async () => {
    const { portal } = env;
    const body = intakeBody({ rights: ['access'], vendors: ['sonos'], jurisdiction: 'US-CA' });
    const filed = await postJson(portal, '/api/requests', body);
    const verified = await postJson(portal, '/api/verify', {
      token: await storedVerificationToken(portal, filed.submission_id as string),
    });
    const mine = (verified.requests as { id: number; reference: string }[])[0]!;
    await waitUntil(
      async () => (await portal.db('requests').where({ id: mine.id }).first('status')).status === 'sent',
      'the letter sent',
    );

    // the vendor's reply, through the real inbound SMTP receiver
    const receiver = await startInboundReceiver(
      {
        db: portal.db,
        config: portal.config,
        logger: silentLogger,
        clock: systemClock,
        replies: createReplyWorkflow({ config: portal.config, clock: systemClock }),
      },
      0,
    );
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: receiver.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({
        from: 'Sonos Privacy <privacy@sonos.com>',
        to: replyAddressFor(mine.reference, portal.config.appSecret, portal.config.replyDomain),
        subject: `RE: Your privacy request ${mine.reference}`,
        messageId: `<${randomUUID()}@sonos.example>`,
        text: 'Hello,\n\nTo verify your identity, please provide a copy of your government-issued ID.\n\nSonos Privacy Team',
      });
    } finally {
      transport.close();
      await receiver.close();
    }
    const proposal = await portal.db('reply_classifications').where({ request_id: mine.id }).first();
    expect(proposal).toMatchObject({ class: 'information_requested', status: 'proposed' });

    const staff = await createAccountWithPassword(portal.db, 'staff');
    const rec = journey('staff-replies');
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await page.goto('/login');
    await page.getByLabel('Email address').fill(staff.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Request queue' }).waitFor();
    // the queue shows the replies waiting for a decision, with a link to the request
    await page.getByText(/Replies waiting for a decision/).waitFor();
    await rec.check(page, 'queue-with-proposals');
    await page.getByRole('link', { name: mine.reference }).first().click();
    await page.getByRole('heading', { name: new RegExp(`^${mine.reference}: Sonos`) }).waitFor();

    const card = page.getByRole('region', { name: 'Reply classified as Asks for information' });
    await card.waitFor();
    await card.getByText(/waits for the consumer/).waitFor();
    await rec.check(page, 'request-with-proposal');
    await card.getByRole('button', { name: /^Confirm/ }).click();
    await card.getByText(/applied by/).waitFor();
    await waitUntil(
      async () => (await page.locator('dd').first().textContent()) === 'awaiting information',
      'status awaiting information in the page',
    );
    await rec.check(page, 'after-confirm');
    expect(await portal.db('reply_classifications').where({ id: proposal.id }).first()).toMatchObject({
      status: 'applied',
      decided_by: staff.id,
    });

    // the consumer is told how to answer, with the link to the answer form
    const told = await portal.sink.waitFor((all) =>
      all.some((m) => m.envelopeTo.includes(body.requester.email) && /proof of identity/.test(m.parsed.subject ?? '')),
    );
    const notice = told.find((m) => /proof of identity/.test(m.parsed.subject ?? ''))!;
    expect(notice.parsed.text).toContain(`/requests/${mine.reference}#answer-${mine.id}`);

    // the settings page, and the company's public page (after the worker's refresh)
    await page.getByRole('link', { name: 'Replies', exact: true }).click();
    await page.getByRole('heading', { name: 'Apply automatically' }).waitFor();
    await rec.check(page, 'reply-settings');
    await refreshVendorResponsiveness(portal.db, systemClock);
    await page.goto('/companies/sonos');
    await page.getByRole('heading', { name: 'How Sonos, Inc. answers data-rights requests' }).waitFor();
    await page.getByText('Median time to a first answer').waitFor();
    await rec.check(page, 'company-page');

    expect(rec.problems).toEqual({});
    await context.close();
  });
});
