/**
 * A message as the classifier takes it, from a raw RFC 5322 message (an .eml) or from plain text (a reply pasted
 * without headers). mailparser decodes the MIME structure; the HTML part is used only when there is no text part.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { htmlToText } from './normalize';
import type { ReplyInput } from './types';

const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]?\S?/;
const KNOWN =
  /^(from|to|subject|date|message-id|received|return-path|mime-version|content-type|delivered-to|reply-to|cc):/i;

/** Headers first, a blank line, then the body: at least two header lines, one of them one every message has. */
function looksLikeRfc5322(raw: string): boolean {
  const head = raw.slice(0, 64 * 1024).replace(/^\uFEFF/, '');
  const end = head.search(/\r?\n\r?\n/);
  const lines = (end >= 0 ? head.slice(0, end) : head).split(/\r?\n/);
  if (lines.length < 2) return false;
  let known = 0;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) continue; // folded continuation
    if (!HEADER_LINE.test(line)) return false;
    if (KNOWN.test(line)) known++;
  }
  return known >= 1;
}

/** The classifier's input from a parsed message: headers by lower-case name with their raw values. */
export function replyInputFromParsed(parsed: ParsedMail, receivedAt?: Date): ReplyInput {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    if (!(key in headers)) headers[key.toLowerCase()] = value;
  }
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  return {
    subject: parsed.subject ?? null,
    text: parsed.text?.trim() ? parsed.text : htmlToText(html),
    headers,
    receivedAt: receivedAt ?? parsed.date ?? undefined,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType })),
  };
}

export async function readReplyInput(raw: Buffer): Promise<ReplyInput> {
  const text = raw.toString('utf8');
  if (!looksLikeRfc5322(text)) return { subject: null, text: text.replace(/^\uFEFF/, '') };
  return replyInputFromParsed(await simpleParser(raw));
}
