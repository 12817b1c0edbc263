import { encrypt } from '../../server/shared/encryption';
import { intakeBody } from '../factories/intake';
import { uniqueEmail } from '../setup/context';
import { journey, postJson, useBrowserPortal, waitUntil } from './harness';

jest.setTimeout(120_000);

/** Issue 16: the "follow your request" link works from any browser; the consumer reads replies and answers. */
describe('browser: a consumer follows a request from another browser', () => {
  const env = useBrowserPortal();

  test('when a consumer opens the link from an email in a fresh browser, then they sign in by email, read the reply with its attachment, and answer it', async () => {
    const rec = journey('consumer-find');
    const email = uniqueEmail('elsewhere');
    // the consumer reads German: the letter goes to Sonos in English, their copy of it in German
    const submitted = await postJson(env.portal, '/api/requests', intakeBody({ requester: { email }, language: 'de' }));
    await env.portal.sink.waitFor((all) =>
      all.some((m) => m.envelopeTo.includes(email) && /\/verify\//.test(m.parsed.text ?? '')),
    );
    const verifyMail = env.portal.sink.messages.find(
      (m) => m.envelopeTo.includes(email) && /\/verify\//.test(m.parsed.text ?? ''),
    )!;
    const token = /\/verify\/([A-Za-z0-9_-]+)/.exec(verifyMail.parsed.text ?? '')![1]!;
    const verified = (await postJson(env.portal, '/api/verify', { token })) as {
      requests: { id: number; reference: string }[];
    };
    expect(submitted.submission_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const { id, reference } = verified.requests[0]!;
    await waitUntil(
      async () => (await env.portal.db('requests').where({ id }).first('status')).status === 'sent',
      'the letter to be sent',
    );

    // a vendor reply with an attachment, as the inbound receiver stores it
    const attachment = Buffer.from('%PDF-1.4 your data export');
    const [message] = await env.portal
      .db('inbound_messages')
      .insert({
        request_id: id,
        kind: 'reply',
        threaded_by: 'reply_address',
        from_address: 'privacy@sonos.com',
        envelope_to: ['x@portal.localhost'],
        subject: `Re: ${reference}`,
        text_body: 'Before we proceed, please confirm your customer number. Your export is attached.',
        html_body:
          '<p>Before we proceed, please confirm your <b>customer number</b>.</p><img src="https://tracker.example/p.gif">',
        size_bytes: 100,
        received_at: new Date(),
      })
      .returning('id');
    await env.portal.db('inbound_attachments').insert({
      inbound_message_id: message.id,
      filename: 'export.pdf',
      content_type: 'application/pdf',
      size_bytes: attachment.length,
      sha256: 'x',
      sealed_content: encrypt(env.portal.config.appSecret, 'reply-attachment', attachment),
    });
    await env.portal.db('requests').where({ id }).update({ status: 'awaiting_information' });

    // a browser that never verified: the link from the email leads to signing in, not to a dead end
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await page.goto(`/requests/${reference}`);
    await page.getByText('This browser cannot see that request yet').waitFor();
    await rec.check(page, 'no-access');
    await page.getByLabel('Your email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('status').getByText('we have emailed it a sign-in link').waitFor();
    await env.portal.sink.waitFor((all) =>
      all.some((m) => m.envelopeTo.includes(email) && /\/sign-in\//.test(m.parsed.text ?? '')),
    );
    const signInMail = env.portal.sink.messages.find(
      (m) => m.envelopeTo.includes(email) && /\/sign-in\//.test(m.parsed.text ?? ''),
    )!;
    const link = /(http:\/\/127\.0\.0\.1:\d+\/sign-in\/[A-Za-z0-9_-]+)/.exec(signInMail.parsed.text ?? '')![1]!;
    await page.goto(link);
    await page.waitForURL(new RegExp(`/requests/${reference}$`));
    await page.getByRole('heading', { name: /Sonos, Inc\.: see my data/ }).waitFor();

    // the reply in full, and its attachment
    await page.getByRole('heading', { name: 'Replies from the company' }).waitFor();
    await page.getByText('Your export is attached.').waitFor();
    await rec.check(page, 'request-with-reply');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download export.pdf' }).click();
    expect((await download).suggestedFilename()).toBe('export.pdf');
    const copy = page.waitForEvent('download');
    await page.getByRole('button', { name: /^Download your copy in German/ }).click();
    expect((await copy).suggestedFilename()).toBe(`${reference}-request-de.pdf`);

    // answer the company in the same thread
    await page.getByLabel('Your answer').fill('My customer number is 4711.');
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page
      .getByRole('status')
      .getByText('Sent to Sonos')
      .waitFor()
      .catch(async (err: unknown) => {
        // what the page said instead (a problem shown next to the field, a different status)
        throw new Error(`${String(err)}\npage text:\n${await page.locator('main').innerText()}`);
      });
    expect(await env.portal.db('consumer_answers').where({ request_id: id })).toHaveLength(1);
    await rec.check(page, 'answered');

    // the used sign-in link offers a new one instead of a dead end
    const other = await context.newPage();
    await other.goto(link);
    await other.getByRole('heading', { name: 'This sign-in link was already used or has expired' }).waitFor();
    await other.getByLabel('Your email address').waitFor();

    expect(rec.problems).toEqual({});
    await context.close();
  });
});
