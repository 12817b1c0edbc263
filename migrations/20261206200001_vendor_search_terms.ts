import type { Knex } from 'knex';

/**
 * Registry search (issue #15): what people type (a name, brand, former name, product, web or email domain, with typos
 * and accents) is matched in Postgres against `vendor_search_terms`, a table derived from the registry and written by
 * ONE function, `refresh_vendor_search_terms(ids)`: callers (policy ingest, fact review, staff channels, seeding, the
 * dataset importer) call it for the vendors they changed, in their own transaction.
 *
 * - `search_normalize(text)`: immutable unaccent + lower case, every run of characters that are not letters or digits
 *   made one space ("Société Générale" and "societe-generale" both give "societe generale"; "spotify.com" gives
 *   "spotify com"). The stored `normalized` column is always this function of `term`.
 * - Indexes: a text_pattern_ops btree (exact, prefix, and word prefix through the `suffix` rows) and a trigram GIN
 *   index on whole terms (word similarity: typos).
 * - Terms of one vendor: its name, the name without a trailing legal form (`search_strip_legal`: Inc., GmbH, AB,
 *   s.r.o. ...; its `normalized` is the stripped form, its `term` the full name), its slug, its
 *   published product facts (kind 'brand' when the fact says `"kind": "brand"`), its `former_name` facts, and the
 *   domains of its channels (policy channel facts and active staff channels: email domains and web-form hosts, without
 *   "www."). Published facts: not rejected (an edited fact counts with its edited value), from the vendor's current
 *   document or from the newest document of each other source. A vendor that is not `listed` (a company a consumer
 *   named that staff have not confirmed yet) has no terms.
 * - Each term carries the vendor's `countries` and a `quality_rank` (0 tested, 1 verified or a published policy,
 *   2 scraped, 3 nothing known) so results are ranked without reading `vendors`; the writer rewrites them with the
 *   terms, so whatever changes a vendor's row calls it too.
 */
