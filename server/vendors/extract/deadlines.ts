import type { DeadlineFact, DeadlineUnit, RequirementFact, RightCode, RightFact } from './types';
import type { Span } from './sentences';
import { spanIndexAt } from './sentences';
import { contextJurisdictions } from './jurisdictions';
import { rightsMentioned } from './rights';
import { cite } from './util';

const WORDS: Record<string, number> = {
  a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  fifteen: 15, twenty: 20, thirty: 30, 'forty-five': 45, 'forty five': 45, forty: 40, sixty: 60, ninety: 90,
};
const NUMBER = String.raw`(\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty[- ]five|forty|sixty|ninety)`;
const PERIOD = new RegExp(
  String.raw`\b(within|no later than|not later than|up to|in|after)\s+(?:the\s+)?${NUMBER}(?:\s+\(\d{1,3}\))?\s+(calendar\s+|business\s+|working\s+)?(days?|months?|weeks?)\b`,
  'gi',
);
const RESPONSE_VERB = /\b(?:respond|response|reply|answer|process|fulfil|fulfill|complete|comply|honou?r|acknowledge|confirm receipt|act on|provide (?:you )?(?:with )?(?:the|a|your|this|that))\w*/i;
const REQUEST_WORD = /\brequests?\b|\binquir|\benquir|\bcomplaints?\b/i;
/** Numbers near these words are retention periods, notices, averages or extensions — never response deadlines. */
const DECOY = /\b(?:retain|retention|average|typically|notice|prior|cookies?|expire|trial|refund|return|warranty|billing|inactive|extend\w*|extension|additional|further|another)\b[^.]{0,40}$/i;
const MARKETING = /\bunsubscri|\bpromotional\b|\bmarketing (?:e-?mails?|communications?|messages?)|\bstop (?:sending|receiving) (?:you )?(?:promotional|marketing)?\s*e-?mails/i;

export interface DeadlineResult {
  deadlines: DeadlineFact[];
  promises: RequirementFact[];
}

/**
 * Response deadlines: "within 30 days", "45 calendar days", "one month". A deadline about marketing
 * unsubscribes is a promise, not a data-rights deadline, so it is returned as a response_promise.
 */
export function findDeadlines(spans: Span[], text: string, rights: RightFact[]): DeadlineResult {
  const deadlines: DeadlineFact[] = [];
  const promises: RequirementFact[] = [];
  spans.forEach((span, idx) => {
    if (!RESPONSE_VERB.test(span.text) || (!REQUEST_WORD.test(span.text) && !/\byou\b/i.test(span.text))) return;
    for (const m of span.text.matchAll(PERIOD)) {
      const before = span.text.slice(0, m.index ?? 0);
      if (DECOY.test(before)) continue;
      const n = toNumber(m[2] ?? '');
      if (n === null || n <= 0 || n > 365) continue;
      const unitWord = (m[4] ?? '').toLowerCase();
      const qualifier = (m[3] ?? '').trim().toLowerCase();
      const unit: DeadlineUnit = unitWord.startsWith('month') ? 'month' : qualifier ? 'business' : 'calendar';
      const days = unitWord.startsWith('week') ? n * 7 : n;
      const prev = spans[idx - 1];
      const nearby = `${prev && prev.line >= span.line - 1 ? prev.text : ''} ${span.text}`;
      const citation = cite(text, span.start, span.end);
      const jurisdictions = contextJurisdictions(span);
      if (MARKETING.test(nearby)) {
        promises.push({
          kind: 'response_promise',
          value: m[0],
          fields: [],
          rights: ['unsubscribe_marketing'],
          jurisdictions,
          citation,
        });
        continue;
      }
      deadlines.push({
        days,
        unit,
        rights: deadlineRights(span, spans, rights),
        jurisdiction: jurisdictions[0] ?? null,
        citation,
      });
    }
  });
  return { deadlines, promises };
}

function toNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  if (/^\d+$/.test(w)) return Number(w);
  return WORDS[w] ?? WORDS[w.replace(' ', '-')] ?? null;
}

/** Rights named in the sentence, else the rights granted earlier in the same section. */
function deadlineRights(span: Span, spans: Span[], rights: RightFact[]): RightCode[] {
  const own = rightsMentioned(span.text).filter((r) => r !== 'unsubscribe_marketing');
  if (own.length > 0) return own;
  if (span.heading === '') return [];
  const section = rights
    .filter((r) => r.citation.start < span.start && r.citation.start >= span.start - 4000)
    .filter((r) => spans[spanIndexAt(spans, r.citation.start)]?.heading === span.heading)
    .map((r) => r.right);
  return [...new Set(section)];
}
