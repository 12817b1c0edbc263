import request from 'supertest';
import { reviewFact } from '../../server/vendors';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { randomWord, registryVendor } from '../factories/vendors';
import { createTestContext, type TestContext } from '../setup/context';

interface Item {
  slug: string;
  name: string;
  countries: string[];
  data_quality: string | null;
  country_relevance: string | null;
  channels: { type: string; value: string }[];
  match: { kind: string; term: string; type: string; similarity: number } | null;
}

describe('registry search (GET /api/vendors?q=)', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext();
  });
  afterAll(() => ctx.close());

  const search = async (q: string, extra: Record<string, string | number> = {}) => {
    const res = await request(ctx.app)
      .get('/api/vendors')
      .query({ q, limit: 50, ...extra });
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; total: number };
  };
  const slugs = (body: { items: Item[] }) => body.items.map((i) => i.slug);

  test('when the name is typed with a typo, then the vendor is found by similarity', async () => {
    const word = randomWord();
    const v = await registryVendor(ctx.db, { name: `${word[0]!.toUpperCase()}${word.slice(1)} Streaming AB` });
    const dropped = `${word.slice(0, 5)}${word.slice(6)}`; // a letter left out
    const replaced = `${word.slice(0, 4)}${word[4] === 'x' ? 'y' : 'x'}${word.slice(5)}`; // a letter mistyped
    for (const typo of [dropped, replaced]) {
      const hit = (await search(typo)).items.find((i) => i.slug === v.slug);
      expect(hit?.match).toMatchObject({ kind: 'name', type: 'similar' });
    }
  });

  test('when the name has accents, then it is found without them, and an accented query finds a plain name', async () => {
    const word = randomWord();
    const accented = await registryVendor(ctx.db, { name: `Société Générale ${word}` });
    expect(slugs(await search(`societe generale ${word}`))[0]).toBe(accented.slug);
    expect(slugs(await search(`SOCIETE-GENERALE ${word.toUpperCase()}`))[0]).toBe(accented.slug);
    const plain = await registryVendor(ctx.db, { name: `Zurich ${word} Versicherung` });
    expect(slugs(await search(`Zürich ${word}`))).toContain(plain.slug);
  });

  test('when a brand, a product or a former name is typed, then the company that runs it is found and says why', async () => {
    const brand = randomWord();
    const product = randomWord();
    const former = randomWord();
    const v = await registryVendor(ctx.db, {
      name: `${randomWord()} Media Group`,
      brands: [brand],
      products: [`${product} Player`],
      formerNames: [`${former} Ltd`],
    });
    expect((await search(brand)).items[0]).toMatchObject({ slug: v.slug, match: { kind: 'brand', type: 'exact' } });
    expect((await search(product)).items[0]).toMatchObject({
      slug: v.slug,
      match: { kind: 'product', type: 'prefix' },
    });
    expect((await search(former)).items[0]).toMatchObject({
      slug: v.slug,
      match: { kind: 'former_name', type: 'prefix' },
    });
  });

  test('when a web or email domain, an address or a URL is typed, then the vendor is found by its domain', async () => {
    const word = randomWord();
    const v = await registryVendor(ctx.db, {
      name: `${randomWord()} Holdings`,
      emails: [`privacy@${word}-mail.example`],
    });
    for (const q of [
      `${word}-mail.example`,
      `dpo@${word}-mail.example`,
      `https://www.${word}-mail.example/privacy?x=1`,
    ]) {
      const first = (await search(q)).items[0];
      expect(first).toMatchObject({
        slug: v.slug,
        match: { kind: 'domain', term: `${word}-mail.example`, type: 'exact' },
      });
    }
  });

  test('when several vendors match, then the exact name comes first, then prefixes and word prefixes; misspellings only without a direct match; ties by data quality', async () => {
    const word = randomWord();
    const cap = `${word[0]!.toUpperCase()}${word.slice(1)}`;
    const typo = await registryVendor(ctx.db, {
      name: `${cap.slice(0, -1)}${cap.endsWith('a') ? 'e' : 'a'}`,
      quality: 'tested',
    });
    const prefix = await registryVendor(ctx.db, { name: `${cap} Holdings`, quality: 'tested' });
    const wordPrefix = await registryVendor(ctx.db, { name: `Alpha ${cap}`, quality: 'tested' });
    const before = await search(word);
    expect(slugs(before)).toEqual([prefix.slug, wordPrefix.slug]);
    expect(before.items.map((i) => i.match?.type)).toEqual(['prefix', 'word_prefix']);
    expect(before.total).toBe(2);
    expect(slugs(before)).not.toContain(typo.slug); // a near spelling, not offered while direct matches exist
    // misspellings are offered when nothing matches directly ("did you mean"), after every direct match otherwise
    const misspelled = await search(`${word.slice(0, 4)}${word[4] === 'x' ? 'y' : 'x'}${word.slice(5)}`);
    expect(slugs(misspelled)).toEqual(expect.arrayContaining([prefix.slug, wordPrefix.slug]));
    expect(new Set(misspelled.items.map((i) => i.match?.type))).toEqual(new Set(['similar']));
    // once the exact company exists, it comes first and misspellings of it are no longer offered
    const exact = await registryVendor(ctx.db, { name: cap, quality: 'scraped' });
    const after = await search(word);
    expect(slugs(after)).toEqual([exact.slug, prefix.slug, wordPrefix.slug]);
    expect(after.items.map((i) => i.match?.type)).toEqual(['exact', 'prefix', 'word_prefix']);
    expect(after.total).toBe(3);

    const scraped = await registryVendor(ctx.db, { name: `${cap} Shop`, quality: 'scraped' });
    const tested = await registryVendor(ctx.db, { name: `${cap} Shop`, quality: 'tested' });
    const verified = await registryVendor(ctx.db, { name: `${cap} Shop`, quality: 'verified' });
    expect(slugs(await search(`${word} shop`)).slice(0, 3)).toEqual([tested.slug, verified.slug, scraped.slug]);
  });

  test('when a country is given, then vendors operating there come first, then worldwide ones, and each says so', async () => {
    // names of one length, so only the country and then the data quality order them
    const word = randomWord();
    const gb = await registryVendor(ctx.db, { name: `${word} Mobile`, countries: ['gb'], quality: 'tested' });
    const all = await registryVendor(ctx.db, { name: `${word} Online`, countries: ['all'] });
    const de = await registryVendor(ctx.db, { name: `${word} Telcom`, countries: ['de', 'at'], quality: 'scraped' });
    expect(slugs(await search(word))).toEqual([gb.slug, all.slug, de.slug]);
    const boosted = await search(word, { country: 'DE' });
    expect(slugs(boosted)).toEqual([de.slug, all.slug, gb.slug]);
    expect(boosted.items.map((i) => i.country_relevance)).toEqual(['listed', 'worldwide', 'other']);
    expect(boosted.items[0]).toMatchObject({ countries: ['de', 'at'], data_quality: 'scraped' });
    expect((await search(word)).items[0]!.country_relevance).toBeNull();

    const bad = await request(ctx.app).get('/api/vendors').query({ q: word, country: 'Germany' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['country']);
  });

  test('when staff add a channel, then its domain finds the vendor; a rejected product no longer does', async () => {
    const domain = `${randomWord()}.example`;
    const product = randomWord();
    const v = await registryVendor(ctx.db, { name: `${randomWord()} Services`, products: [product] });
    expect(slugs(await search(domain))).not.toContain(v.slug);

    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const { agent, csrf } = await signIn(ctx.app, staff.email);
    const added = await agent
      .post(`/api/staff/vendors/${v.slug}/channels`)
      .set('X-CSRF-Token', csrf)
      .send({ type: 'email', value: `privacy@${domain}`, source: 'https://example.test/contact' });
    expect(added.status).toBe(201);
    const found = (await search(domain)).items[0];
    expect(found).toMatchObject({ slug: v.slug, match: { kind: 'domain' } });
    expect(found!.channels).toContainEqual(expect.objectContaining({ type: 'email', value: `privacy@${domain}` }));

    expect(slugs(await search(product))).toContain(v.slug);
    await reviewFact(ctx.db, {
      factId: v.factIds[`product:${product}`]!,
      reviewer: 'tester',
      decision: 'reject',
      reason: 'not a product',
    });
    expect(slugs(await search(product))).not.toContain(v.slug);
  });

  test('when a company is only a consumer-named research placeholder, then search does not list it', async () => {
    const word = randomWord();
    const v = await registryVendor(ctx.db, { name: `${word} Research Corp`, listed: false });
    expect(slugs(await search(word))).not.toContain(v.slug);
  });

  test('when the query is one or two letters, then names starting with them are listed; a page past the end keeps the total', async () => {
    const word = randomWord();
    await registryVendor(ctx.db, { name: `${word} One` });
    await registryVendor(ctx.db, { name: `${word} Two` });
    expect((await search(word.slice(0, 2))).total).toBeGreaterThanOrEqual(2);
    const past = await search(word, { offset: 10 });
    expect(past).toMatchObject({ items: [], total: 2 });
  });
});
