import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { conflict, notFound, validationFailed, type GuardedFetch } from '../http';
import type { Clock } from '../shared/clock';
import { extractFromRaw, factKey, listFacts } from './extract';
import { ingestPolicy, type IngestResult } from './ingest.service';
import { hintFor, readPolicyBytes } from './policy-source';
import { watchPolicyUrl } from './policy-watch.service';
import type { ReviewDecisions } from './review';

export interface PolicyIntakeDeps {
  db: Knex;
  fetch: GuardedFetch;
  clock: Clock;
  recheckHours: number;
}

export type IntakeSource =
  { kind: 'upload'; bytes: Buffer; filename: string } | { kind: 'paste'; text: string } | { kind: 'url'; url: string };

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * Staff submit a policy (a file, pasted text, or a URL the server fetches through the guarded client). It is stored
 * as a draft intake; nothing reaches the registry until staff publish it. Answers the intake's review view.
 */
export async function createPolicyIntake(
  deps: PolicyIntakeDeps,
  input: { staffId: number; slug?: string; source: IntakeSource },
) {
  const received = await receive(deps, input.source);
  const [row] = await deps
    .db('policy_intakes')
    .insert({
      kind: input.source.kind,
      source: received.source,
      fetched_url: received.fetchedUrl,
      content_type: received.contentType,
      sha256: createHash('sha256').update(received.bytes).digest('hex'),
      text: received.text,
      byte_length: received.bytes.length,
      slug: input.slug ?? null,
      created_by: input.staffId,
      created_at: deps.clock.now(),
    })
    .returning<{ id: number }[]>('id');
  return policyIntakeView(deps.db, row!.id);
}

async function receive(deps: PolicyIntakeDeps, source: IntakeSource) {
  if (source.kind === 'paste') {
    const bytes = Buffer.from(source.text, 'utf8');
    const read = await readPolicyBytes(bytes, 'text');
    return { ...read, bytes, source: 'pasted text', fetchedUrl: null };
  }
  if (source.kind === 'upload') {
    const read = await readPolicyBytes(source.bytes, 'file');
    return { ...read, bytes: source.bytes, source: source.filename, fetchedUrl: null };
  }
  const fetched = await deps.fetch(source.url);
  const read = await readPolicyBytes(fetched.body, 'url', {
    charset: fetched.charset,
    declaredType: fetched.contentType,
  });
  return { ...read, bytes: fetched.body, source: source.url, fetchedUrl: fetched.url };
}

interface IntakeRow {
  id: number;
  kind: 'upload' | 'paste' | 'url';
  source: string;
  fetched_url: string | null;
  content_type: string;
  sha256: string;
  text: string;
  byte_length: number;
  slug: string | null;
  status: 'draft' | 'published' | 'discarded';
  created_by: number;
  created_at: Date;
  decided_by: number | null;
  decided_at: Date | null;
  vendor_id: number | null;
  document_id: number | null;
}

