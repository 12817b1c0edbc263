import type { RightCode, RightFact } from './types';
import type { Span } from './sentences';
import { contextJurisdictions } from './jurisdictions';
import { cite } from './util';

/** A sentence only grants rights when it talks about the reader being able to ask for something. */
const RIGHTS_CONTEXT =
  /\brights?\b|\b(?:you|users?) (?:may |can |could |also |always )*(?:request|ask|have|exercise|view|access|edit|delete|opt|object|withdraw|revoke|correct|update|modify|change|remove|obtain|unsubscribe|choose|stop|send|contact|e-?mail)|\bopt(?:[- ]?out|ing out)\b|\bcontact us to\b|\bsubject access requests?\b|\brequests? (?:to|that|for|a|access|deletion|under)|\bwish to\b|\bwould like\b|\bexercis|\bunsubscribe\b/i;

const RIGHT_PATTERNS: [RightCode, RegExp][] = [
  [
    'access',
    /\bright to (?:request |obtain )?(?:access|a copy|confirm)|\baccess (?:to )?(?:your|the|collected) (?:personal )?(?:data|information)|\bprovide you with access\b|\b(?:request|obtain|receive|get|like) (?:a )?copy of (?:the |your )?(?:specific |personal )|\bview, edit\b|\bto access,? (?:edit|correct|update|delete|remove|or)|\baccess, (?:update|alter|edit|correct)|\baccess (?:or|and) delet|\bright to access\b|\baccess your personal\b|\bsubject access requests?\b/i,
  ],
  ['know', /\bright to know\b|\brequest to know\b|\bknow what (?:personal )?(?:data|information)/i],
  [
    'deletion',
    /\bdelet(?:e|ion|ing)\b|\berasure\b|\berase\b|\bremove (?:any of )?(?:the |your |their )?(?:profile|personal|data|information)|\bhave (?:your |their )?(?:child(?:’|')s )?(?:personal )?(?:information|data) (?:removed|deleted|erased)|\bright to be forgotten\b/i,
  ],
  [
    'correction',
    /\baccess, (?:update|alter)\b|\bcorrect(?:ion)?\b(?! (?:information|data) (?:is|are))|\brectif(?:y|ication)\b|\bedit\b|\bupdate inaccurate\b|\bamend\b|\bchange (?:your |the )(?:personal )?information\b/i,
  ],
  [
    'portability',
    /\bportability\b|\bexport (?:your|their) (?:personal )?(?:data|information)\b|\btransmit (?:it|them|your personal (?:data|information)) to another\b/i,
  ],
  [
    'opt_out_sale',
    /\bopt(?:[- ]?out|ing out)? of (?:the |any |our )?sales?\b|\bdo not sell my\b|\bright to opt[- ]?out of (?:the )?sale/i,
  ],
  [
    'opt_out_sharing',
    /\bopt[- ]?out of (?:our |the )?sale\/sharing\b|\bopt[- ]?out of (?:the )?sharing (?:of )?(?:your |my )?personal|\bdo not share my\b|\bright to opt[- ]?out of (?:the )?sharing/i,
  ],
  [
    'opt_out_targeted_ads',
    /\b(?:right to )?opt(?:[- ]?out|ing out) of (?:the processing of (?:your )?personal (?:data|information) for )?(?:[\w’']+(?:’|')s )?(?:(?:cookie[- ]based|personali[sz]ed) (?:online )?|(?:targeted|interest[- ]based|cross[- ]context behavio(?:u)?ral) )(?:advertising|ads)\b/i,
  ],
  [
    'objection',
    /\bright to object\b|\bobject (?:at any time )?to (?:the |certain |our )?(?:types of )?processing|\bopt[- ]?out (?:from|of) (?:the )?[\w ]{0,40}?data collection\b|\bopt[- ]?out(?:’|')? of having (?:your )?(?:personal|personally)/i,
  ],
  ['restriction', /\brestrict(?:ion of)? (?:the |our )?(?:processing|use)\b|\bright to restrict/i],
  [
    'withdraw_consent',
    /\b(?:withdraw|revoke)(?:al of)? (?:your |the |any )?consent|\bwithdrawal of (?:your )?consent/i,
  ],
  ['appeal', /\bappeals?\b|\bappeal (?:a|our|the) (?:decision|denial)/i],
  ['shine_the_light', /\bshine the light\b|\b1798\.83\b/i],
  ['non_discrimination', /\bdiscriminat/i],
  [
    'unsubscribe_marketing',
    /\bunsubscribe\b|\bopt[- ]?out (?:of|from) (?:receiving )?(?:certain )?(?:marketing|promotional|direct (?:marketing )?communications|newsletters?|e-?mails|commercial e-?mail)|\bstop receiving (?:promotional|marketing)/i,
  ],
];

/** Which right codes a snippet mentions, without requiring rights wording (used for deadlines). */
export function rightsMentioned(text: string): RightCode[] {
  return RIGHT_PATTERNS.filter(([, re]) => re.test(text)).map(([code]) => code);
}

export function findRights(spans: Span[], text: string): RightFact[] {
  const facts: RightFact[] = [];
  const seen = new Set<string>();
  for (const span of spans) {
    // Headings ("Access to your information and your rights") name topics; they grant nothing.
    if (!RIGHTS_CONTEXT.test(span.text) || span.heading.endsWith(span.text.trim())) continue;
    const jurisdictions = contextJurisdictions(span);
    for (const [pattern, re] of RIGHT_PATTERNS) {
      if (!re.test(span.text)) continue;
      const code = pattern === 'opt_out_sale' && jurisdictions.includes('US-NV') ? 'nevada_opt_out' : pattern;
      if (code === 'appeal' && !/\b(?:request|decision|denied|declin|response|refus)/i.test(span.text)) continue;
      if (code === 'non_discrimination' && !/\b(?:exercis|rights?)\b/i.test(span.text)) continue;
      const juris = code === 'nevada_opt_out' ? ['US-NV'] : jurisdictions;
      const key = `${code}|${[...juris].sort().join('+')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      facts.push({ right: code, jurisdictions: juris, citation: cite(text, span.start, span.end) });
    }
  }
  return facts;
}
