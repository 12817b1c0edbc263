import type { Knex } from 'knex';
import { recordEvent } from '../events';
import { AppError, notFound, validationFailed } from '../http';
import { refreshVendorSearchTerms } from './search';

export type StaffDecision =
  | { decision: 'approve'; reason?: string }
  | { decision: 'edit'; reason: string; editedValue: string }
  | { decision: 'reject'; reason: string };

const STATUS = { approve: 'approved', edit: 'edited', reject: 'rejected' } as const;

/**
 * A staff decision on one extracted fact of a vendor's current policy. Edits and rejections need a reason; every
 * decision is an audited event (who, when, why) written in the same transaction. When no draft is left on the
 * reviewed document and no conflicting draft among the vendor's current sources, the vendor's review flag is cleared.
 */
export async function reviewFact(db: Knex, input: { factId: number; reviewer: string } & StaffDecision) {
  if (input.decision !== 'approve' && !input.reason?.trim()) {
    throw validationFailed([{ field: 'reason', message: `a reason is required to ${input.decision} a fact` }]);
  }
  if (input.decision === 'edit' && !input.editedValue.trim()) {
    throw validationFailed([{ field: 'edited_value', message: 'the corrected value is required' }]);
  }
  return db.transaction(async (trx) => {
    const fact = await trx('vendor_facts').where('vendor_facts.id', input.factId).forUpdate().first('vendor_facts.*');
    if (!fact) throw notFound(`No registry fact with id ${input.factId}.`);
    // the fact must belong to one of the vendor's current sources: its policy or one of its dataset records
    const current = await trx('vendor_current_documents')
      .where({ vendor_id: fact.vendor_id, document_id: fact.document_id })
      .first('kind');
    if (!current) {
      throw new AppError(
        'conflict',
        'This fact belongs to a superseded version of its source (policy or dataset record); review the current one.',
      );
    }
    const [updated] = await trx('vendor_facts')
      .where({ id: fact.id })
      .update({
        review_status: STATUS[input.decision],
        edited_value: input.decision === 'edit' ? input.editedValue : null,
        review_reason: input.reason ?? null,
        reviewed_by: input.reviewer,
        reviewed_at: trx.fn.now(),
      })
      .returning('*');
    await recordEvent(trx, {
      type: 'fact_reviewed',
      subjectId: fact.id,
      actor: { type: 'staff', id: input.reviewer },
      reason: input.reason ?? null,
      payload: {
        vendor_id: fact.vendor_id,
        fact_key: fact.fact_key,
        decision: input.decision,
        previous: fact.review_status,
      },
    });
    // a rejected or edited product or channel changes what the vendor is found by
    await refreshVendorSearchTerms(trx, [fact.vendor_id]);
    // the flag is cleared when the vendor's current sources hold no draft that was added by a change or is in conflict
    const draftsLeft = await trx('vendor_facts')
      .whereIn(
        'document_id',
        trx('vendor_current_documents').where({ vendor_id: fact.vendor_id }).select('document_id'),
      )
      .where({ review_status: 'draft' })
      .where((q) => q.where({ document_id: fact.document_id }).orWhereNotNull('conflict'))
      .first('id');
    if (!draftsLeft)
      await trx('vendors').where({ id: fact.vendor_id }).update({ needs_review: false, review_note: null });
    return updated;
  });
}

/**
 * Facts awaiting review (drafts) of every current source of a vendor, by id: `limit + 1` rows after `after`, so the
 * caller knows whether more follow. With their citations and where they come from.
 */
export async function listDraftFacts(
  db: Knex,
  filters: { vendor?: string; family?: string; after?: number; limit: number; conflicts?: 'true' | 'false' },
) {
  // facts of every current source of a vendor: its policy and its dataset records
  const q = db('vendor_facts as f')
    .join('vendor_current_documents as c', function () {
      this.on('c.vendor_id', '=', 'f.vendor_id').andOn('c.document_id', '=', 'f.document_id');
    })
    .join('vendors as v', 'v.id', 'f.vendor_id')
    .join('policy_documents as d', 'd.id', 'f.document_id')
    .where('f.review_status', 'draft')
    .orderBy('f.id')
    .limit(filters.limit + 1)
    .select(
      'f.id',
      'v.slug as vendor_slug',
      'v.name as vendor_name',
      'f.family',
      'f.fact_key',
      'f.fact',
      'f.quote',
      'f.citation_start',
      'f.citation_end',
      'f.change',
      'f.conflict',
      'd.id as document_id',
      'd.title as document_title',
      'd.source as document_source',
      'd.kind as document_kind',
      'd.dataset',
      'd.dataset_record',
      'd.dataset_version',
      'd.dataset_date',
      'd.source_urls',
    );
  if (filters.conflicts === 'true') q.whereNotNull('f.conflict');
  if (filters.vendor) q.where('v.slug', filters.vendor);
  if (filters.family) q.where('f.family', filters.family);
  if (filters.after !== undefined) q.where('f.id', '>', filters.after);
  return q;
}
