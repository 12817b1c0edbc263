import type { ChannelFact } from './types';
import type { Span } from './sentences';
import { spanIndexAt } from './sentences';
import { classifyPurpose, leadInLine, purposeRank } from './channel-purpose';
import { jurisdictionsIn } from './jurisdictions';
import { cite, lineBounds } from './util';

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;
const PLACEHOLDER_DOMAIN = /(^|\.)(example\.(com|org|net)|domain\.com|email\.com|yourcompany\.com)$/i;

interface Mention {
  value: string;
  start: number;
  end: number;
}

/** Emails are found by expanding around "@" — a scan instead of a regex keeps 5 MB inputs linear. */
function findEmails(text: string): Mention[] {
  const out: Mention[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    let s = at;
    while (s > 0 && at - s < 64 && LOCAL.test(text[s - 1] ?? '')) s--;
    let e = at + 1;
    while (e < text.length && e - at < 255 && DOMAIN.test(text[e] ?? '')) e++;
    while (e > at + 1 && /[.-]/.test(text[e - 1] ?? '')) e--;
    while (s < at && text[s] === '.') s++;
    const local = text.slice(s, at);
    const domain = text.slice(at + 1, e);
    if (
      local.length > 0 &&
      /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/.test(domain) &&
      !PLACEHOLDER_DOMAIN.test(domain)
    ) {
      out.push({ value: `${local}@${domain}`.toLowerCase(), start: s, end: e });
    }
    at = text.indexOf('@', Math.max(e, at + 1));
  }
  return out;
}

