/**
 * Registry search under load: 50,000 vendors generated in SQL (made-up but realistic names with sectors, legal forms and
 * accents, a brand for a third of them, a product for half, a privacy email domain for each, countries and dataset
 * quality), their search terms written by refresh_vendor_search_terms(null), then p50/p95/p99 of GET /api/vendors?q=
 * over loopback HTTP for a mix of queries drawn from the data: exact names, prefixes, typos, unaccented names, domains
 * (bare, as an address and as a URL), brands, and the same with a country boost.
 * Run: npx tsx bench/search.ts [--regenerate]   (uses its own database, drp_bench_search next to DATABASE_URL's)
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb, ensureDatabase, type Db } from '../server/db';
import { createProducerConnection } from '../server/queue';
import { fixedClock } from '../server/shared/clock';
import { refreshVendorSearchTerms } from '../server/vendors';
import { runSeeds } from '../seeds';

const VENDORS = 50_000;
const PER_KIND = 60;
const ROUNDS = 3;
const TARGET_P95_MS = 20;

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function generate(db: Db): Promise<void> {
  await db.raw(`delete from vendors where slug like 'bench-%'`);
  const t = process.hrtime.bigint();
  await db.raw(`
    create temporary table bench_names as
    with syllables as (
      -- 20 onsets x 6 vowels x 6 codas: 720 syllables, so names (two or three of them) are as varied as real ones
      select array_agg(o || v || c order by o, v, c) s
      from unnest(array['b','br','c','ch','d','f','fl','g','gr','h','k','l','m','n','p','pr','r','s','st','t']) o,
           unnest(array['a','e','i','o','u','y']) v, unnest(array['','n','r','l','x','m']) c
    ),
    p as (
      select syllables.s,
             array['Telecom','Media','Bank','Versicherung','Mobilité','Énergie','Software','Health','Retail','Logistics',
                   'Café','Reisen','Música','Data','Marketing','Analytics','Games','Finance','Shop','Labs'] sector,
             array['GmbH','Inc.','Ltd','AB','S.A.','s.r.o.','B.V.','SAS','Oy','LLC'] legal,
             array['de','all','gb','fr,be','se','nl','at,de,ch','it','es','pl','us','dk,no'] countries,
             array['.com','.de','.co.uk','.fr','.io','.se','.net'] tld
      from syllables
    )
    select i,
           s[1 + (i * 7919) % 720] || s[1 + (i * 104729 / 720) % 720] || case when i % 3 = 0 then s[1 + (i * 31) % 720] else '' end as base,
           sector[1 + (i * 7) % 20] as sector, legal[1 + (i * 11) % 10] as legal,
           string_to_array(countries[1 + (i * 5) % 12], ',') as countries,
           (array['tested','verified','scraped',null])[1 + (i * 3) % 4] as quality,
           initcap(s[1 + (i * 17) % 720] || s[1 + (i * 23) % 720]) || 'ly' as brand,
           tld[1 + (i * 13) % 7] as tld
    from p, generate_series(1::bigint, ${VENDORS}) i`);
  await db.raw(`
    insert into vendors (slug, name, countries, data_quality)
    select 'bench-' || i,
           initcap(case when i % 10 = 0 then replace(base, 'e', 'é') else base end) || ' ' || sector || ' ' || legal,
           countries, quality
    from bench_names`);
  await db.raw(`
    insert into policy_documents (vendor_id, source, title, format, sha256, normalized_text, byte_length, retrieved_at)
    select v.id, 'bench dataset record ' || v.slug, v.name, 'text', md5(v.slug) || md5(v.name), v.name, length(v.name), now()
    from vendors v where v.slug like 'bench-%'`);
  await db.raw(
    `update vendors v set current_document_id = d.id from policy_documents d where d.vendor_id = v.id and v.slug like 'bench-%'`,
  );
  const citation = `jsonb_build_object('start', 0, 'end', 1, 'quote', left(v.name, 1))`;
  await db.raw(`
    insert into vendor_facts (vendor_id, document_id, fact_key, family, fact, citation_start, citation_end, quote, review_status)
    select v.id, v.current_document_id, f.key, f.family, f.fact || jsonb_build_object('citation', ${citation}), 0, 1, left(v.name, 1), 'approved'
    from vendors v join bench_names b on v.slug = 'bench-' || b.i
    cross join lateral (values
      ('channel:email', 'channel', jsonb_build_object('type', 'email', 'value', 'privacy@' || b.base || b.tld, 'purpose', 'privacy_requests', 'jurisdictions', '[]'::jsonb)),
      ('brand', case when b.i % 3 = 0 then 'product' end, jsonb_build_object('name', b.brand, 'kind', 'brand')),
      ('product', case when b.i % 2 = 0 then 'product' end, jsonb_build_object('name', initcap(b.base) || ' ' || (array['App','Cloud','Player','Pay','Connect'])[1 + b.i % 5]))
    ) f(key, family, fact)
    where f.family is not null`);
  console.log(
    `generated ${VENDORS.toLocaleString('en')} vendors with documents and facts in ${(ms(t) / 1000).toFixed(1)} s`,
  );
  const r = process.hrtime.bigint();
  const written = await refreshVendorSearchTerms(db, 'all');
  console.log(
    `refresh_vendor_search_terms(all): ${written.toLocaleString('en')} terms in ${(ms(r) / 1000).toFixed(1)} s`,
  );
  await db.raw('vacuum analyze vendors, vendor_search_terms, search_words, vendor_facts, policy_documents');
}

/** One letter dropped or replaced in the middle of the first word, as people mistype. */
function typo(name: string, i: number): string {
  const [first, ...rest] = name.split(' ');
  const w = first!;
  const at = 2 + (i % Math.max(1, w.length - 3));
  const mistyped =
    i % 2 === 0 ? w.slice(0, at) + w.slice(at + 1) : w.slice(0, at) + (w[at] === 'x' ? 'q' : 'x') + w.slice(at + 1);
  return [mistyped, ...rest.slice(0, 1)].join(' ');
}

