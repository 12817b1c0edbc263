/**
 * The reply classifier: deterministic rules over the vendor's new text (see `normalize.ts`), its subject and its
 * headers. Every rule that matches adds its weight to its class; the class with the highest total wins, with these
 * readings of combinations:
 *   - something done plus something kept or still to come (fulfilled + a partial cue or a stated retention) is
 *     `partially_fulfilled`;
 *   - a delivery report (multipart/report, a message/delivery-status part, or two bounce phrases) is a `bounce`
 *     whatever else it quotes;
 *   - headers that mark an automatic message (Auto-Submitted, X-Autoreply, Precedence) only weigh a little: a ticket
 *     receipt sent automatically is still an acknowledgement, and an out-of-office is an `auto_reply` by its words.
 * Confidence grows with the winner's total and shrinks with the runner-up's (see `confidenceOf`).
 */
import { extract } from './extract';
import { ITEM_RULES } from './items';
import { detectLanguage } from './language';
import { prepareText } from './normalize';
import { compile } from './patterns';
import { CONDITIONAL, MAY_EXTEND, WEAK_SIGNALS } from './phrasings';
import { CLASS_RULES, SUBJECT_RULES, type ClassRule, type Lang } from './rules';
import { REPLY_CLASSES, type ReplyClass, type ReplyClassification, type ReplyEvidence, type ReplyInput } from './types';

/**
 * Rules read at most this much of the kept text. A vendor's answer is at its top; what follows in a very long message
 * is quoted history or attachments pasted inline. Preparing the text (quote and signature stripping) reads it all.
 */
const MAX_ANALYZED = 32_000;

/** Ties go to the class whose mistake costs least to undo. */
const PRIORITY: ReplyClass[] = [
  'bounce',
  'wrong_channel',
  'information_requested',
  'extension',
  'denied',
  'partially_fulfilled',
  'fulfilled',
  'auto_reply',
  'acknowledgement',
  'unrelated',
];

/** Classes that answer the request; an acknowledgement alongside one of them is its preface, not a rival. */
const SUBSTANTIVE: ReplyClass[] = [
  'information_requested',
  'extension',
  'fulfilled',
  'partially_fulfilled',
  'denied',
  'wrong_channel',
];

interface Hit {
  cls: ReplyClass;
  weight: number;
  rule?: ClassRule;
  ev: ReplyEvidence;
}

function ruleHits(rules: readonly ClassRule[], text: string, source: ReplyEvidence['source']): Hit[] {
  const hits: Hit[] = [];
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    const m = rule.re.exec(text);
    if (!m) continue;
    const ev: ReplyEvidence = { phrase: m[0].trim(), start: m.index, end: m.index + m[0].length, rule: rule.id };
    if (source !== 'text') ev.source = source;
    hits.push({ cls: rule.cls, weight: rule.weight, rule, ev });
  }
  return hits;
}

const CONDITIONAL_RE = compile(CONDITIONAL);
const MAY_EXTEND_RE = compile(MAY_EXTEND);

/** The sentence a span is in (to the previous and next sentence end, at most 300 characters each way). */
function sentenceOf(text: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && start - a < 300 && !/[.!?。\n]/.test(text[a - 1]!)) a--;
  let b = end;
  while (b < text.length && b - end < 300 && !/[.!?。\n]/.test(text[b]!)) b++;
  return text.slice(a, b);
}

/** An extension or refusal said only as a possibility ("if ...", "can be extended") is a hint, not the answer. */
function hedge(hits: Hit[], text: string): Hit[] {
  return hits.map((h) => {
    if (h.cls !== 'extension' && h.cls !== 'denied') return h;
    const sentence = sentenceOf(text, h.ev.start, h.ev.end);
    CONDITIONAL_RE.lastIndex = 0;
    MAY_EXTEND_RE.lastIndex = 0;
    const hedged = CONDITIONAL_RE.test(sentence) || (h.cls === 'extension' && MAY_EXTEND_RE.test(sentence));
    return hedged ? { ...h, weight: h.weight / 4 } : h;
  });
}

function headerHit(cls: ReplyClass, weight: number, name: string, value: string, rule: string): Hit {
  const phrase = `${name}: ${value}`;
  return { cls, weight, ev: { phrase, start: 0, end: phrase.length, rule, source: 'header' } };
}

