import type { Citation } from './types';
import type { Span } from './sentences';
import { cite } from './util';

const SCOPE =
  /\b(?:applies to|covers|apply to|governs|including|includes|such as|providing|develops and markets|contract for)\b/i;
const QUOTED = /[“"]([^”"\n]{2,60})[”"]/g;
const GENERIC =
  /^(?:we|us|our|you|your|the )?(?:company|policy|privacy policy|statement|services?|products?|applications?|applications?\(s\)|products?\(s\)|app|apps|sites?|website|personal (?:data|information)|collected data|sony|controller|processor|provider|do not track)$/i;
const APP = /\b((?:[a-z]{2,4} )?(?:[A-Z0-9][\w+-]{0,20} ){0,2}[A-Z0-9][\w+-]{0,20}) (?:mobile )?(?:app|application)\b/g;
const COMMON_LOWER =
  /^(?:the|our|use|your|any|and|for|via|with|its|from|into|onto|this|that|of|to|in|on|by|or|a|an|as|at|is|if|than|when|each|such|all)$/;
const LIST =
  /\bincluding ((?:[A-Z][\w-]{1,30}(?: [A-Z][\w-]{1,30}){0,2}, ){1,6}(?:and |or )?[A-Za-z][\w-]{1,30}(?: [A-Z][\w-]{1,30}){0,2})/g;
const SERVICE = /\bcontract for ((?:[A-Za-z][\w-]{1,20} ){1,3}services?)\b/gi;
const STOP = /^(?:and|or|the|our|your|a|an|this|its|their|mobile|any|other|that|which|each|Sonos|with)$/i;

/** Products and services the policy says it covers; deliberately conservative. */
export function findProducts(
  spans: Span[],
  text: string,
  company: string | null,
): { name: string; citation: Citation }[] {
  const companyWord = company?.split(/[\s,]/)[0]?.toLowerCase() ?? null;
  const out: { name: string; citation: Citation }[] = [];
  const seen = new Set<string>();
  const add = (raw: string, start: number) => {
    let name = raw.replace(/^.*\|\s*/, '').trim();
    const offset = raw.indexOf(name);
    const words = name.split(' ');
    let dropped = 0;
    while (words.length > 1 && STOP.test(words[0] ?? '')) dropped += (words.shift() ?? '').length + 1;
    if (words.length > 1 && /^[a-z]+$/.test(words[0] ?? '') && COMMON_LOWER.test(words[0] ?? ''))
      dropped += (words.shift() ?? '').length + 1;
    name = words.join(' ');
    if (companyWord && name.toLowerCase() === companyWord) return;
    if (name.length < 3 || GENERIC.test(name) || !/[A-Z0-9]/.test(name)) return;
    const key = name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    const s = start + offset + dropped;
    out.push({ name, citation: cite(text, s, s + name.length) });
  };
  for (const span of spans.slice(0, 400)) {
    if (!SCOPE.test(span.text) && !/\b(?:app|application)\b/i.test(span.text)) continue;
    if (SCOPE.test(span.text)) {
      for (const m of /\b(?:applies to|apply to|covers|governs)\b/i.test(span.text) ? span.text.matchAll(QUOTED) : []) {
        if (/^(?:the )?[“"]/.test(span.text.slice(Math.max(0, (m.index ?? 0) - 5), m.index ?? 0).trim())) continue;
        add(m[1] ?? '', span.start + (m.index ?? 0) + 1);
      }
      for (const m of span.text.matchAll(LIST)) {
        const list = m[1] ?? '';
        let pos = span.start + (m.index ?? 0) + m[0].indexOf(list);
        for (const part of list.split(/, (?:and |or )?|,? (?:and|or) /)) {
          const at = text.indexOf(part, pos);
          if (at >= 0) {
            add(part, at);
            pos = at + part.length;
          }
        }
      }
      for (const m of span.text.matchAll(SERVICE))
        add(m[1] ?? '', span.start + (m.index ?? 0) + m[0].indexOf(m[1] ?? ''));
    }
    for (const m of span.text.matchAll(APP)) add(m[1] ?? '', span.start + (m.index ?? 0));
  }
  return out.slice(0, 12);
}
