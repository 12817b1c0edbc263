import { htmlToText } from './html-to-text';
import { linkText } from './link-text';

export type PolicyFormat = 'text' | 'markdown' | 'html';

export interface NormalizeHint {
  filename?: string;
  contentType?: string;
}

export interface NormalizedPolicy {
  text: string;
  format: PolicyFormat;
}

/** Decide the input format from the hint first, then from the content itself. */
export function detectFormat(raw: string, hint?: NormalizeHint): PolicyFormat {
  const name = hint?.filename?.toLowerCase() ?? '';
  const type = hint?.contentType?.toLowerCase() ?? '';
  if (type.includes('html') || /\.x?html?$/.test(name)) return 'html';
  if (type.includes('markdown') || /\.(md|markdown)$/.test(name)) return 'markdown';
  if (type.startsWith('text/plain') || name.endsWith('.txt')) return 'text';
  const head = raw.slice(0, 4000).toLowerCase();
  if (/<!doctype html|<html[\s>]|<body[\s>]|<(p|div|h[1-6]|li|br)\b[^>]{0,200}>/.test(head)) return 'html';
  let mdSignals = 0;
  if (/^#{1,6} \S/m.test(head)) mdSignals++;
  if (/\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)/.test(head)) mdSignals++;
  if (/\*\*[^*\n]{1,200}\*\*/.test(head)) mdSignals++;
  return mdSignals >= 1 ? 'markdown' : 'text';
}

export function normalizePolicy(raw: string, hint?: NormalizeHint): NormalizedPolicy {
  const format = detectFormat(raw, hint);
  let text = raw.replace(/^\uFEFF/, '');
  if (format === 'html') text = htmlToText(text);
  else if (format === 'markdown') text = markdownToText(text);
  else text = unescapeInWords(text);
  return { text: cleanWhitespace(text), format };
}

/** Markdown's backslash escapes: any ASCII punctuation (CommonMark). */
const MD_ESCAPE = /\\([!-/:-@[-`{-~])/g;
const HIDDEN = 0xe000; // private-use code points stand for escaped characters while the Markdown rules run

/**
 * Markdown source pasted as plain text still carries its escapes ("privacy\\_support@example.com"). Outside Markdown a
 * backslash is dropped only before "_", "*", "." or "@" between two word characters, where it can only be an escape.
 */
function unescapeInWords(text: string): string {
  return text.replace(/(?<=[A-Za-z0-9])\\([_*.@-])(?=[A-Za-z0-9])/g, '$1');
}

/**
 * Markdown → text. Link targets are kept because a "contact us" link is often the only place
 * where the address or the web form URL appears.
 */
function markdownToText(md: string): string {
  return md
    .replace(MD_ESCAPE, (_m, c: string) => String.fromCharCode(HIDDEN + c.charCodeAt(0)))
    .replace(/\r\n?/g, '\n')
    .replace(/^```[^\n]*$/gm, '')
    .replace(/!\[([^\]\n]{0,300})\]\([^)\n]{0,2000}\)/g, '$1')
    .replace(/\[([^\]\n]{0,500})\]\(([^)\s]{1,2000})(?:\s+"[^"\n]{0,200}")?\)/g, (_m, label: string, url: string) =>
      linkText(label, url),
    )
    .replace(/<(https?:\/\/[^>\s]{1,2000}|mailto:[^>\s]{1,300})>/g, (_m, url: string) => url.replace(/^mailto:/i, ''))
    .replace(/^ {0,3}#{1,6}[ \t]+/gm, '')
    .replace(/[ \t]+#{1,6}[ \t]*$/gm, '')
    .replace(/^ {0,3}>[ \t]?/gm, '')
    .replace(/^ {0,3}(?:[-*_][ \t]*){3,}$/gm, '')
    .replace(/^([ \t]*)[*+-][ \t]+/gm, '$1• ')
    .replace(/\*\*|__/g, '')
    .replace(/(^|[\s(])[*_](?=\S)|(?<=\S)[*_](?=[\s).,;:!?]|$)/gm, '$1')
    .replace(/`/g, '')
    .replace(/[\uE021-\uE07E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - HIDDEN));
}

/** CRLF, NBSP, zero-width characters, runs of spaces — but keep the line structure. */
function cleanWhitespace(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F\t\f\v]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2028\u2029]/g, '\n')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim());
  const out: string[] = [];
  let blanks = 0;
  for (const line of lines) {
    if (line === '') {
      blanks++;
      if (blanks > 1) continue;
    } else blanks = 0;
    out.push(line);
  }
  return out.join('\n').trim();
}
