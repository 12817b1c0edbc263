/**
 * TEMPORARY placeholder so the reply workflow can be built before the classifier branch is merged: a handful of
 * English keyword rules. Replaced wholesale by the classifier's `classify.ts` on merge; never the classifier.
 */
import type { ReplyClass, ReplyClassification, ReplyEvidence, ReplyInput } from './types';

const RULES: { cls: ReplyClass; re: RegExp; rule: string }[] = [
  {
    cls: 'bounce',
    re: /undeliverable|delivery (status notification|has failed)|could not be delivered/i,
    rule: 'bounce',
  },
  { cls: 'wrong_channel', re: /(please )?(use|submit (it )?(through|via)) our (web )?form/i, rule: 'wrong_channel' },
  { cls: 'extension', re: /extend(ing)? (the (response )?(period|time) )?by (\d+) days/i, rule: 'extension' },
  { cls: 'information_requested', re: /(copy of|proof of) (your )?(government[- ]issued )?(id|identity)/i, rule: 'id' },
  { cls: 'denied', re: /(unable|not able) to (verify|locate|find)|we (must|have to) (deny|decline)/i, rule: 'denied' },
  { cls: 'partially_fulfilled', re: /part of (the|your) (data|request)/i, rule: 'partial' },
  {
    cls: 'fulfilled',
    re: /(your data|the file) is (ready|attached)|download (it|your data) (here|at)/i,
    rule: 'fulfilled',
  },
  { cls: 'acknowledgement', re: /we have received your request/i, rule: 'ack' },
];

export function classifyReply(input: ReplyInput): ReplyClassification {
  const text = `${input.subject ?? ''}\n${input.text}`;
  for (const r of RULES) {
    const m = r.re.exec(text);
    if (!m) continue;
    const evidence: ReplyEvidence[] = [{ phrase: m[0], start: m.index, end: m.index + m[0].length, rule: r.rule }];
    const url = /https?:\/\/[^\s>)]+/.exec(text)?.[0] ?? null;
    const days = r.cls === 'extension' ? Number(m[5]) : null;
    return {
      class: r.cls,
      confidence: 0.95,
      language: 'en',
      evidence,
      extracted: {
        new_due_date: /\b(\d{4}-\d{2}-\d{2})\b/.exec(text)?.[1] ?? null,
        extension_days: days,
        url,
        reason: r.cls === 'denied' ? (/verify/i.test(m[0]) ? 'not_verified' : 'no_data_found') : null,
        reason_text: r.cls === 'denied' || r.cls === 'extension' ? m[0] : null,
        requested_items: r.cls === 'information_requested' ? ['government_id'] : [],
      },
    };
  }
  return {
    class: 'unrelated',
    confidence: 0.3,
    language: null,
    evidence: [],
    extracted: {
      new_due_date: null,
      extension_days: null,
      url: null,
      reason: null,
      reason_text: null,
      requested_items: [],
    },
  };
}
