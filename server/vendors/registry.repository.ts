import type { Knex } from 'knex';
import type {
  ChannelFact,
  ChannelPurpose,
  ChannelType,
  DeadlineFact,
  GapFact,
  RequirementFact,
  RightFact,
  WarningFact,
} from './extract/types';

type ReviewStatus = 'draft' | 'approved' | 'edited';

/**
 * Where a fact comes from and how fresh it is: the vendor's own policy (retrieved when), or a dataset record (which
 * dataset, record, version and date, the record's own sources and quality).
 */
type FactSource =
  | {
      kind: 'policy';
      document_id: number;
      title: string;
      source: string;
      retrieved_at: string;
      effective_date: string | null;
    }
  | {
      kind: 'dataset';
      document_id: number;
      dataset: string;
      dataset_name: string;
      record: string;
      version: string;
      /** the dataset version's date (ISO date or month) */
      date: string | null;
      quality: 'tested' | 'verified' | 'imported' | 'scraped' | null;
      source_urls: string[];
      retrieved_at: string;
      withdrawn: boolean;
    };

/** A published fact as the API shows it: the fact, its review state, its citation into the stored document and that document. */
type Published<F> = F & {
  id: number;
  review_status: ReviewStatus;
  edited_value: string | null;
  source: FactSource;
  /** set when another source gives a different value of the same kind (both kept, flagged for review) */
  conflict: string | null;
};

/**
 * A contact staff found for the vendor (table vendor_channels), not a policy fact: it has no citation, it carries where
 * staff found it instead. Its id is `vendor_channel_id` (a vendor_channels id), never to be confused with the
 * vendor_facts ids of policy channels.
 */
interface StaffChannel {
  vendor_channel_id: number;
  origin: 'staff';
  type: ChannelType;
  value: string;
  purpose: ChannelPurpose;
  /** jurisdictions the channel serves, empty when general */
  jurisdictions: string[];
  label: string | null;
  /** where staff found it: a URL, or a note */
  source: string;
  source_kind: 'url' | 'note';
  added_at: string;
}

export interface VendorProfile {
  slug: string;
  name: string;
  needs_review: boolean;
  review_note: string | null;
  policy: {
    document_id: number;
    title: string;
    source: string;
    effective_date: string | null;
    sha256: string;
    retrieved_at: string;
  } | null;
  /** ISO country codes the vendor serves ('all' for everywhere), from its dataset records */
  countries: string[];
  /** the best quality grade of its dataset records (tested > verified > imported > scraped), null without any */
  data_quality: string | null;
  request_language: string | null;
  /** registered with the State of California as a data broker */
  registered_data_broker: boolean;
  /** every current source document: the policy and each dataset record */
  sources: FactSource[];
  /** request metrics the vendor reported in a dataset (e.g. the California registry), by dataset */
  metrics: { dataset: string; record: string; version: string; metrics: Record<string, unknown> }[];
  products: Published<{ name: string; citation: FactCitation }>[];
  former_names: Published<{ name: string; citation: FactCitation }>[];
  websites: Published<{ url: string; citation: FactCitation }>[];
  /** contacts the vendor's policy gives (vendor_facts) */
  channels: Published<ChannelFact>[];
  /** active contacts staff added (vendor_channels, not retired), each with its source */
  staff_channels: StaffChannel[];
  rights: Published<RightFact>[];
  deadlines: Published<DeadlineFact>[];
  requirements: Published<RequirementFact>[];
  warnings: Published<WarningFact>[];
  gaps: Published<GapFact>[];
  /** true when the vendor has at least one published email, postal, web-form or phone channel, or an active staff channel */
  has_usable_channel: boolean;
}

type FactCitation = { start: number; end: number; quote: string };

interface FactRow {
  id: number;
  document_id: number;
  family: string;
  fact: Record<string, unknown>;
  review_status: ReviewStatus;
  edited_value: string | null;
  conflict: string | null;
}

/** A vendor of the published registry: its row id (what requests reference) and its profile. */
export interface PublishedVendor {
  id: number;
  profile: VendorProfile;
}

/** The published registry: the vendor's current document's facts minus rejected ones (drafts are shown as drafts). */
export async function getVendorProfile(db: Knex, slug: string): Promise<VendorProfile | undefined> {
  return (await getPublishedVendors(db, [slug])).get(slug)?.profile;
}

/**
 * Several vendors at once, by slug (unknown ones absent from the map), with one check of the registry revision. Inside
 * a transaction the caller may have changed the registry itself, so they are read fresh there.
 */
