/**
 * Postal letters as PDF. The recipient block sits where a window envelope shows it (DIN 5008 form B on
 * A4, #10 window on US Letter), and every page carries "Page i of N" and the request reference so a
 * loose page can still be matched to its request.
 *
 * Fonts: one per script (pdf-fonts.ts), so a name is printed as its owner writes it (山田 太郎, Ψαρράς, Иванова,
 * 김민준, כהן, محمد). Each text is split into runs of one script and each run set in its font; pdfkit's fontkit shapes
 * Arabic and lays Hebrew and Arabic out right to left. Only when no font file is installed at all does it fall back to
 * the built-in Helvetica, which encodes WinAnsi only ("?" for anything else).
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { DateTime } from 'luxon';
import type { LetterLanguage } from '../shared/languages';
import { formatLetterDate, PDF_WORDS } from './letter-i18n';
import { installedFonts, scriptRuns, type Script, type ScriptFonts } from './pdf-fonts';

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
  /** fonts per script; defaults to the installed ones (tests pass {} to check the Helvetica fallback) */
  fonts?: Partial<Record<Script, ScriptFonts>>;
  /** the language of the footer ("Page 1 of 2", "Seite 1 von 2", ...); English by default */
  language?: LetterLanguage;
}

/** A letter's date as its language writes it ("1 March 2025", "1. März 2025", "2025年3月1日"). */
export function letterDateIn(language: LetterLanguage, isoDate: string): string {
  return formatLetterDate(language, DateTime.fromISO(isoDate));
}

type Weight = 'regular' | 'bold';

const isWinAnsi = (word: string) => toWinAnsi(word) === word;
/**
 * Latin words Helvetica can encode stay in Helvetica (fast: no font file to parse, no shaping); a word with anything
 * else (Ł, Greek, Cyrillic) is set in the Unicode font, whole, so no word is ever split between two fonts.
 */
function splitWinAnsi(run: { script: Script; text: string }): { script: Script | 'winansi'; text: string }[] {
  if (run.script !== 'latin') return [run];
  const out: { script: Script | 'winansi'; text: string }[] = [];
  for (const token of run.text.match(/\s+|\S+/g) ?? []) {
    const kind = /^\s+$/.test(token) ? (out.at(-1)?.script ?? 'winansi') : isWinAnsi(token) ? 'winansi' : 'latin';
    const last = out.at(-1);
    if (last && last.script === kind) last.text += token;
    else out.push({ script: kind, text: token });
  }
  return out;
}
type Doc = InstanceType<typeof PDFDocument>;

/** Registers the fonts and answers a writer that sets each script run of a text in its own font. */
function fontWriter(doc: Doc, all: Partial<Record<Script, ScriptFonts>>, texts: string[]) {
  // Only the scripts this letter uses (a CJK collection is 20 MB): Latin always, for the page furniture.
  const used = new Set<Script>(['latin', ...texts.flatMap((t) => scriptRuns(t).map((r) => r.script))]);
  const fonts: Partial<Record<Script, ScriptFonts>> = {};
  for (const script of used) if (all[script]) fonts[script] = all[script];
  for (const [script, f] of Object.entries(fonts) as [Script, ScriptFonts][]) {
    doc.registerFont(`${script}-regular`, fontBytes(f.regular.file), f.regular.face as string);
    doc.registerFont(`${script}-bold`, fontBytes(f.bold.file), f.bold.face as string);
  }
  const fontFor = (script: Script, weight: Weight): string | null =>
    fonts[script] ? `${script}-${weight}` : fonts.latin ? `latin-${weight}` : null;
  return (text: string, weight: Weight, options: PDFKit.Mixins.TextOptions, at?: { x: number; y: number }) => {
    const runs = fonts.latin ? scriptRuns(text).flatMap(splitWinAnsi) : [{ script: 'winansi' as const, text }];
    runs.forEach((run, i) => {
      const name = run.script === 'winansi' ? null : fontFor(run.script, weight);
      doc.font(name ?? (weight === 'bold' ? 'Helvetica-Bold' : 'Helvetica'));
      const opts = { ...options, continued: i < runs.length - 1 || !!options.continued };
      const t = name ? run.text : toWinAnsi(run.text);
      if (i === 0 && at) doc.text(t, at.x, at.y, opts);
      else doc.text(t, opts);
    });
  };
}

