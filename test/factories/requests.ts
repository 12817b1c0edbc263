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
      address: JSON.stringify({ line1: '1 Test Street', city: 'Springfield', region: 'CA', postal_code: '94110', country: 'United States' }),
    })
    .returning<{ id: number }[]>('id');
  const { rows } = await db.raw<{ rows: { n: number }[] }>("select nextval('request_reference_seq')::int as n");
  const reference = `DR-2026-${String(rows[0]!.n % 1_000_000).padStart(6, '0')}`;
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
  return { requestId: request!.id, requesterId: requester!.id, reference, vendorId: vendor.id, vendorSlug, vendorEmail, requesterEmail };
}