export async function getPublishedVendors(db: Knex, slugs: readonly string[]): Promise<Map<string, PublishedVendor>> {
  return (await readPublishedVendors(db, slugs)).vendors;
}

/** `revision`: the registry revision the vendors are valid at (null inside a transaction, where they are read fresh). */
async function readPublishedVendors(
  db: Knex,
  slugs: readonly string[],
): Promise<{ vendors: Map<string, PublishedVendor>; revision: string | null }> {
  const out = new Map<string, PublishedVendor>();
  if (db.isTransaction) {
    for (const slug of slugs) {
      const vendor = await loadVendor(db, slug);
      if (vendor) out.set(slug, vendor);
    }
    return { vendors: out, revision: null };
  }
  const { rows } = await db
    .raw<{ rows: { n: string }[] }>('select n from registry_revision')
    .options({ name: 'registry-revision' });
  const revision = rows[0]?.n ?? 'none';
  let cache = vendorCaches.get(db);
  if (cache?.revision !== revision) vendorCaches.set(db, (cache = { revision, vendors: new Map() }));
  for (const slug of slugs) {
    if (!cache.vendors.has(slug)) {
      const vendor = await loadVendor(db, slug);
      cache.vendors.set(slug, vendor ? deepFreeze(vendor) : undefined);
    }
    const vendor = cache.vendors.get(slug);
    if (vendor) out.set(slug, vendor);
  }
  return { vendors: out, revision };
}

/**
 * Vendors with the registry revision they are valid at, for a writer that checks the revision in the statement relying
 * on them (consumer intake) and comes back with `checked` on a mismatch. `cached` answers from the cache without
 * reading the revision when it holds every slug as a known vendor (an unknown one may have been added since).
 */
export async function publishedVendorsWithRevision(
  db: Knex,
  slugs: readonly string[],
  mode: 'cached' | 'checked',
): Promise<{ vendors: Map<string, PublishedVendor>; revision: string }> {
  if (db.isTransaction)
    throw new Error('publishedVendorsWithRevision reads through the pool, not inside a transaction');
  const cache = vendorCaches.get(db);
  if (mode === 'cached' && cache && slugs.every((slug) => cache.vendors.get(slug))) {
    return { vendors: new Map(slugs.map((slug) => [slug, cache.vendors.get(slug)!])), revision: cache.revision };
  }
  const { vendors, revision } = await readPublishedVendors(db, slugs);
  return { vendors, revision: revision! };
}

/**
 * Vendors read outside transactions, per connection pool, valid while the registry revision (bumped by a trigger on
 * every registry change, see migration registry_revision) is the one they were read at: one tiny read replaces five
 * queries and the parsing of every fact. Cached vendors are frozen, so a caller cannot change what others see.
 */
const vendorCaches = new WeakMap<Knex, { revision: string; vendors: Map<string, PublishedVendor | undefined> }>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

