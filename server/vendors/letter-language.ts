/**
 * The language a company works in, for letters: staff's choice first, then the open dataset's request language, then
 * the language of the company's own policy (detected at ingest), else English. Each answer says where it came from and
 * cites it like the registry's facts: the dataset record's "Request language" line, or the policy's sentence with the
 * detector's counts. A language the portal does not write in (the dataset has a few Italian, Dutch and Greek companies)
 * gives English, and says so.
 */
import type { Knex } from 'knex';
import { isLetterLanguage, type LetterLanguage } from '../shared/languages';
import { detectLanguage } from './language-detect';

export interface VendorLanguage {
  /** the language letters to the company are written in */
  language: LetterLanguage;
  source: 'staff' | 'dataset' | 'policy' | 'default';
  /** the dataset's or the policy's language as found, also when the portal does not write it (then `language` is en) */
  found: string | null;
  /** the cited sentence or line, with the document it is in */
  citation: { document_id: number; start: number; end: number; quote: string } | null;
  /** the detector's word counts per language (policy only) */
  counts: Record<string, number> | null;
  /** every signal, also those that lost: what staff see */
  signals: {
    staff: LetterLanguage | null;
    dataset: string | null;
    policy: string | null;
  };
}

/** The columns a newly stored policy document carries (ingest). */
export function policyLanguageColumns(normalizedText: string): {
  language: string | null;
  language_evidence: string | null;
} {
  const found = detectLanguage(normalizedText);
  return found
    ? {
        language: found.language,
        language_evidence: JSON.stringify({ counts: found.counts, citation: found.citation }),
      }
    : { language: null, language_evidence: null };
}

interface Evidence {
  counts: Record<string, number>;
  citation: { start: number; end: number; quote: string };
}

export async function vendorLetterLanguage(db: Knex | Knex.Transaction, vendorId: number): Promise<VendorLanguage> {
  const vendor = await db('vendors as v')
    .leftJoin('policy_documents as p', 'p.id', 'v.current_document_id')
    .where('v.id', vendorId)
    .first<{
      letter_language: string | null;
      request_language: string | null;
      policy_id: number | null;
      policy_language: string | null;
      language_evidence: Evidence | null;
    }>(
      'v.letter_language',
      'v.request_language',
      'p.id as policy_id',
      'p.language as policy_language',
      'p.language_evidence',
    );
  if (!vendor) throw new Error(`no vendor ${vendorId}`);
  const signals = {
    staff: isLetterLanguage(vendor.letter_language) ? vendor.letter_language : null,
    dataset: vendor.request_language,
    policy: vendor.policy_language,
  };
  if (signals.staff)
    return { language: signals.staff, source: 'staff', found: signals.staff, citation: null, counts: null, signals };
  if (vendor.request_language) {
    // the record that says it: "Request language: de" in the record's text
    const record = await db('vendor_dataset_records as r')
      .join('policy_documents as d', 'd.id', 'r.current_document_id')
      .where('r.vendor_id', vendorId)
      .whereRaw("d.normalized_text like '%' || ? || '%'", [`Request language: ${vendor.request_language}`])
      .orderBy('d.id')
      .first<{ id: number; normalized_text: string } | undefined>('d.id', 'd.normalized_text');
    const line = `Request language: ${vendor.request_language}`;
    const at = record ? record.normalized_text.indexOf(line) : -1;
    return {
      language: isLetterLanguage(vendor.request_language) ? vendor.request_language : 'en',
      source: 'dataset',
      found: vendor.request_language,
      citation:
        record && at >= 0 ? { document_id: Number(record.id), start: at, end: at + line.length, quote: line } : null,
      counts: null,
      signals,
    };
  }
  if (vendor.policy_language && vendor.policy_id && vendor.language_evidence) {
    return {
      language: isLetterLanguage(vendor.policy_language) ? vendor.policy_language : 'en',
      source: 'policy',
      found: vendor.policy_language,
      citation: { document_id: Number(vendor.policy_id), ...vendor.language_evidence.citation },
      counts: vendor.language_evidence.counts,
      signals,
    };
  }
  return { language: 'en', source: 'default', found: null, citation: null, counts: null, signals };
}

/** Policy documents stored before languages were detected get theirs (db:migrate), in batches. */
export async function detectStoredPolicyLanguages(db: Knex): Promise<number> {
  let total = 0;
  let after = 0;
  for (;;) {
    const rows: { id: number; normalized_text: string }[] = await db('policy_documents')
      .where({ kind: 'policy' })
      .whereNull('language_evidence')
      .where('id', '>', after)
      .orderBy('id')
      .limit(100)
      .select('id', 'normalized_text');
    for (const row of rows) {
      const columns = policyLanguageColumns(row.normalized_text);
      // an undetectable text keeps null language, with empty evidence so it is not read again
      await db('policy_documents')
        .where({ id: row.id })
        .update({ ...columns, language_evidence: columns.language_evidence ?? JSON.stringify({}) });
      after = Number(row.id);
      if (columns.language) total++;
    }
    if (rows.length < 100) return total;
  }
}
