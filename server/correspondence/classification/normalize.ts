/**
 * The text the rules read: the vendor's new words only. Quoted earlier messages (our own letter below the reply),
 * signatures and ticket-system boilerplate are blanked out with spaces rather than removed, so every offset in the
 * prepared text is the same offset in the body (evidence spans point into the message as received).
 * Every step is one pass over the lines with anchored, bounded patterns: linear in the size of the message.
 */

export interface PreparedText {
  /** the body as the rules see it: HTML turned into text when the body was HTML */
  body: string;
  /** `body` with quoted, signature and boilerplate characters replaced by spaces (newlines kept) */
  kept: string;
  /** ticket-system lines that were blanked, with their offsets in `body` */
  boilerplate: { phrase: string; start: number; end: number; receipt: boolean }[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** HTML to text: block ends become newlines, links keep their target as `text [url]`, quoted blocks are dropped. */
export function htmlToText(html: string): string {
  let s = html;
  const quote = s.search(/<blockquote\b|<div[^>]{0,200}(?:gmail_quote|divRplyFwdMsg|appendonsend)/i);
  if (quote >= 0) s = s.slice(0, quote);
  s = s
    .replace(/<(script|style|head|title)\b[^>]{0,2000}>[\s\S]{0,100000}?<\/\1\s*>/gi, ' ')
    .replace(
      /<a\b[^>]*?\bhref\s*=\s*["']([^"']{1,2000})["'][^>]*>([\s\S]{0,2000}?)<\/a\s*>/gi,
      (_m, href: string, text: string) => `${text} [${href}]`,
    )
    .replace(/<(br|\/p|\/div|\/tr|\/li|\/h[1-6]|hr|\/table|p|div|li|tr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]{0,2000}>/g, '')
    .replace(/&(#?\w{1,8});/g, (m, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16) || 32);
      if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)) || 32);
      return ENTITIES[name.toLowerCase()] ?? m;
    });
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A body that is HTML (a part that came as text/html, or HTML pasted as text). */
function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html\b|<body\b|<div\b|<p\b|<table\b)/i.test(text.slice(0, 500));
}

/** A line that starts a quoted earlier message; everything from it on is the thread, not the reply. */
const QUOTE_HEADER = [
  /^(?:on|am|le|el|den|il|op)\s.{0,240}(?:wrote|schrieb|a écrit|escribió|skrev|ha scritto|schreef)\b.{0,200}:\s*$/i,
  /^.{0,240}(?:wrote|a écrit|escribió|skrev)\s*:\s*$/i,
  /^\d{4}年\d{1,2}月\d{1,2}日.{0,200}[:：]\s*$/,
  /^.{0,100}(?:さんは書きました|のメッセージ)[:：]\s*$/,
  /^-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|ursprungligt meddelande|mensaje original|元のメッセージ|forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado)\s*-*\s*$/i,
];
const OUTLOOK_FROM = /^\*?(?:from|von|de|från|da|差出人|送信者)\s*\*?\s*[:：]/i;
const OUTLOOK_NEXT =
  /^\*?(?:sent|gesendet|envoyé|skickat|enviado(?: el)?|fecha|date|datum|送信日時|日付|to|an|à|till|para|宛先|subject|betreff|objet|ämne|asunto|件名|cc)\s*\*?\s*[:：]/i;

