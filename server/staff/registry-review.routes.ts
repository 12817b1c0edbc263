import { z } from 'zod';
import { listDraftFacts, reviewFact } from '../vendors';
import { multiLine, multiLineText, validationFailed, type ApiRouter } from '../http';
import type { ActionDeps } from './action-support';
import { staffChange, staffIdOf, staffOnly } from './guards';
import { linkResearch, listResearch } from './research.service';
import { addVendorChannel, CHANNEL_TYPES, listVendorChannels } from './vendor-channels.service';
import { setVendorLanguage, vendorLanguageView } from './vendor-language.service';
import { LETTER_LANGUAGES } from '../shared/languages';

const vendorLanguage = z.object({
  vendor: z.string(),
  language: z.enum(LETTER_LANGUAGES).describe('the language letters to the company are written in'),
  language_name: z.string(),
  source: z.enum(['staff', 'dataset', 'policy', 'default']),
  found: z
    .string()
    .nullable()
    .describe("the dataset's or policy's language as found (also one letters are not written in)"),
  citation: z.object({ document_id: z.number(), start: z.number(), end: z.number(), quote: z.string() }).nullable(),
  counts: z.record(z.string(), z.number()).nullable().describe("the detector's word counts per language (policy)"),
  signals: z.object({ staff: z.string().nullable(), dataset: z.string().nullable(), policy: z.string().nullable() }),
});

const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });
const channel = z.object({
  id: z.number(),
  type: z.string(),
  value: z.string(),
  purpose: z.string(),
  jurisdictions: z.array(z.string()),
  label: z.string().nullable(),
  source: z.string(),
  source_kind: z.string(),
  added_by: z.number(),
  created_at: z.string(),
});

/** A fact awaiting review, with its citation and the source document it is quoted from. */
const draftFact = z.object({
  id: z.number(),
  vendor_slug: z.string(),
  vendor_name: z.string(),
  family: z.string(),
  fact_key: z.string(),
  fact: z.record(z.string(), z.unknown()),
  quote: z.string(),
  citation_start: z.number(),
  citation_end: z.number(),
  change: z.string().nullable().describe('added or changed since the previous version of the source'),
  conflict: z.string().nullable().describe('set when another source gives a different value'),
  document_id: z.number(),
  document_title: z.string().nullable(),
  document_source: z.string(),
  document_kind: z.enum(['policy', 'dataset_record']),
  dataset: z.string().nullable(),
  dataset_record: z.string().nullable(),
  dataset_version: z.string().nullable(),
  dataset_date: z.string().nullable(),
  source_urls: z.array(z.string()).nullable(),
});

const isUrl = (v: string) => z.url({ protocol: /^https?$/ }).safeParse(v).success;
/** Each channel type's value must look like one: an email is an address, a web form a URL, a phone number digits. */
const VALUE_CHECKS: Record<(typeof CHANNEL_TYPES)[number], [(v: string) => boolean, string]> = {
  email: [(v) => z.email().safeParse(v).success, 'an email address'],
  webform: [isUrl, 'an http(s) URL'],
  phone: [(v) => /^\+?[0-9][0-9 ().-]{5,29}$/.test(v), 'a phone number (digits, spaces, + ( ) - .)'],
  postal: [(v) => v.split('\n').filter((l) => l.trim()).length >= 2, 'a postal address of at least two lines'],
};

const newChannel = z
  .object({
    type: z.enum(CHANNEL_TYPES),
    value: multiLine(
      z.string().trim().min(3).max(500).describe('a postal address is one line per line of the address'),
    ),
    source: multiLine(
      z
        .string()
        .trim()
        .min(1)
        .max(2000)
        .describe('where it was found: an http(s) URL, or a note of at least 10 characters'),
    ),
    purpose: z.enum(['privacy_requests', 'state_rights', 'dpo', 'general']).optional(),
    jurisdictions: z
      .array(z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/))
      .max(50)
      .optional(),
    label: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((b, ctx) => {
    const [check, what] = VALUE_CHECKS[b.type];
    if (!check(b.value))
      ctx.addIssue({ code: 'custom', path: ['value'], message: `a ${b.type} channel needs ${what}` });
    if (!isUrl(b.source) && b.source.length < 10)
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: 'give the URL where it was found, or a note of at least 10 characters',
      });
  });

