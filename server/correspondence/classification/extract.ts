/**
 * What a classified message states beyond its class: the new date and length of an extension, the link it points to,
 * the reason it gives, and what it asks the consumer for. Each reads only the kept text (no quote, no signature).
 */
import { findDates } from './dates';
import { ITEM_RULES, type RequestedItem } from './items';
import { compile } from './patterns';
import { EXTENSION_REASON_RULES, type ClassRule, type Lang, type ReasonCode } from './rules';
import type { ReplyClass, ReplyEvidence, ReplyExtraction } from './types';

const NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
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
  twelve: 12,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'forty-five': 45,
  sixty: 60,
  ninety: 90,
  ein: 1,
  einen: 1,
  eine: 1,
  einem: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  sechs: 6,
  dreißig: 30,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  trente: 30,
  soixante: 60,
  en: 1,
  ett: 1,
  två: 2,
  tre: 3,
  fyra: 4,
  trettio: 30,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  seis: 6,
  treinta: 30,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  六: 6,
};
const NUMBER = `(\\d{1,3}|${Object.keys(NUMBERS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;
const UNIT =
  '((?:calendar |business |working )?days?|weeks?|months?|Tage[n]?|Wochen|Monat(?:e|en)?|jours|semaines|mois|dagar|veckor|månad(?:er)?|días|semanas|mes(?:es)?|週間|か月|ヶ月|カ月|ヵ月|ケ月|日)';
const FILLER = '(?:(?:additional|further|more|extra|weitere[nrs]?|zusätzliche[n]?|ytterligare|más)\\s)?';
const DURATION = new RegExp(
  `(?<![\\p{Script=Latin}\\p{N}月])${NUMBER}\\s?${FILLER}${UNIT}(?![\\p{Script=Latin}])`,
  'giu',
);
const EXTENSION_CUE = compile(
  `\\b(extend\\p{L}*|extension|additional|further|more time|extra|postpon\\p{L}*|report\\p{L}*|différ\\p{L}*|verschieb\\p{L}*|aplaz\\p{L}*|pospon\\p{L}*|skjut\\p{L}* upp|verlänger\\p{L}*|weitere[nrs]?|zusätzlich\\p{L}*|prolong\\p{L}*|prorog\\p{L}*|supplémentaires?|förläng\\p{L}*|ytterligare|prorrog\\p{L}*|amplí\\p{L}*|ampli\\p{L}*|adicional\\p{L}*)\\b|延長|さらに|追加`,
);

function duration(text: string): { days: number | null; months: number | null } {
  for (const m of text.matchAll(DURATION)) {
    const around = text.slice(Math.max(0, m.index - 80), m.index + m[0].length + 30);
    EXTENSION_CUE.lastIndex = 0;
    if (!EXTENSION_CUE.test(around)) continue;
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBERS[m[1]!.toLowerCase()];
    if (!n) continue;
    const unit = m[2]!.toLowerCase();
    if (/^(month|monat|mois|månad|mes|か月|ヶ月|カ月|ヵ月|ケ月)/.test(unit)) return { days: null, months: n };
    if (/^(week|wochen|semaine|vecko|semana|週間)/.test(unit)) return { days: n * 7, months: null };
    return { days: n, months: null };
  }
  return { days: null, months: null };
}

const URL = /https?:\/\/[^\s<>()"'[\]]{3,2000}/g;
const NOT_A_CHANNEL = /unsub|abmeld|d[ée]sinscri|desabonn|baja|opt-?out|\/rate\/|facebook|twitter|instagram|linkedin/i;
const EMAIL = /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g;

function firstUrl(kept: string, cls: ReplyClass): string | null {
  for (const m of kept.matchAll(URL)) {
    const url = m[0].replace(/[.,;:!?。、]+$/, '');
    if (!NOT_A_CHANNEL.test(url)) return url;
  }
  if (cls === 'wrong_channel') {
    const email = EMAIL.exec(kept);
    EMAIL.lastIndex = 0;
    if (email) return `mailto:${email[0].replace(/\.$/, '')}`;
  }
  return null;
}

/** The sentence around a span: from the previous sentence end to the next, at most 300 characters. */
function sentenceAround(text: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && start - a < 200 && !/[.!?。\n]/.test(text[a - 1]!)) a--;
  let b = end;
  while (b < text.length && b - end < 200 && !/[.!?。\n]/.test(text[b]!)) b++;
  if (b < text.length && /[.!?。]/.test(text[b]!)) b++;
  return text.slice(a, b).replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The more specific reason wins when a message states several. */
const REASON_ORDER: ReasonCode[] = [
  'not_a_resident',
  'not_a_customer',
  'excessive',
  'not_verified',
  'exemption',
  'no_data_found',
  'complexity',
  'number_of_requests',
  'other',
];

function reasonFrom(
  kept: string,
  matches: { rule: ClassRule; ev: ReplyEvidence }[],
): { reason: string | null; reason_text: string | null } {
  const withReason = matches.filter((m) => m.rule.reason);
  withReason.sort((x, y) => REASON_ORDER.indexOf(x.rule.reason!) - REASON_ORDER.indexOf(y.rule.reason!));
  const best = withReason[0];
  if (!best) return { reason: null, reason_text: null };
  return { reason: best.rule.reason!, reason_text: sentenceAround(kept, best.ev.start, best.ev.end) };
}

/**
 * A sentence that names an item only to say it is not wanted ("you may black out everything but your name and
 * address", "do not send your social security number", "aucune adresse électronique n'est associée").
 */
const NOT_ASKED = compile(
  `\\b(do not|don't|never|no need to) (send|include|provide|share)\\b|\\b(redact|black out|blank out)\\b|\\bis not (needed|required|necessary)\\b|\\bschwärzen\\b|\\bnicht (mit)?(senden|schicken|übermitteln)\\b|\\bnicht (erforderlich|notwendig|nötig)\\b|\\bne (nous )?(envoyez|transmettez|communiquez) pas\\b|\\bmasquer\\b|\\bne suffisent pas\\b|\\baucune?\\b|\\bpas nécessaire\\b|\\bskicka inte\\b|\\bstryk över\\b|\\bmaskera\\b|\\binte (nödvändig|behöv)\\p{L}*|\\bno (nos )?(envíe|envíes|incluya|incluyas)\\b|\\btache\\b|\\bocultar\\b|\\bno es necesari[oa]\\b|お送りにならない|送らないで|記載しないで|マスキング|塗りつぶ|不要`,
);

