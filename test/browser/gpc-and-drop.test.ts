import { registryVendor, randomWord } from '../factories/vendors';
import { uniqueEmail } from '../setup/context';
import { journey, useBrowserPortal } from './harness';

jest.setTimeout(120_000);

/**
 * Issue #19 in the browser: a browser that sends Global Privacy Control (the Sec-GPC header on every request and
 * navigator.globalPrivacyControl, as Firefox, Brave and DuckDuckGo do) files a deletion and an opt-out with a registered
 * California data broker. The review offers DROP, the opt-out letter the broker receives states the GPC signal with
 * California's law, and the status page tracks the broker's DROP cycle once the consumer gives the day they used it.
 */
describe('browser: GPC and DROP', () => {
  const env = useBrowserPortal();

  test('when a GPC browser asks a California broker to delete and opt out, then DROP is offered, the letter states GPC and the DROP cycle is tracked', async () => {
    const rec = journey('gpc-drop');
    const name = `Brokerly ${randomWord(10)}`;
    const brokerEmail = uniqueEmail('broker');
    const broker = await registryVendor(env.portal.db, { name, emails: [brokerEmail], broker: true });
    const context = await env.newContext();
    await context.setExtraHTTPHeaders({ 'Sec-GPC': '1' });
    await context.addInitScript({
      content: "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });",
    });
    const page = await context.newPage();
    rec.watch(page);
    const email = uniqueEmail('gpc');

    await page.goto('/file');
    await page.getByLabel('Search by company, product or website').fill(name);
    await page.locator(`#vendor-results [role="option"][data-vendor="${broker.slug}"]`).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Delete my data').check();
    await page.getByLabel('Stop selling or sharing my data').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Country').selectOption('US');
    await page.getByLabel('State').selectOption('US-CA');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Full name').fill('Gia Signal');
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Review the letters' }).click();

    // the review explains DROP for the deletion, and says the request is still sent
    await page.getByRole('heading', { name: 'Check before you send' }).waitFor();
    await page.getByText('so you can also use DROP, the Delete Request and Opt-out Platform').first().waitFor();
    await page.getByText(`We still send your own request to ${name}`).first().waitFor();
    await rec.check(page, 'review-drop');
    await page.getByRole('button', { name: 'Send my requests' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    // the submission carries the browser's signal as evidence
    const submission = await env.portal
      .db('submissions as s')
      .join('requesters as p', 'p.id', 's.requester_id')
      .where('p.email', email)
      .first('s.gpc');
    expect(submission.gpc).toMatchObject({ header: true, browser: true });

    await env.portal.sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(email)));
    const mail = env.portal.sink.messages.find((m) => m.envelopeTo.includes(email))!;
    const link = /(http:\/\/127\.0\.0\.1:\d+\/verify\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Your requests' }).waitFor();

    // the opt-out letter the broker receives states the signal and California's rule; the deletion letter does not
    await env.portal.sink.waitFor((all) => all.filter((m) => m.envelopeTo.includes(brokerEmail)).length >= 2);
    const letters = env.portal.sink.messages.filter((m) => m.envelopeTo.includes(brokerEmail));
    const optOut = letters.find((m) => /opt out/i.test(m.parsed.subject ?? ''))!;
    const deletion = letters.find((m) => m !== optOut)!;
    expect(optOut.parsed.text).toContain('sends the Global Privacy Control (GPC) signal');
    expect(optOut.parsed.text).toContain('Cal. Code Regs. tit. 11, § 7025');
    expect(deletion.parsed.text).not.toContain('Global Privacy Control');

    // the status page offers DROP on the deletion request and tracks it once the consumer gives the day
    const card = page.getByRole('region', { name: new RegExp(`${name}: delete my data`) });
    await card.getByRole('heading', { name: "California's DROP" }).waitFor();
    await rec.check(page, 'status-drop');
    // two days ago (in UTC; California is at most a day behind): the broker's 90 days are still running
    const usedOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await card.getByLabel('If you used DROP, the day you made your request').fill(usedOn);
    await card.getByRole('button', { name: 'Track my DROP request' }).click();
    await card.getByText('The broker must process it by').waitFor();
    expect(
      await env.portal
        .db('drop_filings')
        .where({ request_id: await requestId(broker.id, 'deletion') })
        .first('submitted_on'),
    ).toEqual({ submitted_on: usedOn });

    expect(rec.problems).toEqual({});
    await context.close();
  });

  test('when a registered broker reported its own request figures and its site states GPC support, then its public page shows both beside what the portal observed', async () => {
    const rec = journey('company-self-reported');
    const name = `Brokerly ${randomWord(10)}`;
    const broker = await registryVendor(env.portal.db, { name, emails: [uniqueEmail('broker')], broker: true });
    // the broker's record in the California registry, as the importer stores one: a document citing it, and its metrics
    const text = `${name}\nRequest metrics reported by the broker:\ndeletion: received 1200, complied 950`;
    const [record] = await env.portal
      .db('policy_documents')
      .insert({
        vendor_id: broker.id,
        source: 'California data broker registry (test record)',
        title: name,
        format: 'text',
        sha256: broker.slug.padEnd(64, '1'),
        normalized_text: text,
        byte_length: Buffer.byteLength(text),
        retrieved_at: new Date(),
        kind: 'dataset_record',
        dataset: 'ca-data-broker-registry',
        dataset_name: 'California Data Broker Registry',
        dataset_record: broker.slug,
        dataset_version: '2025',
      })
      .returning<{ id: number }[]>('id');
    await env.portal.db('vendor_dataset_records').insert({
      vendor_id: broker.id,
      dataset: 'ca-data-broker-registry',
      record_key: broker.slug,
      current_document_id: record!.id,
      dataset_version: '2025',
      metrics: JSON.stringify({ deletion: { received: 1200, complied: 950, denied: 250, median_days: 31 } }),
    });
    await env.portal.db('vendor_gpc_checks').insert({
      vendor_id: broker.id,
      url: 'https://broker.example/.well-known/gpc.json',
      outcome: 'supported',
      checked_at: new Date('2026-11-30T10:00:00Z'),
    });
    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await page.goto(`/companies/${broker.slug}`);
    await page.getByRole('heading', { name: `What ${name} reported itself` }).waitFor();
    const figures = page.getByRole('row', { name: /^deletion/ });
    for (const figure of ['received: 1200', 'complied: 950', 'denied: 250', 'median days: 31'])
      expect(await figures.textContent()).toContain(figure);
    await page.getByText('says it honours the Global Privacy Control signal').waitFor();
    await rec.check(page, 'company');
    expect(rec.problems).toEqual({});
    await context.close();
  });

  async function requestId(vendorId: number, right: string): Promise<number> {
    const row = await env.portal.db('requests').where({ vendor_id: vendorId, right }).first('id');
    return Number(row.id);
  }
});
