import type { Knex } from 'knex';

/**
 * Registry search: what people type (a company name, brand, former name, product, web or email domain; typos and
 * accents) matched in Postgres (pg_trgm, unaccent) against `vendor_search_terms`, never a scan in Node. The terms are
 * derived from the registry by one SQL function (see migration 20261206200001_vendor_search_terms); whatever changes a
 * vendor, its facts or its channels calls `refreshVendorSearchTerms` for it in the same transaction.
 */

/**
 * Rewrites the search terms of these vendors (or of every vendor with 'all') from their current rows, published facts
 * and active staff channels. The single writer of `vendor_search_terms`; set-based, so a caller that changed thousands
 * of vendors (the dataset importer) calls it once with all their ids. Returns the number of terms written.
 */
export async function refreshVendorSearchTerms(
  db: Knex | Knex.Transaction,
  vendorIds: readonly (number | string)[] | 'all',
): Promise<number> {
  if (vendorIds !== 'all' && vendorIds.length === 0) return 0;
  const ids = vendorIds === 'all' ? null : vendorIds.map(Number);
  const { rows } = await db.raw<{ rows: { written: number }[] }>(
    'select refresh_vendor_search_terms(?::bigint[]) as written',
    [ids],
  );
  return Number(rows[0]?.written ?? 0);
}

type SearchTermKind = 'name' | 'brand' | 'former_name' | 'product' | 'domain';
/** how the vendor matched: the whole term, the start of it (or of one of its words), or by similarity (typos) */
type MatchType = 'exact' | 'prefix' | 'word_prefix' | 'similar';
/** `listed`: the vendor names the asked country; `worldwide`: it operates in all countries; `other`: neither */
type CountryRelevance = 'listed' | 'worldwide' | 'other';

/** Where a channel comes from: the policy (retrieved on `date`), a dataset (`dataset` of `date` or version), staff. */
interface ChannelOrigin {
  kind: 'policy' | 'dataset' | 'staff';
  dataset: string | null;
  date: string | null;
}

export interface VendorSummary {
  slug: string;
  name: string;
  products: string[];
  /**
   * `source`: where the channel comes from, in English words (the vendor's policy or a dataset, with its date; staff);
   * `origin`: the same as data, for the consumer pages to say in their language
   */
  channels: { type: string; value: string; purpose: string; source: string; origin: ChannelOrigin }[];
  response_times: { days: number; unit: string; rights: string[] }[];
  needs_review: boolean;
  /** ISO 3166 codes (lower case) or 'all' where the vendor operates; empty when unknown */
  countries: string[];
  /** the dataset's grade of its record (tested, verified, scraped); null for a vendor known from its policy alone */
  data_quality: 'tested' | 'verified' | 'scraped' | null;
  /** null when no `country` was asked */
  country_relevance: CountryRelevance | null;
  /** the term that matched (null when listing without a query) */
  match: { kind: SearchTermKind; term: string; type: MatchType; similarity: number } | null;
}

export interface SearchOptions {
  q?: string;
  /** ISO 3166-1 alpha-2: vendors operating there (or everywhere) rank first within a match type */
  country?: string;
  limit: number;
  offset: number;
}

const MATCH_TYPES: MatchType[] = ['exact', 'prefix', 'word_prefix', 'similar'];

/**
 * What a person pastes is often an address or a URL: search by its domain ("privacy@spotify.com" and
 * "https://www.spotify.com/de/legal" both search "spotify.com").
 */
