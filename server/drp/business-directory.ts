import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordEvent } from '../events';

/**
 * One Covered Business of a DRP business directory (`businesses.json`), DRP 1.0 §3.05.2. The actions are those of
 * §3.01; the spec spells the opt-out both `sale:opt_out` (the table and the schema) and `sale:opt-out` (the example in
 * §2.01, and OSIRAA), so both are accepted and the business's own spelling is what the portal sends it.
 */
const DRP_ACTIONS = [
  'access',
  'deletion',
  'sale:opt_out',
  'sale:opt-out',
  'sale:opt_in',
  'sale:opt-in',
  'access:categories',
  'access:specific',
] as const;

export const businessEntrySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'a directory id ([A-Z_]+ in the spec)'),
  name: z.string().trim().min(1).max(200),
  logo: z.string().max(2000).nullish(),
  api_base: z.url().max(2000),
  supported_actions: z.array(z.enum(DRP_ACTIONS)).max(20),
  supported_verifications: z
    .array(z.enum(['email', 'phone_number', 'address']))
    .max(3)
    .default([]),
  privacy_policy_url: z.url().max(2000).nullish(),
  web_url: z.url().max(2000).nullish(),
  technical_contact: z.string().max(254).nullish(),
  business_contact: z.string().max(254).nullish(),
});
type BusinessEntry = z.infer<typeof businessEntrySchema>;

export interface DirectoryImport {
  /** where the directory was read (its URL, or a note of how it was received) */
  source: string;
  /** the directory's date or version as its publisher gives it */
  version: string;
  businesses: BusinessEntry[];
  /** business id -> vendor slug, where the business's name is not the vendor's */
  vendorSlugs?: Record<string, string>;
  now: Date;
}

export interface DirectoryImportResult {
  imported: { business_id: string; vendor: string; drp_channel_id: number; document_id: number }[];
  unmatched: { business_id: string; name: string }[];
}

/** The directory entry as the source document's text: what the channel's facts are quoted from. */
function recordText(entry: BusinessEntry, input: DirectoryImport): string {
  return [
    `DRP business directory entry ${entry.id} (directory ${input.version}, ${input.source})`,
    JSON.stringify(entry, null, 2),
  ].join('\n');
}

/**
 * Imports a business directory into the registry: each business becomes a DRP channel of its vendor, cited by a
 * source document (a `policy_documents` dataset record of the dataset `drp-directory`, text = the entry itself, hash,
 * version, source) like any other imported fact. A business already imported is updated (its API base or actions
 * may change) and keeps its pair-wise token unless its API base changed: a token is valid on the domain it was issued
 * for only (§2.05.1). Businesses that match no vendor (by the slug given, else by name) are reported, not created.
 */
export async function importBusinessDirectory(db: Knex, input: DirectoryImport): Promise<DirectoryImportResult> {
  const result: DirectoryImportResult = { imported: [], unmatched: [] };
  await db.transaction(async (trx) => {
    for (const entry of input.businesses) {
      const slug = input.vendorSlugs?.[entry.id];
      const vendor = slug
        ? await trx('vendors').where({ slug }).first('id', 'slug')
        : await trx('vendors').whereRaw('lower(name) = lower(?)', [entry.name]).orderBy('id').first('id', 'slug');
      if (!vendor) {
        result.unmatched.push({ business_id: entry.id, name: entry.name });
        continue;
      }
      const text = recordText(entry, input);
      const sha256 = createHash('sha256').update(text).digest('hex');
      const [doc] = await trx('policy_documents')
        .insert({
          vendor_id: vendor.id,
          source: input.source,
          title: `DRP directory: ${entry.name}`,
          format: 'text',
          sha256,
          normalized_text: text,
          byte_length: Buffer.byteLength(text),
          retrieved_at: input.now,
          kind: 'dataset_record',
          dataset: 'drp-directory',
          dataset_name: 'Data Rights Protocol business directory',
          dataset_record: entry.id,
          dataset_version: input.version,
          source_urls: [entry.api_base, ...(entry.privacy_policy_url ? [entry.privacy_policy_url] : [])],
        })
        .onConflict(['vendor_id', 'sha256'])
        .merge({ retrieved_at: input.now })
        .returning<{ id: number }[]>('id');
      const fields = {
        vendor_id: vendor.id,
        document_id: doc!.id,
        name: entry.name,
        api_base: entry.api_base.replace(/\/+$/, ''),
        supported_actions: entry.supported_actions,
        supported_verifications: entry.supported_verifications,
        privacy_policy_url: entry.privacy_policy_url ?? null,
        web_url: entry.web_url ?? null,
        retired_at: null,
        updated_at: input.now,
      };
      const existing = await trx('drp_channels').where({ business_id: entry.id }).forUpdate().first('id', 'api_base');
      let id: number;
      if (existing) {
        const moved = existing.api_base !== fields.api_base;
        await trx('drp_channels')
          .where({ id: existing.id })
          .update({ ...fields, ...(moved ? { token_sealed: null, token_obtained_at: null } : {}) });
        id = Number(existing.id);
      } else {
        const [row] = await trx('drp_channels')
          .insert({ ...fields, business_id: entry.id, created_at: input.now })
          .returning<{ id: number }[]>('id');
        id = Number(row!.id);
      }
      await recordEvent(trx, {
        type: 'drp_channel_imported',
        subjectId: vendor.id,
        actor: { type: 'system' },
        at: input.now,
        payload: { drp_channel_id: id, business_id: entry.id, document_id: doc!.id },
      });
      result.imported.push({ business_id: entry.id, vendor: vendor.slug, drp_channel_id: id, document_id: doc!.id });
    }
  });
  return result;
}
