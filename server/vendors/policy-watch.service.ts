import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { AppError, notFound, type GuardedFetch } from '../http';
import type { Clock } from '../shared/clock';
import { ingestPolicy } from './ingest.service';
import { hintFor, readPolicyBytes } from './policy-source';

export interface PolicyWatchDeps {
  db: Knex;
  fetch: GuardedFetch;
  clock: Clock;
  recheckHours: number;
}

interface WatchRow {
  id: number;
  vendor_id: number;
  url: string;
  last_sha256: string | null;
}

export type RecheckOutcome =
  | { vendor: string; outcome: 'unchanged' }
  | {
      vendor: string;
      outcome: 'changed';
      document_id: number;
      added: string[];
      removed: string[];
      needs_review: boolean;
    }
  | { vendor: string; outcome: 'failed'; error: string };

const nextCheck = (deps: { clock: Clock; recheckHours: number }) =>
  new Date(deps.clock.now().getTime() + deps.recheckHours * 3600_000);

/** Starts (or moves) the scheduled re-check of a vendor's policy URL; the bytes just ingested are the baseline. */
export async function watchPolicyUrl(
  deps: { db: Knex; clock: Clock; recheckHours: number },
  input: { vendorId: number; url: string; sha256: string; checkedAt: Date },
) {
  await deps
    .db('policy_watches')
    .insert({
      vendor_id: input.vendorId,
      url: input.url,
      last_sha256: input.sha256,
      last_checked_at: input.checkedAt,
      last_error: null,
      next_check_at: nextCheck(deps),
    })
    .onConflict('vendor_id')
    .merge();
}

/**
 * The worker's scheduled job: claims the watches that are due (moving their next check forward in the same statement,
 * SKIP LOCKED, so two workers never fetch one URL twice) and re-checks each.
 */
