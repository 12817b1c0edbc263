import type { ChannelFact } from './types';
import type { LineSpan, Span } from './sentences';
import { splitLines, spanIndexAt } from './sentences';
import { classifyPurpose, leadInLine } from './channel-purpose';
import { jurisdictionsIn } from './jurisdictions';
import { cite, collapse, lineBounds } from './util';

const POSTCODE =
  /\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b|\b\d{4} ?[A-Z]{2}\b|\b\d{3}-\d{4}\b|\b\d{3} \d{2}\b|\b(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-Z][a-zäöüéèå]+/;
const STREET =
  /\b\d{1,6}[A-Za-z]?(?:-\d{1,4}){0,2}\s+[A-Z]\w*|\b(?:Street|St\.|Road|Rd\.|Avenue|Ave\.?|Boulevard|Blvd\.?|Drive|Dr\.|Lane|Way|Suite|Floor|Square|Place|Plaza|Parkway|P\.?\s?O\.? Box|Postbus|Postfach)\b|\w(?:straße|strasse|weg|gatan|vägen|laan|plein|gracht|vej|veien|katu)\b/i;
const COUNTRY_LINE =
  /^(?:USA|U\.S\.A\.|United States(?: of America)?|Canada|Japan|Germany|France|Sweden|The Netherlands|Netherlands|Ireland|United Kingdom|UK|Switzerland|Italy|Spain|Australia|Singapore|China|Korea|India|Brazil|Belgium|Austria|Denmark|Norway|Finland|Luxembourg)\.?$/i;
const ORG_OR_ATTN =
  /^(?:Attn|Attention|c\/o|ATTN)\b|\b(?:Inc|Ltd|LLC|Corp|Corporation|GmbH|B\.V|N\.V|S\.A|plc|Limited|Company|AB|AG|K\.K)\b\.?,?$|\b(?:Department|Office|Officer|Team)\b/;
const NOT_ADDRESS = /@|https?:|www\.|\b(?:tele?phone|phone|tel|fax|e-?mail|website)\b/i;
const FIELD_LABEL = /^(?!Attn|Attention)[A-Z][A-Za-z ]{1,30}:\s+\S/;
const INLINE_LABEL =
  /^(?:(?:Postal |Mailing |Registered |Office |Head office |Our )?address|Post|Mail|By (?:mail|post)|Headquarters|Registered office)\s*:\s*/i;
const INLINE_PHRASE =
  /\b(?:or at|address is|following address|address below|write to us at|by (?:mail|post) (?:at|to)|send (?:a letter|mail|your request) to|mail (?:it |your request )?to)\s*:?\s*/gi;
const DEPT_LABEL = /^(?:Responsible )?(?:Department|Division|Attn|Attention)\s*:?\s*(.{3,80})$/i;

const LEGAL_ENTITY =
  /\b(?:Inc|Ltd|LLC|L\.L\.C|Corp|Corporation|GmbH|B\.V|N\.V|S\.A|S\.A\.S|SAS|plc|Limited|Company|AB|AG|K\.K|Co\.,? Ltd)\b\.?,?$/;

/**
 * The legal entity a postal block belongs to: its first line when that line names a company ("Sony Electronics Inc."),
 * so a letter to that address is addressed to that entity, not to the policy's parent company.
 */
function postalEntity(block: string): string | null {
  const first = block.split('\n')[0]?.trim().replace(/,$/, '') ?? '';
  if (!first || /\d/.test(first) || first.length > 80 || /^(?:Attn|Attention|c\/o)\b/i.test(first)) return null;
  return LEGAL_ENTITY.test(first) ? first : null;
}

/**
 * Who a letter to a postal block is addressed to, and the rest of the block: the block's own entity when it names one
 * (the fact's `entity`, or read from the block for facts stored before it existed), else the vendor's name.
 */
