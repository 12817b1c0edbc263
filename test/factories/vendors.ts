import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { ingestPolicy, refreshVendorSearchTerms } from '../../server/vendors';
import { unique } from '../setup/context';

/**
 * A vendor of the test's own, ingested from one of the seeded policies under a unique slug. Tests that add staff
 * channels, or that need a vendor without any, use one: staff channels added to a seeded vendor would stay in the
 * shared test database and change how every later submission to it is routed.
 */
export async function privateVendorFrom(db: Knex, seed: string): Promise<string> {
  const slug = unique(seed);
  const raw = fs.readFileSync(path.resolve(__dirname, `../../seeds/policies/${seed}.txt`), 'utf8');
  await ingestPolicy(db, {
    slug,
    source: `test copy of seeds/policies/${seed}.txt`,
    raw,
    retrievedAt: new Date(),
    actor: { type: 'staff', id: 'tester' },
  });
  return slug;
}

/** A made-up word (letters only) that no other vendor in the shared test database contains. */
export function randomWord(length = 8): string {
  const consonants = 'bdfgklmnprstvz';
  const vowels = 'aeiou';
  let word = '';
  for (let i = 0; i < length; i++) {
    const set = i % 2 === 0 ? consonants : vowels;
    word += set[Math.floor(Math.random() * set.length)];
  }
  return word;
}

export interface RegistryVendorInput {
  name: string;
  countries?: string[];
  quality?: 'tested' | 'verified' | 'scraped' | null;
  products?: string[];
  brands?: string[];
  formerNames?: string[];
  emails?: string[];
  websites?: string[];
  listed?: boolean;
  /** registered with the State of California as a data broker */
  broker?: boolean;
}

/**
 * A vendor as a dataset record gives it (a document per record, its facts cited into it), written the way an importer
 * writes one and then handed to the single writer of the search terms.
 */
export async function registryVendor(
  db: Knex,
  input: RegistryVendorInput,
): Promise<{ id: number; slug: string; factIds: Record<string, number> }> {
  const slug = unique('reg');
  const [vendor] = await db('vendors')
    .insert({
      slug,
      name: input.name,
      countries: input.countries ?? [],
      data_quality: input.quality ?? null,
      listed: input.listed ?? true,
      registered_data_broker: input.broker ?? false,
    })
    .returning<{ id: number }[]>('id');
  const lines: { family: string; fact: Record<string, unknown>; text: string; key: string }[] = [
    ...(input.products ?? []).map((name) => ({
      family: 'product',
      fact: { name },
      text: `Product: ${name}`,
      key: `product:${name}`,
    })),
    ...(input.brands ?? []).map((name) => ({
      family: 'product',
      fact: { name, kind: 'brand' },
      text: `Brand: ${name}`,
      key: `brand:${name}`,
    })),
    ...(input.formerNames ?? []).map((name) => ({
      family: 'former_name',
      fact: { name },
      text: `Formerly: ${name}`,
      key: `former:${name}`,
    })),
    ...(input.emails ?? []).map((value) => ({
      family: 'channel',
      fact: { type: 'email', value, purpose: 'privacy_requests', jurisdictions: [] },
      text: `Email: ${value}`,
      key: `channel:email:${value}`,
    })),
    ...(input.websites ?? []).map((url) => ({
      family: 'website',
      fact: { url },
      text: `Website: ${url}`,
      key: `website:${url}`,
    })),
  ];
  const text = [input.name, ...lines.map((l) => l.text)].join('\n');
  const [document] = await db('policy_documents')
    .insert({
      vendor_id: vendor!.id,
      source: `test dataset record ${slug}`,
      title: input.name,
      format: 'text',
      sha256: slug.padEnd(64, '0'),
      normalized_text: text,
      byte_length: Buffer.byteLength(text),
      retrieved_at: new Date(),
    })
    .returning<{ id: number }[]>('id');
  const factIds: Record<string, number> = {};
  for (const line of lines) {
    const start = text.indexOf(line.text);
    const citation = { start, end: start + line.text.length, quote: line.text };
    const [row] = await db('vendor_facts')
      .insert({
        vendor_id: vendor!.id,
        document_id: document!.id,
        fact_key: line.key,
        family: line.family,
        fact: JSON.stringify({ ...line.fact, citation }),
        citation_start: citation.start,
        citation_end: citation.end,
        quote: citation.quote,
      })
      .returning<{ id: number }[]>('id');
    factIds[line.key] = row!.id;
  }
  await db('vendors').where({ id: vendor!.id }).update({ current_document_id: document!.id });
  await refreshVendorSearchTerms(db, [vendor!.id]);
  return { id: Number(vendor!.id), slug, factIds };
}
