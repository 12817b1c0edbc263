import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { recordEvents } from '../../events';
import type { SkippedRecord } from './datenanfragen';
import { slugify } from './ca-registry';
import { bestMatch, MatchIndex, matchKeys, type MatchKeys } from './matching';
import { datasetFactKey, type DataQuality, type DatasetRecord } from './record';

/**
 * Imports dataset records into the registry, set-based (a handful of statements per thousand records, no per-row round
 * trips), in one transaction:
 * - a record seen before with the same text changes nothing;
 * - a changed record gets a new source document whose facts carry over the review decisions of facts with an
 *   unchanged key (a fact-level diff, as for a changed policy), and its vendor is flagged for review;
 * - a new record is matched to an existing vendor (policy vendors, other datasets' vendors; never another record of
 *   the same dataset) by web domain, email domain, name and brand, or makes a new vendor;
 * - privacy emails that disagree between a vendor's sources are both kept, marked as conflicting and the vendor is
 *   flagged for review.
 */
export interface ImportOptions {
  actor: { type: 'system' | 'staff'; id: string };
  /** when the records were read (each document's retrieved_at) */
  now: Date;
  /** the records are the whole dataset: a stored record missing from them is marked withdrawn (and its vendor flagged) */
  complete?: boolean;
  onProgress?: (message: string) => void;
}

export interface DatasetImportReport {
  dataset: string;
  version: string;
  records: number;
  /** new records that made a new vendor */
  imported: number;
  /** new records matched to an existing vendor: [record, vendor slug, why] */
  merged: { record: string; vendor: string; reasons: string[] }[];
  /** records whose text changed since the stored version: fact-level diff, vendor flagged */
  changed: { record: string; vendor: string; added: string[]; removed: string[] }[];
  unchanged: number;
  withdrawn: string[];
  /** records that matched several vendors equally and were kept apart */
  ambiguous: { record: string; candidates: string[] }[];
  conflicts: { vendor: string; values: string[] }[];
  facts: number;
  skipped: SkippedRecord[];
}

interface Candidate {
  vendorId: number;
  slug: string;
  keys: MatchKeys;
  datasets: Set<string>;
}

interface StoredRecord {
  id: number;
  dataset: string;
  record_key: string;
  vendor_id: number;
  current_document_id: number;
  sha256: string;
  slug: string;
}

const QUALITY_RANK: Record<DataQuality, number> = { tested: 0, verified: 1, imported: 2, scraped: 3 };
const CHUNK = 2000;

