import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { recordEvent } from '../events';
import { validationFailed } from '../http';
import { extractFromRaw, factKey, listFacts, PolicyInputError } from './extract';
import type { TaggedFact } from './extract/fact-key';
import type { ReviewDecisions } from './review';
import { clip } from '../shared/text';
import { refreshVendorSearchTerms } from './search';
import { policyLanguageColumns } from './letter-language';

export interface IngestInput {
  slug: string;
  /** where the text came from: a file path relative to the repo, or a URL */
  source: string;
  raw: string | Buffer;
  retrievedAt: Date;
  filename?: string;
  contentType?: string;
  /** staff decisions kept in a file (seeds/registry-review.json), applied as the decisions of record */
  decisions?: ReviewDecisions;
  /** where the decisions come from, recorded on each decision's event (default: the seeds' review file) */
  decisionSource?: string;
  actor: { type: 'system' | 'staff'; id: string };
}

export interface IngestResult {
  vendorId: number;
  documentId: number;
  /** true when this exact document was already stored: nothing changed */
  unchanged: boolean;
  diff: { added: string[]; removed: string[]; kept: string[] };
  needsReview: boolean;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * Stores a policy document and its extracted facts. Ingesting the same bytes twice is a no-op. A changed policy
 * produces a fact-level diff against the vendor's current document: facts with an unchanged key keep their review
 * decision, new facts are drafts, and the vendor is flagged for review when anything was added or removed.
 */
export async function ingestPolicy(db: Knex, input: IngestInput): Promise<IngestResult> {
  if (!SLUG.test(input.slug))
    throw validationFailed([{ field: 'slug', message: 'lower-case letters, digits and dashes' }]);
  let extracted: ReturnType<typeof extractFromRaw>;
  try {
    extracted = extractFromRaw(input.raw, { filename: input.filename, contentType: input.contentType });
  } catch (err) {
    if (err instanceof PolicyInputError) throw validationFailed([{ field: 'file', message: err.message }]);
    throw err;
  }
  const { normalized, format, extraction } = extracted;
  if (normalized.trim() === '') throw validationFailed([{ field: 'file', message: 'the file is empty' }]);
  const bytes = typeof input.raw === 'string' ? Buffer.from(input.raw, 'utf8') : input.raw;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const facts = listFacts(extraction);

  return db.transaction(async (trx) => {
    const name = extraction.company ?? input.slug;
    const [vendor] = await trx('vendors')
      .insert({ slug: input.slug, name })
      .onConflict('slug')
      .merge({ updated_at: trx.fn.now() })
      .returning<{ id: number; current_document_id: number | null }[]>(['id', 'current_document_id']);
    const vendorId = vendor!.id;
    // serialise concurrent ingests of one vendor
    await trx('vendors').where({ id: vendorId }).forUpdate().first();

    const existing = await trx('policy_documents')
      .where({ vendor_id: vendorId, sha256 })
      .first<{ id: number } | undefined>();
    if (existing) {
      if (input.decisions) await applyDecisions(trx, existing.id, input.decisions, input.actor, input.decisionSource);
      if (input.decisions) await refreshVendorSearchTerms(trx, [vendorId]);
      return {
        vendorId,
        documentId: existing.id,
        unchanged: true,
        diff: { added: [], removed: [], kept: [] },
        needsReview: false,
      };
    }

    const previous = vendor!.current_document_id
      ? await trx('vendor_facts')
          .where({ document_id: vendor!.current_document_id })
          .select<PreviousFact[]>(
            'fact_key',
            'review_status',
            'edited_value',
            'review_reason',
            'reviewed_by',
            'reviewed_at',
          )
      : [];
    const previousByKey = new Map(previous.map((f) => [f.fact_key, f]));

    const [document] = await trx('policy_documents')
      .insert({
        vendor_id: vendorId,
        source: input.source,
        title: titleOf(normalized, name),
        format,
        sha256,
        normalized_text: normalized,
        byte_length: bytes.length,
        effective_date: extraction.effective_date,
        retrieved_at: input.retrievedAt,
        ...policyLanguageColumns(normalized),
      })
      .returning<{ id: number }[]>('id');
    const documentId = document!.id;

    const keys = facts.map(factKey);
    if (facts.length > 0) {
      await trx('vendor_facts').insert(
        facts.map((fact, i) => factRow(vendorId, documentId, keys[i]!, fact, previousByKey.get(keys[i]!))),
      );
    }
    if (input.decisions) await applyDecisions(trx, documentId, input.decisions, input.actor, input.decisionSource);

    const keySet = new Set(keys);
    const diff = {
      added: keys.filter((k) => !previousByKey.has(k)),
      removed: previous.map((p) => p.fact_key).filter((k) => !keySet.has(k)),
      kept: keys.filter((k) => previousByKey.has(k)),
    };
    const needsReview = vendor!.current_document_id !== null && (diff.added.length > 0 || diff.removed.length > 0);
    await trx('vendors')
      .where({ id: vendorId })
      .update({
        name,
        current_document_id: documentId,
        search_text: searchText(input.slug, name, facts),
        updated_at: trx.fn.now(),
        ...(needsReview
          ? {
              needs_review: true,
              review_note: `Policy changed: ${diff.added.length} facts added, ${diff.removed.length} removed.`,
            }
          : {}),
      });
    await refreshVendorSearchTerms(trx, [vendorId]);
    await recordEvent(trx, {
      type: 'policy_ingested',
      subjectId: vendorId,
      actor: input.actor,
      payload: {
        document_id: documentId,
        previous_document_id: vendor!.current_document_id,
        sha256,
        source: input.source,
        added: diff.added,
        removed: diff.removed,
        kept: diff.kept.length,
      },
    });
    return { vendorId, documentId, unchanged: false, diff, needsReview };
  });
}

interface PreviousFact {
  fact_key: string;
  review_status: string;
  edited_value: string | null;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

function factRow(
  vendorId: number,
  documentId: number,
  key: string,
  tagged: TaggedFact,
  previous: PreviousFact | undefined,
) {
  const { citation } = tagged.fact;
  return {
    vendor_id: vendorId,
    document_id: documentId,
    fact_key: key,
    family: tagged.family,
    fact: JSON.stringify(tagged.fact),
    citation_start: citation.start,
    citation_end: citation.end,
    quote: citation.quote,
    change: previous ? 'kept' : 'added',
    review_status: previous?.review_status ?? 'draft',
    edited_value: previous?.edited_value ?? null,
    review_reason: previous?.review_reason ?? null,
    reviewed_by: previous?.reviewed_by ?? null,
    reviewed_at: previous?.reviewed_at ?? null,
  };
}

const STATUS_FOR = { approve: 'approved', edit: 'edited', reject: 'rejected' } as const;

/** Applies file-kept decisions to a document's facts; each change of a fact's status is an audited event. */
async function applyDecisions(
  trx: Knex.Transaction,
  documentId: number,
  decisions: ReviewDecisions,
  actor: IngestInput['actor'],
  source = 'registry-review.json',
) {
  const rows = await trx('vendor_facts')
    .where({ document_id: documentId })
    .select<{ id: number; vendor_id: number; fact_key: string; review_status: string; edited_value: string | null }[]>(
      'id',
      'vendor_id',
      'fact_key',
      'review_status',
      'edited_value',
    );
  for (const row of rows) {
    const decision = decisions[row.fact_key];
    if (!decision) continue;
    const status = STATUS_FOR[decision.decision];
    const edited = decision.decision === 'edit' ? (decision.edited_value ?? null) : null;
    if (row.review_status === status && row.edited_value === edited) continue;
    await trx('vendor_facts')
      .where({ id: row.id })
      .update({
        review_status: status,
        edited_value: edited,
        review_reason: decision.reason ?? null,
        reviewed_by: decision.reviewer,
        reviewed_at: new Date(decision.decided_at),
      });
    await recordEvent(trx, {
      type: 'fact_reviewed',
      subjectId: row.id,
      actor: { type: actor.type, id: decision.reviewer },
      reason: decision.reason ?? null,
      payload: { vendor_id: row.vendor_id, fact_key: row.fact_key, decision: decision.decision, source },
    });
  }
}

function titleOf(normalized: string, fallback: string): string {
  const first =
    normalized
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? fallback;
  return clip(first, 200);
}

function searchText(slug: string, name: string, facts: TaggedFact[]): string {
  const parts = [slug, name];
  for (const tagged of facts) {
    if (tagged.family === 'product') parts.push(tagged.fact.name);
    if (tagged.family === 'channel' && (tagged.fact.type === 'email' || tagged.fact.type === 'webform')) {
      const domain = tagged.fact.type === 'email' ? tagged.fact.value.split('@')[1] : safeHost(tagged.fact.value);
      if (domain) parts.push(domain);
    }
  }
  return parts.join(' ').toLowerCase();
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
