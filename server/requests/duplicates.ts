import type { Knex } from 'knex';
import { CLOSED_STATUSES } from './request-status';

/** A duplicate is the same email, vendor and right, still open, created within this window. */
export const DUPLICATE_WINDOW_MS = 30 * 24 * 3600 * 1000;

/**
 * Open requests for the same email, vendor and right created since `since`, with the vendor's name. With
 * `agentAccountId`, only the requests that agent filed: an agent (or anyone) typing a stranger's email must never learn
 * of that person's requests. A consumer's duplicates are only ever told to the address owner, in the verification
 * email (submission-mail.ts), never in an answer to whoever submitted.
 */
export async function openDuplicates(
  trx: Knex | Knex.Transaction,
  input: { email: string; planned: { vendor_id: number; right: string }[]; since: Date; agentAccountId?: number },
): Promise<Duplicate[]> {
  const { rows } = await trx.raw<{ rows: Duplicate[] }>(
    `select r.id, r.reference, v.slug as vendor, v.name as vendor_name, r.right, r.status, r.created_at
       from requests r
       join requesters q on q.id = r.requester_id
       join vendors v on v.id = r.vendor_id
      where lower(q.email) = lower(?) and r.closed_at is null and r.status <> all(?::text[]) and r.created_at >= ?
        and (r.vendor_id, r.right) in (select * from unnest(?::bigint[], ?::text[]))
        ${input.agentAccountId === undefined ? '' : 'and r.agent_account_id = ?'}
      order by r.id`,
    [
      input.email,
      [...CLOSED_STATUSES],
      input.since,
      input.planned.map((p) => p.vendor_id),
      input.planned.map((p) => p.right),
      ...(input.agentAccountId === undefined ? [] : [input.agentAccountId]),
    ],
  );
  return rows;
}

export type Duplicate = {
  id: number;
  reference: string;
  vendor: string;
  vendor_name: string;
  right: string;
  status: string;
  created_at: Date | string;
};
