/**
 * "My company isn't listed": a company the registry does not know, named by a consumer or an agent. Nothing is sent
 * to it until staff have found and confirmed a contact: the company becomes a vendor that is not listed (no search
 * terms, no channel), its requests wait in `needs_research`, and a research task (`vendor_research`) keeps what was
 * given (name, website, contact) as a lead for staff. Staff adding a channel to that vendor, or linking the task to a
 * listed vendor, dispatches the requests (server/staff/research.service.ts, vendor-channels.service.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { recordEvent } from '../events';
import type { IntakeWarning, UnlistedVendor } from './intake.schema';
import { createRequests, type CreatedRequest, type Filer } from './request-creation';
import type { CheckedRight } from './rules-check';

/** What a submission keeps of each unlisted company until it is filed (submissions.unlisted). */
export interface StoredUnlisted {
  name: string;
  website: string | null;
  contact: string | null;
  rights: CheckedRight[];
}

export function storedUnlisted(unlisted: UnlistedVendor[] | undefined, rights: CheckedRight[]): StoredUnlisted[] {
  return (unlisted ?? []).map((u) => ({
    name: u.name,
    website: u.website ?? null,
    contact: u.contact ?? null,
    rights,
  }));
}

/** The intake answer's view: each company is being looked up. */
export function unlistedView(unlisted: StoredUnlisted[]) {
  return unlisted.map((u) => ({
    name: u.name,
    website: u.website,
    contact: u.contact,
    status: 'needs_research' as const,
  }));
}

/** Said before confirming and kept with the submission: the truth about what happens next. */
export function unlistedWarnings(unlisted: StoredUnlisted[]): IntakeWarning[] {
  return unlisted.map((u) => ({
    code: 'no_usable_contact' as const,
    vendor: null,
    message:
      `"${u.name}" is not in our registry yet. Our staff will look up how to reach it and confirm the contact before ` +
      'anything is sent; a contact you gave is a lead for them, never used unchecked.',
    citation: null,
  }));
}

/** A slug for the unlisted company's vendor: its name's letters and a random suffix (names are not unique). */
function placeholderSlug(name: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return `${base || 'company'}-unlisted-${randomBytes(4).toString('hex')}`;
}

/**
 * Files the requests of a submission's unlisted companies, in the caller's transaction: per company a vendor that is
 * not listed, its research task, a `research_requested` event, and one request per right in `needs_research` (no
 * channel, so no dispatch job). Answers the requests created.
 */
export async function fileUnlistedCompanies(
  trx: Knex.Transaction,
  input: {
    now: Date;
    submission: { id: number; requester_id: number; jurisdiction: string; unlisted: StoredUnlisted[] | null };
    filer: Filer;
  },
): Promise<CreatedRequest[]> {
  const unlisted = input.submission.unlisted ?? [];
  if (unlisted.length === 0) return [];
  const requestedBy =
    input.filer.type === 'agent'
      ? { type: 'agent' as const, id: String(input.filer.agentAccountId) }
      : { type: 'consumer' as const, id: String(input.filer.requesterId) };
  const plan = [];
  for (const company of unlisted) {
    const slug = placeholderSlug(company.name);
    const [vendor] = await trx('vendors')
      .insert({ slug, name: company.name, listed: false })
      .returning<{ id: number }[]>('id');
    const [research] = await trx('vendor_research')
      .insert({
        vendor_id: vendor!.id,
        submission_id: input.submission.id,
        name: company.name,
        website: company.website,
        contact: company.contact,
        requested_by_type: requestedBy.type,
        requested_by_id: requestedBy.id,
        created_at: input.now,
      })
      .returning<{ id: number }[]>('id');
    await recordEvent(trx, {
      type: 'research_requested',
      subjectId: vendor!.id,
      actor: requestedBy,
      at: input.now,
      payload: { research_id: research!.id, submission_id: input.submission.id },
    });
    for (const { right, requested_as } of company.rights)
      plan.push({ vendor_id: Number(vendor!.id), vendor_slug: slug, right, requested_as });
  }
  const filed = await createRequests(trx, {
    now: input.now,
    submissions: [
      {
        id: input.submission.id,
        requester_id: input.submission.requester_id,
        jurisdiction: input.submission.jurisdiction,
        plan,
        filer: input.filer,
      },
    ],
  });
  return filed.get(input.submission.id) ?? [];
}

/** The research behind a request, for its consumer and for staff (null when its vendor was listed when filed). */
export async function researchForRequest(
  db: Knex | Knex.Transaction,
  request: { submission_id: number | null; vendor_id: number },
) {
  if (request.submission_id === null) return null;
  const row = await db('vendor_research')
    .where({ submission_id: request.submission_id })
    .where((q) => q.where({ vendor_id: request.vendor_id }).orWhere({ linked_vendor_id: request.vendor_id }))
    .orderBy('id')
    .first();
  if (!row) return null;
  return {
    id: Number(row.id),
    name: row.name as string,
    website: (row.website as string | null) ?? null,
    contact: (row.contact as string | null) ?? null,
    status: row.status as 'open' | 'resolved',
    resolution: (row.resolution as 'channel_added' | 'linked' | null) ?? null,
    requested_by: { type: row.requested_by_type as 'consumer' | 'agent', id: row.requested_by_id as string },
    created_at: new Date(row.created_at).toISOString(),
    resolved_at: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
  };
}
