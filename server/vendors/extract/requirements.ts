import type { RequirementFact } from './types';
import type { Span } from './sentences';
import { contextJurisdictions } from './jurisdictions';
import { rightsMentioned } from './rights';
import { cite, collapse } from './util';
import { clip } from '../../shared/text';

const SUBJECT =
  /\b(?:reference(?: to)?|subject line|subject(?: heading)?|label(?:l)?ed|marked|titled|entitled|heading)\s*(?:of|as|to|with|:)?\s*(?:the\s+)?[“"‘]([^”"’\n]{3,120})[”"’]/i;
const FIELD_TRIGGER = /\b(?:include|provide|contain|state|specify|reference|give us|tell us)\b/i;
const FIELDS: [string, RegExp][] = [
  ['name', /\b(?:your |full |first and last |legal )?name\b(?! of)/i],
  ['email', /\be-?mail address\b/i],
  ['mailing_address', /\b(?:mailing|postal|home|street) address\b/i],
  ['zip_code', /\bzip(?: code)?\b|\bpostal code\b|\bpostcode\b/i],
  ['phone', /\b(?:tele)?phone number\b/i],
  ['contact_information', /\b(?:preferred )?contact (?:information|details)\b/i],
  [
    'rights_exercised',
    /\bwhich rights?\b|\bthe right(?:s)? you (?:wish|would like|want)\b|\bnature of (?:your|the) request\b/i,
  ],
  ['account_id', /\baccount (?:name|number|id|identifier)\b|\buser ?name\b/i],
  ['date_of_birth', /\bdate of birth\b/i],
  ['state_of_residence', /\bstate (?:of|where you) resid/i],
];
const VERIFY =
  /\bverif(?:y|ication|iable)\b|\bproof of (?:identity|identification)\b|\bconfirm (?:your|the requester'?s?) identity\b/i;
const VERIFY_ACTION =
  /\b(?:may|will|must|need to|might|required to)\s+(?:\w+\s+){0,3}(?:ask|request|require|verify|need)|\bproof\b|\bto verify\b/i;
const AGENT =
  /\bauthori[sz]ed agent\b|\bagent\b[^.]{0,80}\byour behalf\b|\bpower of attorney\b|\bon behalf of (?:a|the|another) (?:consumer|person|individual)/i;
const FEE = /\bfees?\b|\bfree of charge\b|\bwithout charge\b|\bno charge\b/i;
const FEE_CONTEXT = /\brequests?\b|\bcopy\b|\baccess\b|\bthis\b|\bexcessive\b|\bunfounded\b|\brights?\b/i;
const NOT_SELL =
  /\b(?:do(?:es)?|will|shall) not (?:and will not )?(?:currently |knowingly |ever )*sell\b(?! my\b)|\bnever sells?\b|\bdo(?:es)? not (?:currently |knowingly )*(?:sell or share|share or sell)\b|\bnot sold\b/i;
const PROMISE =
  /\b(?:in a timely manner|as soon as (?:reasonably )?(?:possible|practicable)|promptly|without undue delay)\b/i;
const PROMISE_VERB = /\b(?:respond|reply|process|answer|handle|take|deal with)\w*/i;

export function findRequirements(spans: Span[], text: string): RequirementFact[] {
  const out: RequirementFact[] = [];
  let soldSeen = false;
  for (const span of spans) {
    const t = span.text;
    const jurisdictions = contextJurisdictions(span);
    const base = {
      rights: rightsMentioned(t).filter((r) => r !== 'non_discrimination'),
      jurisdictions,
      citation: cite(text, span.start, span.end),
    };
    const subject = SUBJECT.exec(t);
    if (subject?.[1] && /\brequests?\b|\be-?mail\b|\bletter\b|\bwrit/i.test(t)) {
      out.push({ kind: 'subject_line', value: subject[1].trim().replace(/[.,;]+$/, ''), fields: [], ...base });
    }
    if (/\brequests?\b/i.test(t) && FIELD_TRIGGER.test(t)) {
      const fields = FIELDS.filter(([, re]) => re.test(t)).map(([f]) => f);
      if (fields.length >= 2) out.push({ kind: 'required_fields', value: fields.join(', '), fields, ...base });
    }
    if (VERIFY.test(t) && VERIFY_ACTION.test(t) && /\b(?:request|identity|you)\b/i.test(t)) {
      out.push({ kind: 'verification', value: statement(t), fields: [], ...base });
    }
    if (AGENT.test(t)) out.push({ kind: 'authorized_agent', value: statement(t), fields: [], ...base });
    if (FEE.test(t) && FEE_CONTEXT.test(t) && !/\bpayment|\bpurchase|\bsubscription fees?\b|\blate fee/i.test(t)) {
      out.push({ kind: 'fee', value: statement(t), fields: [], ...base });
    }
    if (!soldSeen && NOT_SELL.test(t)) {
      soldSeen = true;
      out.push({
        kind: 'does_not_sell',
        value: /\bshare\b/i.test(t)
          ? 'does not sell or share personal information'
          : 'does not sell personal information',
        fields: [],
        ...base,
      });
    }
    const promise = PROMISE.exec(t);
    if (
      promise &&
      PROMISE_VERB.test(t) &&
      /\brequests?\b/i.test(t) &&
      !/\b\d{1,3}\s+(?:calendar |business )?days\b/i.test(t)
    ) {
      out.push({ kind: 'response_promise', value: promise[0], fields: [], ...base });
    }
  }
  return out;
}

function statement(sentence: string): string {
  const s = collapse(sentence);
  return clip(s, 240);
}