export function postalAddressee(
  vendorName: string,
  block: string,
  entity?: string | null,
): { name: string; address: string } {
  const e = entity ?? postalEntity(block);
  if (!e) return { name: vendorName, address: block };
  const [first, ...rest] = block.split('\n');
  return { name: e, address: first?.trim().replace(/,$/, '') === e && rest.length > 0 ? rest.join('\n') : block };
}

function looksLikeAddress(value: string): boolean {
  return /\d/.test(value) && (POSTCODE.test(value) || STREET.test(value)) && value.length >= 10 && value.length <= 400;
}

/** Postal addresses: "Address: …" lines, "our address is …" phrases, and multi-line address blocks. */
export function findPostal(text: string, spans: Span[]): ChannelFact[] {
  const lines = splitLines(text);
  const used = new Set<number>();
  const facts: ChannelFact[] = [];
  lines.forEach((line, i) => {
    const label = facts.length < 200 ? INLINE_LABEL.exec(line.text) : null;
    if (!label) return;
    const start = line.start + label[0].length;
    const end = endOfAddress(text, start, line.end);
    if (!looksLikeAddress(text.slice(start, end))) return;
    used.add(i);
    facts.push(makeFact(text, spans, lines, start, end, i, i, nearbyDepartment(lines, i)));
  });
  let budget = 300;
  for (const span of spans) {
    for (const m of span.text.matchAll(INLINE_PHRASE)) {
      if (--budget < 0) break;
      const start = span.start + (m.index ?? 0) + m[0].length;
      const [, lineEnd] = lineBounds(text, start, 400);
      const end = endOfAddress(text, start, lineEnd);
      if (
        !/^[A-Z0-9]/.test(text[start] ?? '') ||
        !looksLikeAddress(text.slice(start, end)) ||
        !/,/.test(text.slice(start, end))
      )
        continue;
      if (used.has(span.line)) continue;
      used.add(span.line);
      facts.push(makeFact(text, spans, lines, start, end, span.line, span.line, null));
    }
  }
  facts.push(...findBlocks(text, spans, lines, used));
  return dedupe(facts);
}

/** An inline address ends at " or via …", at a sentence end, or at the end of the line. */
function endOfAddress(text: string, start: number, lineEnd: number): number {
  const rest = text.slice(start, lineEnd);
  const stop = /\s+or\s+(?:via|by|at|through|to)\b|\.(?=\s+[A-Z][a-z])|\s+\((?:the|our|“|")/.exec(rest);
  let end = start + (stop ? stop.index : rest.length);
  while (end > start && /[\s.,;:]/.test(text[end - 1] ?? '')) end--;
  return end;
}

function findBlocks(text: string, spans: Span[], lines: LineSpan[], used: Set<number>): ChannelFact[] {
  const facts: ChannelFact[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isBlockLine(lines[i]?.text ?? '') || used.has(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < lines.length && isBlockLine(lines[j + 1]?.text ?? '') && !used.has(j + 1) && j - i < 7) j++;
    const blockText = lines
      .slice(i, j + 1)
      .map((l) => l.text)
      .join('\n');
    const hasCode = POSTCODE.test(blockText);
    const hasStreet = lines.slice(i, j + 1).some((l) => /\d/.test(l.text) && STREET.test(l.text));
    const multi = j > i;
    if (multi && hasCode && hasStreet) {
      const label =
        lines
          .slice(i, j + 1)
          .map((l) => blockLabel(l.text))
          .find((l) => l) ?? null;
      const first = lines[i];
      const last = lines[j];
      if (first && last) {
        let end = last.end;
        while (end > first.start && /[\s,;]/.test(text[end - 1] ?? '')) end--;
        facts.push(makeFact(text, spans, lines, first.start, end, i, j, label ? collapse(label) : null));
      }
    }
    i = j + 1;
  }
  return facts;
}

function blockLabel(line: string): string | null {
  if (/^(?:Attn|Attention|ATTN)\b/.test(line.trim())) return line.trim().replace(/,$/, '');
  return DEPT_LABEL.exec(line)?.[1] ?? null;
}

function isBlockLine(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.length > 90 || NOT_ADDRESS.test(t) || /:$/.test(t)) return false;
  if (FIELD_LABEL.test(t) && !DEPT_LABEL.test(t)) return false;
  if (/[.!?]$/.test(t) && t.split(' ').length > 8 && !ORG_OR_ATTN.test(t)) return false;
  return (
    /\d/.test(t) ||
    ORG_OR_ATTN.test(t) ||
    COUNTRY_LINE.test(t) ||
    /^[A-Z][\w'’.&-]*(?:,? [A-Z0-9][\w'’.&-]*){0,6},?$/.test(t)
  );
}