function requestedItems(kept: string): RequestedItem[] {
  const items = new Set<RequestedItem>();
  const notAsked = (text: string) => ((NOT_ASKED.lastIndex = 0), NOT_ASKED.test(text));
  // sentence by sentence (a list item is one): a sentence that says an item is not wanted names none; an aside in
  // brackets that says so ("Vorder- und Rückseite; nicht benötigte Angaben können Sie schwärzen") only itself
  for (const sentence of kept.split(/(?<=[.!?。])\s+|\n|\s(?=[•·▪●*-]\s|\d[.)]\s)|(?=※)/)) {
    if (!sentence.trim() || notAsked(sentence.replace(/[(（][^()（）]*[)）]/g, ' '))) continue;
    for (const part of sentence.split(/[()（）]/)) {
      if (notAsked(part)) continue;
      for (const { item, re } of ITEM_RULES) {
        re.lastIndex = 0;
        if (re.test(part)) items.add(item);
      }
    }
  }
  return [...items].sort();
}

export interface ExtractionInput {
  cls: ReplyClass;
  kept: string;
  lang: Lang | null;
  receivedAt?: Date;
  /** the matches of the denial rules (their reasons) */
  denials: { rule: ClassRule; ev: ReplyEvidence }[];
}

export function extract(x: ExtractionInput): ReplyExtraction {
  const out: ReplyExtraction = {
    new_due_date: null,
    extension_days: null,
    extension_months: null,
    url: null,
    reason: null,
    reason_text: null,
    requested_items: [],
  };
  if (x.cls === 'extension') {
    const dates = findDates(x.kept, x.lang, x.receivedAt);
    // the new date is the latest one the notice names (it also names the date the request was received)
    out.new_due_date =
      dates
        .map((d) => d.iso)
        .sort()
        .at(-1) ?? null;
    const { days, months } = duration(x.kept);
    out.extension_days = days;
    out.extension_months = months;
    const reasons: { rule: ClassRule; ev: ReplyEvidence }[] = [];
    for (const rule of EXTENSION_REASON_RULES) {
      rule.re.lastIndex = 0;
      const m = rule.re.exec(x.kept);
      if (m) reasons.push({ rule, ev: { phrase: m[0], start: m.index, end: m.index + m[0].length, rule: rule.id } });
    }
    Object.assign(out, reasonFrom(x.kept, reasons));
  }
  if (x.cls === 'denied' || x.cls === 'partially_fulfilled') Object.assign(out, reasonFrom(x.kept, x.denials));
  if (x.cls === 'information_requested') out.requested_items = requestedItems(x.kept);
  if (['wrong_channel', 'fulfilled', 'partially_fulfilled', 'information_requested'].includes(x.cls))
    out.url = firstUrl(x.kept, x.cls);
  return out;
}
