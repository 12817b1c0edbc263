import type { ChannelPurpose } from './types';
import { jurisdictionsIn, isUsState } from './jurisdictions';
import { lineBounds } from './util';

const EU_REP = /\brepresentative\b/i;
const EU_WORDS = /\b(?:EU|EEA|European|Union|GDPR|Article 27|UK|United Kingdom|Switzerland)\b/;
const DPO = /\bdata protection officer\b|\bDPO\b/i;
const REQUEST =
  /\b(?:requests?|exercis\w*|access(?:ing)?|delet\w*|eras\w*|correct\w*|rectif\w*|opt[- ]?out|appeals?|rights?|copy of|remov\w*|portab\w*|object)\b/i;
const MARKETING = /\bunsubscrib\w*|\bmarketing (?:e-?mails?|communications)|promotional e-?mails?/i;

/**
 * What a channel is for, from the sentence that introduces it (and, for addresses, the sentence before).
 * Representative/DPO wording wins over generic request wording because it names a distinct addressee.
 */
export function classifyPurpose(context: string): { purpose: ChannelPurpose; jurisdictions: string[] } {
  const juris = jurisdictionsIn(context);
  if (EU_REP.test(context) && EU_WORDS.test(context)) return { purpose: 'eu_representative', jurisdictions: ['EU'] };
  if (DPO.test(context)) return { purpose: 'dpo', jurisdictions: juris.filter((j) => !isUsState(j)) };
  const states = juris.filter(isUsState);
  if (states.length > 0 && REQUEST.test(context)) return { purpose: 'state_rights', jurisdictions: states };
  if (MARKETING.test(context) && !REQUEST.test(context.replace(MARKETING, ''))) {
    return { purpose: 'marketing_unsubscribe', jurisdictions: [] };
  }
  if (REQUEST.test(context)) return { purpose: 'privacy_requests', jurisdictions: juris };
  return { purpose: 'general', jurisdictions: [] };
}

const PRIORITY: ChannelPurpose[] = [
  'privacy_requests',
  'state_rights',
  'dpo',
  'eu_representative',
  'marketing_unsubscribe',
  'other',
  'general',
];

export function purposeRank(p: ChannelPurpose): number {
  return PRIORITY.indexOf(p);
}

/**
 * For a channel printed on its own short line ("Email address: x@y"), the sentence that introduces
 * the contact block ("For requests under Article 6 … please contact:") a few lines above says what it is for.
 */
export function leadInLine(text: string, offset: number, maxLines = 8): string {
  const bounds = lineBounds(text, offset, 200);
  let lineStart = bounds[0];
  const lineEnd = bounds[1];
  if (lineEnd - lineStart > 120) return '';
  for (let k = 0; k < maxLines && lineStart > 0; k++) {
    const prevEnd = lineStart - 1;
    const [prevStart] = lineBounds(text, prevEnd, 200);
    const line = text.slice(prevStart, prevEnd).trim();
    if (line.endsWith(':') && line.length > 40) return line;
    if (line.length > 120) return '';
    lineStart = prevStart;
  }
  return '';
}
