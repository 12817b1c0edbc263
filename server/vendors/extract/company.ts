import type { Citation } from './types';
import { cite, lineBounds } from './util';

const SUFFIX = String.raw`(?:,? (?:Inc\.?|Incorporated|Corporation|Corp\.|LLC|L\.L\.C\.|Ltd\.?|Limited|GmbH|AG|S\.A\.|S\.A\.S\.|B\.V\.|N\.V\.|plc|PLC|Pty Ltd|Co\., Ltd\.|K\.K\.|AB|ASA|Oy|S\.r\.l\.|SE|Company))`;
const WORD = String.raw`[A-Z0-9][\w&'’.-]{0,30}`;
/** Bounded name: up to 6 capitalised words (plus "of"/"and") then a legal suffix. */
const ENTITY = new RegExp(
  String.raw`\b${WORD}(?:,? (?:${WORD}|of|and|&|[a-z][\w-]{0,20}(?= ${WORD}))){0,6}?${SUFFIX}(?![\w])`,
  'g',
);
const REFERS = /\b(?:refer(?:s|red)? to|means?|is|are)\s*$/i;
const DEFINES_WE =
  /^\s*\(\s*(?:hereinafter,?\s*)?(?:collectively,?\s*)?(?:“|"|‘)?(?:[^)]{0,60})(?:“|"|‘)(?:we|us|our|the Company)(?:”|"|’)/i;
const BRANCH =
  /([A-Z][\w'’&.-]{0,30}(?: [A-Z][\w'’&.-]{0,30}){0,6}) is the (\w+ )?branch(?: office)? of ([A-Z][\w'’&.-]{0,30}(?:,? [A-Z][\w'’&.-]{0,30}){0,6})/;

export interface CompanyResult {
  name: string;
  citation: Citation;
}

/**
 * The legal entity: a name the text defines as "we" ("… refer to Sony Corporation",
 * "NTT Sonority, Inc. (hereinafter … “we”)"), else the most prominent entity near the top.
 */
export function findCompany(text: string): CompanyResult | null {
  const branch = BRANCH.exec(text.slice(0, 20000));
  if (branch?.[1] && branch[3]) {
    const start = branch.index;
    const parent = branch[3].replace(/[.,]$/, (m) => (/B\.V|N\.V|S\.A|Inc|Ltd|Co/.test(branch[3] ?? '') ? m : ''));
    return {
      name: `${branch[1]} (${branch[2] ?? ''}branch of ${parent.replace(/,$/, '')})`,
      citation: cite(text, start, start + branch[0].length),
    };
  }
  const candidates: { name: string; start: number; end: number; score: number }[] = [];
  const head = text.slice(0, 60000);
  for (const m of head.matchAll(ENTITY)) {
    const start = m.index ?? 0;
    const name = cleanName(m[0]);
    if (!name) continue;
    const s = start + m[0].indexOf(name);
    const e = s + name.length;
    const before = head.slice(Math.max(0, s - 40), s);
    const after = head.slice(e, e + 120);
    let score = 1 - s / head.length;
    if (REFERS.test(before)) score += 5;
    if (DEFINES_WE.test(after)) score += 6;
    if (/\bis (?:a|the) (?:data )?controller\b/i.test(after.slice(0, 40))) score += 3;
    if (/^\s*$/.test(lineAround(head, s).replace(name, ''))) score += 2;
    if (/Company name\s*:\s*$/i.test(before)) score += 2;
    candidates.push({ name, start: s, end: e, score });
  }
  const best = candidates.sort((a, b) => b.score - a.score || a.start - b.start)[0];
  return best ? { name: best.name, citation: cite(text, best.start, best.end) } : null;
}

function cleanName(raw: string): string | null {
  const words = raw.split(' ');
  // Drop sentence-initial words that are not part of a name ("The purpose … how NTT Sonority, Inc.").
  while (
    words.length > 2 &&
    /^(?:The|This|These|If|For|Unless|When|Our|In|By|At|As|To|All|Any|Each|Please)$/.test(words[0] ?? '')
  )
    words.shift();
  const name = words.join(' ').trim();
  if (/^(?:The|This|Our|Your) Company$/i.test(name) || /^Company$/i.test(name)) return null;
  return name.length >= 4 ? name : null;
}

function lineAround(text: string, offset: number): string {
  const [s, e] = lineBounds(text, offset, 300);
  return text.slice(s, e);
}
