import type { PolicyExtraction } from './extract/types';
import { factKey, listFacts, type FactFamily, type TaggedFact } from './extract/fact-key';

type ReviewDecisionKind = 'approve' | 'edit' | 'reject';

interface ReviewDecision {
  decision: ReviewDecisionKind;
  reason?: string;
  /** replacement value shown to users when decision is "edit" */
  edited_value?: string;
  reviewer: string;
  /** ISO timestamp */
  decided_at: string;
}

/** Decisions for one policy, keyed by factKey(fact). */
export type ReviewDecisions = Record<string, ReviewDecision>;

type PublishedStatus = 'approved' | 'edited' | 'draft';

export interface PublishedFact {
  key: string;
  family: FactFamily;
  status: PublishedStatus;
  fact: TaggedFact['fact'];
  /** the reviewer's replacement value, only for status "edited" */
  edited_value?: string;
  reviewer?: string;
  decided_at?: string;
}

/**
 * Apply staff decisions to an extraction: approved and edited facts are published, facts nobody has
 * decided on stay as drafts, rejected facts are dropped. Pure, so the database path can reuse it.
 */
export function applyReview(extraction: PolicyExtraction, decisions: ReviewDecisions): PublishedFact[] {
  const out: PublishedFact[] = [];
  for (const tagged of listFacts(extraction)) {
    const key = factKey(tagged);
    const d = Object.prototype.hasOwnProperty.call(decisions, key) ? decisions[key] : undefined;
    if (!d) {
      out.push({ key, family: tagged.family, status: 'draft', fact: tagged.fact });
      continue;
    }
    if (d.decision === 'reject') continue;
    const published: PublishedFact = {
      key,
      family: tagged.family,
      status: d.decision === 'edit' ? 'edited' : 'approved',
      fact: tagged.fact,
      reviewer: d.reviewer,
      decided_at: d.decided_at,
    };
    if (d.decision === 'edit' && d.edited_value !== undefined) published.edited_value = d.edited_value;
    out.push(published);
  }
  return out;
}

/** Decisions whose fact no longer exists (the policy changed): worth showing to reviewers. */
export function staleDecisionKeys(extraction: PolicyExtraction, decisions: ReviewDecisions): string[] {
  const live = new Set(listFacts(extraction).map(factKey));
  return Object.keys(decisions).filter((k) => !live.has(k));
}
