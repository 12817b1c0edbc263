import type { Knex } from 'knex';
import { unique, uniqueEmail } from '../setup/context';
import { nextReference } from './requests';

/** A requester and a request to a seeded vendor, with a reference from the real sequence. */
export async function createRequestRow(db: Knex, options: { vendorSlug?: string; status?: string } = {}) {
  const vendor = await db('vendors')
    .where({ slug: options.vendorSlug ?? 'sonos' })
    .first('id', 'name');
  const [requester] = await db('requesters')
    .insert({ name: unique('Jane'), email: uniqueEmail('jane') })
    .returning('*');
  const [request] = await db('requests')
    .insert({
      reference: await nextReference(db),
      requester_id: requester.id,
      vendor_id: vendor.id,
      right: 'access',
      jurisdiction: 'US-CA',
      status: options.status ?? 'sent',
      channel_type: 'email',
      channel_value: 'privacy@sonos.com',
    })
    .returning('*');
  return { request, requester, vendor };
}
