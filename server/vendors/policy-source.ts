import { validationFailed } from '../http';
import { PolicyInputError } from './extract';
import { decodeInput } from './extract/input';
import { detectFormat } from './extract/normalize';
import { pdfToText, PdfTextError } from './pdf-text';

type PolicyContentType = 'text/plain' | 'text/markdown' | 'text/html' | 'application/pdf';

export interface PolicyText {
  /** what the bytes are, from their content (never the file name) */
  contentType: PolicyContentType;
  /** the text the extractor reads */
  text: string;
}

const isPdf = (bytes: Buffer) => bytes.subarray(0, 1024).includes('%PDF-');

/**
 * Turns received bytes into policy text. The type comes from the bytes: a PDF by its signature, otherwise the text is
 * decoded (binary refused) and recognised as HTML, Markdown or plain text by its content. `charset` (from an HTTP
 * answer) decodes non-UTF-8 pages. Problems are 422s naming `field`.
 */
export async function readPolicyBytes(
  bytes: Buffer,
  field: string,
  options: { charset?: string | null; declaredType?: string } = {},
): Promise<PolicyText> {
  if (bytes.length === 0) throw validationFailed([{ field, message: 'the content is empty' }]);
  if (isPdf(bytes)) {
    let text: string;
    try {
      text = (await pdfToText(bytes)).text;
    } catch (err) {
      if (err instanceof PdfTextError) throw validationFailed([{ field, message: err.message }]);
      throw err;
    }
    if (text.replace(/\s/g, '').length < 20)
      throw validationFailed([{ field, message: 'the PDF has no text layer (a scan?); paste its text instead' }]);
    return { contentType: 'application/pdf', text: checkedText(text, field) };
  }
  if (options.declaredType === 'application/pdf')
    throw validationFailed([{ field, message: 'the content is declared a PDF but is not one' }]);
  const text = checkedText(decode(bytes, options.charset ?? null), field);
  const format = detectFormat(
    text,
    options.declaredType === 'text/html' || options.declaredType === 'application/xhtml+xml'
      ? { contentType: 'text/html' }
      : undefined,
  );
  return {
    contentType: format === 'html' ? 'text/html' : format === 'markdown' ? 'text/markdown' : 'text/plain',
    text,
  };
}

function decode(bytes: Buffer, charset: string | null): string {
  if (charset && !/^utf-?8$/i.test(charset)) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // an unknown charset label: read as UTF-8, and the binary check below decides
    }
  }
  return bytes.toString('utf8');
}

function checkedText(text: string, field: string): string {
  try {
    return decodeInput(text);
  } catch (err) {
    if (err instanceof PolicyInputError) throw validationFailed([{ field, message: err.message }]);
    throw err;
  }
}

/** Format hint for the normalizer: the stored text is read as what it was sniffed to be. */
export const hintFor = (contentType: string) => ({
  contentType: contentType === 'application/pdf' ? 'text/plain' : contentType,
});
