import fs from 'node:fs';
import { letterBodyForPdf, renderLetterPdf, toWinAnsi, type LetterPdfInput } from '../../server/mail/letter-pdf';
import { sampleLetterData } from '../../server/mail/sample-data';
import { renderLetter } from '../../server/mail/templates';

/** Text drawn with the standard fonts, from uncompressed content streams (pdfkit writes hex strings). */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const pieces: string[] = [];
  for (const m of raw.matchAll(/\[([^\]]*)\] TJ/g)) {
    const hex = [...m[1]!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]).join('');
    pieces.push(Buffer.from(hex, 'hex').toString('latin1'));
  }
  return pieces.join('\n');
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
    const pdf = await renderLetterPdf({ ...base, bodyText: 'A sentence of the letter body that goes on. '.repeat(900) });
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = pdfText(pdf);
    expect(text.split('Ref. DR-2026-000123').length - 1).toBe(pages);
    for (let i = 1; i <= pages; i++) expect(text).toContain(`Page ${i} of ${pages}`);
  });

  it('when a real rendered letter is laid out on US Letter, then it renders compressed as well', async () => {
    const letter = renderLetter(sampleLetterData('deletion', 'CCPA', { agent: true }));
    const pdf = await renderLetterPdf({
      ...base, size: 'LETTER', compress: true, subject: letter.subject, bodyText: letterBodyForPdf(letter.text),
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });

  it('when text has characters Helvetica cannot encode, then they become "?" and Latin-1 survives', async () => {
    expect(toWinAnsi('Müller – “Zoë” 山田太郎 €')).toBe('Müller – “Zoë” ???? €');
    const pdf = await renderLetterPdf({ ...base, to: '山田太郎\nTokyo' });
    expect(pdfText(pdf)).toContain('????');
  });

  const dejavu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  (fs.existsSync(dejavu) ? it : it.skip)('when a Unicode font is supplied, then non-Latin text is kept', async () => {
    const pdf = await renderLetterPdf({
      ...base, to: 'Иван Петров\nМосква', font: { regular: dejavu, bold: dejavu.replace('.ttf', '-Bold.ttf') },
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('letterBodyForPdf', () => {
  it('when given a rendered letter, then it starts at the salutation', () => {
    const letter = renderLetter(sampleLetterData('access', 'CCPA'));
    expect(letterBodyForPdf(letter.text).startsWith('Dear Privacy Team,')).toBe(true);
  });
});
