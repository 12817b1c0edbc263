import type { DeadlineExtension, DeadlineFact, DeadlineUnit, RequirementFact, RightCode, RightFact } from './types';
import type { Span } from './sentences';
import { spanIndexAt } from './sentences';
import { contextJurisdictions, jurisdictionsIn } from './jurisdictions';
import { rightsMentioned } from './rights';
import { cite } from './util';

const WORDS: Record<string, number> = {
  a: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'forty-five': 45,
  'forty five': 45,
  forty: 40,
  sixty: 60,
  ninety: 90,
};
const NUMBER = String.raw`(\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty[- ]five|forty|sixty|ninety)`;
const PERIOD = new RegExp(
  String.raw`\b(within|no later than|not later than|up to|in|after)\s+(?:the\s+)?${NUMBER}(?:\s+\(\d{1,3}\))?\s+(calendar\s+|business\s+|working\s+)?(days?|months?|weeks?)\b`,
  'gi',
);
const RESPONSE_VERB =
  /\b(?:respond|response|reply|answer|process|fulfil|fulfill|complete|comply|honou?r|acknowledge|confirm receipt|act on|suppl(?:y|ies) (?:to )?you|provide (?:you )?(?:with )?(?:the|a|your|this|that))\w*/i;
/** Verbs of a substantive answer, as opposed to a mere acknowledgement of receipt. */
const SUBSTANTIVE_VERB =
  /\b(?:respond|response|reply|answer|process|fulfil|fulfill|complete|comply|honou?r|act on|suppl(?:y|ies) (?:to )?you|provide (?:you )?(?:with )?(?:the|a|your|this|that))\w*/i;
/** "confirm receipt of your request within 10 business days": when the request will be acknowledged, not answered. */
const ACKNOWLEDGE =
  /\b(?:confirm(?:s|ing)? (?:the )?receipt|acknowledg(?:e|es|ing|ement of) (?:the )?(?:receipt|your request|requests?)|send (?:you )?(?:an? )?(?:confirmation|acknowledg(?:e)?ment))\b/i;
/** When the request context comes only from the sentence before, the verb must be about answering it. */
const ANSWER_VERB =
  /\b(?:respond|response|reply|answer|get back to you|process|fulfil|fulfill|honou?r|act on|deal with)\w*/i;
/** "a request to review the information we have on file for you", "supply ... the personal information which we hold about you". */
const ACCESS_REQUEST =
  /\b(?:review|see|supply|provide|give|send|copy of|details of)\b[^.]{0,60}\b(?:information|data) (?:which |that )?we (?:hold|have|keep)(?: on file)? (?:about|for|on) you\b/i;
const REQUEST_WORD = /\brequests?\b|\binquir|\benquir|\bcomplaints?\b/i;
/** Numbers near these words are retention periods, notices, averages or extensions — never response deadlines. */
const DECOY =
  /\b(?:retain|retention|average|typically|notice|prior|cookies?|expire|trial|refund|return|warranty|billing|inactive|extend\w*|extension|additional|further|another|more time|longer)\b[^.]{0,40}$/i;
/** What follows the number: "30 days after we post the changes", "90 days of inactivity", "in total". */
const DECOY_AFTER =
  /^[\s,]*(?:in total|total\b|(?:after|of|from|following|before)\s+(?:we |the |our |its |such |any |your )?(?:post(?:ing)?|publish(?:ing)?|notice|notif(?:y|ication)|(?:the )?changes?|(?:the )?effective date|inactivity|expir|purchase|delivery|shipment|(?:account )?(?:closure|termination|cancell?ation|deletion)|the end of))/i;
/** "Postal Mail: ..., Fremont, CA 94555 USA" is a contact line, not a section heading that scopes a jurisdiction. */
const LABEL_LINE = /^[^:]{2,30}:\s/;
const MARKETING =
  /\bunsubscri|\bpromotional\b|\bmarketing (?:e-?mails?|communications?|messages?)|\bstop (?:sending|receiving) (?:you )?(?:promotional|marketing)?\s*e-?mails/i;

export interface DeadlineResult {
  deadlines: DeadlineFact[];
  promises: RequirementFact[];
}

