/**
 * Postal letters as PDF. The recipient block sits where a window envelope shows it (DIN 5008 form B on
 * A4, #10 window on US Letter), and every page carries "Page i of N" and the request reference so a
 * loose page can still be matched to its request.
 *
 * Fonts: the built-in Helvetica only encodes WinAnsi (Latin-1 plus a few typographic characters).
 * Anything else (e.g. Japanese names) is replaced with "?" unless the caller passes a Unicode TTF via
 * `font`. No CJK font (fonts-noto-cjk) is installed on the build host, so none is picked by default.
 */
import PDFDocument from 'pdfkit';

export interface LetterPdfInput {
  /** sender address block, lines separated by "\n" */
  from?: string;
  /** recipient address block, lines separated by "\n" */
  to: string;
  /** already formatted, e.g. "1 March 2025" */
  date: string;
  subject: string;
  bodyText: string;
  /** request reference for the footer, e.g. "DR-2026-000123" */
  reference: string;
  size?: 'A4' | 'LETTER';
  /** false leaves content streams uncompressed (tests search the text) */
  compress?: boolean;
  /** paths to TrueType fonts with wider coverage than Helvetica */
  font?: { regular: string; bold: string };
}

const MM = 72 / 25.4;
const IN = 72;

// Where the window is: [left, top] of the recipient block in points.
const WINDOW = { A4: { x: 20 * MM, y: 45 * MM }, LETTER: { x: 0.875 * IN, y: 2.0 * IN } } as const;
const MARGIN = { A4: { side: 20 * MM, top: 15 * MM, bottom: 25 * MM }, LETTER: { side: 0.875 * IN, top: 0.6 * IN, bottom: 1 * IN } } as const;

// WinAnsi (cp1252) characters outside Latin-1 that Helvetica's AFM metrics cover.
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** Replaces what Helvetica cannot encode, so the PDF never silently drops characters. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const ok = ch === '\n' || ch === '\t' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.includes(ch);
    out += ok ? ch : '?';
  }
  return out;
}

export function renderLetterPdf(input: LetterPdfInput): Promise<Buffer> {
  const size = input.size ?? 'A4';
  const margin = MARGIN[size];
  const doc = new PDFDocument({
    size,
    margins: { top: margin.top, bottom: margin.bottom, left: margin.side, right: margin.side },
    bufferPages: true,
    compress: input.compress ?? true,
    info: { Title: input.subject, Subject: input.reference },
  });
  const regular = input.font ? 'Body' : 'Helvetica';
  const bold = input.font ? 'Body-Bold' : 'Helvetica-Bold';
  if (input.font) {
    doc.registerFont(regular, input.font.regular);
    doc.registerFont(bold, input.font.bold);
  }
  const clean = input.font ? (s: string) => s : toWinAnsi;

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * margin.side;
  if (input.from) {
    doc.font(regular).fontSize(8.5).text(clean(input.from), margin.side, margin.top, { width: width / 2 });
  }
  const window = WINDOW[size];
  doc.font(regular).fontSize(10.5).text(clean(input.to), window.x, window.y, { width: 85 * MM });
  // The date lines up right of the window; the body starts below it whatever the address length.
  const afterAddress = Math.max(doc.y, window.y + 45 * MM);
  doc.text(clean(input.date), margin.side, afterAddress + 6 * MM, { width, align: 'right' });
  doc.moveDown(1.5);
  doc.font(bold).fontSize(11).text(clean(input.subject), margin.side, doc.y, { width });
  doc.moveDown(1);
  doc.font(regular).fontSize(10.5).text(clean(input.bodyText), { width, lineGap: 2, paragraphGap: 0 });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise make pdfkit add a page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottom / 2 - 4;
    doc.font(regular).fontSize(8).fillColor('#555555');
    doc.text(clean(`Ref. ${input.reference}`), margin.side, y, { width: width / 2, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, margin.side + width / 2, y, {
      width: width / 2, align: 'right', lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/**
 * The rendered text letter repeats the address block and date above "Dear ..."; the PDF lays those
 * out itself, so its body starts at the salutation.
 */
export function letterBodyForPdf(letterText: string): string {
  const at = letterText.search(/^Dear /m);
  return at >= 0 ? letterText.slice(at) : letterText;
}
