/** A sentence (or a list item / short line) with its offsets in the normalized text. */
export interface Span {
  start: number;
  end: number;
  text: string;
  /** index of the line the span starts on */
  line: number;
  /** nearest heading line at or above this span (used for jurisdiction / section context) */
  heading: string;
  /** a short "In Europe:" style label at the start of the span's line, scoping the whole line */
  lineLabel: string;
}

export interface LineSpan {
  start: number;
  end: number;
  text: string;
}

/** Long run-on "sentences" are cut so that per-sentence regexes stay cheap on adversarial input. */
const MAX_SPAN = 1500;

const ABBREVIATIONS = new Set([
  'inc',
  'ltd',
  'co',
  'corp',
  'llc',
  'rd',
  'st',
  'ave',
  'blvd',
  'mr',
  'ms',
  'mrs',
  'dr',
  'no',
  'nr',
  'e.g',
  'i.e',
  'u.s',
  'u.k',
  'etc',
  'vs',
  'jr',
  'sr',
  'b.v',
  'n.v',
  's.a',
  'a.g',
  'p.o',
  'ste',
  'dept',
  'fig',
  'art',
  'sec',
  'approx',
  'ca',
  'cf',
  'pty',
  'plc',
  'gmbh',
  'k.k',
  'l.l.c',
  's.l',
  'oy',
  'ab',
  'ag',
  'bv',
  'nv',
]);

export function splitLines(text: string): LineSpan[] {
  const lines: LineSpan[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    lines.push({ start, end, text: text.slice(start, end) });
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}

/** Short, unpunctuated, capitalised lines: "Notice to Nevada Residents:", "11. Contact Us". */
function isHeading(line: string): boolean {
  const t = line.trim();
  if (t.length < 3 || t.length > 100) return false;
  if (/[.;,]$/.test(t) && !/^\d+(\.\d+)*\.?\s/.test(t)) return false;
  if (/^[•\-*]/.test(t)) return false;
  if (!/^[A-Z0-9(]/.test(t)) return false;
  if (t.split(/\s+/).length > 12) return false;
  return !/@|https?:\/\//.test(t);
}

export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const lines = splitLines(text);
  let heading = '';
  lines.forEach((line, lineIndex) => {
    if (line.text.trim() === '') return;
    if (isHeading(line.text)) heading = line.text.trim();
    const lineLabel = /^([^:\n]{2,30}):\s/.exec(line.text)?.[1] ?? '';
    for (const [s, e] of sentenceBounds(line.text)) {
      for (let cs = s; cs < e; cs += MAX_SPAN) {
        const ce = Math.min(e, cs + MAX_SPAN);
        const start = line.start + cs;
        const end = line.start + ce;
        spans.push({ start, end, text: text.slice(start, end), line: lineIndex, heading, lineLabel });
      }
    }
  });
  return spans;
}

/** Sentence boundaries inside one line, skipping abbreviations such as "Inc." and "U.S.". */
function sentenceBounds(line: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  while (start < line.length && line[start] === ' ') start++;
  for (let i = start; i < line.length; i++) {
    const ch = line[i];
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    const next = line[i + 1];
    if (next !== ' ') continue;
    const after = line[i + 2] ?? '';
    if (!/[A-Z0-9“"‘'(•]/.test(after)) continue;
    if (ch === '.' && isAbbreviation(line, i)) continue;
    out.push([start, i + 1]);
    start = i + 2;
  }
  if (start < line.length) out.push([start, trimEnd(line)]);
  return out.filter(([s, e]) => e > s);
}

function isAbbreviation(line: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && /[A-Za-z.]/.test(line[s - 1] ?? '')) s--;
  const word = line.slice(s, dot).toLowerCase();
  // "9. Access to your information" and "3.2. Rights" are section numbers, not sentence ends.
  if (word === '' && /^\s*[\d.]+$/.test(line.slice(0, dot))) return true;
  if (word.length === 1) return true;
  return ABBREVIATIONS.has(word);
}

function trimEnd(line: string): number {
  let e = line.length;
  while (e > 0 && line[e - 1] === ' ') e--;
  return e;
}

/** Index of the span containing offset (or the last span starting before it); -1 when none. */
export function spanIndexAt(spans: Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid];
    if (!span) break;
    if (span.start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