/** "Acme Widgets, Inc." → "acme-widgets-inc". */
function slugFor(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** The vendor this intake refreshes: the slug staff gave, else one with the company's slug or name, else one watching the same URL. */
async function matchVendor(db: Knex, row: IntakeRow, company: string | null) {
  const columns = ['id', 'slug', 'name', 'current_document_id'] as const;
  type Match = { id: number; slug: string; name: string; current_document_id: number | null };
  if (row.slug)
    return { slug: row.slug, vendor: await db('vendors').where({ slug: row.slug }).first<Match | undefined>(columns) };
  if (company) {
    const bySlug = await db('vendors')
      .where({ slug: slugFor(company) })
      .first<Match | undefined>(columns);
    if (bySlug) return { slug: bySlug.slug, vendor: bySlug };
    const byName = await db('vendors')
      .whereRaw('lower(name) = lower(?)', [company])
      .orderBy('id')
      .first<Match | undefined>(columns);
    if (byName) return { slug: byName.slug, vendor: byName };
  }
  if (row.kind === 'url') {
    const byUrl = await db('policy_watches as w')
      .join('vendors as v', 'v.id', 'w.vendor_id')
      .where('w.url', row.source)
      .first<Match | undefined>(columns.map((c) => `v.${c}`));
    if (byUrl) return { slug: byUrl.slug, vendor: byUrl };
  }
  const proposed = company ? slugFor(company) : '';
  return { slug: SLUG.test(proposed) ? proposed : null, vendor: undefined };
}

/**
 * What staff review before publishing: every extracted fact with its key, quote and offsets, whether it is new or
 * already in the vendor's current policy (with that fact's review status), and the current facts it would remove.
 */
export async function policyIntakeView(db: Knex, id: number) {
  const row = await db('policy_intakes').where({ id }).first<IntakeRow | undefined>();
  if (!row) throw notFound(`No policy intake ${id}.`);
  const { normalized, format, extraction } = extractFromRaw(row.text, hintFor(row.content_type));
  const { slug, vendor } = await matchVendor(db, row, extraction.company);
  const current: { fact_key: string; family: string; fact: unknown; quote: string; review_status: string }[] =
    vendor?.current_document_id
      ? await db('vendor_facts')
          .where({ document_id: vendor.current_document_id })
          .orderBy('id')
          .select('fact_key', 'family', 'fact', 'quote', 'review_status')
      : [];
  const currentByKey = new Map(current.map((f) => [f.fact_key, f]));
  const facts = listFacts(extraction).map((tagged) => {
    const key = factKey(tagged);
    const { citation } = tagged.fact;
    return {
      key,
      family: tagged.family,
      fact: tagged.fact,
      quote: citation.quote,
      citation_start: citation.start,
      citation_end: citation.end,
      change: currentByKey.has(key) ? ('kept' as const) : ('added' as const),
      current_review_status: currentByKey.get(key)?.review_status ?? null,
    };
  });
  const keys = new Set(facts.map((f) => f.key));
  const sameDocument = vendor
    ? await db('policy_documents')
        .where({ vendor_id: vendor.id, sha256: createHash('sha256').update(row.text, 'utf8').digest('hex') })
        .first('id')
    : undefined;
  return {
    id: Number(row.id),
    kind: row.kind,
    source: row.source,
    fetched_url: row.fetched_url,
    content_type: row.content_type,
    format,
    sha256: row.sha256,
    byte_length: row.byte_length,
    status: row.status,
    created_by: Number(row.created_by),
    created_at: row.created_at.toISOString(),
    decided_at: row.decided_at?.toISOString() ?? null,
    company: extraction.company,
    effective_date: extraction.effective_date,
    input_warnings: extraction.input_warnings,
    slug,
    vendor: vendor ? { slug: vendor.slug, name: vendor.name, has_policy: vendor.current_document_id !== null } : null,
    /** publishing would store nothing new: the vendor already has exactly this text */
    unchanged: sameDocument !== undefined,
    facts,
    removed: current
      .filter((f) => !keys.has(f.fact_key))
      .map((f) => ({ key: f.fact_key, family: f.family, fact: f.fact, quote: f.quote })),
    text_length: normalized.length,
  };
}

export async function listPolicyIntakes(db: Knex, status: 'draft' | 'published' | 'discarded', limit: number) {
  const rows = await db('policy_intakes as i')
    .leftJoin('vendors as v', 'v.id', 'i.vendor_id')
    .where('i.status', status)
    .orderBy('i.id', 'desc')
    .limit(limit)
    .select(
      'i.id',
      'i.kind',
      'i.source',
      'i.content_type',
      'i.status',
      'i.slug',
      'i.created_at',
      'i.decided_at',
      'v.slug as vendor_slug',
    );
  return {
    items: rows.map((r) => ({
      ...r,
      id: Number(r.id),
      created_at: r.created_at.toISOString(),
      decided_at: r.decided_at?.toISOString() ?? null,
    })),
  };
}

export type IntakeDecision = { decision: 'approve' | 'edit' | 'reject'; reason?: string; edited_value?: string };

/**
 * Publishes an intake: ingests its text as the vendor's policy exactly as seeds are ingested (the vendor is created,
 * or a changed policy gets a fact-level diff and flags the vendor), applies the decisions staff made on the draft
 * (each an audited event), and for a URL starts watching it for the scheduled re-check.
 */
export async function publishPolicyIntake(
  deps: PolicyIntakeDeps,
  input: { id: number; staffId: number; slug?: string; decisions?: Record<string, IntakeDecision> },
): Promise<IngestResult & { slug: string; watching: string | null }> {
  // one transaction, the intake locked first: two staff publishing the same draft cannot both apply their decisions
  return deps.db.transaction(async (trx) => {
    const row = await trx('policy_intakes').where({ id: input.id }).forUpdate().first<IntakeRow | undefined>();
    if (!row) throw notFound(`No policy intake ${input.id}.`);
    if (row.status !== 'draft') throw conflict(`This intake was already ${row.status}.`, { status: row.status });
    const view = await policyIntakeView(trx, input.id);
    const slug = input.slug ?? view.slug;
    if (!slug)
      throw validationFailed([
        { field: 'slug', message: 'no company name was found in the policy: give the vendor slug' },
      ]);
    const now = deps.clock.now();
    const decisions = checkedDecisions(
      input.decisions ?? {},
      new Set(view.facts.map((f) => f.key)),
      String(input.staffId),
      now,
    );
    const result = await ingestPolicy(trx, {
      slug,
      source: row.kind === 'url' ? row.source : `${row.kind === 'upload' ? 'upload' : 'pasted'}: ${row.source}`,
      raw: row.text,
      retrievedAt: row.created_at,
      contentType: hintFor(row.content_type).contentType,
      decisions,
      decisionSource: `policy intake ${row.id}`,
      actor: { type: 'staff', id: String(input.staffId) },
    });
    await trx('policy_intakes').where({ id: row.id }).update({
      status: 'published',
      decided_by: input.staffId,
      decided_at: now,
      vendor_id: result.vendorId,
      document_id: result.documentId,
      slug,
    });
    if (row.kind === 'url')
      await watchPolicyUrl(
        { ...deps, db: trx },
        { vendorId: result.vendorId, url: row.source, sha256: row.sha256, checkedAt: row.created_at },
      );
    return { ...result, slug, watching: row.kind === 'url' ? row.source : null };
  });
}

function checkedDecisions(
  raw: Record<string, IntakeDecision>,
  keys: Set<string>,
  reviewer: string,
  now: Date,
): ReviewDecisions {
  const out: ReviewDecisions = {};
  for (const [key, d] of Object.entries(raw)) {
    const field = `decisions.${key}`;
    if (!keys.has(key)) throw validationFailed([{ field, message: 'not a fact of this policy' }]);
    if (d.decision !== 'approve' && !d.reason?.trim())
      throw validationFailed([{ field: `${field}.reason`, message: `a reason is required to ${d.decision} a fact` }]);
    if (d.decision === 'edit' && !d.edited_value?.trim())
      throw validationFailed([{ field: `${field}.edited_value`, message: 'the corrected value is required' }]);
    out[key] = {
      decision: d.decision,
      reviewer,
      decided_at: now.toISOString(),
      ...(d.reason ? { reason: d.reason } : {}),
      ...(d.decision === 'edit' ? { edited_value: d.edited_value } : {}),
    };
  }
  return out;
}

export async function discardPolicyIntake(db: Knex, clock: Clock, input: { id: number; staffId: number }) {
  const row = await db('policy_intakes').where({ id: input.id }).first<IntakeRow | undefined>();
  if (!row) throw notFound(`No policy intake ${input.id}.`);
  const updated = await db('policy_intakes')
    .where({ id: input.id, status: 'draft' })
    .update({ status: 'discarded', decided_by: input.staffId, decided_at: clock.now() });
  if (updated === 0) throw conflict(`This intake was already ${row.status}.`, { status: row.status });
  return { id: input.id, status: 'discarded' as const };
}
