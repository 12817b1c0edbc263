const TERMS = [
  /\bprivacy\b/i,
  /\bpersonal (?:data|information)\b/i,
  /\bdata protection\b/i,
  /\bGDPR\b|\bCCPA\b|\bCPRA\b/,
  /\bcookies?\b/i,
  /\bopt[- ]?out\b/i,
  /\bconsent\b/i,
  /\bcontroller\b/i,
  /\bthird[- ]part(?:y|ies)\b/i,
  /\bcollect(?:s|ed|ion)?\b/i,
  /\bdisclos(?:e|ure)\b/i,
];

/** Distinct privacy terms in the first part of the text; a recipe or a manual has at most one or two. */
export function privacyVocabularyScore(text: string): number {
  const head = text.slice(0, 300000);
  return TERMS.filter((re) => re.test(head)).length;
}

export const MIN_PRIVACY_SCORE = 3;