/** Registry review (facts awaiting a decision, decisions) and staff-added vendor channels. */
export function registerRegistryReviewRoutes(api: ApiRouter, deps: ActionDeps): void {
  api.route(
    {
      method: 'get',
      path: '/api/staff/registry/facts',
      summary:
        "Facts of vendors' current policies and dataset records awaiting review (drafts), with their citations and sources",
      tags: ['staff', 'registry'],
      before: staffOnly,
      query: z.object({
        vendor: z
          .string()
          .regex(/^[a-z0-9-]{1,80}$/)
          .optional(),
        family: z
          .string()
          .regex(/^[a-z_]{1,40}$/)
          .optional(),
        after: z.coerce.number().int().nonnegative().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        conflicts: z.enum(['true', 'false']).optional().describe('only facts another source contradicts'),
      }),
      responses: {
        200: {
          description: 'Facts awaiting review, by id; pass the last id as `after` for the next page',
          schema: z.object({ items: z.array(draftFact), next_after: z.number().nullable() }),
        },
      },
    },
    async ({ query }) => {
      const rows = await listDraftFacts(deps.db, query);
      const items = rows.slice(0, query.limit);
      return { items, next_after: rows.length > query.limit ? items[items.length - 1]!.id : null };
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/registry/facts/:id/review',
      summary: 'Approve, edit (with reason and corrected value) or reject (with reason) one fact',
      tags: ['staff', 'registry'],
      before: staffChange,
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({
        decision: z.enum(['approve', 'edit', 'reject']),
        reason: multiLineText(2000).optional(),
        edited_value: multiLineText(2000).optional(),
      }),
      responses: {
        200: {
          description: 'The fact after the decision',
          schema: z.object({ id: z.number(), review_status: z.string() }).loose(),
        },
      },
    },
    async ({ params, body, req }) => {
      const reviewer = String(staffIdOf(req));
      if (body.decision === 'edit') {
        if (!body.edited_value)
          throw validationFailed([{ field: 'edited_value', message: 'the corrected value is required' }]);
        return reviewFact(deps.db, {
          factId: params.id,
          reviewer,
          decision: 'edit',
          reason: body.reason ?? '',
          editedValue: body.edited_value,
        });
      }
      if (body.decision === 'reject')
        return reviewFact(deps.db, { factId: params.id, reviewer, decision: 'reject', reason: body.reason ?? '' });
      return reviewFact(deps.db, {
        factId: params.id,
        reviewer,
        decision: 'approve',
        ...(body.reason ? { reason: body.reason } : {}),
      });
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/vendors/:slug/channels',
      summary: 'Channels staff added for a vendor, with their sources',
      tags: ['staff', 'registry'],
      before: staffOnly,
      params: slugParams,
      responses: { 200: { description: 'Channels', schema: z.object({ items: z.array(channel) }) } },
    },
    ({ params }) => listVendorChannels(deps, params.slug),
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/vendors/:slug/channels',
      summary:
        "Add a contact channel found by staff, with its source; the vendor's requests that need research are dispatched",
      tags: ['staff', 'registry'],
      before: staffChange,
      params: slugParams,
      body: newChannel,
      responses: {
        201: {
          description: 'Added',
          schema: z.object({ channel, vendor: z.string(), moved_to_dispatch: z.array(z.number()) }),
        },
      },
    },
    async ({ params, body, req, res }) => {
      const out = await addVendorChannel(deps, { slug: params.slug, staffId: staffIdOf(req), ...body });
      res.status(201).json(out);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/vendors/:slug/letter-language',
      summary: "The language letters to a company are written in, where it comes from and the registry's signals",
      tags: ['staff', 'registry'],
      before: staffOnly,
      params: slugParams,
      responses: { 200: { description: 'The language', schema: vendorLanguage } },
    },
    ({ params }) => vendorLanguageView(deps, params.slug),
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/vendors/:slug/letter-language',
      summary:
        "Set the language letters to a company are written in (`auto`: the registry's signals decide); letters already stored keep theirs",
      tags: ['staff', 'registry'],
      before: staffChange,
      params: slugParams,
      body: z.object({
        language: z.enum([...LETTER_LANGUAGES, 'auto']),
        reason: multiLine(z.string().trim().min(1).max(2000)),
      }),
      responses: { 200: { description: 'The language now', schema: vendorLanguage } },
    },
    ({ params, body, req }) =>
      setVendorLanguage(deps, {
        slug: params.slug,
        staffId: staffIdOf(req),
        language: body.language,
        reason: body.reason,
      }),
  );
  const research = z.object({
    id: z.number(),
    name: z.string(),
    website: z.string().nullable(),
    contact: z.string().nullable().describe('as given: a lead, unconfirmed'),
    requested_by: z.string(),
    status: z.string(),
    resolution: z.string().nullable(),
    vendor: z.string(),
    linked_vendor: z.string().nullable(),
    waiting_requests: z.number(),
    created_at: z.string(),
    resolved_at: z.string().nullable(),
  });
  api.route(
    {
      method: 'get',
      path: '/api/staff/research',
      summary: 'Research tasks: companies consumers or agents named that the registry does not list (oldest first)',
      tags: ['staff', 'registry'],
      before: staffOnly,
      query: z.object({ status: z.enum(['open', 'resolved']).default('open') }),
      responses: { 200: { description: 'Research tasks', schema: z.object({ items: z.array(research) }) } },
    },
    ({ query }) => listResearch(deps, query),
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/research/:id/link',
      summary:
        'Resolve a research task as a vendor the registry lists: its waiting requests move to that vendor and are dispatched when it has a channel',
      tags: ['staff', 'registry'],
      before: staffChange,
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({
        vendor: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a vendor slug'),
        reason: z.string().trim().min(1).max(2000).optional(),
      }),
      responses: {
        200: {
          description: 'Linked',
          schema: z.object({
            research_id: z.number(),
            vendor: z.string(),
            moved_to_dispatch: z.array(z.number()),
            still_needs_research: z.array(z.number()),
          }),
        },
      },
    },
    ({ params, body, req }) =>
      linkResearch(deps, {
        researchId: params.id,
        staffId: staffIdOf(req),
        vendor: body.vendor,
        ...(body.reason ? { reason: body.reason } : {}),
      }),
  );
}