/** Closing formulas: the signature and any footer follow them. A whole line, short. */
const SIGN_OFF =
  /^(?:kind(?:est)? regards|best regards|warm regards|regards|best|best wishes|all the best|many thanks|thanks|thank you|cheers|sincerely|yours (?:sincerely|faithfully|truly)|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|viele grüße|beste grüße|liebe grüße|herzliche grüße|gruß|mfg|cordialement|bien cordialement|bien à vous|sincères salutations|salutations distinguées|(?:veuillez|nous vous prions d')\s?agréer.{0,160}|med vänlig(?:a)? hälsning(?:ar)?|vänliga hälsningar|hälsningar|mvh|atentamente|saludos(?: cordiales)?|un saludo|cordialmente|reciba un cordial saludo)[\s,.!]*$/i;

/**
 * Ticket-system and mailer boilerplate, one line each. `receipt` lines say the message was received (the only thing a
 * pure ticket receipt says), so they count, weakly, as an acknowledgement when nothing else in the message does.
 */
const BOILERPLATE: { re: RegExp; receipt: boolean }[] = [
  { re: /^#{1,3}-.{0,80}(?:reply above this line|antworten sie oberhalb|répondez au-dessus).{0,40}$/i, receipt: false },
  {
    re: /^(?:your )?(?:request|ticket|case)\s*(?:\(\d+\)|#\s?\d+|\d+)\s+has been (?:received|created|submitted)\b.{0,200}$/i,
    receipt: true,
  },
  {
    re: /^(?:your )?(?:request|ticket|case)\s*(?:\(\d+\)|#\s?\d+|\d+)\s+has been (?:updated|solved|closed)\b.{0,200}$/i,
    receipt: false,
  },
  { re: /^to add additional comments,? reply to this email\.?$/i, receipt: false },
  { re: /^reply to this email to add a comment\.?$/i, receipt: false },
  { re: /^this email is a service from .{0,100}$/i, receipt: false },
  { re: /^delivered by (?:zendesk|freshdesk|helpdeskly|[\w ]{1,30})\.?$/i, receipt: false },
  { re: /^\[[A-Z0-9]{4}-[A-Z0-9]{4}\]$/, receipt: false },
  { re: /^(?:case\s+\d+\s*\|\s*)?ref:_[\w.]{4,60}:ref$/i, receipt: false },
  { re: /^(?:\[\s*)?ref:_[\w.]{4,60}:ref(?:\s*\])?$/i, receipt: false },
  { re: /^sent from my (?:iphone|ipad|android|mobile).{0,40}$/i, receipt: false },
  { re: /^(?:※\s?)?(?:本|この)メール(?:アドレス)?は.{0,40}(?:送信専用|自動(?:送信|配信)).{0,80}$/, receipt: false },
  { re: /^-{5,}$|^[─━＝=_]{5,}$/, receipt: false },
];

interface Line {
  start: number;
  end: number;
  text: string;
}

/** The lines that start within the first `limit` characters. */
function linesOf(body: string, limit: number): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= body.length && start <= limit) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    out.push({ start, end, text: body.slice(start, end) });
    start = end + 1;
  }
  return out;
}

function quoteStart(lines: Line[]): number {
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text.trim();
    if (!t) continue;
    const joined = i + 1 < lines.length ? `${t} ${lines[i + 1]!.text.trim()}` : t;
    if (QUOTE_HEADER.some((re) => re.test(t) || re.test(joined))) return i;
    if (/^_{10,}$/.test(t) || OUTLOOK_FROM.test(t)) {
      const from = OUTLOOK_FROM.test(t) ? i : i + 1;
      let hits = 0;
      for (let j = from + 1; j < Math.min(lines.length, from + 6); j++)
        if (OUTLOOK_NEXT.test(lines[j]!.text.trim())) hits++;
      if (hits >= 2 || (hits >= 1 && /^_{10,}$/.test(t))) return i;
    }
  }
  return lines.length;
}

const blanked = (text: string) =>
  text
    .split('\n')
    .map((l) => ' '.repeat(l.length))
    .join('\n');

/**
 * Blank out what is not the vendor's new text (see the module comment). Only the lines that start within the first
 * `limit` characters are read (the rules read no further); the rest is blanked in one native pass.
 */
export function prepareText(rawBody: string, limit = Number.POSITIVE_INFINITY): PreparedText {
  const body = (looksLikeHtml(rawBody) ? htmlToText(rawBody) : rawBody).replace(/\r\n?/g, '\n');
  const lines = linesOf(body, limit);
  const parts: string[] = [];
  const boilerplate: PreparedText['boilerplate'] = [];
  let cut = quoteStart(lines);
  // a message that starts with a quote header (a forward with nothing above it) keeps its text
  if (!lines.slice(0, cut).some((l) => l.text.trim())) cut = lines.length;
  let signedOff = false;
  let seenText = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.text.trim();
    const sep = line.end < body.length ? '\n' : '';
    if (t === '--' || t === '-- ') signedOff = true;
    if (i >= cut || signedOff || t.startsWith('>')) {
      parts.push(blanked(line.text) + sep);
      continue;
    }
    const bp = BOILERPLATE.find((b) => b.re.test(t));
    if (bp) {
      const at = line.start + line.text.indexOf(t);
      boilerplate.push({ phrase: t, start: at, end: at + t.length, receipt: bp.receipt });
      parts.push(blanked(line.text) + sep);
      continue;
    }
    parts.push(line.text + sep);
    // a closing formula ends the message when some text came before it
    if (seenText && t.length <= 200 && SIGN_OFF.test(t)) signedOff = true;
    if (t) seenText = true;
  }
  const last = lines.at(-1);
  if (last && last.end < body.length) parts.push(blanked(body.slice(last.end + 1)));
  return { body, kept: parts.join(''), boilerplate };
}
