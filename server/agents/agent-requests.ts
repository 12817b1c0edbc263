import type { Knex } from 'knex';
import { z } from 'zod';
import { notFound } from '../http';
import { REQUEST_STATUSES } from '../requests';

export const agentRequestListQuery = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'a cursor from next_cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const summary = z.object({
  id: z.number(),
  reference: z.string(),
  status: z.string(),
  vendor: z.object({ slug: z.string(), name: z.string() }),
  right: z.string(),
  jurisdiction: z.string(),
  principal: z.object({ id: z.number(), name: z.string() }),
  authorization_id: z.number(),
  due: z.string().nullable(),
  created_at: z.string(),
});
export const agentRequestListSchema = z.object({ items: z.array(summary), next_cursor: z.string().nullable() });
export const agentRequestDetailSchema = summary.extend({
  channel: z.object({ type: z.string(), value: z.string().nullable() }),
  received_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  timeline: z.array(z.object({ type: z.string(), at: z.string() })),
});
export const agentRequestParams = z.object({ id: z.coerce.number().int().positive('a request id') });

const COLUMNS = [
  'r.id',
  'r.reference',
  'r.status',
  'r.right',
  'r.jurisdiction',
  'r.due_on',
  'r.created_at',
  'r.authorization_id',
  'r.channel_type',
  'r.channel_value',
  'r.received_at',
  'r.closed_at',
  'v.slug as vendor_slug',
  'v.name as vendor_name',
  'p.id as principal_id',
  'p.name as principal_name',
];

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function view(r: Record<string, unknown>) {
  return {
    id: r.id as number,
    reference: r.reference as string,
    status: r.status as string,
    vendor: { slug: r.vendor_slug as string, name: r.vendor_name as string },
    right: r.right as string,
    jurisdiction: r.jurisdiction as string,
    principal: { id: r.principal_id as number, name: r.principal_name as string },
    authorization_id: r.authorization_id as number,
    due: (r.due_on as string | null) ?? null,
    created_at: iso(r.created_at as Date)!,
  };
}

const base = (db: Knex, agentId: number) =>
  db('requests as r')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .join('principals as p', 'p.id', 'r.principal_id')
    .where('r.agent_account_id', agentId);

/** The agent's own requests, newest first (keyset on id; the partial index requests_agent serves it). */
export async function listAgentRequests(db: Knex, agentId: number, query: z.infer<typeof agentRequestListQuery>) {
  const rows = await base(db, agentId)
    .modify((qb) => {
      if (query.status) qb.where('r.status', query.status);
      if (query.cursor) qb.where('r.id', '<', Number(query.cursor));
    })
    .orderBy('r.id', 'desc')
    .limit(query.limit + 1)
    .select(COLUMNS);
  const page = rows.slice(0, query.limit);
  return { items: page.map(view), next_cursor: rows.length > query.limit ? String(page.at(-1)!.id) : null };
}

/** One of the agent's own requests with its timeline; another agent's (or a consumer's) is 404. */
export async function agentRequestDetail(db: Knex, agentId: number, requestId: number) {
  const r = await base(db, agentId).where('r.id', requestId).first(COLUMNS);
  if (!r) throw notFound(`No request ${requestId}.`);
  const events = await db('events')
    .where({ subject_type: 'request', subject_id: requestId })
    .orderBy('id')
    .select('type', 'occurred_at');
  return {
    ...view(r),
    channel: { type: r.channel_type as string, value: (r.channel_value as string | null) ?? null },
    received_at: iso(r.received_at),
    closed_at: iso(r.closed_at),
    timeline: events.map((e) => ({ type: e.type as string, at: iso(e.occurred_at)! })),
  };
}