function searchQueryText(q: string): string {
  const trimmed = q.trim();
  const email = /^[^\s@]+@([^\s@/]+)$/.exec(trimmed);
  if (email) return email[1]!;
  const url = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:?#]\S*)?$/i.exec(trimmed);
  if (url && (/:\/\//.test(trimmed) || /[/?#]/.test(trimmed) || /^www\./i.test(trimmed))) return url[1]!;
  return trimmed.replace(/^www\./i, '');
}

/** Similar spellings: at most this many close words are tried, and this many terms scored (the total says so). */
const SIMILAR_WORDS = 10;
const SIMILAR_CANDIDATES = 400;

/**
 * Two stages, both in Postgres:
 * 1. Direct matches, always: a term (name, brand, former name, product, domain) equal to the query, then one starting
 *    with it, then one of whose words starts with it (btree prefix scans, index-only; word starts are stored as
 *    `suffix` terms). The query is normalized, matched, ranked and the page's vendors read in this one statement.
 * 2. Similar spellings (typos), only when nothing matched directly ("did you mean"): the longest query word of four
 *    letters or more (legal forms left out) is looked up among the words of every term (`search_words`, pg_trgm
 *    similarity, threshold per connection in server/db/knex.ts); terms with a word starting with one of the closest
 *    SIMILAR_WORDS words are found by the btree, and must be word-similar to the query's other words too; at most
 *    SIMILAR_CANDIDATES terms are scored.
 * Within a match type: vendors operating in the asked country first (then worldwide), then the closer match (the
 * shorter term for direct matches, the higher word similarity for similar ones), then the better data quality (tested,
 * verified or a published policy, scraped, nothing known). `total` counts the direct matches, or the similar ones
 * when stage 2 ran (up to its cap).
 */
export async function searchVendors(
  db: Knex,
  options: SearchOptions,
): Promise<{ items: VendorSummary[]; total: number }> {
  const country = options.country?.toLowerCase() ?? null;
  const raw = searchQueryText(options.q ?? '');
  if (raw === '') return listVendors(db, country, options);
  const countryRank = `case when ?::text is null or ?::text = any(h.countries) then 0 when 'all' = any(h.countries) then 1 else 2 end`;

  // The prefix bounds come from the normalized query (an init plan), so the btree range scan still applies.
  const { rows: directRows } = await db.raw<{ rows: (PageRow & { n: string; core: string })[] }>(
    `with q as (
       select n, coalesce(nullif(search_strip_legal(n), ''), n) as core, n || chr(1114111) as upper
       from (select search_normalize(?) as n) x
     ),
     hits as (
       select distinct on (t.vendor_id) t.vendor_id, t.kind, t.normalized, t.countries, t.quality_rank,
              case when t.suffix then 2 when t.normalized = (select n from q) then 0 else 1 end as tier
       from vendor_search_terms t
       where t.normalized ~>=~ (select n from q) and t.normalized ~<~ (select upper from q) and (select n from q) <> ''
         -- one or two letters: whole terms starting with them only (not every word starting with them)
         and (length((select n from q)) >= 3 or not t.suffix)
       order by t.vendor_id, 6, length(t.normalized), t.kind
     ),
     page as (
       select h.*, ${countryRank} as country_rank, count(*) over () as total,
              similarity((select n from q), h.normalized)::float8 as similarity
       from hits h
       order by h.tier, 7, length(h.normalized), h.quality_rank, h.vendor_id
       limit ? offset ?
     )
     select q.n, q.core, p.* from q left join (${enrich('page')}) p on true
     order by p.tier, p.country_rank, length(p.normalized), p.quality_rank, p.vendor_id`,
    [raw, country, country, options.limit, options.offset, country, country],
  );
  const { n, core } = directRows[0]!;
  if (n === '') return listVendors(db, country, options);
  let rows: PageRow[] = directRows.filter((r) => r.vendor_id !== null);
  let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  if (rows.length === 0 && options.offset > 0) {
    const { rows: counted } = await db.raw<{ rows: { total: string }[] }>(
      `select count(distinct vendor_id) as total from vendor_search_terms where normalized ~>=~ ? and normalized ~<~ ? and (? or not suffix)`,
      [n, `${n}${String.fromCodePoint(0x10ffff)}`, n.length >= 3],
    );
    total = Number(counted[0]?.total ?? 0);
  }

  // Similar spellings, when nothing matched directly: the longest query word's closest words in the vocabulary
  // (search_words, trigram index), then the terms with a word starting with one of them (the btree, through the suffix
  // rows); the query's other words filter those.
  const words = [...new Set(core.split(' ').filter((w) => w.length >= 4))]
    .sort((a, b) => b.length - a.length)
    .slice(0, 8);
  if (total === 0 && words.length > 0) {
    const { rows: similar } = await db.raw<{ rows: PageRow[] }>(
      `with close_words as (
         select w.word, w.word || chr(1114111) as upper from search_words w
         where w.word % ?
         order by similarity(w.word, ?) desc, w.word
         limit ${SIMILAR_WORDS}
       ),
       candidates as (
         select t.vendor_id, t.kind, t.term, t.normalized, t.countries, t.quality_rank
         from close_words w
         cross join lateral (
           select * from vendor_search_terms t where t.normalized ~>=~ w.word and t.normalized ~<~ w.upper limit ${SIMILAR_CANDIDATES}
         ) t
         where true ${words
           .slice(1)
           .map(() => 'and coalesce(? <% search_normalize(t.term), false)')
           .join(' ')}
         limit ${SIMILAR_CANDIDATES}
       ),
       hits as (
         select distinct on (c.vendor_id) c.vendor_id, c.kind, c.normalized, c.countries, c.quality_rank, 3 as tier,
                word_similarity(?, search_normalize(c.term))::float8 as similarity
         from candidates c
         order by c.vendor_id, 7 desc, c.kind
       ),
       page as (
         select h.*, ${countryRank} as country_rank, count(*) over () as total
         from hits h
         order by 8, h.similarity desc, h.quality_rank, h.vendor_id
         limit ? offset ?
       )
       select p.* from (${enrich('page')}) p
       order by p.country_rank, p.similarity desc, p.quality_rank, p.vendor_id`,
      [
        words[0]!,
        words[0]!,
        ...words.slice(1),
        core,
        country,
        country,
        options.limit,
        options.offset,
        country,
        country,
      ],
    );
    if (similar.length > 0) {
      rows = similar;
      total = Number(similar[0]!.total);
    }
  }
  return { items: rows.map(summary), total };
}

/**
 * The page's vendors with what a result shows (published products, channels and response times of the current
 * document; active staff channels), read in the same statement. `page` has vendor_id, kind, normalized, tier,
 * similarity and total; two bindings follow (the country, for its relevance).
 */
function enrich(page: string): string {
  return `select pg.*, t.term, v.slug, v.name, v.needs_review, v.countries as vendor_countries, v.data_quality,
      case when ?::text is null then null when ?::text = any(v.countries) then 'listed' when 'all' = any(v.countries) then 'worldwide' else 'other' end
        as country_relevance,
      coalesce((select json_agg(json_build_object('family', f.family, 'fact', f.fact, 'source',
                  case when d.kind = 'policy' then 'privacy policy (retrieved ' || to_char(d.retrieved_at at time zone 'UTC', 'YYYY-MM-DD') || ')'
                       else d.dataset_name || ' (' || coalesce(d.dataset_date, d.dataset_version) || ')' end,
                  'origin', json_build_object('kind', case when d.kind = 'policy' then 'policy' else 'dataset' end,
                    'dataset', case when d.kind = 'policy' then null else d.dataset_name end,
                    'date', case when d.kind = 'policy' then to_char(d.retrieved_at at time zone 'UTC', 'YYYY-MM-DD')
                                 else coalesce(d.dataset_date, d.dataset_version) end))
                  order by d.kind desc, f.citation_start)
                from vendor_current_documents cd
                join vendor_facts f on f.document_id = cd.document_id
                join policy_documents d on d.id = cd.document_id
                where cd.vendor_id = v.id and f.family in ('product', 'channel', 'deadline') and f.review_status <> 'rejected'),
               '[]'::json) as facts,
      coalesce((select json_agg(json_build_object('type', c.type, 'value', c.value, 'purpose', c.purpose, 'source', 'found by our staff',
                  'origin', json_build_object('kind', 'staff', 'dataset', null, 'date', null)) order by c.id)
                from vendor_channels c where c.vendor_id = v.id and c.retired_at is null),
               '[]'::json) as staff_channels
    from ${page} pg
    join vendors v on v.id = pg.vendor_id
    join vendor_search_terms t on t.vendor_id = pg.vendor_id and t.normalized = pg.normalized`;
}

/** No query: the registry in name order (a listing, not a search). */
async function listVendors(
  db: Knex,
  country: string | null,
  options: SearchOptions,
): Promise<{ items: VendorSummary[]; total: number }> {
  const { rows } = await db.raw<{ rows: PageRow[] }>(
    `with page as (
       select v.id as vendor_id, null::text as kind, null::text as normalized, null::int as tier, null::float8 as similarity,
              count(*) over () as total, v.name as sort_name
       from vendors v where v.listed
       order by v.name, v.id limit ? offset ?
     )
     select * from (${enrich('page')
       .replace(/join vendor_search_terms t on[^\n]*/, '')
       .replace('t.term,', 'null::text as term,')}) p
     order by p.sort_name, p.vendor_id`,
    [options.limit, options.offset, country, country],
  );
  let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  if (rows.length === 0) {
    const [{ n }] = (await db('vendors').where({ listed: true }).count<{ n: number }[]>({ n: '*' })) as [{ n: number }];
    total = Number(n);
  }
  return { items: rows.map(summary), total };
}

interface PageRow {
  vendor_id: string | null;
  kind: SearchTermKind | null;
  term: string | null;
  normalized: string | null;
  tier: number | null;
  similarity: number | null;
  total: string;
  slug: string;
  name: string;
  needs_review: boolean;
  vendor_countries: string[];
  data_quality: VendorSummary['data_quality'];
  country_relevance: CountryRelevance | null;
  facts: {
    family: string;
    source: string;
    origin: ChannelOrigin;
    fact: Record<string, unknown> & {
      name?: string;
      type?: string;
      value?: string;
      purpose?: string;
      days?: number;
      unit?: string;
      rights?: string[];
    };
  }[];
  staff_channels: VendorSummary['channels'];
}

function summary(r: PageRow): VendorSummary {
  const of = (family: string) => r.facts.filter((f) => f.family === family).map((f) => f.fact);
  const channels = r.facts
    .filter((f) => f.family === 'channel')
    .map((f) => ({
      type: f.fact.type!,
      value: f.fact.value!,
      purpose: f.fact.purpose!,
      source: f.source,
      origin: f.origin,
    }));
  return {
    slug: r.slug,
    name: r.name,
    needs_review: r.needs_review,
    products: of('product').map((f) => f.name!),
    channels: [...channels, ...r.staff_channels],
    response_times: of('deadline').map((f) => ({ days: f.days!, unit: f.unit!, rights: f.rights! })),
    countries: r.vendor_countries,
    data_quality: r.data_quality,
    country_relevance: r.country_relevance,
    match:
      r.kind && r.term !== null && r.tier !== null
        ? {
            kind: r.kind,
            term: r.term,
            type: MATCH_TYPES[r.tier]!,
            similarity: Math.round(Number(r.similarity) * 1000) / 1000,
          }
        : null,
  };
}