function headerHits(input: ReplyInput): Hit[] {
  const h = input.headers ?? {};
  const hits: Hit[] = [];
  const ct = h['content-type'] ?? '';
  if (/^\s*multipart\/report/i.test(ct) && !/report-type\s*=\s*"?(?!delivery-status)[\w-]/i.test(ct))
    hits.push(headerHit('bounce', 6, 'content-type', ct, 'bounce.header.multipart_report'));
  for (const a of input.attachments ?? []) {
    if (/^message\/delivery-status/i.test(a.contentType)) {
      hits.push({
        cls: 'bounce',
        weight: 6,
        ev: {
          phrase: a.contentType,
          start: 0,
          end: a.contentType.length,
          rule: 'bounce.attachment.delivery_status',
          source: 'attachment',
        },
      });
      break;
    }
  }
  const from = h.from ?? '';
  if (/\b(mailer-daemon|postmaster)@/i.test(from))
    hits.push(headerHit('bounce', 2, 'from', from, 'bounce.header.mailer_daemon'));
  const auto = h['auto-submitted'];
  if (auto && !/^\s*no\b/i.test(auto))
    hits.push(
      headerHit(
        'auto_reply',
        /auto-replied/i.test(auto) ? 1.5 : 1,
        'auto-submitted',
        auto,
        'auto_reply.header.auto_submitted',
      ),
    );
  else {
    const name = ['x-autoreply', 'x-autorespond', 'x-auto-reply'].find((n) => h[n]);
    if (name) hits.push(headerHit('auto_reply', 1.5, name, h[name]!, 'auto_reply.header.x_autoreply'));
    else if (/auto_reply/i.test(h.precedence ?? ''))
      hits.push(headerHit('auto_reply', 1.5, 'precedence', h.precedence!, 'auto_reply.header.precedence'));
  }
  if (/^\s*(bulk|list)\b/i.test(h.precedence ?? '') || h['list-unsubscribe'] || h['list-id']) {
    const name = h['list-unsubscribe'] ? 'list-unsubscribe' : h['list-id'] ? 'list-id' : 'precedence';
    hits.push(headerHit('unrelated', 1.5, name, h[name]!, 'unrelated.header.mailing_list'));
  }
  return hits;
}

/**
 * One phrase counts once for a class: the same word in two languages' rules ("newsletter") or two rules over the same
 * words add only the heavier weight.
 */
function countedOnce(hits: Hit[]): Hit[] {
  const kept: Hit[] = [];
  for (const h of [...hits].sort((a, b) => b.weight - a.weight)) {
    const same = (k: Hit) => k.cls === h.cls && (k.ev.source ?? 'text') === (h.ev.source ?? 'text');
    const overlaps = kept.some((k) => same(k) && h.ev.start < k.ev.end && h.ev.end > k.ev.start);
    if (!overlaps || h.ev.source === 'header') kept.push(h);
  }
  return kept;
}

const WEAK = (Object.entries(WEAK_SIGNALS) as [ReplyClass, string][]).map(([cls, source]) => ({
  cls,
  re: compile(source),
}));
/** What one weak word adds; two of one class still stay under the weight (1) of the weakest rule. */
const WEAK_WEIGHT = 0.4;
/** A best guess from weak words is never more sure than this (well under the 0.6 at which a proposal is made). */
const GUESS_CAP = 0.45;

/**
 * When no rule reached a weight of 1, the words that lean towards a class (each distinct word once) and the rules'
 * hints below 1 make a best guess: the class with the most, at a confidence of at most 0.45. No such word: `unrelated`
 * at 0.2.
 */
function bestGuess(counted: Hit[], kept: string): { cls: ReplyClass; confidence: number; support: Hit[] } | null {
  const hits: Hit[] = counted.filter((h) => h.weight > 0 && h.ev.source !== 'header');
  for (const { cls, re } of WEAK) {
    const seen = new Set<string>();
    re.lastIndex = 0;
    for (const m of kept.matchAll(re)) {
      const word = m[0].toLowerCase();
      const start = m.index;
      const end = start + m[0].length;
      if (seen.has(word) || hits.some((h) => h.cls === cls && start < h.ev.end && end > h.ev.start)) continue;
      seen.add(word);
      hits.push({
        cls,
        weight: WEAK_WEIGHT,
        ev: { phrase: m[0], start, end, rule: `${cls}.weak` },
      });
    }
  }
  const totals = new Map<ReplyClass, number>();
  for (const h of hits) totals.set(h.cls, (totals.get(h.cls) ?? 0) + h.weight);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || PRIORITY.indexOf(a[0]) - PRIORITY.indexOf(b[0]));
  const [best, second] = ranked;
  if (!best || best[0] === 'unrelated') return null;
  const margin = best[1] - (second?.[1] ?? 0);
  const confidence = Math.min(GUESS_CAP, Math.round((0.25 + margin * 0.15) * 100) / 100);
  return { cls: best[0], confidence, support: hits.filter((h) => h.cls === best[0]) };
}

