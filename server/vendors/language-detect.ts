/**
 * The language a policy is written in: a small deterministic detector (no model, no network). It counts each language's
 * commonest function words (and, for Japanese, kana particles) in the text; the language with most hits wins when it
 * has enough of them and clearly more than the next. The answer cites the sentence of the text with the most hits of
 * the winning language, like every other registry fact, and keeps the counts as its evidence.
 */
import { LETTER_LANGUAGES, type LetterLanguage } from '../shared/languages';

const STOPWORDS: Record<Exclude<LetterLanguage, 'ja'>, string[]> = {
  en: 'the and of to we you your our is are that for with this by or not may which will be information data'.split(' '),
  de: 'der die das und wir sie ihre ihrer ist sind nicht mit für von zu auf werden oder dem den des eine einer daten wenn'.split(
    ' ',
  ),
  fr: 'le la les et des vous nous votre vos est sont pour avec une dans sur par qui que ne pas données du au aux'.split(
    ' ',
  ),
  sv: 'och att det som är för med på av till vi du din dina ditt inte eller om från har kan uppgifter personuppgifter vår våra'.split(
    ' ',
  ),
  es: 'el la los las y de que en para con por sus su nosotros usted es son una datos del al no se como'.split(' '),
};
const SETS = Object.fromEntries(Object.entries(STOPWORDS).map(([l, ws]) => [l, new Set(ws)])) as Record<
  Exclude<LetterLanguage, 'ja'>,
  Set<string>
>;
/** Japanese: the particles and endings every sentence has (counted as characters sequences, no word breaks needed). */
const JA_MARKERS = /(?:です|ます|ません|について|により|および|の|は|を|に|が|で|と|し)/gu;

/** Fewer hits than this, or a winner not this many times ahead of the next, answers "unknown". */
const MIN_HITS = 20;
const MIN_LEAD = 1.5;
/** Texts are long; the first part says what the language is. */
const SCAN_CHARS = 200_000;

export interface DetectedLanguage {
  language: LetterLanguage;
  /** hits per language, the evidence */
  counts: Record<LetterLanguage, number>;
  /** the sentence with most hits of the language, as a citation into the text */
  citation: { start: number; end: number; quote: string };
}

function countIn(text: string): Record<LetterLanguage, number> {
  const counts = Object.fromEntries(LETTER_LANGUAGES.map((l) => [l, 0])) as Record<LetterLanguage, number>;
  for (const m of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    const w = m[0];
    for (const l of Object.keys(SETS) as Exclude<LetterLanguage, 'ja'>[]) if (SETS[l].has(w)) counts[l]++;
  }
  counts.ja = [...text.matchAll(JA_MARKERS)].length;
  return counts;
}

export function detectLanguage(fullText: string): DetectedLanguage | null {
  const text = fullText.slice(0, SCAN_CHARS);
  const counts = countIn(text);
  const ranked = (Object.entries(counts) as [LetterLanguage, number][]).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked as [[LetterLanguage, number], [LetterLanguage, number]];
  if (first[1] < MIN_HITS || first[1] < second[1] * MIN_LEAD) return null;
  const language = first[0];
  let best: { start: number; end: number; hits: number } | null = null;
  const sentence = language === 'ja' ? /[^。！？\n]{8,400}[。！？]?/gu : /[^.!?\n]{20,400}[.!?]?/gu;
  for (const m of text.matchAll(sentence)) {
    const hits = countIn(m[0])[language];
    if (!best || hits > best.hits) best = { start: m.index, end: m.index + m[0].length, hits };
  }
  const start = best?.start ?? 0;
  const end = best?.end ?? Math.min(text.length, 200);
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const quote = raw.trim();
  return { language, counts, citation: { start: start + lead, end: start + lead + quote.length, quote } };
}