// knex.raw reads "?" as a binding: a literal "?" in the SQL below is written "\\?".
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('vendors', (t) => {
    t.boolean('listed').notNullable().defaultTo(true);
  });
  await knex.raw(`
    create function search_normalize(t text) returns text language sql immutable strict parallel safe as $$
      select btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, t)), '[^[:alnum:]]+', ' ', 'g'))
    $$;

    create table vendor_search_terms (
      vendor_id bigint not null references vendors(id) on delete cascade,
      kind text not null check (kind in ('name', 'brand', 'former_name', 'product', 'domain')),
      term text not null,
      normalized text not null,
      -- copied from the vendor for ranking without a join (the writer rewrites them with the terms)
      countries text[] not null default '{}',
      quality_rank smallint not null,
      -- false: a whole term; true: the term from its second (third, ...) word on, so that a word prefix ("telekom" in
      -- "deutsche telekom") is a btree prefix match too
      suffix boolean not null default false,
      primary key (vendor_id, normalized)
    );
    create index vendor_search_terms_trgm on vendor_search_terms using gin (normalized gin_trgm_ops) where not suffix;

    -- every word (four letters or more) of every term: a mistyped query word is matched against these, a much
    -- smaller set than the terms; a word no term has any more stays (it then finds nothing)
    create table search_words (word text primary key);
    create index search_words_trgm on search_words using gin (word gin_trgm_ops);
    -- covering: the direct matches are ranked from the index alone (an index-only scan)
    create index vendor_search_terms_prefix on vendor_search_terms (normalized text_pattern_ops)
      include (vendor_id, suffix, quality_rank, countries, kind);

    -- a normalized name without a trailing legal form ("kalomi telecom gmbh" gives "kalomi telecom")
    create function search_strip_legal(n text) returns text language sql immutable strict parallel safe as $$
      select btrim(regexp_replace(n,
        ' (inc|incorporated|llc|l l c|ltd|limited|gmbh|mbh|ag|kg|ab|sa|s a|sas|sarl|srl|s r l|bv|b v|nv|n v|plc|corp|corporation|co|company|s r o|sro|oy|oyj|as|a s|aps|asa|se|spa|s p a|pty|kk|k k|lp|llp|ug)$',
        ''))
    $$;

    create function search_host(value text) returns text language sql immutable strict parallel safe as $$
      select nullif(regexp_replace(lower(
        case when value like '%@%' and value !~* '^[a-z][a-z0-9+.-]*://' then split_part(value, '@', 2)
             else substring(value from '^(\\?:[a-zA-Z][a-zA-Z0-9+.-]*://)\\?(\\?:[^@/]*@)\\?([^/:\\?#]+)') end
      ), '^www\\.', ''), '')
    $$;

    create function refresh_vendor_search_terms(ids bigint[]) returns integer language plpgsql as $$
    declare
      written integer;
    begin
      -- ids null: every vendor (after seeding, or to rebuild)
      delete from vendor_search_terms where ids is null or vendor_id = any(ids);
      with targets as (
        select v.id, v.slug, v.name, v.current_document_id, v.countries,
               -- data quality for ties: a tested record, then verified or a published policy, scraped, nothing known
               case v.data_quality when 'tested' then 0 when 'verified' then 1 when 'scraped' then 2
                    else case when v.current_document_id is not null then 1 else 3 end end as quality_rank
        from vendors v where (ids is null or v.id = any(ids)) and v.listed
      ),
      documents as (
        select t.current_document_id as id from targets t where t.current_document_id is not null
        union
        select id from (
          select distinct on (d.vendor_id, d.source) d.id
          from policy_documents d join targets t on t.id = d.vendor_id
          order by d.vendor_id, d.source, d.retrieved_at desc, d.id desc
        ) newest
      ),
      facts as (
        select f.vendor_id, f.family, f.fact,
               case when f.review_status = 'edited' and nullif(btrim(f.edited_value), '') is not null then f.edited_value end as edited
        from vendor_facts f join documents d on d.id = f.document_id
        where f.family in ('product', 'former_name', 'channel') and f.review_status <> 'rejected'
      ),
      raw_terms as (
        select t.id as vendor_id, 'name' as kind, t.name as term, 0 as rank from targets t
        union all
        select t.id, 'name', t.name, 1 from targets t -- normalized without its legal form, below
        union all
        select t.id, 'name', t.slug, 2 from targets t
        union all
        select f.vendor_id, case when f.fact->>'kind' = 'brand' then 'brand' else 'product' end,
               coalesce(f.edited, f.fact->>'name'), 3
        from facts f where f.family = 'product'
        union all
        select f.vendor_id, 'former_name', coalesce(f.edited, f.fact->>'name', f.fact->>'value'), 4
        from facts f where f.family = 'former_name'
        union all
        select f.vendor_id, 'domain', search_host(coalesce(f.edited, f.fact->>'value')), 5
        from facts f where f.family = 'channel' and f.fact->>'type' in ('email', 'webform')
        union all
        select c.vendor_id, 'domain', search_host(c.value), 5
        from vendor_channels c join targets t on t.id = c.vendor_id
        where c.retired_at is null and c.type in ('email', 'webform')
      ),
      normalized_terms as (
        select r.vendor_id, r.kind, r.term, r.rank,
               case when r.rank = 1 then search_strip_legal(search_normalize(r.term)) else search_normalize(r.term) end as normalized
        from raw_terms r where r.term is not null
      ),
      with_suffixes as (
        select n.vendor_id, n.kind, n.term, n.rank, n.normalized, false as suffix from normalized_terms n
        union all
        -- from the 2nd to the 6th word on, when that word has two letters or more
        select n.vendor_id, n.kind, n.term, n.rank, array_to_string(w.words[i:], ' '), true
        from normalized_terms n
        cross join lateral (select string_to_array(n.normalized, ' ') as words) w
        cross join lateral generate_series(2, least(array_length(w.words, 1), 6)) i
        where length(w.words[i]) >= 2
      )
      insert into vendor_search_terms (vendor_id, kind, term, normalized, countries, quality_rank, suffix)
      select distinct on (s.vendor_id, s.normalized) s.vendor_id, s.kind, s.term, s.normalized, t.countries, t.quality_rank, s.suffix
      from with_suffixes s join targets t on t.id = s.vendor_id
      where s.normalized <> '' and length(s.normalized) <= 200
      order by s.vendor_id, s.normalized, s.suffix, s.rank
      on conflict (vendor_id, normalized) do nothing;
      get diagnostics written = row_count;
      insert into search_words (word)
      select distinct w.word
      from vendor_search_terms t cross join lateral unnest(string_to_array(t.normalized, ' ')) w(word)
      where (ids is null or t.vendor_id = any(ids)) and not t.suffix and length(w.word) between 4 and 60
      on conflict (word) do nothing;
      return written;
    end $$;

    select refresh_vendor_search_terms(null);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop function if exists refresh_vendor_search_terms(bigint[]);
    drop table if exists search_words;
    drop table if exists vendor_search_terms;
    drop function if exists search_host(text);
    drop function if exists search_strip_legal(text);
    drop function if exists search_normalize(text);
  `);
  await knex.schema.alterTable('vendors', (t) => {
    t.dropColumn('listed');
  });
}