export async function importDatasetRecords(
  db: Knex,
  records: DatasetRecord[],
  options: ImportOptions,
): Promise<DatasetImportReport[]> {
  const progress = options.onProgress ?? (() => {});
  const byDataset = new Map<string, DatasetRecord[]>();
  for (const r of records) byDataset.set(r.dataset.id, [...(byDataset.get(r.dataset.id) ?? []), r]);

  return db.transaction(async (trx) => {
    // one import at a time: matching reads the registry it is about to change
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', ['dataset-import']);
    const stored = await loadStoredRecords(trx, [...byDataset.keys()]);
    const candidates = await loadCandidates(trx);
    const index = new MatchIndex<Candidate>();
    for (const c of candidates.values()) index.add(c);
    const slugsTaken = new Set((await trx('vendors').pluck('slug')) as string[]);
    progress(`matching against ${candidates.size} vendors`);

    const reports: DatasetImportReport[] = [];
    for (const [datasetId, list] of byDataset) {
      const info = list[0]!.dataset;
      const report: DatasetImportReport = {
        dataset: datasetId,
        version: info.version,
        records: list.length,
        imported: 0,
        merged: [],
        changed: [],
        unchanged: 0,
        withdrawn: [],
        ambiguous: [],
        conflicts: [],
        facts: 0,
        skipped: [],
      };
      reports.push(report);
      const plans: Plan[] = [];
      const vendorOfRecord = new Map<string, Candidate>();
      for (const s of stored.values())
        if (s.dataset === datasetId) vendorOfRecord.set(s.record_key, candidates.get(s.vendor_id)!);

      for (const record of list) {
        const sha256 = sha(record.text);
        const previous = stored.get(`${datasetId}\u0000${record.recordKey}`);
        if (previous) {
          if (previous.sha256 === sha256) {
            report.unchanged++;
            continue;
          }
          plans.push({ record, sha256, vendor: candidates.get(previous.vendor_id)!, previous, isNew: false });
          continue;
        }
        const keys = recordKeys(record);
        let vendor: Candidate | undefined;
        if (record.attachTo) {
          vendor = vendorOfRecord.get(record.attachTo);
          if (!vendor) {
            report.skipped.push({
              dataset: datasetId,
              record: record.recordKey,
              reason: `its replacement "${record.attachTo}" was not imported`,
            });
            continue;
          }
          plans.push({ record, sha256, vendor, isNew: true, merged: false });
          continue;
        }
        const verdict = bestMatch(
          keys,
          index.candidatesFor(keys).filter((c) => !c.datasets.has(datasetId)),
        );
        if (verdict.kind === 'match') {
          vendor = verdict.candidate;
          report.merged.push({ record: record.recordKey, vendor: vendor.slug, reasons: verdict.reasons });
        } else {
          if (verdict.kind === 'ambiguous')
            report.ambiguous.push({ record: record.recordKey, candidates: verdict.candidates.map((c) => c.slug) });
          const slug = freeSlug(record.preferredSlug, datasetId, slugsTaken);
          slugsTaken.add(slug);
          vendor = { vendorId: 0, slug, keys, datasets: new Set() };
          report.imported++;
        }
        vendor.datasets.add(datasetId);
        vendorOfRecord.set(record.recordKey, vendor);
        plans.push({ record, sha256, vendor, isNew: true, merged: vendor.vendorId !== 0 });
      }
      progress(
        `${info.name}: ${list.length} records — ${report.imported} new vendors, ${report.merged.length} merged, ${plans.filter((p) => !p.isNew).length} changed, ${report.unchanged} unchanged`,
      );

      await writePlans(trx, plans, options, report);
      for (const p of plans) {
        if (p.vendor.vendorId !== 0 && !candidates.has(p.vendor.vendorId)) {
          candidates.set(p.vendor.vendorId, p.vendor);
          index.add(p.vendor);
        }
      }
      if (options.complete) {
        const present = new Set(list.map((r) => r.recordKey));
        const gone = [...stored.values()].filter((s) => s.dataset === datasetId && !present.has(s.record_key));
        if (gone.length) await withdraw(trx, gone, info.version, options, report);
      }
      progress(`${info.name}: stored ${report.facts} facts`);
    }
    return reports;
  });
}

type Plan =
  | { record: DatasetRecord; sha256: string; vendor: Candidate; isNew: true; merged: boolean }
  | { record: DatasetRecord; sha256: string; vendor: Candidate; isNew: false; previous: StoredRecord };

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function recordKeys(r: DatasetRecord): MatchKeys {
  return matchKeys({
    name: r.name,
    brands: r.facts.flatMap((f) => (f.family === 'product' || f.family === 'former_name' ? [f.fact.name] : [])),
    websites: r.facts.flatMap((f) => (f.family === 'website' ? [f.fact.url] : [])),
    emails: r.facts.flatMap((f) => (f.family === 'channel' && f.fact.type === 'email' ? [f.fact.value] : [])),
    countries: r.countries,
  });
}

function freeSlug(preferred: string, dataset: string, taken: Set<string>): string {
  const base = slugify(preferred).slice(0, 70) || 'vendor';
  if (!taken.has(base)) return base;
  const suffix = dataset === 'ca-data-broker-registry' ? 'ca-broker' : dataset.slice(0, 12);
  for (let n = 1; ; n++) {
    const slug = `${base}-${suffix}${n > 1 ? `-${n}` : ''}`.slice(0, 80);
    if (!taken.has(slug)) return slug;
  }
}