/**
 * Response deadlines: "within 30 days", "45 calendar days", "one month". A deadline about marketing
 * unsubscribes, and an acknowledgement of receipt ("we will confirm receipt within 10 business days"),
 * are promises rather than data-rights deadlines, so they are returned as response_promise requirements.
 * Extensions ("up to another 45 days", "or up to 90 days if we need more time") never become deadlines.
 */
export function findDeadlines(spans: Span[], text: string, rights: RightFact[]): DeadlineResult {
  const deadlines: DeadlineFact[] = [];
  const promises: RequirementFact[] = [];
  spans.forEach((span, idx) => {
    if (!RESPONSE_VERB.test(span.text)) return;
    const paragraph = earlierInParagraph(spans, idx);
    // "You have the right to erasure. We will respond within one month." — the second sentence
    // inherits the request context of the sentence before it in the same paragraph.
    const inContext =
      REQUEST_WORD.test(span.text) ||
      /\byou\b/i.test(span.text) ||
      (ANSWER_VERB.test(span.text) &&
        paragraph.some((p) => REQUEST_WORD.test(p.text) || rightsMentioned(p.text).length > 0));
    if (!inContext) return;
    let clauseStart = 0;
    let previous: { days: number; unit: DeadlineUnit } | null = null;
    for (const m of span.text.matchAll(PERIOD)) {
      const at = m.index ?? 0;
      const before = span.text.slice(0, at);
      const clause = span.text.slice(clauseStart, at);
      const after = span.text.slice(at + m[0].length, at + m[0].length + 60);
      clauseStart = at + m[0].length;
      if (DECOY.test(before) || DECOY_AFTER.test(after)) continue;
      const n = toNumber(m[2] ?? '');
      if (n === null || n <= 0 || n > 365) continue;
      const unitWord = (m[4] ?? '').toLowerCase();
      const qualifier = (m[3] ?? '').trim().toLowerCase();
      const unit: DeadlineUnit = unitWord.startsWith('month')
        ? 'month'
        : qualifier === 'business' || qualifier === 'working'
          ? 'business'
          : 'calendar';
      const days = unitWord.startsWith('week') ? n * 7 : n;
      // "within 45 days, or up to 90 days if we need more time": a longer second period is the extension.
      if (
        previous &&
        /\b(?:or|extend\w*|extension|total)\b/i.test(clause) &&
        approxDays(days, unit) > approxDays(previous.days, previous.unit)
      )
        continue;
      const prev = spans[idx - 1];
      const nearby = `${prev && prev.line >= span.line - 1 ? prev.text : ''} ${span.text}`;
      const citation = cite(text, span.start, span.end);
      const ownJurisdictions = contextJurisdictions(LABEL_LINE.test(span.heading) ? { ...span, heading: '' } : span);
      const ack = ACKNOWLEDGE.exec(clause);
      if (ack && !SUBSTANTIVE_VERB.test(clause.replace(ack[0], ''))) {
        promises.push({
          kind: 'response_promise',
          value: `${ack[0]} ${m[0]}`,
          fields: [],
          rights: deadlineRights(span, spans, idx, rights).rights,
          jurisdictions: ownJurisdictions,
          citation,
        });
        continue;
      }
      if (MARKETING.test(nearby)) {
        promises.push({
          kind: 'response_promise',
          value: m[0],
          fields: [],
          rights: ['unsubscribe_marketing'],
          jurisdictions: ownJurisdictions,
          citation,
        });
        continue;
      }
      const context = deadlineRights(span, spans, idx, rights);
      const jurisdiction = ownJurisdictions[0] ?? paragraphJurisdiction(paragraph) ?? context.jurisdiction;
      previous = { days, unit };
      // "9.1 ... (within 40 days ...) supply ... 9.3 ... we will respond to your request within 40 days":
      // the same period restated shortly after, with nothing new attached, is the same deadline.
      if (restatesRecent(deadlines, span.start, days, unit, context.rights, jurisdiction)) continue;
      const extension = findExtension(
        span.text.slice(at + m[0].length),
        spans[idx + 1]?.line === span.line ? spans[idx + 1] : undefined,
        { days, unit },
      );
      const cited = extension?.inNext ? cite(text, span.start, spans[idx + 1]!.end) : citation;
      deadlines.push({
        days,
        unit,
        rights: context.rights,
        jurisdiction,
        citation: cited,
        extension: extension?.extension ?? null,
      });
    }
  });
  return { deadlines, promises };
}

