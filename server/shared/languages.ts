/**
 * The languages the portal writes letters in (ISO 639-1). A vendor letter goes in the vendor's language; the consumer's
 * copy in the consumer's. Adding a language: add its code here, its words in server/mail/letter-i18n.ts and
 * server/deadlines/statement-i18n.ts, and its templates under templates/i18n/<code>/ (see README, "Letters in the
 * company's language"); the template test then renders every letter in it.
 */
export const LETTER_LANGUAGES = ['en', 'de', 'fr', 'sv', 'es', 'ja'] as const;
export type LetterLanguage = (typeof LETTER_LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<LetterLanguage, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  sv: 'Swedish',
  es: 'Spanish',
  ja: 'Japanese',
};

export function isLetterLanguage(code: unknown): code is LetterLanguage {
  return typeof code === 'string' && (LETTER_LANGUAGES as readonly string[]).includes(code);
}

/**
 * The first language of an Accept-Language header (by q-value, then order) that letters are written in, else English.
 * "de-CH,de;q=0.9,en;q=0.8" -> de; "pt-BR" -> en.
 */
export function languageFromAcceptLanguage(header: string | undefined | null): LetterLanguage {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { code: (tag ?? '').trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.code).find(isLetterLanguage) ?? 'en';
}