async function loadStoredRecords(trx: Knex.Transaction, datasets: string[]): Promise<Map<string, StoredRecord>> {
  const rows: StoredRecord[] = await trx('vendor_dataset_records as r')
    .join('policy_documents as d', 'd.id', 'r.current_document_id')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .whereIn('r.dataset', datasets)
    .select('r.id', 'r.dataset', 'r.record_key', 'r.vendor_id', 'r.current_document_id', 'd.sha256', 'v.slug');
  return new Map(
    rows.map((r) => [`${r.dataset}\u0000${r.record_key}`, { ...r, vendor_id: Number(r.vendor_id), id: Number(r.id) }]),
  );
}

/** Every vendor with what matching needs: its name, brands, former names, websites and email domains from all its current documents. */
async function loadCandidates(trx: Knex.Transaction): Promise<Map<number, Candidate>> {
  const vendors: { id: string; slug: string; name: string; countries: string[] }[] = await trx('vendors').select(
    'id',
    'slug',
    'name',
    'countries',
  );
  const facts: { vendor_id: string; family: string; value: string | null }[] = await trx(
    'vendor_current_documents as c',
  )
    .join('vendor_facts as f', 'f.document_id', 'c.document_id')
    .whereIn('f.family', ['company', 'product', 'former_name', 'website', 'channel'])
    .whereNot('f.review_status', 'rejected')
    .select(
      'c.vendor_id',
      'f.family',
      trx.raw(`case when f.family = 'channel' then case when f.fact->>'type' = 'email' then f.fact->>'value' end
        when f.family = 'website' then f.fact->>'url' else f.fact->>'name' end as value`),
    );
  const datasets: { vendor_id: string; dataset: string }[] = await trx('vendor_dataset_records').distinct(
    'vendor_id',
    'dataset',
  );
  const grouped = new Map<number, { names: string[]; brands: string[]; websites: string[]; emails: string[] }>();
  for (const v of vendors) grouped.set(Number(v.id), { names: [v.name], brands: [], websites: [], emails: [] });
  for (const f of facts) {
    const g = grouped.get(Number(f.vendor_id));
    if (!g || !f.value) continue;
    if (f.family === 'company') g.names.push(f.value);
    else if (f.family === 'product' || f.family === 'former_name') g.brands.push(f.value);
    else if (f.family === 'website') g.websites.push(f.value);
    else g.emails.push(f.value);
  }
  const out = new Map<number, Candidate>();
  for (const v of vendors) {
    const g = grouped.get(Number(v.id))!;
    const keys = matchKeys({
      name: g.names[0]!,
      brands: g.brands,
      websites: g.websites,
      emails: g.emails,
      countries: v.countries,
    });
    // every name the vendor's sources give (its own, a policy's company, a record's name) counts as a name
    keys.names = [...new Set(g.names.flatMap((n) => matchKeys({ name: n }).names))];
    out.set(Number(v.id), { vendorId: Number(v.id), slug: v.slug, keys, datasets: new Set() });
  }
  for (const d of datasets) out.get(Number(d.vendor_id))?.datasets.add(d.dataset);
  return out;
}