const UNIT = String.raw`(calendar\s+|business\s+|working\s+)?(days?|months?|weeks?)\b`;
const COUNT = String.raw`${NUMBER}(?:\s+\(\d{1,3}\))?\s+(?:(?:further|additional|more|extra)\s+)?`;
/** Right after the deadline: ", or 90 days if we need more time", "(or up to 90 days in total ...)". */
const TOTAL_AFTER = new RegExp(
  String.raw`^\s*[,;(–—-]?\s*(?:or|and)\s+(?:up to\s+|within\s+|in\s+)?(?:a (?:total|maximum) of\s+)?${COUNT}${UNIT}`,
  'i',
);
/** "by a further 45 days", "an additional 45 days", "another 30 days", "two further months". */
const ADDITIONAL = new RegExp(
  String.raw`\b(?:by\s+(?:up to\s+)?(?:(?:a|an)\s+)?(?:(?:further|additional|another|extra)\s+)?|(?:(?:up to\s+)?(?:a further|an additional|another|an extra))\s+)${COUNT}${UNIT}`,
  'i',
);
/** "extend the period to 90 days", "up to a total of 90 days", "90 days in total". */
const TOTAL_OF = new RegExp(
  String.raw`\b(?:to\s+(?:a (?:total|maximum) of\s+)?|a (?:total|maximum) of\s+)${COUNT}${UNIT}|\b${COUNT}${UNIT}\s+in total`,
  'i',
);
/** What makes a second period an extension: the text says the deadline can be extended or more time taken. */
const EXTENDS = /\b(?:extend\w*|extension|more time|additional time|further time|longer period)\b/i;

/**
 * The extension a deadline's own sentence (after the deadline) or the next sentence of its paragraph allows. The
 * extended period must be longer than the deadline when it is a total.
 */
function findExtension(
  rest: string,
  next: Span | undefined,
  deadline: { days: number; unit: DeadlineUnit },
): { extension: DeadlineExtension; inNext: boolean } | null {
  const build = (m: RegExpExecArray, mode: DeadlineExtension['mode']): DeadlineExtension | null => {
    const groups = m.slice(1).filter((g) => g !== undefined);
    const n = toNumber(groups[0] ?? '');
    const unitWord = (groups[groups.length - 1] ?? '').toLowerCase();
    const qualifier = (groups.length === 3 ? (groups[1] ?? '') : '').trim().toLowerCase();
    if (n === null || n <= 0 || n > 365) return null;
    const unit: DeadlineUnit = unitWord.startsWith('month')
      ? 'month'
      : qualifier === 'business' || qualifier === 'working'
        ? 'business'
        : 'calendar';
    const days = unitWord.startsWith('week') ? n * 7 : n;
    if (mode === 'total' && approxDays(days, unit) <= approxDays(deadline.days, deadline.unit)) return null;
    return { days, unit, mode, quote: m[0].replace(/^[\s,;(–—-]+/, '').trim() };
  };
  const sentenceRest = rest.split(/(?<=[.!?])\s/)[0] ?? rest;
  if (EXTENDS.test(sentenceRest) || /\bnotif|\bif\b/i.test(sentenceRest)) {
    const total = TOTAL_AFTER.exec(sentenceRest);
    const extension =
      total && (EXTENDS.test(sentenceRest) || /\bif\b[^.]{0,80}\b(?:need|require|complex|number)/i.test(sentenceRest))
        ? build(total, 'total')
        : null;
    if (extension) return { extension, inNext: false };
  }
  if (EXTENDS.test(sentenceRest)) {
    const found = ADDITIONAL.exec(sentenceRest) ?? null;
    const extension = found ? build(found, 'additional') : null;
    if (extension) return { extension, inNext: false };
    const total = TOTAL_OF.exec(sentenceRest);
    const asTotal = total ? build(total, 'total') : null;
    if (asTotal) return { extension: asTotal, inNext: false };
  }
  if (next && EXTENDS.test(next.text) && !PERIOD_AT_START.test(next.text)) {
    const additional = ADDITIONAL.exec(next.text);
    const extension = additional ? build(additional, 'additional') : null;
    if (extension) return { extension, inNext: true };
    const total = TOTAL_OF.exec(next.text);
    const asTotal = total ? build(total, 'total') : null;
    if (asTotal) return { extension: asTotal, inNext: true };
  }
  return null;
}

/** A next sentence that states a deadline of its own ("We will respond within 30 days ...") is not about this one. */
const PERIOD_AT_START =
  /^[^.]{0,80}\b(?:within|no later than|not later than)\s+(?:the\s+)?\S+\s+(?:calendar\s+|business\s+|working\s+)?(?:days?|months?|weeks?)\b/i;

/** Restatement window: a deadline whose citation ended less than this many characters before the sentence. */
const RESTATED_WITHIN = 1500;

/**
 * Whether a deadline found shortly before `start` already says the same. Deadlines are kept in text order, so only
 * the tail of the list (those ending within the window) is read: checking every earlier deadline made a long text of
 * repeated deadlines quadratic.
 */
function restatesRecent(
  deadlines: DeadlineFact[],
  start: number,
  days: number,
  unit: DeadlineUnit,
  rights: RightCode[],
  jurisdiction: string | null,
): boolean {
  for (let k = deadlines.length - 1; k >= 0; k--) {
    const d = deadlines[k];
    if (!d || start - d.citation.end >= RESTATED_WITHIN) break;
    if (
      d.days === days &&
      d.unit === unit &&
      rights.every((r) => d.rights.includes(r)) &&
      (jurisdiction === null || d.jurisdiction === jurisdiction)
    )
      return true;
  }
  return false;
}

function approxDays(days: number, unit: DeadlineUnit): number {
  if (unit === 'month') return days * 30;
  if (unit === 'business') return days * 1.4;
  return days;
}

function toNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  if (/^\d+$/.test(w)) return Number(w);
  return WORDS[w] ?? WORDS[w.replace(' ', '-')] ?? null;
}

