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
export async function refreshVendorSearchTerms(db: Knex | Knex.Transaction, vendorIds: readonly (number | string)[] | 'all'): Promise<number> {
  if (vendorIds !== 'all' && vendorIds.length === 0) return 0;
  const ids = vendorIds === 'all' ? null : vendorIds.map(Number);
  const { rows } = await db.raw<{ rows: { written: number }[] }>('select refresh_vendor_search_terms(?::bigint[]) as written', [ids]);
  return Number(rows[0]?.written ?? 0);
}

export type SearchTermKind = 'name' | 'brand' | 'former_name' | 'product' | 'domain';
/** how the vendor matched: the whole term, the start of it (or of one of its words), or by similarity (typos) */
export type MatchType = 'exact' | 'prefix' | 'word_prefix' | 'similar';
/** `listed`: the vendor names the asked country; `worldwide`: it operates in all countries; `other`: neither */
export type CountryRelevance = 'listed' | 'worldwide' | 'other';

export interface VendorSummary {
  slug: string;
  name: string;
  products: string[];
  channels: { type: string; value: string; purpose: string }[];
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
export function searchQueryText(q: string): string {
  const trimmed = q.trim();
  const email = /^[^\s@]+@([^\s@/]+)$/.exec(trimmed);
  if (email) return email[1]!;
  const url = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:?#]\S*)?$/i.exec(trimmed);
  if (url && (/:\/\//.test(trimmed) || /[/?#]/.test(trimmed) || /^www\./i.test(trimmed))) return url[1]!;
  return trimmed.replace(/^www\./i, '');
}

/**
 * Ranking: exact match of a term (name, brand, former name, product, domain) first, then a term that starts with the
 * query, then one of whose words starts with it, then trigram word similarity (typos); within each, vendors operating
 * in the asked country (then worldwide) first, then the closer match, then the better data quality (tested, verified
 * or a published policy, scraped, none), then the name.
 */
export async function searchVendors(db: Knex, options: SearchOptions): Promise<{ items: VendorSummary[]; total: number }> {
  const country = options.country?.toLowerCase() ?? null;
  const raw = searchQueryText(options.q ?? '');
  const { rows: normalizedRows } = await db.raw<{ rows: { n: string | null }[] }>('select search_normalize(?) as n', [raw]);
  const n = normalizedRows[0]?.n ?? '';
  const relevance = `case when ?::text is null then null when ?::text = any(v.countries) then 'listed' when 'all' = any(v.countries) then 'worldwide' else 'other' end`;
  const quality = `case v.data_quality when 'tested' then 0 when 'verified' then 1 when 'scraped' then 2 else case when v.current_document_id is not null then 1 else 3 end end`;

  let rows: VendorRow[];
  if (n === '') {
    // No query: the registry in name order (a listing, not a search).
    ({ rows } = await db.raw<{ rows: VendorRow[] }>(
      `select v.id, v.slug, v.name, v.needs_review, v.current_document_id, v.countries, v.data_quality,
              ${relevance} as country_relevance, null as kind, null as term, null as tier, null as similarity,
              count(*) over () as total
       from vendors v where v.listed
       order by v.name, v.id limit ? offset ?`,
      [country, country, options.limit, options.offset],
    ));
  } else {
    // Short queries (one or two characters) have too few trigrams to be similar to anything: prefix only.
    const fuzzy = n.length >= 3;
    ({ rows } = await db.raw<{ rows: VendorRow[] }>(
      `with hits as (
         select distinct on (t.vendor_id) t.vendor_id, t.kind, t.term, m.tier, m.similarity
         from vendor_search_terms t
         cross join lateral (
           select case when t.normalized = ? then 0 when t.normalized like ? then 1 when t.normalized like ? then 2 else 3 end as tier,
                  ${fuzzy ? 'word_similarity(?, t.normalized)' : '1.0'}::float8 as similarity
         ) m
         where t.normalized like ? ${fuzzy ? 'or ? <% t.normalized' : ''}
         order by t.vendor_id, m.tier, m.similarity desc, t.kind
       )
       select v.id, v.slug, v.name, v.needs_review, v.current_document_id, v.countries, v.data_quality,
              ${relevance} as country_relevance, h.kind, h.term, h.tier, h.similarity,
              count(*) over () as total
       from hits h join vendors v on v.id = h.vendor_id
       where v.listed
       order by h.tier,
                case when ?::text is null then 0 when ?::text = any(v.countries) then 0 when 'all' = any(v.countries) then 1 else 2 end,
                h.similarity desc, ${quality}, v.name, v.id
       limit ? offset ?`,
      [
        n,
        `${n}%`,
        `% ${n}%`,
        ...(fuzzy ? [n] : []),
        `${n}%`,
        ...(fuzzy ? [n] : []),
        country,
        country,
        country,
        country,
        options.limit,
        options.offset,
      ],
    ));
  }
  const total = rows.length > 0 ? Number(rows[0]!.total) : options.offset > 0 ? await countMatches(db, n) : 0;
  return { items: await summaries(db, rows), total };
}

interface VendorRow {
  id: string;
  slug: string;
  name: string;
  needs_review: boolean;
  current_document_id: string | null;
  countries: string[];
  data_quality: VendorSummary['data_quality'];
  country_relevance: CountryRelevance | null;
  kind: SearchTermKind | null;
  term: string | null;
  tier: number | null;
  similarity: number | null;
  total: string;
}

/** The total when the page asked lies past the last match (the window count has no row to ride on). */
async function countMatches(db: Knex, n: string): Promise<number> {
  if (n === '') {
    const [{ total }] = (await db('vendors').where({ listed: true }).count<{ total: number }[]>({ total: '*' })) as [{ total: number }];
    return Number(total);
  }
  const { rows } = await db.raw<{ rows: { total: string }[] }>(
    `select count(distinct t.vendor_id) as total from vendor_search_terms t join vendors v on v.id = t.vendor_id
     where v.listed and (t.normalized like ? ${n.length >= 3 ? 'or ? <% t.normalized' : ''})`,
    n.length >= 3 ? [`${n}%`, n] : [`${n}%`],
  );
  return Number(rows[0]?.total ?? 0);
}

async function summaries(db: Knex, rows: VendorRow[]): Promise<VendorSummary[]> {
  const vendorIds = rows.map((v) => v.id);
  const documentIds = rows.map((v) => v.current_document_id).filter((id): id is string => id !== null);
  const [facts, staff] = await Promise.all([
    documentIds.length
      ? db('vendor_facts')
          .whereIn('document_id', documentIds)
          .whereIn('family', ['product', 'channel', 'deadline'])
          .whereNot({ review_status: 'rejected' })
          .orderBy('citation_start')
          .select('document_id', 'family', 'fact')
      : [],
    vendorIds.length
      ? db('vendor_channels').whereIn('vendor_id', vendorIds).whereNull('retired_at').orderBy('id').select('vendor_id', 'type', 'value', 'purpose')
      : [],
  ]);
  return rows.map((v) => {
    const mine = facts.filter((f) => String(f.document_id) === String(v.current_document_id));
    return {
      slug: v.slug,
      name: v.name,
      needs_review: v.needs_review,
      products: mine.filter((f) => f.family === 'product').map((f) => f.fact.name),
      channels: [
        ...mine.filter((f) => f.family === 'channel').map((f) => ({ type: f.fact.type, value: f.fact.value, purpose: f.fact.purpose })),
        ...staff.filter((c) => String(c.vendor_id) === String(v.id)).map((c) => ({ type: c.type, value: c.value, purpose: c.purpose })),
      ],
      response_times: mine.filter((f) => f.family === 'deadline').map((f) => ({ days: f.fact.days, unit: f.fact.unit, rights: f.fact.rights })),
      countries: v.countries,
      data_quality: v.data_quality,
      country_relevance: v.country_relevance,
      match:
        v.kind && v.term !== null && v.tier !== null
          ? { kind: v.kind, term: v.term, type: MATCH_TYPES[v.tier]!, similarity: Math.round(Number(v.similarity) * 1000) / 1000 }
          : null,
    };
  });
}