async function writePlans(
  trx: Knex.Transaction,
  plans: Plan[],
  options: ImportOptions,
  report: DatasetImportReport,
): Promise<void> {
  if (plans.length === 0) return;
  const step = (what: string) => options.onProgress?.(`${plans[0]!.record.dataset.name}: ${what}`);
  // 1. new vendors
  const fresh = [...new Set(plans.filter((p) => p.vendor.vendorId === 0).map((p) => p.vendor))];
  for (let i = 0; i < fresh.length; i += CHUNK) {
    const chunk = fresh.slice(i, i + CHUNK);
    const rows: { id: string; slug: string }[] = await trx('vendors')
      .insert(chunk.map((v) => ({ slug: v.slug, name: plans.find((p) => p.vendor === v)!.record.name })))
      .returning(['id', 'slug']);
    const bySlug = new Map(rows.map((r) => [r.slug, Number(r.id)]));
    for (const v of chunk) v.vendorId = bySlug.get(v.slug)!;
  }

  step('vendors written');
  // 2. source documents (one per record); a text the vendor already had before (a record changed back) is reused
  const docRows = plans.map((p) => ({
    vendor_id: p.vendor.vendorId,
    source: p.record.source ?? `${p.record.dataset.id}:${p.record.recordKey}`,
    title: `${p.record.dataset.name}: ${p.record.recordLabel}`,
    format: 'text',
    sha256: p.sha256,
    normalized_text: p.record.text,
    byte_length: Buffer.byteLength(p.record.text),
    retrieved_at: options.now.toISOString(),
    kind: 'dataset_record',
    dataset: p.record.dataset.id,
    dataset_name: p.record.dataset.name,
    dataset_record: p.record.recordKey,
    dataset_version: p.record.dataset.version,
    dataset_date: p.record.dataset.date,
    source_urls: p.record.sourceUrls,
  }));
  const docIds = new Map<string, { id: number; inserted: boolean }>();
  for (let i = 0; i < docRows.length; i += CHUNK) {
    const { rows } = await trx.raw<{ rows: { id: string; vendor_id: string; sha256: string; inserted: boolean }[] }>(
      `insert into policy_documents (vendor_id, source, title, format, sha256, normalized_text, byte_length, retrieved_at, kind, dataset,
         dataset_name, dataset_record, dataset_version, dataset_date, source_urls)
       select x.vendor_id, x.source, x.title, x.format, x.sha256, x.normalized_text, x.byte_length, x.retrieved_at, x.kind, x.dataset,
         x.dataset_name, x.dataset_record, x.dataset_version, x.dataset_date, array(select jsonb_array_elements_text(x.source_urls))
       from jsonb_to_recordset(?::jsonb) as x(vendor_id bigint, source text, title text, format text, sha256 text, normalized_text text,
         byte_length int, retrieved_at timestamptz, kind text, dataset text, dataset_name text, dataset_record text, dataset_version text,
         dataset_date text, source_urls jsonb)
       on conflict (vendor_id, sha256) do update set retrieved_at = excluded.retrieved_at
       returning id, vendor_id, sha256, (xmax = 0) as inserted`,
      [JSON.stringify(docRows.slice(i, i + CHUNK))],
    );
    for (const r of rows) docIds.set(`${r.vendor_id}:${r.sha256}`, { id: Number(r.id), inserted: r.inserted });
  }
  const docOf = (p: Plan) => docIds.get(`${p.vendor.vendorId}:${p.sha256}`)!;

  step('source documents written');
  // 3. the record → current document pointers
  const recordRows = plans.map((p) => ({
    vendor_id: p.vendor.vendorId,
    dataset: p.record.dataset.id,
    record_key: p.record.recordKey,
    current_document_id: docOf(p).id,
    quality: p.record.quality,
    dataset_version: p.record.dataset.version,
    dataset_date: p.record.dataset.date,
    metrics: p.record.metrics,
  }));
  for (let i = 0; i < recordRows.length; i += CHUNK) {
    await trx.raw(
      `insert into vendor_dataset_records (vendor_id, dataset, record_key, current_document_id, quality, dataset_version, dataset_date, metrics)
       select x.vendor_id, x.dataset, x.record_key, x.current_document_id, x.quality, x.dataset_version, x.dataset_date, x.metrics
       from jsonb_to_recordset(?::jsonb) as x(vendor_id bigint, dataset text, record_key text, current_document_id bigint, quality text,
         dataset_version text, dataset_date text, metrics jsonb)
       on conflict (dataset, record_key) do update set current_document_id = excluded.current_document_id, quality = excluded.quality,
         dataset_version = excluded.dataset_version, dataset_date = excluded.dataset_date, metrics = excluded.metrics,
         withdrawn_at = null, updated_at = now()`,
      [JSON.stringify(recordRows.slice(i, i + CHUNK))],
    );
  }

  step('records written');
  // 4. facts; a changed record's facts keep the decisions of facts with an unchanged key
  const changed = plans.filter((p): p is Extract<Plan, { isNew: false }> => !p.isNew);
  const previousFacts = new Map<number, Map<string, PreviousFact>>();
  if (changed.length) {
    const rows: (PreviousFact & { document_id: string })[] = await trx('vendor_facts')
      .whereIn(
        'document_id',
        changed.map((p) => p.previous.current_document_id),
      )
      .select(
        'document_id',
        'fact_key',
        'review_status',
        'edited_value',
        'review_reason',
        'reviewed_by',
        'reviewed_at',
      );
    for (const r of rows) {
      const m = previousFacts.get(Number(r.document_id)) ?? new Map<string, PreviousFact>();
      m.set(r.fact_key, r);
      previousFacts.set(Number(r.document_id), m);
    }
  }
  const factRows: Record<string, unknown>[] = [];
  const diffs = new Map<Plan, { added: string[]; removed: string[] }>();
  for (const p of plans) {
    const doc = docOf(p);
    const previous = p.isNew ? undefined : previousFacts.get(p.previous.current_document_id);
    const keys = new Set<string>();
    for (const f of p.record.facts) {
      const key = datasetFactKey(f);
      if (keys.has(key)) continue;
      keys.add(key);
      if (!doc.inserted) continue;
      const prior = previous?.get(key);
      factRows.push({
        vendor_id: p.vendor.vendorId,
        document_id: doc.id,
        fact_key: key,
        family: f.family,
        fact: f.fact,
        citation_start: f.fact.citation.start,
        citation_end: f.fact.citation.end,
        quote: f.fact.citation.quote,
        change: prior ? 'kept' : 'added',
        review_status: prior?.review_status ?? 'draft',
        edited_value: prior?.edited_value ?? null,
        review_reason: prior?.review_reason ?? null,
        reviewed_by: prior?.reviewed_by ?? null,
        reviewed_at: prior?.reviewed_at ?? null,
      });
    }
    if (!p.isNew) {
      const before = [...(previous?.keys() ?? [])];
      diffs.set(p, { added: [...keys].filter((k) => !previous?.has(k)), removed: before.filter((k) => !keys.has(k)) });
    }
  }
  for (let i = 0; i < factRows.length; i += CHUNK) {
    await trx.raw(
      `insert into vendor_facts (vendor_id, document_id, fact_key, family, fact, citation_start, citation_end, quote, change, review_status,
         edited_value, review_reason, reviewed_by, reviewed_at)
       select * from jsonb_to_recordset(?::jsonb) as x(vendor_id bigint, document_id bigint, fact_key text, family text, fact jsonb,
         citation_start int, citation_end int, quote text, change text, review_status text, edited_value text, review_reason text,
         reviewed_by text, reviewed_at timestamptz)`,
      [JSON.stringify(factRows.slice(i, i + CHUNK))],
    );
  }
  report.facts += factRows.length;

  step('facts written');
  // 5. vendor attributes, search text and review flags, one statement
  const perVendor = new Map<
    number,
    {
      countries: Set<string>;
      quality: DataQuality | null;
      language: string | null;
      broker: boolean;
      terms: Set<string>;
      note: string[];
    }
  >();
  for (const p of plans) {
    const v = perVendor.get(p.vendor.vendorId) ?? {
      countries: new Set<string>(),
      quality: null,
      language: null,
      broker: false,
      terms: new Set<string>(),
      note: [],
    };
    for (const c of p.record.countries) v.countries.add(c);
    if (p.record.quality && (!v.quality || QUALITY_RANK[p.record.quality] < QUALITY_RANK[v.quality]))
      v.quality = p.record.quality;
    v.language ??= p.record.requestLanguage;
    v.broker ||= p.record.registeredDataBroker;
    for (const term of searchTerms(p.record)) v.terms.add(term);
    const diff = diffs.get(p);
    if (diff && (diff.added.length || diff.removed.length)) {
      v.note.push(
        `${p.record.dataset.name} ${p.record.recordLabel} changed (version ${p.record.dataset.version}): ${diff.added.length} facts added, ${diff.removed.length} removed.`,
      );
      report.changed.push({ record: p.record.recordKey, vendor: p.vendor.slug, ...diff });
    }
    perVendor.set(p.vendor.vendorId, v);
  }
  const vendorRows = [...perVendor].map(([id, v]) => ({
    id,
    countries: [...v.countries],
    quality: v.quality,
    language: v.language,
    broker: v.broker,
    terms: [...v.terms].join(' '),
    note: v.note.length ? v.note.join(' ') : null,
  }));
  for (let i = 0; i < vendorRows.length; i += CHUNK) {
    await trx.raw(
      `update vendors v set
         countries = array(select distinct c from unnest(v.countries || array(select jsonb_array_elements_text(x.countries))) c order by c),
         data_quality = case when x.quality is null then v.data_quality
           when v.data_quality is null or array_position(array['tested','verified','imported','scraped'], x.quality)
             < array_position(array['tested','verified','imported','scraped'], v.data_quality) then x.quality else v.data_quality end,
         request_language = coalesce(v.request_language, x.language),
         registered_data_broker = v.registered_data_broker or x.broker,
         search_text = case when position(x.terms in v.search_text) > 0 then v.search_text else trim(v.search_text || ' ' || x.terms) end,
         needs_review = v.needs_review or x.note is not null,
         review_note = case when x.note is null then v.review_note else trim(coalesce(v.review_note || ' ', '') || x.note) end,
         updated_at = now()
       from jsonb_to_recordset(?::jsonb) as x(id bigint, countries jsonb, quality text, language text, broker boolean, terms text, note text)
       where v.id = x.id`,
      [JSON.stringify(vendorRows.slice(i, i + CHUNK))],
    );
  }

  step('vendors updated');
  // 6. conflicting privacy emails between a vendor's sources
  const multiSource = plans.filter((p) => (p.isNew && p.merged) || !p.isNew).map((p) => p.vendor.vendorId);
  if (multiSource.length) await flagConflicts(trx, [...new Set(multiSource)], report);

  step('conflicts checked');
  // 7. the audit trail: one event per stored record
  await recordEvents(
    trx,
    plans
      .filter((p) => docOf(p).inserted)
      .map((p) => ({
        type: 'dataset_record_imported' as const,
        subjectId: p.vendor.vendorId,
        actor: options.actor,
        payload: {
          dataset: p.record.dataset.id,
          version: p.record.dataset.version,
          record: p.record.recordKey,
          document_id: docOf(p).id,
          ...(p.isNew ? { merged: p.merged } : { changed: true as const, ...diffs.get(p) }),
        },
      })),
  );
}

