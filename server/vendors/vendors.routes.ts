import type { Knex } from 'knex';
import { z } from 'zod';
import { notFound, type ApiRouter } from '../http';
import { gpcSupportOf } from './gpc-support';
import { getVendorProfile } from './registry.repository';
import { vendorResponsiveness } from './responsiveness';
import { searchVendors } from './search';

export const gpcCheckSchema = z.object({
  url: z.string(),
  outcome: z
    .enum(['supported', 'not_supported', 'absent', 'invalid', 'failed'])
    .describe('supported: gpc.json says "gpc": true; not_supported: false; absent: no file (404/410); invalid; failed'),
  last_update: z.string().nullable().describe("the file's own lastUpdate date"),
  detail: z.string().nullable(),
  checked_at: z.string(),
});
const citation = z.object({ start: z.number().int(), end: z.number().int(), quote: z.string() });
/** Where a fact comes from and how fresh it is: the vendor's policy, or a dataset record (dataset, record, version, date). */
const factSource = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('policy'),
    document_id: z.number(),
    title: z.string(),
    source: z.string(),
    retrieved_at: z.string(),
    effective_date: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('dataset'),
    document_id: z.number(),
    dataset: z.string(),
    dataset_name: z.string(),
    record: z.string().describe("the record's slug or key in the dataset"),
    version: z.string(),
    date: z.string().nullable().describe("the dataset version's date"),
    quality: z.enum(['tested', 'verified', 'imported', 'scraped']).nullable(),
    source_urls: z.array(z.string()),
    retrieved_at: z.string().describe('when the portal imported the record'),
    withdrawn: z.boolean().describe('a newer version of the dataset no longer has the record'),
  }),
]);
const publishedFact = z.looseObject({
  id: z.number(),
  review_status: z.enum(['draft', 'approved', 'edited']),
  edited_value: z.string().nullable(),
  citation,
  source: factSource,
  conflict: z
    .string()
    .nullable()
    .describe('set when another source gives a different value (both kept, flagged for review)'),
});

/** A contact staff added (vendor_channels): no citation, its source instead; `vendor_channel_id` is not a fact id. */
const staffChannel = z.object({
  vendor_channel_id: z.number(),
  origin: z.literal('staff'),
  type: z.enum(['email', 'postal', 'webform', 'phone']),
  value: z.string(),
  purpose: z.string(),
  jurisdictions: z.array(z.string()),
  label: z.string().nullable(),
  source: z
    .string()
    .describe('where staff found it: a URL, or "found by our staff (note on file)" when the source is a note'),
  source_kind: z.enum(['url', 'note']),
  added_at: z.string(),
});

const vendorSummary = z.object({
  slug: z.string(),
  name: z.string(),
  needs_review: z.boolean(),
  products: z.array(z.string()),
  channels: z.array(
    z.object({
      type: z.string(),
      value: z.string(),
      purpose: z.string(),
      source: z.string().describe("where it comes from, in English: the vendor's policy or a dataset, with its date"),
      origin: z
        .object({
          kind: z.enum(['policy', 'dataset', 'staff']),
          dataset: z.string().nullable(),
          date: z.string().nullable().describe('the policy retrieved (YYYY-MM-DD), or the dataset date or version'),
        })
        .describe('the same as data, for the consumer pages to say in their language'),
    }),
  ),
  response_times: z.array(z.object({ days: z.number(), unit: z.string(), rights: z.array(z.string()) })),
  countries: z
    .array(z.string())
    .describe("ISO 3166 codes (lower case) or 'all' where the vendor operates; empty when unknown"),
  data_quality: z
    .enum(['tested', 'verified', 'scraped'])
    .nullable()
    .describe(
      'the dataset grade of the record: tested (a request was actually sent), verified, scraped; null for a vendor known from its policy alone',
    ),
  country_relevance: z
    .enum(['listed', 'worldwide', 'other'])
    .nullable()
    .describe('with `country`: the vendor names that country, operates in all, or neither; null without `country`'),
  match: z
    .object({
      kind: z.enum(['name', 'brand', 'former_name', 'product', 'domain']),
      term: z.string(),
      type: z.enum(['exact', 'prefix', 'word_prefix', 'similar']),
      similarity: z.number(),
    })
    .nullable()
    .describe('the term that matched the query; null when listing without one'),
});
const vendorList = z.object({
  items: z.array(vendorSummary),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});