/** The sentences before spans[idx] on the same line, i.e. earlier in the same paragraph. */
function earlierInParagraph(spans: Span[], idx: number): Span[] {
  const out: Span[] = [];
  const line = spans[idx]?.line;
  for (let k = idx - 1; k >= 0 && k >= idx - 6; k--) {
    const s = spans[k];
    if (!s || s.line !== line) break;
    out.push(s);
  }
  return out;
}

/** Rights a sentence mentions; an opt-out of sale in a Nevada context is the Nevada opt-out, as in findRights. */
function spanRights(span: Span): RightCode[] {
  const nevada = contextJurisdictions(span).includes('US-NV');
  return rightsMentioned(span.text).map((r) => (r === 'opt_out_sale' && nevada ? 'nevada_opt_out' : r));
}

/** A jurisdiction named earlier in the paragraph ("If you are a California resident, ..."). */
function paragraphJurisdiction(paragraph: Span[]): string | null {
  for (const p of paragraph) {
    const found = jurisdictionsIn(p.text);
    if (found.length > 0) return found[0] ?? null;
  }
  return null;
}

/**
 * Rights named in the sentence, else in the sentences before it in the same paragraph, else the
 * rights granted earlier in the same section. When the rights come from the section and they all
 * share one jurisdiction, that jurisdiction is the deadline's too.
 */
function deadlineRights(
  span: Span,
  spans: Span[],
  idx: number,
  rights: RightFact[],
): { rights: RightCode[]; jurisdiction: string | null } {
  const usable = (codes: RightCode[]) => codes.filter((r) => r !== 'unsubscribe_marketing');
  const own = usable(rightsMentioned(span.text));
  if (ACCESS_REQUEST.test(span.text) && !own.includes('access')) own.unshift('access');
  if (own.length > 0) return { rights: own, jurisdiction: null };
  const paragraph = [...new Set(usable(earlierInParagraph(spans, idx).reverse().flatMap(spanRights)))];
  if (paragraph.length > 0) return { rights: paragraph, jurisdiction: null };
  if (span.heading === '') return { rights: [], jurisdiction: null };
  const section = rights
    .filter((r) => r.citation.start < span.start && r.citation.start >= span.start - 4000)
    .filter((r) => spans[spanIndexAt(spans, r.citation.start)]?.heading === span.heading);
  const codes = [...new Set(section.map((r) => r.right))];
  const places = [...new Set(section.map((r) => r.jurisdictions.join('+')))];
  const shared = places.length === 1 && places[0] && !places[0].includes('+') ? places[0] : null;
  return { rights: codes, jurisdiction: shared };
}