interface PreviousFact {
  fact_key: string;
  review_status: string;
  edited_value: string | null;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

function searchTerms(r: DatasetRecord): string[] {
  const terms = [r.name];
  for (const f of r.facts) {
    if (f.family === 'product' || f.family === 'former_name') terms.push(f.fact.name);
    if (f.family === 'website') terms.push(safeHost(f.fact.url) ?? '');
    if (f.family === 'channel' && f.fact.type === 'email') terms.push(f.fact.value.split('@')[1] ?? '');
  }
  return terms.filter(Boolean).map((t) => t.toLowerCase());
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

const PRIVACY_PURPOSES = ['privacy_requests', 'dpo', 'state_rights'];

/**
 * Where a vendor's current sources give privacy emails and one source's are not among another's, every email that
 * is not given by all of them is marked as conflicting (both kept, neither wins silently) and the vendor is flagged.
 */
async function flagConflicts(trx: Knex.Transaction, vendorIds: number[], report: DatasetImportReport): Promise<void> {
  // the vendors' current documents first (two index reads), then their email facts: a join through the view plans
  // badly on rows inserted moments ago in this transaction, before statistics know them
  const docs: { vendor_id: string; document_id: string; title: string; slug: string }[] = await trx
    .select('x.vendor_id', 'x.document_id', 'd.title', 'v.slug')
    .from(
      trx
        .select('id as vendor_id', 'current_document_id as document_id')
        .from('vendors')
        .whereIn('id', vendorIds)
        .whereNotNull('current_document_id')
        .unionAll(
          trx.select('vendor_id', 'current_document_id').from('vendor_dataset_records').whereIn('vendor_id', vendorIds),
        )
        .as('x'),
    )
    .join('policy_documents as d', 'd.id', 'x.document_id')
    .join('vendors as v', 'v.id', 'x.vendor_id');
  const docInfo = new Map(docs.map((d) => [String(d.document_id), d]));
  const facts: { id: string; document_id: string; value: string; conflict: string | null }[] = await trx(
    'vendor_facts as f',
  )
    .whereIn(
      'f.document_id',
      docs.map((d) => d.document_id),
    )
    .where('f.family', 'channel')
    .whereRaw(`f.fact->>'type' = 'email'`)
    .whereRaw(`f.fact->>'purpose' = any(?)`, [PRIVACY_PURPOSES])
    .whereNot('f.review_status', 'rejected')
    .select(
      'f.id',
      'f.document_id',
      trx.raw(`lower(coalesce(f.edited_value, f.fact->>'value')) as value`),
      'f.conflict',
    );
  const rows = facts.map((f) => ({ ...f, ...docInfo.get(String(f.document_id))! }));
  const byVendor = new Map<string, typeof rows>();
  for (const r of rows) byVendor.set(r.vendor_id, [...(byVendor.get(r.vendor_id) ?? []), r]);
  const updates: { id: number; conflict: string }[] = [];
  const notes: { id: number; note: string }[] = [];
  for (const [vendorId, facts] of byVendor) {
    const docs = new Map<string, Set<string>>();
    for (const f of facts) docs.set(f.document_id, (docs.get(f.document_id) ?? new Set()).add(f.value));
    if (docs.size < 2) continue;
    const everywhere = [...docs.values()].reduce((acc, s) => new Set([...acc].filter((x) => s.has(x))));
    const disputed = facts.filter((f) => !everywhere.has(f.value));
    if (disputed.length === 0) continue;
    const summary = [...new Map(disputed.map((f) => [`${f.value}|${f.title}`, `${f.value} (${f.title})`])).values()];
    for (const f of disputed) {
      const others = facts
        .filter((o) => o.document_id !== f.document_id && o.value !== f.value)
        .map((o) => `${o.value} (${o.title})`);
      const conflict = `Other sources give a different privacy email: ${[...new Set(others)].join('; ')}`;
      if (f.conflict !== conflict) updates.push({ id: Number(f.id), conflict });
    }
    notes.push({ id: Number(vendorId), note: `Sources disagree on the privacy email: ${summary.join(' vs ')}.` });
    report.conflicts.push({ vendor: facts[0]!.slug, values: summary });
  }
  if (updates.length) {
    await trx.raw(
      `update vendor_facts f set conflict = x.conflict from jsonb_to_recordset(?::jsonb) as x(id bigint, conflict text) where f.id = x.id`,
      [JSON.stringify(updates)],
    );
  }
  if (notes.length) {
    await trx.raw(
      `update vendors v set needs_review = true,
         review_note = case when position(x.note in coalesce(v.review_note, '')) > 0 then v.review_note else trim(coalesce(v.review_note || ' ', '') || x.note) end
       from jsonb_to_recordset(?::jsonb) as x(id bigint, note text) where v.id = x.id`,
      [JSON.stringify(notes)],
    );
  }
}

async function withdraw(
  trx: Knex.Transaction,
  gone: StoredRecord[],
  version: string,
  options: ImportOptions,
  report: DatasetImportReport,
): Promise<void> {
  const still: { id: string }[] = await trx('vendor_dataset_records')
    .whereIn(
      'id',
      gone.map((g) => g.id),
    )
    .whereNull('withdrawn_at')
    .select('id');
  const newlyGone = gone.filter((g) => still.some((s) => Number(s.id) === g.id));
  if (newlyGone.length === 0) return;
  await trx('vendor_dataset_records')
    .whereIn(
      'id',
      newlyGone.map((g) => g.id),
    )
    .update({ withdrawn_at: options.now, updated_at: trx.fn.now() });
  await trx.raw(
    `update vendors v set needs_review = true,
       review_note = trim(coalesce(v.review_note || ' ', '') || 'A dataset record of this vendor is no longer in version ' || ? || ' of its dataset.')
     where v.id = any(?::bigint[])`,
    [version, newlyGone.map((g) => g.vendor_id)],
  );
  await recordEvents(
    trx,
    newlyGone.map((g) => ({
      type: 'dataset_record_withdrawn' as const,
      subjectId: g.vendor_id,
      actor: options.actor,
      payload: { dataset: g.dataset, record: g.record_key, version },
    })),
  );
  report.withdrawn.push(...newlyGone.map((g) => g.record_key));
}