/** The classification of a message no rule said enough about: the best guess, or `unrelated` at 0.2. */
function guessed(counted: Hit[], kept: string, hits: Hit[], input: ReplyInput): ReplyClassification {
  const guess = bestGuess(counted, kept);
  const cls = guess?.cls ?? 'unrelated';
  const language = languageOf(kept, hits);
  return {
    class: cls,
    confidence: guess?.confidence ?? 0.2,
    language,
    evidence: (guess?.support ?? []).sort((x, y) => y.weight - x.weight || x.ev.start - y.ev.start).map((h) => h.ev),
    extracted: extract({ cls, kept, lang: language, receivedAt: input.receivedAt, denials: [] }),
  };
}

/** The winner's total decides how sure we are; a runner-up close behind halves it. */
function confidenceOf(top: number, second: number): number {
  if (top <= 0) return 0.2;
  const strength = 1 - Math.exp(-top / 2.5);
  const margin = (top - second) / top;
  return Math.round(Math.min(0.99, Math.max(0.05, strength * (0.5 + 0.5 * margin))) * 100) / 100;
}

/** Classes whose confident classification may be applied without staff (see the README). */
const AUTOMATIC: ReplyClass[] = [
  'information_requested',
  'extension',
  'fulfilled',
  'denied',
  'wrong_channel',
  'bounce',
];

/** Below the suggested auto-apply threshold (0.80): staff confirm. */
const THIN = 0.75;

/**
 * "but", "except", "however" in a message read as done: something may be kept back in words no rule knows, so the
 * message is a candidate for `partially_fulfilled` and staff should read it.
 */
const CONTRAST = compile(
  `\\b(however|except|apart from|with the exception of|other than|jedoch|allerdings|ausgenommen|mit Ausnahme|außer|en revanche|toutefois|cependant|sauf|à l'exception|dock|förutom|med undantag|undantaget|sin embargo|no obstante|excepto|salvo|a excepción|con excepción)\\b|ただし|なお、|を除き|除いて`,
);

/**
 * An automatic class stays below the auto-apply threshold when its evidence is thin: one phrase of the message alone
 * (a delivery report's headers are not thin), or a "done" that says "except" or "however" somewhere.
 */
function conservative(cls: ReplyClass, confidence: number, support: Hit[], kept: string): number {
  if (!AUTOMATIC.includes(cls)) return confidence;
  const phrases = support.filter((h) => h.ev.source !== 'header').length;
  const strongHeader = support.some((h) => h.ev.source === 'header' && h.weight >= 5);
  let capped = confidence;
  if (phrases < 2 && !strongHeader) capped = Math.min(capped, THIN);
  CONTRAST.lastIndex = 0;
  if (cls === 'fulfilled' && CONTRAST.test(kept)) capped = Math.min(capped, THIN);
  return capped;
}

