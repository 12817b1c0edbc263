import { randomUUID } from 'node:crypto';
import { replyAddressFor } from '../../server/correspondence';
import { systemClock } from '../../server/shared/clock';
import { confirmProposal } from '../../server/staff/reply-workflow.service';
import { createAccountWithPassword } from '../factories/accounts';
import { startInboundWithReplies } from '../factories/correspondence';
import { intakeBody, storedVerificationToken } from '../factories/intake';
import { postJson, useBrowserPortal, waitUntil } from './harness';

jest.setTimeout(120_000);

describe('browser: the consumer pages in the visitor’s language', () => {
  const env = useBrowserPortal();

  test('when a browser prefers German, then the home page is in German; switching to Japanese shows Japanese, survives a reload and carries into the request form', async () => {
    const context = await env.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto('/');

    await page
      .getByRole('heading', { level: 1, name: 'Behalten Sie die Kontrolle über Ihre personenbezogenen Daten' })
      .waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.getByRole('link', { name: 'Antrag beginnen' }).waitFor();
    await page.getByText('Meine Daten einsehen', { exact: true }).waitFor(); // a right's title from data.ts
    // a link inside a translated sentence keeps its text
    await page.getByRole('link', { name: 'ein Konto anlegen' }).waitFor();
    // the menu names each language in its own language, marked with its lang
    const menu = page.getByLabel('Sprache');
    expect(await menu.inputValue()).toBe('de');
    expect(await menu.locator('option[value="ja"]').getAttribute('lang')).toBe('ja');
    expect(await menu.locator('option[value="ja"]').textContent()).toBe('日本語');

    await menu.selectOption('ja');
    await page.getByRole('heading', { level: 1, name: '個人データの管理を取り戻しましょう' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: '個人データの管理を取り戻しましょう' }).waitFor();
    expect(await page.getByLabel('言語').inputValue()).toBe('ja');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');

    // the first step of filing a request, in Japanese: the search, the progress and a client-side error
    await page.getByRole('link', { name: '請求を始める' }).click();
    await page.getByRole('heading', { level: 1, name: /データに関する請求を行う/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'どの企業に連絡しますか?' }).waitFor();
    await page.getByLabel('企業名、製品名、ウェブサイトで検索').waitFor();
    await page.getByRole('navigation', { name: '進行状況' }).getByText('1. 企業').waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('alert').getByText('企業を1社以上選んでください', { exact: false }).waitFor();

    // on through the steps: rights from data.ts, country names from Intl, the details form
    await page.getByLabel('企業名、製品名、ウェブサイトで検索').fill('sonos');
    await page.locator('#vendor-results [role="option"][data-vendor="sonos"]').click();
    await page.getByRole('heading', { name: '選んだ企業(1)' }).waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('heading', { name: '企業に何を求めますか?' }).waitFor();
    await page.getByLabel('自分のデータを見る').check();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('heading', { name: 'どちらにお住まいですか?' }).waitFor();
    const country = page.getByLabel('国', { exact: true });
    await country.selectOption('DE');
    expect(await country.locator('option[value="DE"]').textContent()).toBe('ドイツ');
    await page.getByText('はい、この権利があります。', { exact: false }).waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('heading', { level: 2, name: 'お客様の情報' }).waitFor();
    await page.getByLabel('氏名(フルネーム)').waitFor();

    // staff and agent screens stay in English, layout and <html lang> included, with no language menu
    await page.goto('/agent/signup');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('select#language').count()).toBe(0);
    await context.close();
  });

  test('when a browser prefers a language we do not have, then the first one we have among its languages is used', async () => {
    const context = await env.newContext({ locale: 'pt-BR' });
    // chromium's locale sets only the first language: the rest of the list is set here, before any page script
    await context.addInitScript(
      "Object.defineProperty(navigator, 'languages', { get: () => ['pt-BR', 'sv-SE', 'en-US'] });",
    );
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Ta tillbaka kontrollen över dina personuppgifter' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    await context.close();
  });

  test('when a German browser opens a status page after the company asked for proof of identity, then the days-left badge, what the reply means and how the deadline was worked out are in German; switching to English says them in English', async () => {
    const { portal } = env;
    const filed = await postJson(
      portal,
      '/api/requests',
      intakeBody({ rights: ['access'], vendors: ['sonos'], jurisdiction: 'US-CA' }),
    );
    const verified = await postJson(portal, '/api/verify', {
      token: await storedVerificationToken(portal, filed.submission_id as string),
    });
    const mine = (verified.requests as { id: number; reference: string }[])[0]!;
    await waitUntil(
      async () => (await portal.db('requests').where({ id: mine.id }).first('status')).status === 'sent',
      'the letter sent',
    );
    // Sonos asks for ID through the real inbound receiver; staff confirm what it proposes
    const inbound = await startInboundWithReplies(portal);
    const messageId = `<${randomUUID()}@sonos.example>`;
    try {
      await inbound.transport.sendMail({
        from: 'Sonos Privacy <privacy@sonos.com>',
        to: replyAddressFor(mine.reference, portal.config.appSecret, portal.config.replyDomain),
        subject: `RE: Your privacy request ${mine.reference}`,
        messageId,
        text: 'Hello,\n\nTo verify your identity, please provide a copy of your government-issued ID.\n\nSonos Privacy Team',
      });
    } finally {
      await inbound.close();
    }
    const proposal = await portal.db('reply_classifications').where({ request_id: mine.id }).first('id');
    const staff = await createAccountWithPassword(portal.db, 'staff');
    await confirmProposal(
      { db: portal.db, config: portal.config, clock: systemClock },
      { classificationId: Number(proposal.id), staffId: staff.id },
    );

    const context = await env.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    const access = (verified.access as { token: string }).token;
    await page.goto(`/submissions/${String(filed.submission_id)}#access=${access}`);
    const card = page.getByRole('region', { name: /^Sonos/ });
    await card.getByText('Antwort an Sonos, Inc.', { exact: true }).first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    // the days-left badge (components/DaysLeft) in German
    await card.locator('.badge', { hasText: /^noch \d+ Tage$/ }).waitFor();
    // what the reply means, said from its code in German, with the link to the answer form on this page
    const notices = card.getByRole('region', { name: 'Was die Antwort des Unternehmens bedeutet' });
    await notices.getByRole('heading', { name: 'Sonos, Inc. verlangt einen Identitätsnachweis' }).waitFor();
    await notices.getByText(/^Sonos, Inc\. benötigt Folgendes, bevor es Ihren Antrag beantwortet: .*Ausweis/).waitFor();
    expect(await notices.getByRole('link', { name: 'Antwort an Sonos, Inc.' }).getAttribute('href')).toBe(
      `#answer-${mine.id}`,
    );
    // how the deadline was worked out, from its codes, with German dates
    await card.getByText('Wie die Frist berechnet wurde').click();
    await card.getByText(/^Gesetzliche Frist: 45 Kalendertage → \d+\. [^ ]+ \d{4}\.$/).waitFor();
    // the timeline's event names
    await card
      .getByText(/Das Unternehmen hat geantwortet/)
      .first()
      .waitFor();

    await page.getByLabel('Sprache').selectOption('en');
    await card.getByRole('heading', { name: 'Sonos, Inc. asked for proof of identity' }).waitFor();
    await card.locator('.badge', { hasText: /^\d+ days left$/ }).waitFor();
    await card.getByText(/^Statutory deadline: 45 calendar days → \d+ \w+ \d{4}\.$/).waitFor();
    await context.close();
  });
});