const vendorProfile = z.object({
  slug: z.string(),
  name: z.string(),
  needs_review: z.boolean(),
  review_note: z.string().nullable(),
  countries: z.array(z.string()),
  data_quality: z.string().nullable(),
  request_language: z.string().nullable(),
  registered_data_broker: z.boolean(),
  sources: z.array(factSource).describe("every current source: the vendor's policy and each dataset record"),
  metrics: z.array(
    z.object({
      dataset: z.string(),
      record: z.string(),
      version: z.string(),
      metrics: z.record(z.string(), z.unknown()),
    }),
  ),
  policy: z
    .object({
      document_id: z.number(),
      title: z.string(),
      source: z.string(),
      effective_date: z.string().nullable(),
      sha256: z.string(),
      retrieved_at: z.string(),
    })
    .nullable(),
  products: z.array(publishedFact),
  former_names: z.array(publishedFact),
  websites: z.array(publishedFact),
  channels: z.array(publishedFact),
  staff_channels: z.array(staffChannel),
  rights: z.array(publishedFact),
  deadlines: z.array(publishedFact),
  requirements: z.array(publishedFact),
  warnings: z.array(publishedFact),
  gaps: z.array(publishedFact),
  has_usable_channel: z.boolean(),
  gpc: gpcCheckSchema
    .nullable()
    .describe(
      "the latest look at the vendor's /.well-known/gpc.json (Global Privacy Control support); null: never checked",
    ),
});

const slugParams = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a vendor slug: lower-case letters, digits and dashes'),
});

const responsiveness = z.object({
  vendor: z.object({ slug: z.string(), name: z.string() }),
  requests_received: z.number().describe('requests the company received through the portal (their deadline started)'),
  answered: z.number().describe('of those, requests it answered (a substantive answer, not an acknowledgement)'),
  median_days_to_first_answer: z.number().nullable(),
  answered_on_time: z.number(),
  deadline_decided: z.number().describe('requests answered or whose legal due date has passed: the base of the share'),
  on_time_share: z.number().nullable().describe('answered_on_time / deadline_decided; null with no base yet'),
  denial_reasons: z.array(z.object({ reason: z.string(), label: z.string(), count: z.number() })),
  computed_at: z.string().nullable().describe('when the figures were computed (every 15 minutes); null: none yet'),
});

export function registerVendorRoutes(api: ApiRouter, deps: { db: Knex }): void {
  api.route(
    {
      method: 'get',
      path: '/api/vendors',
      summary:
        'Search the vendor registry by name, brand, former name, product or web/email domain (typos and accents tolerated)',
      tags: ['registry'],
      query: z.object({
        q: z.string().max(200).optional(),
        country: z
          .string()
          .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code')
          .optional()
          .describe('vendors operating in this country (or everywhere) rank first within each kind of match'),
        limit: z.coerce.number().int().min(1).max(100).default(20),
        offset: z.coerce.number().int().min(0).max(100_000).default(0),
      }),
      responses: { 200: { description: 'A page of vendors', schema: vendorList } },
    },
    async ({ query }) => ({ ...(await searchVendors(deps.db, query)), limit: query.limit, offset: query.offset }),
  );
  api.route(
    {
      method: 'get',
      path: '/api/vendors/:slug',
      summary: 'A vendor with every published fact and its citation',
      tags: ['registry'],
      params: z.object({
        slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a vendor slug: lower-case letters, digits and dashes'),
      }),
      responses: { 200: { description: 'The vendor', schema: vendorProfile } },
    },
    async ({ params }) => {
      const profile = await getVendorProfile(deps.db, params.slug);
      if (!profile) throw notFound(`No vendor with the slug "${params.slug}".`);
      // A staff note may name the person who confirmed a contact: the public registry shows URLs, and only that a
      // note exists otherwise (staff see the note in the registry review).
      return {
        ...profile,
        gpc: await gpcSupportOf(deps.db, params.slug),
        staff_channels: profile.staff_channels.map((c) =>
          c.source_kind === 'url' ? c : { ...c, source: 'found by our staff (note on file)' },
        ),
      };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/vendors/:slug/responsiveness',
      summary:
        "The company's responsiveness as the portal observed it: median days to first answer, share answered within the legal deadline, common denial reasons",
      tags: ['registry'],
      params: slugParams,
      responses: { 200: { description: 'The observed figures', schema: responsiveness } },
    },
    async ({ params }) => {
      const record = await vendorResponsiveness(deps.db, params.slug);
      if (!record) throw notFound(`No vendor with the slug "${params.slug}".`);
      return record;
    },
  );
}