/** "[at]", "(at)", "{at}", "<at>", " at " spelled out; "[dot]", "(dot)", ... likewise. */
const BRACKET_AT = String.raw`\s*[\[({<]\s*at\s*[\])}>]\s*`;
const BRACKET_DOT = String.raw`\s*[\[({<]\s*dot\s*[\])}>]\s*`;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/** name [at] domain.com, name (at) domain [dot] com, name @ domain.com (a spaced "@") */
const OBFUSCATED = new RegExp(
  String.raw`(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})(${BRACKET_AT}|[ \t]+@[ \t]*|[ \t]*@[ \t]+)(${LABEL}(?:(?:${BRACKET_DOT}|\.)${LABEL})*(?:${BRACKET_DOT}|\.)[A-Za-z]{2,24})(?![A-Za-z0-9-]|\.[A-Za-z0-9])`,
  'gi',
);
/** name at domain dot com: words only, so it is taken only after an e-mail cue, with a well-known top-level domain. */
const SPELLED =
  /(?<![A-Za-z0-9._%+-])([a-z0-9][a-z0-9._%+-]{1,63}) at ([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)((?: dot [a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*) dot (com|org|net|io|co|uk|de|fr|eu|se|nl|jp|us|ca|au|info|biz)\b/gi;
const EMAIL_CUE = /\b(?:e-?mail(?:ing)?|mail(?:box)?|write to|contact(?:ing)?|reach(?:ed)?|send)\b[^.\n]{0,60}$/i;
/** Words that read as "<word> @ site.com" in ordinary prose ("follow us @ twitter.com"): never a mailbox. */
const NOT_A_MAILBOX =
  /^(?:us|me|you|him|her|them|it|we|i|or|and|at|on|in|to|by|visit|follow|see|find|email|e-mail|contact)$/i;

/**
 * Addresses written to defeat harvesters, in the spellings policies and registries use. The citation is the written
 * form; the value is the address it stands for.
 */
function findObfuscatedEmails(text: string): Mention[] {
  const out: Mention[] = [];
  for (const m of text.matchAll(OBFUSCATED)) {
    const local = m[1]!.replace(/^\.+|\.+$/g, '');
    if (/@/.test(m[2]!) && NOT_A_MAILBOX.test(local)) continue;
    const domain = m[3]!.replace(new RegExp(BRACKET_DOT, 'gi'), '.').toLowerCase();
    if (!local || PLACEHOLDER_DOMAIN.test(domain)) continue;
    const start = (m.index ?? 0) + m[0].indexOf(m[1]!) + m[1]!.indexOf(local);
    out.push({ value: `${local}@${domain}`.toLowerCase(), start, end: (m.index ?? 0) + m[0].length });
  }
  for (const m of text.matchAll(SPELLED)) {
    const start = m.index ?? 0;
    const local = m[1]!;
    if (NOT_A_MAILBOX.test(local) || !EMAIL_CUE.test(text.slice(Math.max(0, start - 80), start))) continue;
    const domain = `${m[2]}${(m[3] ?? '').replace(/ dot /gi, '.')}.${m[4]}`.toLowerCase();
    if (PLACEHOLDER_DOMAIN.test(domain)) continue;
    out.push({ value: `${local}@${domain}`.toLowerCase(), start, end: start + m[0].length });
  }
  return out;
}

/** Plain and obfuscated addresses, in text order; a plain address inside an obfuscated mention's span is not repeated. */
export function findAllEmails(text: string): Mention[] {
  const plain = findEmails(text);
  const hidden = findObfuscatedEmails(text).filter((h) => !plain.some((p) => p.start < h.end && h.start < p.end));
  return [...plain, ...hidden].sort((a, b) => a.start - b.start);
}

const PHONE_CANDIDATE = /\+?\(?\d[\d ()./-]{5,22}\d/g;
const NANP = /^(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}$/;
const PHONE_CONTEXT = /\b(?:tele?phone|phone|tel|call(?:ing)?|toll[- ]free|hotline|dial|mobile|number)\b[^.\n]{0,40}$/i;
const FAX_CONTEXT = /\bfax\b[^.\n]{0,15}$/i;

export function findPhones(text: string): Mention[] {
  const out: Mention[] = [];
  for (const m of text.matchAll(PHONE_CANDIDATE)) {
    const raw = m[0].replace(/[ (./-]+$/, '');
    const start = m.index ?? 0;
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(raw)) continue;
    const [lineStart] = lineBounds(text, start, 60);
    const before = text.slice(lineStart, start);
    if (FAX_CONTEXT.test(before)) continue;
    const nanp = NANP.test(raw);
    if (!nanp && !(PHONE_CONTEXT.test(before) && /^\+|[ -]/.test(raw))) continue;
    if (!nanp && !raw.startsWith('+') && digits.length < 9) continue;
    out.push({ value: raw, start, end: start + raw.length });
  }
  return out;
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"“”'()]{3,500}/g;
const FORM_PATH =
  /(?:contact|request|form|privacy-?(?:center|centre|portal|choices|rights)|dsar|data-?subject|your-?rights|opt-?out|do-?not-?sell|webform|ccpa|gdpr)/i;
const FORM_WORDS =
  /\b(?:web ?form|online form|request form|contact form|submit (?:a|your) (?:request|form)|privacy (?:portal|center|centre)|fill (?:in|out)|contact(?:ing)? (?:our )?customer support)\b/i;
/** An opt-out page offered for cookies, analytics or ad networks is the third party's tool, not a request channel. */
const OPT_OUT_ONLY = /^[^?#]*opt-?out/i;
const AD_TOOL_CONTEXT = /\b(?:cookies?|analytics|advertis\w*|ads|ad networks?|browser add-?on)\b/i;

export function findWebforms(text: string, spans: Span[]): Mention[] {
  const out: Mention[] = [];
  const own = ownDomains(text);
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index ?? 0;
    const value = lowerHost(m[0].replace(/[.,;:!?]+$/, ''));
    const idx = spanIndexAt(spans, start);
    const sentence = idx >= 0 ? (spans[idx]?.text ?? '') : '';
    let path = value.replace(/^(https?:\/\/)?[^/]*/, '');
    if (/\.(pdf|png|jpe?g|gif|css|js)$/i.test(path)) continue;
    if (path === '/') path = '';
    const byPath = FORM_PATH.test(path);
    const byWords = FORM_WORDS.test(sentence);
    const [ls, le] = lineBounds(text, start, 400);
    if (byPath && !byWords && isThirdPartyOptOut(value, path, `${sentence} ${text.slice(ls, le)}`, own)) continue;
    if (byPath || byWords) out.push({ value, start, end: start + value.length });
  }
  return out;
}

/** Scheme and host are case-insensitive; "http://Example.com/x" and "http://example.com/x" are one form. */
function lowerHost(url: string): string {
  return url.replace(/^(?:https?:\/\/)?[^/]*/i, (h) => h.toLowerCase());
}

function registrable(host: string): string {
  return host.toLowerCase().split('.').slice(-2).join('.');
}

/** Domains the policy's own e-mail addresses use: the publisher's own sites. */
function ownDomains(text: string): Set<string> {
  return new Set(findEmails(text).map((e) => registrable(e.value.split('@')[1] ?? '')));
}

function isThirdPartyOptOut(url: string, path: string, sentence: string, own: Set<string>): boolean {
  if (own.size === 0 || !OPT_OUT_ONLY.test(path) || !AD_TOOL_CONTEXT.test(sentence)) return false;
  if (FORM_PATH.test(path.replace(/opt-?out/gi, ''))) return false;
  const host = /^(?:https?:\/\/)?([^/?#]+)/i.exec(url)?.[1] ?? '';
  return !own.has(registrable(host));
}

/** One fact per distinct value; the purpose is the most specific one any mention supports. */
export function mentionsToChannels(
  type: ChannelFact['type'],
  mentions: Mention[],
  text: string,
  spans: Span[],
): ChannelFact[] {
  const byValue = new Map<string, ChannelFact>();
  for (const m of mentions) {
    const idx = spanIndexAt(spans, m.start);
    const span = idx >= 0 ? spans[idx] : undefined;
    const prev = idx > 0 ? spans[idx - 1] : undefined;
    const line = lineAround(text, m.start);
    const prevText = prev && prev.line >= (span?.line ?? 0) - 1 ? prev.text : '';
    const context = `${span?.text ?? line} ${prevText} ${leadInLine(text, m.start)}`;
    const { purpose, jurisdictions } = classifyPurpose(context);
    const lineJuris = type === 'phone' ? jurisdictionsIn(line.replace(m.value, '')) : [];
    const fact: ChannelFact = {
      type,
      value: type === 'email' ? m.value : m.value,
      purpose,
      jurisdictions: jurisdictions.length > 0 ? jurisdictions : lineJuris,
      label: null,
      citation: cite(text, m.start, m.end),
    };
    const key = type === 'phone' ? m.value.replace(/\D/g, '') : m.value.toLowerCase().replace(/\/$/, '');
    const existing = byValue.get(key);
    if (!existing || purposeRank(purpose) < purposeRank(existing.purpose)) byValue.set(key, fact);
  }
  return [...byValue.values()].sort((a, b) => a.citation.start - b.citation.start);
}

function lineAround(text: string, offset: number): string {
  const [s, e] = lineBounds(text, offset, 400);
  return text.slice(s, e);
}