export async function recheckDuePolicies(deps: PolicyWatchDeps, limit = 20): Promise<RecheckOutcome[]> {
  const now = deps.clock.now();
  const claimed = await deps.db.transaction(async (trx): Promise<WatchRow[]> => {
    const due = await trx('policy_watches')
      .where('next_check_at', '<=', now)
      .orderBy('next_check_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .select('id');
    if (due.length === 0) return [];
    return trx('policy_watches')
      .whereIn(
        'id',
        due.map((d) => d.id),
      )
      .update({ next_check_at: nextCheck(deps) })
      .returning(['id', 'vendor_id', 'url', 'last_sha256']);
  });
  const out: RecheckOutcome[] = [];
  for (const watch of claimed) out.push(await recheckWatch(deps, watch));
  return out;
}

/** Staff "re-check now" for one vendor. */
export async function recheckVendorPolicy(deps: PolicyWatchDeps, slug: string): Promise<RecheckOutcome> {
  const watch = await deps
    .db('policy_watches as w')
    .join('vendors as v', 'v.id', 'w.vendor_id')
    .where('v.slug', slug)
    .first<WatchRow | undefined>('w.id', 'w.vendor_id', 'w.url', 'w.last_sha256');
  if (!watch) throw notFound(`No policy URL is watched for vendor "${slug}".`);
  await deps
    .db('policy_watches')
    .where({ id: watch.id })
    .update({ next_check_at: nextCheck(deps) });
  return recheckWatch(deps, watch);
}

/**
 * Fetches the URL again. The same bytes (sha256) change nothing but the check time; different bytes are ingested as a
 * new document of the vendor (fact-level diff, the vendor flagged for review when facts were added or removed). A
 * fetch or read failure is kept on the watch for staff and changes nothing else.
 */
async function recheckWatch(deps: PolicyWatchDeps, watch: WatchRow): Promise<RecheckOutcome> {
  const vendor = await deps.db('vendors').where({ id: watch.vendor_id }).first<{ slug: string }>('slug');
  const slug = vendor!.slug;
  const now = deps.clock.now();
  try {
    const fetched = await deps.fetch(watch.url);
    const sha256 = createHash('sha256').update(fetched.body).digest('hex');
    if (sha256 === watch.last_sha256) {
      await deps.db('policy_watches').where({ id: watch.id }).update({ last_checked_at: now, last_error: null });
      return { vendor: slug, outcome: 'unchanged' };
    }
    const read = await readPolicyBytes(fetched.body, 'url', {
      charset: fetched.charset,
      declaredType: fetched.contentType,
    });
    const result = await ingestPolicy(deps.db, {
      slug,
      source: watch.url,
      raw: read.text,
      retrievedAt: now,
      contentType: hintFor(read.contentType).contentType,
      actor: { type: 'system', id: 'policy-recheck' },
    });
    await deps
      .db('policy_watches')
      .where({ id: watch.id })
      .update({ last_sha256: sha256, last_checked_at: now, last_changed_at: now, last_error: null });
    return {
      vendor: slug,
      outcome: 'changed',
      document_id: result.documentId,
      added: result.diff.added,
      removed: result.diff.removed,
      needs_review: result.needsReview,
    };
  } catch (err) {
    const error = err instanceof AppError ? err.detail : err instanceof Error ? err.message : String(err);
    await deps
      .db('policy_watches')
      .where({ id: watch.id })
      .update({ last_checked_at: now, last_error: error.slice(0, 2000) });
    if (!(err instanceof AppError)) throw err;
    return { vendor: slug, outcome: 'failed', error };
  }
}

interface ChangeFact {
  key: string;
  family: string;
  fact: unknown;
  quote: string;
  review_status: string;
}

/**
 * A vendor's policy history for staff: the watched URL and its last check, and each ingested version with the facts
 * it added and removed (quoted from the new and the previous document), newest first.
 */
export async function vendorPolicyChanges(db: Knex, slug: string, limit = 20) {
  const vendor = await db('vendors')
    .where({ slug })
    .first<{ id: number; slug: string; name: string; needs_review: boolean; review_note: string | null } | undefined>(
      'id',
      'slug',
      'name',
      'needs_review',
      'review_note',
    );
  if (!vendor) throw notFound(`No vendor "${slug}".`);
  const watch = await db('policy_watches')
    .where({ vendor_id: vendor.id })
    .first('url', 'last_checked_at', 'last_changed_at', 'last_error', 'next_check_at');
  const events: {
    id: number;
    actor_type: string;
    actor_id: string | null;
    occurred_at: Date;
    data: {
      document_id: number;
      previous_document_id?: number | null;
      added: string[];
      removed: string[];
      kept: number;
    };
  }[] = await db('events')
    .where({ subject_type: 'vendor', subject_id: vendor.id, type: 'policy_ingested' })
    .orderBy('id', 'desc')
    .limit(limit)
    .select('id', 'actor_type', 'actor_id', 'occurred_at', 'data');
  const facts = async (documentId: number | null | undefined, keys: string[]): Promise<ChangeFact[]> =>
    documentId && keys.length > 0
      ? db('vendor_facts')
          .where({ document_id: documentId })
          .whereIn('fact_key', keys)
          .orderBy('id')
          .select('fact_key as key', 'family', 'fact', 'quote', 'review_status')
      : [];
  const versions = [];
  for (const e of events) {
    const document = await db('policy_documents')
      .where({ id: e.data.document_id })
      .first('id', 'source', 'title', 'sha256', 'retrieved_at', 'effective_date');
    versions.push({
      event_id: Number(e.id),
      at: e.occurred_at.toISOString(),
      by: e.actor_type === 'system' ? (e.actor_id ?? 'system') : `${e.actor_type} ${e.actor_id ?? ''}`.trim(),
      document: document
        ? { ...document, id: Number(document.id), retrieved_at: document.retrieved_at.toISOString() }
        : null,
      previous_document_id: e.data.previous_document_id ?? null,
      kept: e.data.kept,
      added: await facts(e.data.document_id, e.data.added),
      removed: await facts(e.data.previous_document_id, e.data.removed),
    });
  }
  return {
    vendor: {
      slug: vendor.slug,
      name: vendor.name,
      needs_review: vendor.needs_review,
      review_note: vendor.review_note,
    },
    watch: watch
      ? {
          url: watch.url,
          last_checked_at: watch.last_checked_at?.toISOString() ?? null,
          last_changed_at: watch.last_changed_at?.toISOString() ?? null,
          next_check_at: watch.next_check_at.toISOString(),
          last_error: watch.last_error,
        }
      : null,
    versions,
  };
}
