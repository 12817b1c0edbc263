import type { Knex } from 'knex';
import { unique, uniqueEmail } from '../setup/context';

export interface RequestFixture {
  requestId: number;
  requesterId: number;
  reference: string;
  vendorId: number;
  vendorSlug: string;
  /** the vendor channel this request went to: unique per request, so mail assertions find only this test's mail */
  vendorEmail: string;
  requesterEmail: string;
}

/** The next request reference from the shared sequence (DR-2026-NNNNNN), as intake makes them. */
export async function nextReference(db: Knex): Promise<string> {
  const { rows } = await db.raw<{ rows: { n: number }[] }>("select nextval('request_reference_seq')::int as n");
  return `DR-2026-${String(rows[0]!.n % 1_000_000).padStart(6, '0')}`;
}

/**
 * A requester and a request to a SEEDED vendor (its published deadline promises are what the engine reads), with
 * unique names, addresses and a reference from the shared sequence, so tests sharing the database never collide.
 */
export async function createRequest(
  db: Knex,
  options: { vendor?: string; jurisdiction?: string; right?: string; channel?: 'email' | 'postal' } = {},
): Promise<RequestFixture> {
  const vendorSlug = options.vendor ?? 'sonos';
  const vendor = await db('vendors').where({ slug: vendorSlug }).first<{ id: number } | undefined>('id');
  if (!vendor) throw new Error(`vendor ${vendorSlug} is not seeded`);
  const requesterEmail = uniqueEmail('requester');
  const vendorEmail = uniqueEmail('privacy');
  const [requester] = await db('requesters')
    .insert({
      name: `Test ${unique('person')}`,
      email: requesterEmail,
      address: JSON.stringify({
        line1: '1 Test Street',
        city: 'Springfield',
        region: 'CA',
        postal_code: '94110',
        country: 'United States',
      }),
    })
    .returning<{ id: number }[]>('id');
  const reference = await nextReference(db);
  const channel = options.channel ?? 'email';
  const [request] = await db('requests')
    .insert({
      reference,
      requester_id: requester!.id,
      vendor_id: vendor.id,
      right: options.right ?? 'access',
      jurisdiction: options.jurisdiction ?? 'US-CA',
      status: 'sent',
      channel_type: channel,
      channel_value: channel === 'email' ? vendorEmail : 'Attn: Privacy Office\n1 Vendor Way\nSpringfield, CA 94110',
    })
    .returning<{ id: number }[]>('id');
  return {
    requestId: request!.id,
    requesterId: requester!.id,
    reference,
    vendorId: vendor.id,
    vendorSlug,
    vendorEmail,
    requesterEmail,
  };
}

/**
 * A verified request to a seeded vendor, routed by the vendor's published channels as intake does: to its first
 * published `channel` fact (status ready_to_dispatch), or to nobody (needs_research) with `none` or when it has none.
 */
export async function createRoutedRequest(
  db: Knex,
  slug: string,
  right: string,
  jurisdiction: string,
  channel: 'email' | 'postal' | 'none',
) {
  const vendor = await db('vendors').where({ slug }).first('id', 'current_document_id');
  const fact =
    channel === 'none'
      ? undefined
      : await db('vendor_facts')
          .where({ document_id: vendor.current_document_id, family: 'channel' })
          .whereRaw("fact->>'type' = ?", [channel])
          .orderBy('citation_start')
          .first();
  const [requester] = await db('requesters')
    .insert({
      name: unique('Jane Doe'),
      email: uniqueEmail('jane'),
      address: JSON.stringify({ line1: '1 Main St', city: 'Reno', region: 'NV', postal_code: '89501', country: 'US' }),
    })
    .returning('*');
  const [request] = await db('requests')
    .insert({
      reference: await nextReference(db),
      requester_id: requester.id,
      vendor_id: vendor.id,
      right,
      jurisdiction,
      status: fact ? 'ready_to_dispatch' : 'needs_research',
      channel_type: fact ? channel : 'none',
      channel_value: fact?.fact.value ?? null,
      channel_fact_id: fact?.id ?? null,
    })
    .returning('*');
  return { request, requester };
}