async function loadVendor(db: Knex, slug: string): Promise<PublishedVendor | undefined> {
  const vendor = await db('vendors').where({ slug }).first();
  if (!vendor) return undefined;
  const documents: DocumentRow[] = await db('vendor_current_documents as c')
    .join('policy_documents as d', 'd.id', 'c.document_id')
    .leftJoin('vendor_dataset_records as r', 'r.current_document_id', 'd.id')
    .where('c.vendor_id', vendor.id)
    .orderByRaw(`case when c.kind = 'policy' then 0 else 1 end`)
    .orderByRaw(`array_position(array['tested','verified','imported','scraped'], r.quality) nulls last`)
    .orderBy('d.id')
    .select(
      'd.id',
      'c.kind',
      'd.title',
      'd.source',
      'd.effective_date',
      'd.sha256',
      'd.retrieved_at',
      'd.dataset',
      'd.dataset_name',
      'd.dataset_record',
      'd.dataset_version',
      'd.dataset_date',
      'd.source_urls',
      'r.quality',
      'r.metrics',
      'r.withdrawn_at',
    );
  const sources = new Map(documents.map((d) => [Number(d.id), sourceOf(d)]));
  const order = new Map(documents.map((d, i) => [Number(d.id), i]));
  const rows: FactRow[] = documents.length
    ? (
        await db('vendor_facts')
          .whereIn(
            'document_id',
            documents.map((d) => d.id),
          )
          .whereNot({ review_status: 'rejected' })
          .orderBy('citation_start')
          .select('id', 'document_id', 'family', 'fact', 'review_status', 'edited_value', 'conflict')
      ).sort((a: FactRow, b: FactRow) => order.get(Number(a.document_id))! - order.get(Number(b.document_id))!)
    : [];
  const document = documents.find((d) => d.kind === 'policy');
  const of = <F>(family: string) =>
    rows
      .filter((r) => r.family === family)
      .map((r) => ({
        ...(r.fact as F),
        id: Number(r.id),
        review_status: r.review_status,
        edited_value: r.edited_value,
        source: sources.get(Number(r.document_id))!,
        conflict: r.conflict,
      }));
  const channels = of<ChannelFact>('channel');
  const staffChannels: StaffChannel[] = (
    await db('vendor_channels')
      .where({ vendor_id: vendor.id })
      .whereNull('retired_at')
      .orderBy('id')
      .select('id', 'type', 'value', 'purpose', 'jurisdictions', 'label', 'source', 'source_kind', 'created_at')
  ).map((c) => ({
    vendor_channel_id: Number(c.id),
    origin: 'staff' as const,
    type: c.type,
    value: c.value,
    purpose: c.purpose,
    jurisdictions: c.jurisdictions,
    label: c.label,
    source: c.source,
    source_kind: c.source_kind,
    added_at: new Date(c.created_at).toISOString(),
  }));
  const profile: VendorProfile = {
    slug: vendor.slug,
    name: vendor.name,
    needs_review: vendor.needs_review,
    review_note: vendor.review_note,
    countries: vendor.countries ?? [],
    data_quality: vendor.data_quality ?? null,
    request_language: vendor.request_language ?? null,
    registered_data_broker: !!vendor.registered_data_broker,
    sources: [...sources.values()],
    metrics: documents
      .filter((d) => d.metrics)
      .map((d) => ({
        dataset: d.dataset!,
        record: d.dataset_record!,
        version: d.dataset_version!,
        metrics: d.metrics!,
      })),
    policy: document
      ? {
          document_id: Number(document.id),
          title: document.title,
          source: document.source,
          effective_date: document.effective_date,
          sha256: document.sha256,
          retrieved_at: new Date(document.retrieved_at).toISOString(),
        }
      : null,
    products: of('product'),
    former_names: of('former_name'),
    websites: of('website'),
    channels,
    staff_channels: staffChannels,
    rights: of('right'),
    deadlines: of('deadline'),
    requirements: of('requirement'),
    warnings: of('warning'),
    gaps: of('gap'),
    has_usable_channel: channels.length > 0 || staffChannels.length > 0,
  };
  return { id: Number(vendor.id), profile };
}

interface DocumentRow {
  id: number;
  kind: 'policy' | 'dataset_record';
  title: string;
  source: string;
  effective_date: string | null;
  sha256: string;
  retrieved_at: Date;
  dataset: string | null;
  dataset_name: string | null;
  dataset_record: string | null;
  dataset_version: string | null;
  dataset_date: string | null;
  source_urls: string[];
  quality: 'tested' | 'verified' | 'imported' | 'scraped' | null;
  metrics: Record<string, unknown> | null;
  withdrawn_at: Date | null;
}

function sourceOf(d: DocumentRow): FactSource {
  const retrieved_at = new Date(d.retrieved_at).toISOString();
  if (d.kind === 'policy') {
    return {
      kind: 'policy',
      document_id: Number(d.id),
      title: d.title,
      source: d.source,
      retrieved_at,
      effective_date: d.effective_date,
    };
  }
  return {
    kind: 'dataset',
    document_id: Number(d.id),
    dataset: d.dataset!,
    dataset_name: d.dataset_name ?? d.dataset!,
    record: d.dataset_record!,
    version: d.dataset_version!,
    date: d.dataset_date,
    quality: d.quality,
    source_urls: d.source_urls ?? [],
    retrieved_at,
    withdrawn: d.withdrawn_at !== null,
  };
}

/** The vendor's published response-time promises, for the deadline engine's second date. */
export async function vendorDeadlineFacts(db: Knex, slug: string): Promise<DeadlineFact[] | undefined> {
  const vendor = await db('vendors').where({ slug }).first('id');
  if (!vendor) return undefined;
  // every current source: the policy's promises and those a dataset record quotes from the vendor (e.g. the broker's
  // own statement filed with the California registry)
  const rows: { fact: DeadlineFact }[] = await db('vendor_facts')
    .whereIn('document_id', db('vendor_current_documents').where({ vendor_id: vendor.id }).select('document_id'))
    .where({ family: 'deadline' })
    .whereNot({ review_status: 'rejected' })
    .orderBy('document_id')
    .orderBy('citation_start')
    .select('fact');
  return rows.map((r) => r.fact);
}
