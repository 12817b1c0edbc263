/**
 * Explicit dates in the languages the portal writes in: "1 March 2026", "March 1, 2026", "1. März 2026",
 * "1er mars 2026", "1 de marzo de 2026", "2026年3月1日", "令和8年3月1日", ISO "2026-03-01", and numeric
 * "01.03.2026" / "01/03/2026". A slashed numeric date is read month first in English (US vendors write 02/20/2026)
 * and day first in every other language; when one of the two numbers is over 12 it decides. A date without a year
 * takes the year of the reference date (the message's receipt), or the next year when that would put it more than
 * two months before the reference.
 */
import type { Lang } from './rules';

const MONTHS: Record<string, number> = {};
const NAMES: [number, string[]][] = [
  [1, ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'januari', 'enero', 'ene']],
  [2, ['february', 'feb', 'februar', 'février', 'févr', 'fevrier', 'februari', 'febrero']],
  [3, ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo']],
  [4, ['april', 'apr', 'avril', 'abril', 'avr']],
  [5, ['may', 'mai', 'maj', 'mayo']],
  [6, ['june', 'jun', 'juni', 'juin', 'junio']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil', 'julio']],
  [8, ['august', 'aug', 'août', 'aout', 'augusti', 'agosto', 'ago']],
  [9, ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre']],
  [11, ['november', 'nov', 'novembre', 'noviembre']],
  [12, ['december', 'dec', 'dezember', 'dez', 'décembre', 'déc', 'diciembre', 'dic']],
];
for (const [n, names] of NAMES) for (const name of names) MONTHS[name] = n;
const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?`;
const DAY = '(\\d{1,2})(?:st|nd|rd|th|er|\\.)?';
const YEAR = '(\\d{4})';
const L = '(?<![\\p{L}\\p{N}])';
const R = '(?![\\p{L}\\p{N}])';

const FORMS: { re: RegExp; read: (m: RegExpExecArray) => [number | null, number, number] }[] = [
  { re: new RegExp(`${L}(\\d{4})-(\\d{1,2})-(\\d{1,2})${R}`, 'gu'), read: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  { re: /(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日/gu, read: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  {
    re: /令和\s?(\d{1,2}|元)\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日/gu,
    read: (m) => [2018 + (m[1] === '元' ? 1 : +m[1]!), +m[2]!, +m[3]!],
  },
  { re: new RegExp(`${L}(\\d{4})/(\\d{1,2})/(\\d{1,2})${R}`, 'gu'), read: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  // "1 March 2026", "1. März 2026", "1er mars 2026", "1 de marzo de 2026", "1 March" (year optional)
  {
    re: new RegExp(`${L}${DAY}\\s(?:de\\s)?${MONTH}(?:,?\\s(?:de\\s)?${YEAR})?${R}`, 'giu'),
    read: (m) => [m[3] ? +m[3] : null, MONTHS[m[2]!.toLowerCase()]!, +m[1]!],
  },
  // "March 1, 2026", "March 1st 2026", "March 1"
  {
    re: new RegExp(`${L}${MONTH}\\s${DAY}(?:,?\\s${YEAR})?${R}`, 'giu'),
    read: (m) => [m[3] ? +m[3] : null, MONTHS[m[1]!.toLowerCase()]!, +m[2]!],
  },
  // 3月31日 (no year)
  { re: /(?<![年\d])(\d{1,2})\s?月\s?(\d{1,2})\s?日/gu, read: (m) => [null, +m[1]!, +m[2]!] },
];
const NUMERIC = new RegExp(`${L}(\\d{1,2})([./])(\\d{1,2})\\2(\\d{4})${R}`, 'gu');

export interface FoundDate {
  iso: string;
  start: number;
  end: number;
  phrase: string;
}

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return date.toISOString().slice(0, 10);
}

function withYear(year: number | null, month: number, day: number, reference: Date | undefined): number | null {
  if (year !== null) return year;
  if (!reference) return null;
  const y = reference.getUTCFullYear();
  const candidate = Date.UTC(y, month - 1, day);
  return candidate < reference.getTime() - 62 * 86_400_000 ? y + 1 : y;
}

/** Every explicit date in `text`, in order, each once (the longest reading of a span wins). */
export function findDates(text: string, lang: Lang | null, reference?: Date): FoundDate[] {
  const found: FoundDate[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  const add = (m: RegExpExecArray, value: string | null) => {
    const end = m.index + m[0].length;
    if (!value || overlaps(m.index, end)) return;
    taken.push([m.index, end]);
    found.push({ iso: value, start: m.index, end, phrase: m[0] });
  };
  for (const form of FORMS) {
    for (const m of text.matchAll(form.re)) {
      const [y, mo, d] = form.read(m);
      const year = withYear(y, mo, d, reference);
      add(m, year === null ? null : iso(year, mo, d));
    }
  }
  for (const m of text.matchAll(NUMERIC)) {
    const a = +m[1]!;
    const b = +m[3]!;
    const monthFirst = a > 12 ? false : b > 12 ? true : m[2] === '/' && lang === 'en';
    add(m, monthFirst ? iso(+m[4]!, a, b) : iso(+m[4]!, b, a));
  }
  return found.sort((x, y) => x.start - y.start);
}
