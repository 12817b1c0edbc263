import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Config } from '../../server/config';
import { agentDirectoryEntry } from '../../server/drp';
import { unique } from '../setup/context';
import { startDrpBusiness, type DrpBusiness } from '../setup/drp-business';
import { createAccountWithPassword, signIn } from './accounts';

/** A loopback DRP business (test/setup/drp-business.ts) that trusts the portal's agent key. */
export async function drpBusinessFor(
  db: Knex,
  config: Config,
  options: { now?: () => Date; supportedActions?: string[] } = {},
): Promise<DrpBusiness> {
  return startDrpBusiness({
    businessId: unique('BIZ')
      .toUpperCase()
      .replace(/[^A-Z]/g, '_'),
    agents: async () => {
      const entry = await agentDirectoryEntry(db, config);
      return { [entry.id]: entry.verify_key };
    },
    ...options,
  });
}

/** Imports the business as the vendor's DRP channel through the staff API, as staff would. */
export async function importDrpChannel(app: Express, db: Knex, business: DrpBusiness, vendorSlug: string) {
  const staff = await createAccountWithPassword(db, 'staff');
  const { agent, csrf } = await signIn(app, staff.email);
  const res = await agent
    .post('/api/staff/drp/businesses')
    .set('X-CSRF-Token', csrf)
    .send({
      source: 'test directory',
      version: '2026-12-07',
      businesses: [
        {
          id: business.businessId,
          name: `Business ${business.businessId}`,
          logo: null,
          api_base: business.url,
          supported_actions: ['access', 'deletion', 'sale:opt-out'],
          supported_verifications: ['email'],
          privacy_policy_url: `${business.url}/privacy`,
          web_url: business.url,
        },
      ],
      vendor_slugs: { [business.businessId]: vendorSlug },
    });
  if (res.status !== 200 || res.body.imported.length !== 1)
    throw new Error(`import answered ${res.status}: ${res.text}`);
  return res.body.imported[0] as { drp_channel_id: number; document_id: number };
}
