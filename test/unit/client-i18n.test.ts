import { de } from '../../client/src/i18n/de';
import { en } from '../../client/src/i18n/en';
import { es } from '../../client/src/i18n/es';
import { fr } from '../../client/src/i18n/fr';
import { ja } from '../../client/src/i18n/ja';
import { sv } from '../../client/src/i18n/sv';

type Tree = { [key: string]: string | Tree };

/** Every leaf as "section.key" → text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/**
 * Texts longer than three words that may read the same as in English (proper names). Keep this list short: anything
 * else identical to English is an untranslated string.
 */
const SAME_AS_ENGLISH: Record<string, string[]> = {};

const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}|<(\w+)>/g)].map((m) => m[0]).sort();

/** What a catalogue gets wrong compared with English; empty when it is complete. */
function catalogueProblems(lang: string, catalogue: Tree, english: Tree): string[] {
  const reference = flatten(english);
  const texts = flatten(catalogue);
  const problems: string[] = [];
  for (const [key, text] of reference) {
    const translated = texts.get(key);
    if (translated === undefined) problems.push(`${lang}: ${key} is missing`);
    else if (!translated.trim()) problems.push(`${lang}: ${key} is empty`);
    else if (
      lang !== 'en' &&
      translated === text &&
      text.trim().split(/\s+/).length > 3 &&
      !(SAME_AS_ENGLISH[lang] ?? []).includes(key)
    )
      problems.push(`${lang}: ${key} is the English text`);
    else if (translated !== undefined && placeholders(translated).join() !== placeholders(text).join())
      problems.push(
        `${lang}: ${key} has placeholders ${placeholders(translated).join()} (English: ${placeholders(text).join()})`,
      );
  }
  for (const key of texts.keys()) if (!reference.has(key)) problems.push(`${lang}: ${key} is not in English`);
  return problems;
}

describe('the web client language catalogues', () => {
  const catalogues: Record<string, Tree> = { en, de, fr, sv, es, ja };

  test.each(Object.keys(catalogues))(
    'when the %s catalogue is compared with English, then every key is there, filled in, translated, with the same placeholders',
    (lang) => {
      expect(catalogueProblems(lang, catalogues[lang]!, en)).toEqual([]);
    },
  );

  test('when a catalogue lacks a key, leaves one empty, keeps a long English text or drops a placeholder, then the check says which', () => {
    const broken = structuredClone(de) as unknown as { [s: string]: { [k: string]: string } };
    delete broken.home!.title;
    broken.home!.start = ' ';
    broken.home!.lead = en.home.lead;
    broken.file!.errSomeRights = 'Entfernen Sie, was Ihnen dieses Gesetz nicht gewährt.';
    broken.home!.extra = 'Zusätzlich';
    expect(catalogueProblems('de', broken, en)).toEqual([
      'de: home.title is missing',
      'de: home.lead is the English text',
      'de: home.start is empty',
      'de: file.errSomeRights has placeholders  (English: {{rights}})',
      'de: home.extra is not in English',
    ]);
  });

  test('when a short text (three words or fewer) is the same as in English, then it is accepted', () => {
    const same = structuredClone(de) as unknown as { [s: string]: { [k: string]: string } };
    same.rights!.error = en.rights.error; // "Error: {{error}}" reads the same in Spanish, for one
    expect(catalogueProblems('de', same, en)).toEqual([]);
  });
});
