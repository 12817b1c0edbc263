import { useBrowserPortal } from './harness';

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
});