function nearbyDepartment(lines: LineSpan[], i: number): string | null {
  for (let k = Math.max(0, i - 3); k <= Math.min(lines.length - 1, i + 3); k++) {
    const m = /(?:Department|Division|Attn|Attention)\s*:\s*(.{3,80})$/i.exec(lines[k]?.text ?? '');
    if (m?.[1] && k !== i) return collapse(m[1]);
  }
  return null;
}

function makeFact(
  text: string,
  spans: Span[],
  lines: LineSpan[],
  start: number,
  end: number,
  firstLine: number,
  lastLine: number,
  label: string | null,
): ChannelFact {
  const idx = spanIndexAt(spans, start);
  const own = idx >= 0 ? (spans[idx]?.text ?? '') : '';
  const leadIn = leadInText(text, spans, lines, firstLine, idx);
  // The address itself names countries; only the words around it say who the channel is for.
  const { purpose, jurisdictions } = classifyPurpose(`${own.replace(text.slice(start, end), ' ')} ${leadIn}`);
  const before = lines[firstLine - 1]?.text.trim() ?? '';
  const labelJuris = /:$/.test(before) && before.length < 40 ? jurisdictionsIn(before) : [];
  const value = text
    .slice(start, end)
    .split('\n')
    .map((l) => l.trim().replace(/,$/, ''))
    .filter((l) => l !== '')
    .join('\n');
  void lastLine;
  const entity = postalEntity(value);
  return {
    type: 'postal',
    value,
    ...(entity ? { entity } : {}),
    purpose,
    jurisdictions: jurisdictions.length > 0 ? jurisdictions : labelJuris,
    label,
    citation: cite(text, start, end),
  };
}

/** The sentence that introduces an address block ("please contact us at:") decides its purpose. */
function leadInText(text: string, spans: Span[], lines: LineSpan[], firstLine: number, idx: number): string {
  const prevSpan = idx > 0 ? spans[idx - 1] : undefined;
  const parts: string[] = [];
  if (prevSpan && prevSpan.line >= firstLine - 4) parts.push(prevSpan.text);
  parts.push(leadInLine(text, lines[firstLine]?.start ?? 0));
  return parts.join(' ');
}

function dedupe(facts: ChannelFact[]): ChannelFact[] {
  const seen = new Set<string>();
  return facts
    .sort((a, b) => a.citation.start - b.citation.start)
    .filter((f) => {
      const key = f.value
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
      // The same building printed twice ("1200 E 151st Street" / "1200 E. 151st St.") is one address.
      const place = placeKey(f.value);
      if (seen.has(key) || (place && seen.has(place))) return false;
      seen.add(key);
      if (place) seen.add(place);
      return true;
    });
}

/** House number plus postcode, when both are printed; null otherwise. */
function placeKey(value: string): string | null {
  const code = POSTCODE.exec(value)?.[0];
  const house = /(?:^|\n|,\s*)(?:[A-Z][\w.,'’& -]{0,60}\n)?(\d{1,6}[A-Za-z]?)\s+[A-Z]/.exec(value)?.[1];
  if (!code || !house || code.includes(house)) return null;
  return `place:${house}|${code.replace(/\s+/g, ' ').toUpperCase()}`;
}
