import type { PolicyExtraction } from './types';
import {
  normalizePolicy as normalize,
  type NormalizeHint,
  type NormalizedPolicy,
  type PolicyFormat,
} from './normalize';
import { splitSentences } from './sentences';
import { findAllEmails, findPhones, findWebforms, mentionsToChannels } from './contacts';
import { findPostal } from './postal';
import { findRights } from './rights';
import { findDeadlines } from './deadlines';
import { findRequirements } from './requirements';
import { findWarnings } from './warnings';
import { findGaps } from './gaps';
import { findCompany } from './company';
import { findEffectiveDate } from './dates';
import { findProducts } from './products';
import { MIN_PRIVACY_SCORE, privacyVocabularyScore } from './policy-vocabulary';
import { decodeInput } from './input';
import { listFacts, factKey } from './fact-key';

export type { NormalizeHint, NormalizedPolicy, PolicyFormat };
export { PolicyInputError, MAX_INPUT_BYTES } from './input';
export { factKey, listFacts } from './fact-key';

export function normalizePolicy(raw: string, hint?: NormalizeHint): NormalizedPolicy {
  return normalize(raw, hint);
}

function emptyExtraction(inputWarnings: string[] = []): PolicyExtraction {
  return {
    company: null,
    company_citation: null,
    effective_date: null,
    effective_date_citation: null,
    products: [],
    channels: [],
    deadlines: [],
    rights: [],
    requirements: [],
    warnings: [],
    gaps: [],
    input_warnings: inputWarnings,
  };
}

/** Extract facts from NORMALIZED text; every citation indexes into exactly this string. */
export function extractPolicy(normalizedText: string): PolicyExtraction {
  const text = normalizedText;
  if (text.trim() === '') return emptyExtraction(['empty input: no text to extract from']);
  if (privacyVocabularyScore(text) < MIN_PRIVACY_SCORE) {
    return emptyExtraction(['not a privacy policy: the text has almost no privacy vocabulary']);
  }
  const spans = splitSentences(text);
  const channels = [
    ...mentionsToChannels('email', findAllEmails(text), text, spans),
    ...findPostal(text, spans),
    ...mentionsToChannels('phone', findPhones(text), text, spans),
    ...mentionsToChannels('webform', findWebforms(text, spans), text, spans),
  ];
  inheritPhoneJurisdictions(channels);
  const rights = findRights(spans, text);
  const { deadlines, promises } = findDeadlines(spans, text, rights);
  const company = findCompany(text);
  const date = findEffectiveDate(text);
  const extraction: PolicyExtraction = {
    company: company?.name ?? null,
    company_citation: company?.citation ?? null,
    effective_date: date?.date ?? null,
    effective_date_citation: date?.citation ?? null,
    products: findProducts(spans, text, company?.name ?? null),
    channels,
    deadlines,
    rights,
    requirements: [...findRequirements(spans, text), ...promises].sort((a, b) => a.citation.start - b.citation.start),
    warnings: findWarnings(spans, text),
    gaps: findGaps(spans, text, channels),
    input_warnings: [],
  };
  return dropDuplicateKeys(extraction);
}

export function extractFromRaw(
  raw: string | Buffer,
  hint?: NormalizeHint,
): { normalized: string; format: PolicyFormat; extraction: PolicyExtraction } {
  const decoded = decodeInput(raw);
  const { text, format } = normalizePolicy(decoded, hint);
  return { normalized: text, format, extraction: extractPolicy(text) };
}

/** A phone printed under an address block serves the same audience as that block. */
function inheritPhoneJurisdictions(channels: PolicyExtraction['channels']): void {
  const postal = channels.filter((c) => c.type === 'postal');
  for (const phone of channels.filter((c) => c.type === 'phone' && c.jurisdictions.length === 0)) {
    const block = postal
      .filter((p) => p.citation.end <= phone.citation.start && phone.citation.start - p.citation.end < 120)
      .pop();
    if (block && block.jurisdictions.length > 0) phone.jurisdictions = [...block.jurisdictions];
  }
}

/** Review decisions are keyed by factKey, so two facts must never share one. */
function dropDuplicateKeys(extraction: PolicyExtraction): PolicyExtraction {
  const seen = new Set<string>();
  const keep = new Set<unknown>();
  for (const tagged of listFacts(extraction)) {
    const key = factKey(tagged);
    if (!seen.has(key)) {
      seen.add(key);
      keep.add(tagged.fact);
    }
  }
  return {
    ...extraction,
    products: extraction.products.filter((f) => keep.has(f)),
    channels: extraction.channels.filter((f) => keep.has(f)),
    deadlines: extraction.deadlines.filter((f) => keep.has(f)),
    rights: extraction.rights.filter((f) => keep.has(f)),
    requirements: extraction.requirements.filter((f) => keep.has(f)),
    warnings: extraction.warnings.filter((f) => keep.has(f)),
    gaps: extraction.gaps.filter((f) => keep.has(f)),
  };
}
