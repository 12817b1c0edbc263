import { execFileSync } from 'node:child_process';
import { AUTHORIZATION_SCOPE, renderAuthorizationLetter, signRecord } from '../../server/agents/authorization-letter';
import { letterBodyForPdf, renderLetterPdf, toWinAnsi, type LetterPdfInput } from '../../server/mail/letter-pdf';
import { installedFonts, scriptRuns } from '../../server/mail/pdf-fonts';
import { sampleLetterData } from '../../server/mail/sample-data';
import { renderLetter } from '../../server/mail/templates';

/** The text a reader gets out of the PDF (poppler's pdftotext, installed by the test set-up: scripts/services.sh). */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
}

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

const base: LetterPdfInput = {
  from: 'Jane Doe\n221 Elm Street\nSpringfield, CA 94110',
  to: 'Example Audio Inc.\nAttn: Privacy Office\n100 Market Street\nSan Francisco, CA 94105',
  date: '1 March 2025',
  subject: 'Request to access personal information [DR-2026-000123]',
  bodyText: 'Dear Privacy Team,\n\nThis is a request for access.\n\nYours faithfully,\n\nJane Doe',
  reference: 'DR-2026-000123',
  compress: false,
};

describe('renderLetterPdf', () => {
  it('when a short letter is rendered, then it is a one-page PDF with reference, subject and page number', async () => {
    const pdf = await renderLetterPdf(base);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(1);
    const text = pdfText(pdf);
    expect(text).toContain('Ref. DR-2026-000123');
    expect(text).toContain('Page 1 of 1');
    expect(text).toContain('Example Audio Inc.');
  });

  it('when the body is long, then every page carries the reference and "Page i of N"', async () => {
    const pdf = await renderLetterPdf({
      ...base,
      bodyText: 'A sentence of the letter body that goes on. '.repeat(900),
    });
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = pdfText(pdf);
    expect(text.split('Ref. DR-2026-000123').length - 1).toBe(pages);
    for (let i = 1; i <= pages; i++) expect(text).toContain(`Page ${i} of ${pages}`);
  });

  it('when a real rendered letter is laid out on US Letter, then it renders compressed as well', async () => {
    const letter = renderLetter(sampleLetterData('deletion', 'CCPA', { agent: true }));
    const pdf = await renderLetterPdf({
      ...base,
      size: 'LETTER',
      compress: true,
      subject: letter.subject,
      bodyText: letterBodyForPdf(letter.text),
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });

  it('when no font file is installed at all, then Helvetica is the last resort: "?" for what it cannot encode, Latin-1 kept', async () => {
    expect(toWinAnsi('Müller – “Zoë” 山田太郎 €')).toBe('Müller – “Zoë” ???? €');
    const pdf = await renderLetterPdf({ ...base, to: '山田太郎\nTokyo', fonts: {} });
    expect(pdfText(pdf)).toContain('????');
  });

  it('when the set-up has installed the fonts, then every script has one (Noto from fonts-noto-core and fonts-noto-cjk)', () => {
    const fonts = installedFonts();
    for (const script of ['latin', 'hebrew', 'arabic', 'japanese', 'chinese', 'korean'] as const)
      expect(fonts[script]).toMatchObject({
        regular: { file: expect.stringMatching(/\/NotoSans[A-Za-z]*-Regular\.tt[fc]$/) },
        bold: { file: expect.stringMatching(/\/NotoSans[A-Za-z]*-Bold\.tt[fc]$/) },
      });
  });

  it.each([
    ['Japanese', '山田 太郎'],
    ['Chinese', '王秀英'],
    ['Korean', '김민준'],
    ['Greek', 'Γιώργος Παπαδόπουλος'],
    ['Cyrillic', 'Анна Иванова'],
    ['Latin with diacritics', 'Zoë Łukasiewicz-Ørsted'],
  ])('when the requester writes a %s name, then the PDF prints it, not "?"', async (_script, name) => {
    const pdf = await renderLetterPdf({
      ...base,
      from: `${name}\n1-2-3 Chiyoda`,
      bodyText: `Dear Privacy Team,\n\nYours faithfully,\n\n${name}`,
    });
    const text = pdfText(pdf);
    expect(text).toContain(name);
    expect(text).not.toContain('??');
  });

  it.each([
    ['Hebrew', 'דוד כהן'],
    ['Arabic', 'محمد علي'],
  ])(
    'when the requester writes a %s name, then the PDF holds its letters, right to left, in its own font',
    async (script, name) => {
      const pdf = await renderLetterPdf({ ...base, bodyText: `Dear Privacy Team,\n\nYours faithfully,\n\n${name}` });
      const text = pdfText(pdf).normalize('NFKC');
      expect(text).not.toContain('??');
      // pdftotext gives each word in logical order; the words of a right-to-left line may come in either order
      for (const word of name.split(' ')) expect(text).toContain(word);
      expect(pdf.toString('latin1')).toMatch(script === 'Hebrew' ? /NotoSansHebrew/ : /NotoSansArabic/);
    },
  );

  it('when a text mixes scripts, then it is split into runs of one script each, Han following the kana around it', () => {
    expect(scriptRuns('Taro 山田 たろう, Tokyo').map((r) => r.script)).toEqual(['latin', 'japanese', 'latin']);
    expect(scriptRuns('王秀英').map((r) => r.script)).toEqual(['chinese']);
    expect(scriptRuns('Kim 김민준').map((r) => r.script)).toEqual(['latin', 'korean']);
  });
});

describe('the signed e-authorization PDF', () => {
  it('when a Japanese principal signs, then the PDF prints the name and speaks in the first person', async () => {
    const record = {
      authorization_id: 7,
      agent: { account_id: 1, name: 'Alex Rivera', organisation: null, email: 'alex@example.test' },
      principal: { id: 2, name: '山田 太郎', email: 'taro@example.test' },
      scope: AUTHORIZATION_SCOPE.description,
      link_sent_at: '2026-12-01T10:00:00Z',
      confirmed_at: '2026-12-01T10:05:00Z',
      ip: '192.0.2.1',
      user_agent: 'test',
    };
    const pdf = await renderAuthorizationLetter(record, signRecord('x'.repeat(32), record));
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('I, 山田 太郎 (taro@example.test), authorize Alex Rivera');
    expect(text).toContain('in my name');
    expect(text).not.toContain('??');
  });
});

describe('letterBodyForPdf', () => {
  it('when given a rendered letter, then it starts at the salutation', () => {
    const letter = renderLetter(sampleLetterData('access', 'CCPA'));
    expect(letterBodyForPdf(letter.text).startsWith('Dear Privacy Team,')).toBe(true);
  });
});