const MM = 72 / 25.4;
const IN = 72;

// Where the window is: [left, top] of the recipient block in points.
const WINDOW = { A4: { x: 20 * MM, y: 45 * MM }, LETTER: { x: 0.875 * IN, y: 2.0 * IN } } as const;
const MARGIN = {
  A4: { side: 20 * MM, top: 15 * MM, bottom: 25 * MM },
  LETTER: { side: 0.875 * IN, top: 0.6 * IN, bottom: 1 * IN },
} as const;

// WinAnsi (cp1252) characters outside Latin-1 that Helvetica's AFM metrics cover.
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** Replaces what Helvetica cannot encode, so the PDF never silently drops characters. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const ok =
      ch === '\n' ||
      ch === '\t' ||
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      CP1252_EXTRA.includes(ch);
    out += ok ? ch : '?';
  }
  return out;
}

const bytes = new Map<string, Buffer>();
/** Font files are read once per process. */
function fontBytes(file: string): Buffer {
  let b = bytes.get(file);
  if (!b) bytes.set(file, (b = readFileSync(file)));
  return b;
}

let cachedFonts: Partial<Record<Script, ScriptFonts>> | undefined;
/** The installed fonts, looked up once per process. */
function defaultFonts(): Partial<Record<Script, ScriptFonts>> {
  return (cachedFonts ??= installedFonts());
}

/**
 * For other PDFs (the signed e-authorization): a writer that sets each script run of a text in its own installed font.
 * `texts` are every text the document will print, so only the fonts it needs are loaded.
 */
export function unicodeWriter(doc: Doc, texts: string[]) {
  return fontWriter(doc, defaultFonts(), texts);
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
  const words = PDF_WORDS[input.language ?? 'en'];
  const write = fontWriter(doc, input.fonts ?? defaultFonts(), [
    words.page(1, 1),
    input.from ?? '',
    input.to,
    input.date,
    input.subject,
    input.bodyText,
    input.reference,
  ]);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * margin.side;
  if (input.from) {
    doc.fontSize(8.5);
    write(input.from, 'regular', { width: width / 2 }, { x: margin.side, y: margin.top });
  }
  const window = WINDOW[size];
  doc.fontSize(10.5);
  write(input.to, 'regular', { width: 85 * MM }, window);
  // The date lines up right of the window; the body starts below it whatever the address length.
  const afterAddress = Math.max(doc.y, window.y + 45 * MM);
  write(input.date, 'regular', { width, align: 'right' }, { x: margin.side, y: afterAddress + 6 * MM });
  doc.moveDown(1.5);
  doc.fontSize(11);
  write(input.subject, 'bold', { width }, { x: margin.side, y: doc.y });
  doc.moveDown(1);
  doc.fontSize(10.5);
  write(input.bodyText, 'regular', { width, lineGap: 2, paragraphGap: 0 });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise make pdfkit add a page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottom / 2 - 4;
    doc.fontSize(8).fillColor('#555555');
    write(`${words.ref} ${input.reference}`, 'regular', { width: width / 2, lineBreak: false }, { x: margin.side, y });
    write(
      words.page(i - range.start + 1, range.count),
      'regular',
      { width: width / 2, align: 'right', lineBreak: false },
      { x: margin.side + width / 2, y },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/**
 * The rendered text letter repeats the address block and date above "Dear ..."; the PDF lays those
 * out itself, so its body starts at the salutation.
 */
export function letterBodyForPdf(letterText: string, language: LetterLanguage = 'en'): string {
  const at = letterText.search(PDF_WORDS[language].salutation);
  return at >= 0 ? letterText.slice(at) : letterText;
}