async function queries(db: Db): Promise<{ kind: string; q: string; country?: string }[]> {
  const sample = async (sql: string) =>
    (await db.raw<{ rows: { name: string; brand?: string; email?: string; countries: string[] }[] }>(sql)).rows;
  const rows = await sample(`
    select v.name, v.countries,
           (select f.fact->>'name' from vendor_facts f where f.vendor_id = v.id and f.fact->>'kind' = 'brand' limit 1) as brand,
           (select f.fact->>'value' from vendor_facts f where f.vendor_id = v.id and f.family = 'channel' limit 1) as email
    from vendors v where v.slug like 'bench-%' order by md5(v.slug) limit ${PER_KIND * 3}`);
  const accented = await sample(
    `select name, countries from vendors where slug like 'bench-%' and name ~ '[éÉ]' order by md5(slug) limit ${PER_KIND}`,
  );
  const out: { kind: string; q: string; country?: string }[] = [];
  rows.slice(0, PER_KIND).forEach((r, i) => {
    out.push({ kind: 'exact name', q: r.name });
    out.push({ kind: 'prefix', q: r.name.slice(0, 3 + (i % 4)) });
    out.push({ kind: 'typo', q: typo(r.name, i) });
    const domain = r.email!.split('@')[1]!;
    out.push({ kind: 'domain', q: [domain, `dpo@${domain}`, `https://www.${domain}/privacy`][i % 3]! });
    out.push({
      kind: 'name + country',
      q: r.name.split(' ')[0]!,
      country: r.countries.find((c) => c !== 'all') ?? 'de',
    });
  });
  rows
    .filter((r) => r.brand)
    .slice(0, PER_KIND)
    .forEach((r) => out.push({ kind: 'brand', q: r.brand! }));
  accented.forEach((r) =>
    out.push({
      kind: 'accent',
      q: r.name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase(),
    }),
  );
  return out;
}