function languageOf(kept: string, hits: Hit[]): Lang | null {
  const detected = detectLanguage(kept);
  if (detected) return detected;
  const votes = new Map<Lang, number>();
  for (const h of hits) if (h.rule && !h.ev.source) votes.set(h.rule.lang, (votes.get(h.rule.lang) ?? 0) + h.weight);
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

interface Scores {
  score: Map<ReplyClass, number>;
  /** denial hits read as the part kept back of a partly fulfilled request */
  retained: Hit[];
  partialCombo: boolean;
}

/** Each class's total over the counted hits, with the combinations described at the top of this file. */
function scoreClasses(counted: Hit[], kept: string, input: ReplyInput): Scores {
  const score = new Map<ReplyClass, number>(REPLY_CLASSES.map((c) => [c, 0]));
  for (const h of counted) score.set(h.cls, score.get(h.cls)! + h.weight);
  const s = (c: ReplyClass) => score.get(c)!;
  // the items asked for support a request for information that is already phrased as one
  if (s('information_requested') > 0) {
    const items = ITEM_RULES.filter(({ re }) => ((re.lastIndex = 0), re.test(kept))).length;
    score.set('information_requested', s('information_requested') + Math.min(1.5, items * 0.5));
  }
  if (s('wrong_channel') > 0 && /https?:\/\//.test(kept)) score.set('wrong_channel', s('wrong_channel') + 1);
  const files = (input.attachments ?? []).some((a) => /^(application|image|text\/csv)/i.test(a.contentType));
  if (files && s('fulfilled') + s('partially_fulfilled') > 0) score.set('fulfilled', s('fulfilled') + 1);
  // done + kept back (a stated retention or refusal of the rest) = partly done
  const retained = counted.filter(
    (h) => h.cls === 'denied' && (h.rule?.reason === 'exemption' || h.rule?.reason === 'other'),
  );
  const retainedWeight = retained.reduce((t, h) => t + h.weight, 0);
  const partialCombo = s('fulfilled') >= 2 && (s('partially_fulfilled') > 0 || retainedWeight > 0);
  if (partialCombo) {
    score.set('partially_fulfilled', s('partially_fulfilled') + s('fulfilled') + retainedWeight);
    score.set('denied', s('denied') - retainedWeight);
    score.set('fulfilled', 0);
  }
  return { score, retained, partialCombo };
}

export function classifyReply(input: ReplyInput): ReplyClassification {
  const prepared = prepareText(input.text ?? '', MAX_ANALYZED);
  // sentences wrapped over lines read as one line; paragraph breaks stay
  const kept = prepared.kept.slice(0, MAX_ANALYZED).replace(/([^\n])\n(?=[^\n])/g, '$1 ');
  const hits: Hit[] = [
    ...hedge(ruleHits(CLASS_RULES, kept, 'text'), kept),
    ...ruleHits(SUBJECT_RULES, input.subject ?? '', 'subject'),
    ...headerHits(input),
  ];
  const receipt = prepared.boilerplate.find((x) => x.receipt);
  if (receipt) {
    const { phrase, start, end } = receipt;
    hits.push({
      cls: 'acknowledgement',
      weight: 1,
      ev: { phrase, start, end, rule: 'acknowledgement.boilerplate.receipt' },
    });
  }
  const counted = countedOnce(hits);
  const { score, retained, partialCombo } = scoreClasses(counted, kept, input);
  const s = (c: ReplyClass) => score.get(c)!;

  const ranked = [...score.entries()].sort((a, b) => b[1] - a[1] || PRIORITY.indexOf(a[0]) - PRIORITY.indexOf(b[0]));
  let [cls, top] = ranked[0]!;
  // "we have received your request" before an answer prefaces it rather than contradicting it
  let second = ranked.slice(1).find(([c]) => !(c === 'acknowledgement' && SUBSTANTIVE.includes(cls)))?.[1] ?? 0;
  if (s('bounce') >= 5 && cls !== 'bounce') [cls, top, second] = ['bounce', s('bounce'), top];
  if (top < 1) return guessed(counted, kept, hits, input);

  const supports = (h: Hit) =>
    h.cls === cls || (partialCombo && cls === 'partially_fulfilled' && (h.cls === 'fulfilled' || retained.includes(h)));
  const evidence = counted
    .filter(supports)
    .sort((a, b) => b.weight - a.weight)
    .map((h) => h.ev);
  const language = languageOf(kept, hits);
  const extracted = extract({
    cls,
    kept,
    lang: language,
    receivedAt: input.receivedAt,
    denials: counted.filter((h) => h.cls === 'denied' && h.rule).map((h) => ({ rule: h.rule!, ev: h.ev })),
  });
  const confidence = conservative(cls, confidenceOf(top, second), counted.filter(supports), kept);
  return { class: cls, confidence, language, evidence, extracted };
}
