import type { Citation } from './types';
import { cite } from './util';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const KEYWORD =
  /\b(?:effective(?: date)?|last (?:updated?|modified|revised|amended|changed)(?: on)?|updated|revised|enacted|date of (?:last )?(?:revision|update)|version date|in effect)\b/gi;
const FORMATS: { re: RegExp; parse: (m: RegExpExecArray) => string | null }[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/, parse: (m) => iso(+m[1]!, +m[2]!, +m[3]!) },
  {
    re: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH},?\s+(\d{4})\b`, 'i'),
    parse: (m) => iso(+m[3]!, month(m[2]!), +m[1]!),
  },
  {
    re: new RegExp(String.raw`\b${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, 'i'),
    parse: (m) => iso(+m[3]!, month(m[1]!), +m[2]!),
  },
  { re: new RegExp(String.raw`\b${MONTH},?\s+(\d{4})\b`, 'i'), parse: (m) => isoMonth(+m[2]!, month(m[1]!)) },
  { re: /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/, parse: (m) => iso(+m[3]!, +m[1]!, +m[2]!) },
];

export interface DateResult {
  date: string;
  citation: Citation;
}

/** The first date that follows an "effective / last updated / enacted" keyword within a short window. */
export function findEffectiveDate(text: string): DateResult | null {
  const head = text.slice(0, 200000);
  for (const k of head.matchAll(KEYWORD)) {
    const from = (k.index ?? 0) + k[0].length;
    const window = head.slice(from, from + 90);
    let best: { at: number; len: number; value: string } | null = null;
    for (const f of FORMATS) {
      const m = f.re.exec(window);
      if (!m) continue;
      const value = f.parse(m);
      if (value && (!best || m.index < best.at)) best = { at: m.index, len: m[0].length, value };
    }
    if (best) {
      const start = from + best.at;
      return { date: best.value, citation: cite(text, start, start + best.len) };
    }
  }
  return null;
}

function month(name: string): number {
  const n = name.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(n)) + 1;
}

function iso(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function isoMonth(y: number, m: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12) return null;
  return `${y}-${String(m).padStart(2, '0')}`;
}
