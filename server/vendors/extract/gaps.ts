import type { ChannelFact, ChannelType, GapFact } from './types';
import type { Span } from './sentences';
import { classifyPurpose } from './channel-purpose';
import { contextJurisdictions, isUsState } from './jurisdictions';
import { cite, lineBounds } from './util';

/**
 * Phrases that promise a contact detail right here. When the text right after them has no such
 * detail (the link or address was lost when the page was saved), the vendor needs research.
 */
const PROMISES: [ChannelType, RegExp][] = [
  ['email', /\b(?:e-?mail|send) (?:your request|us|it|them|a request|your inquiry)? ?to(?=\s*(?:,|;|\.|\band\b|$))/gi],
  [
    'email',
    /\bat the following e-?mail(?: address)?\b|\bvia the following e-?mail\b|\be-?mail address (?:below|as follows)\b/gi,
  ],
  ['postal', /\bin writing to\s*:?/gi],
  ['postal', /\b(?:at|to) the (?:following|mailing|postal) address(?: below)?\b|\bmailing address below\b/gi],
  // An unrendered template ("filling out the {{ contact_form }}") or a dropped link leaves no form.
  ['webform', /\bfill(?:ing)? (?:out|in) (?:the|our)(?=\s*(?:\{\{|\.|$))/gi],
  ['phone', /\bcall us (?:at|on)(?=\s*(?:,|;|\.|$))|\bat the following (?:tele)?phone number\b/gi],
];
/** How far after the promise the detail may appear (an address block a few lines below). */
const WINDOW = 400;

export function findGaps(spans: Span[], text: string, channels: ChannelFact[]): GapFact[] {
  const gaps: GapFact[] = [];
  const seen = new Set<string>();
  // Real policies hold a handful of such phrases; the cap bounds work on adversarial input.
  let budget = 300;
  for (const span of spans) {
    for (const [missing, re] of PROMISES) {
      for (const m of span.text.matchAll(re)) {
        if (--budget < 0) return gaps;
        const at = span.start + (m.index ?? 0) + m[0].length;
        if (hasChannelAfter(text, channels, missing, at)) continue;
        const ctx = classifyPurpose(span.text);
        const jurisdictions = contextJurisdictions(span);
        const states = jurisdictions.filter(isUsState);
        const purpose =
          states.length > 0 ? 'state_rights' : ctx.purpose === 'general' ? 'privacy_requests' : ctx.purpose;
        const key = `${missing}|${purpose}|${jurisdictions.join('+')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        gaps.push({
          missing,
          purpose,
          jurisdictions: states.length > 0 ? states : jurisdictions,
          message: `The text refers to ${article(missing)} that it does not give ("${m[0].trim()}").`,
          citation: cite(text, span.start, span.end),
        });
      }
    }
  }
  return gaps;
}

function hasChannelAfter(text: string, channels: ChannelFact[], type: ChannelType, at: number): boolean {
  const end = windowEnd(text, at);
  const window = text.slice(at, end);
  if (channels.some((c) => c.type === type && c.citation.start >= at && c.citation.start < end)) return true;
  if (channels.some((c) => c.type === type && window.includes(c.value.split('\n')[0] ?? '\u0000'))) return true;
  return type === 'email' && /[A-Za-z0-9._%+-]@[A-Za-z0-9-]+\.[A-Za-z]{2}/.test(window);
}

/**
 * The detail must follow on the same line, or — when the phrase ends its line ("contact us at:") —
 * in the next paragraph. Anything further away is a different part of the policy.
 */
function windowEnd(text: string, at: number): number {
  const [, eol] = lineBounds(text, at, WINDOW);
  if (text.slice(at, eol).replace(/[\s:.,]/g, '') !== '') return eol;
  let k = eol;
  while (k < text.length && text[k] === '\n') k++;
  const para = text.slice(k, k + WINDOW).indexOf('\n\n');
  return para === -1 ? Math.min(text.length, k + WINDOW) : k + para;
}

function article(type: ChannelType): string {
  return { email: 'an e-mail address', postal: 'a postal address', phone: 'a phone number', webform: 'a web form' }[
    type
  ];
}
