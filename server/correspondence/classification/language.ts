/**
 * The language a message is written in, from its most common short words (and, for Japanese, its script). Only the
 * first few thousand characters are read: a reply's language shows in its first lines.
 */
import type { Lang } from './rules';

const STOPWORDS: Record<Exclude<Lang, 'ja'>, string[]> = {
  en: [
    'the',
    'and',
    'you',
    'your',
    'we',
    'to',
    'of',
    'please',
    'our',
    'is',
    'for',
    'this',
    'with',
    'have',
    'will',
    'that',
    'are',
    'be',
  ],
  de: [
    'und',
    'der',
    'die',
    'das',
    'wir',
    'sie',
    'ihre',
    'ihr',
    'nicht',
    'bitte',
    'mit',
    'für',
    'ist',
    'uns',
    'zu',
    'den',
    'ich',
    'von',
    'auf',
    'eine',
  ],
  fr: [
    'le',
    'la',
    'les',
    'des',
    'vous',
    'votre',
    'vos',
    'nous',
    'et',
    'pour',
    'est',
    'une',
    'pas',
    'avec',
    'sur',
    'du',
    'au',
    'ne',
    'je',
  ],
  sv: [
    'och',
    'att',
    'det',
    'som',
    'för',
    'vi',
    'du',
    'din',
    'ditt',
    'är',
    'inte',
    'med',
    'har',
    'till',
    'på',
    'av',
    'om',
    'jag',
    'oss',
  ],
  es: [
    'el',
    'los',
    'las',
    'que',
    'su',
    'sus',
    'para',
    'por',
    'con',
    'una',
    'no',
    'es',
    'le',
    'hemos',
    'del',
    'al',
    'se',
    'y',
    'su',
  ],
};
const INDEX = new Map<string, Exclude<Lang, 'ja'>[]>();
for (const [lang, words] of Object.entries(STOPWORDS) as [Exclude<Lang, 'ja'>, string[]][])
  for (const w of words) INDEX.set(w, [...(INDEX.get(w) ?? []), lang]);

const SAMPLE = 6000;

export function detectLanguage(text: string): Lang | null {
  const sample = text.slice(0, SAMPLE);
  const kana = sample.match(/[\u3040-\u30ff]/g)?.length ?? 0;
  if (kana >= 8) return 'ja';
  const counts: Record<string, number> = {};
  for (const m of sample.toLowerCase().matchAll(/\p{L}+/gu)) {
    for (const lang of INDEX.get(m[0]) ?? []) counts[lang] = (counts[lang] ?? 0) + 1;
  }
  const ranked = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const [best] = ranked;
  return best && best[1] >= 2 ? (best[0] as Lang) : null;
}
