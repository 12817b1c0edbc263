import type { WarningFact } from './types';
import type { Span } from './sentences';
import { cite, collapse } from './util';
import { clip } from '../../shared/text';

/** Another party decides about the data, so requests should go to them first. */
const ROUTING =
  /\bfirst point of contact\b|\bcontact (?:your|the) [\w’' ]{2,40}? first\b|\b(?:consult|contact) your (?:provider|employer|administrator|organi[sz]ation|carrier|operator|school)\b|\bdoes not act as (?:a |the )?(?:data )?controller\b|\bwe (?:act|are acting) (?:only )?as (?:a |the )?(?:data )?processor\b|\bdirect (?:your|any) (?:request|inquir)\w* to (?:the|your) (?:provider|controller|customer|employer)/i;
const CONSEQUENCE =
  /\b(?:will|may|would) (?:stop working|no longer (?:work|function|be able)|not (?:work|function) (?:properly|correctly)?|be unable to)\b|\b(?:unable|not be able) to (?:use|access|provide)\b|\bcannot (?:be recovered|be undone|provide (?:you|the))\b/i;
const CONSEQUENCE_TRIGGER =
  /\bdelet\w*|\beras\w*|\bremov\w*|\bwithdraw\w*|\bclos(?:e|ing) your account|\bopt(?:ing)?[- ]?out/i;

export function findWarnings(spans: Span[], text: string): WarningFact[] {
  const out: WarningFact[] = [];
  for (const span of spans) {
    const t = span.text;
    if (ROUTING.test(t)) {
      out.push({
        kind: 'routing',
        message: `Contact the other party first: ${brief(t)}`,
        citation: cite(text, span.start, span.end),
      });
    } else if (CONSEQUENCE.test(t) && CONSEQUENCE_TRIGGER.test(t)) {
      out.push({ kind: 'consequence', message: brief(t), citation: cite(text, span.start, span.end) });
    }
  }
  return out;
}

function brief(sentence: string): string {
  const s = collapse(sentence);
  return clip(s, 200);
}