async function main(): Promise<void> {
  const base = new URL(loadConfig().databaseUrl);
  base.pathname = '/drp_bench_search';
  await ensureDatabase(base.toString());
  const config = loadConfig({ ...process.env, DATABASE_URL: base.toString(), LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const db = createDb(config.databaseUrl, 10);
  await db.migrate.latest();
  await runSeeds(db);
  const [{ n }] = (await db('vendors').where('slug', 'like', 'bench-%').count({ n: '*' })) as [{ n: number }];
  if (process.argv.includes('--regenerate') || Number(n) !== VENDORS) await generate(db);
  else console.log(`reusing ${VENDORS.toLocaleString('en')} bench vendors (pass --regenerate to rebuild)`);
  const [{ vendors }] = (await db('vendors').count({ vendors: '*' })) as [{ vendors: number }];
  const [{ terms }] = (await db('vendor_search_terms').count({ terms: '*' })) as [{ terms: number }];
  console.log(
    `database: ${Number(vendors).toLocaleString('en')} vendors, ${Number(terms).toLocaleString('en')} search terms`,
  );

  const mix = await queries(db);
  const redis = createProducerConnection(config.redisUrl);
  const { app, close } = createApp({
    config,
    db,
    redis,
    logger: pino({ level: 'silent' }),
    clock: fixedClock(new Date()),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = (x: { q: string; country?: string }) =>
    `${origin}/api/vendors?limit=8&q=${encodeURIComponent(x.q)}${x.country ? `&country=${x.country}` : ''}`;
  try {
    // warm-up: one pass, untimed (first plans, connection pool)
    for (const x of mix) await (await fetch(url(x))).arrayBuffer();
    const byKind = new Map<string, number[]>();
    let found = 0;
    let firstHit = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const x of mix) {
        const t = process.hrtime.bigint();
        const res = await fetch(url(x));
        const body = (await res.json()) as { items: { name: string }[]; total: number };
        const elapsed = ms(t);
        if (!res.ok) throw new Error(`${url(x)}: ${res.status} ${JSON.stringify(body)}`);
        if (round === 0) {
          if (body.items.length > 0) found++;
          if (x.kind === 'exact name' && body.items[0]?.name === x.q) firstHit++;
        }
        byKind.set(x.kind, [...(byKind.get(x.kind) ?? []), elapsed]);
      }
    }
    console.log(
      `\nGET /api/vendors?q=&limit=8 (loopback HTTP, sequential, ${ROUNDS} rounds of ${mix.length} queries, 2 cores)`,
    );
    console.log('kind               runs   p50 ms   p95 ms   p99 ms');
    const all: number[] = [];
    for (const [kind, times] of byKind) {
      times.sort((a, b) => a - b);
      all.push(...times);
      console.log(
        `${kind.padEnd(16)} ${String(times.length).padStart(6)} ${pct(times, 50).toFixed(2).padStart(8)} ${pct(times, 95).toFixed(2).padStart(8)} ${pct(times, 99).toFixed(2).padStart(8)}`,
      );
    }
    all.sort((a, b) => a - b);
    console.log(
      `${'all'.padEnd(16)} ${String(all.length).padStart(6)} ${pct(all, 50).toFixed(2).padStart(8)} ${pct(all, 95).toFixed(2).padStart(8)} ${pct(all, 99).toFixed(2).padStart(8)}   (target p95 <= ${TARGET_P95_MS})`,
    );
    // the floor on this machine right now: the same HTTP round trip to a route that does no work
    const floor: number[] = [];
    for (let i = 0; i < all.length; i++) {
      const t = process.hrtime.bigint();
      await (await fetch(`${origin}/healthz`)).arrayBuffer();
      floor.push(ms(t));
    }
    floor.sort((a, b) => a - b);
    console.log(
      `${'(GET /healthz)'.padEnd(16)} ${String(floor.length).padStart(6)} ${pct(floor, 50).toFixed(2).padStart(8)} ${pct(floor, 95).toFixed(2).padStart(8)} ${pct(floor, 99).toFixed(2).padStart(8)}   (the same round trip doing nothing: the machine's load)`,
    );
    const [load1] = (await import('node:os')).loadavg();
    console.log(`load average (1 min) at the end: ${load1!.toFixed(2)}`);
    console.log(
      `queries with at least one result: ${found}/${mix.length}; exact names listed first: ${firstHit}/${PER_KIND}`,
    );
  } finally {
    server.close();
    await close();
    redis.disconnect();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
