import type { Knex } from 'knex';
import { addCalendarDays, daysBetween } from '../deadlines';

/** The buckets of the staff queue. A request can sit in several (overdue AND awaiting vendor). */
export const BUCKETS = [
  'overdue',
  'due_7d',
  'awaiting_vendor',
  'awaiting_consumer',
  'needs_dispatch',
  'needs_research',
  'dispatch_failed',
  'closed',
] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Statuses in which the vendor owes an answer, so the deadline runs. */
const WAITING_ON_VENDOR = ['sent', 'extended'];
const RUNNING = ['sent', 'extended', 'awaiting_information'];
const CLOSED = ['completed', 'denied', 'withdrawn', 'closed'];

export interface QueueFilters {
  bucket?: Bucket;
  assignee?: number | 'none';
  vendor?: string;
  jurisdiction?: string;
  right?: string;
  q?: string;
}

interface QueueRow {
  id: number;
  reference: string;
  vendor: string;
  vendor_slug: string;
  right: string;
  jurisdiction: string;
  status: string;
  channel_type: string;
  requester: string;
  filed_by: string;
  due: string | null;
  days_left: number | null;
  assignee: { id: number; name: string } | null;
  /** for a request an agent filed: the agent (the requester is then their principal) */
  agent: { id: number; name: string; organisation: string | null } | null;
}

interface QueueDbRow extends Omit<QueueRow, 'requester' | 'days_left' | 'assignee' | 'agent'> {
  agent_id: number | null;
  agent_name: string | null;
  agent_organisation: string | null;
  requester: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
}

/** Each bucket: the statuses it holds, and for the two time buckets the range of the date that counts. */
function bucketDefinition(
  bucket: Bucket,
  today: string,
): { statuses: string[]; channel?: string[]; due?: [string | null, string | null] } {
  switch (bucket) {
    case 'overdue':
      return { statuses: RUNNING, due: [null, addCalendarDays(today, -1)] };
    case 'due_7d':
      return { statuses: RUNNING, due: [today, addCalendarDays(today, 7)] };
    case 'awaiting_vendor':
      return { statuses: WAITING_ON_VENDOR };
    case 'awaiting_consumer':
      return { statuses: ['awaiting_information'] };
    case 'needs_dispatch':
      return { statuses: ['ready_to_dispatch'], channel: ['postal', 'webform', 'phone'] };
    case 'needs_research':
      return { statuses: ['needs_research'] };
    case 'dispatch_failed':
      return { statuses: ['dispatch_failed'] };
    case 'closed':
      return { statuses: CLOSED };
  }
}

/** The requests of one status (or of all, when status is undefined) that pass the filters. */
function filtered(db: Knex, filters: QueueFilters, today: string, status: string | undefined): Knex.QueryBuilder {
  const query = db('requests as r');
  if (status) query.where('r.status', status);
  if (filters.bucket) {
    const def = bucketDefinition(filters.bucket, today);
    if (def.channel) query.whereIn('r.channel_type', def.channel);
    if (def.due) {
      const [from, to] = def.due;
      if (from) query.where('r.due_on', '>=', from);
      if (to) query.where('r.due_on', '<=', to);
    }
  }
  if (filters.assignee === 'none') query.whereNull('r.assignee_id');
  else if (filters.assignee !== undefined) query.where('r.assignee_id', filters.assignee);
  if (filters.vendor) query.whereIn('r.vendor_id', db('vendors').select('id').where('slug', filters.vendor));
  if (filters.jurisdiction) query.where('r.jurisdiction', filters.jurisdiction);
  if (filters.right) query.where('r.right', filters.right);
  if (filters.q) query.where('r.reference', filters.q.toUpperCase());
  return query;
}

/** One query per status of the bucket, so each is a walk of (status, due_on, id); undefined: all statuses. */
function statusesOf(filters: QueueFilters, today: string): (string | undefined)[] {
  return filters.bucket ? bucketDefinition(filters.bucket, today).statuses : [undefined];
}

/** Keyset cursor: the (due, id) of the last row, so page N costs what page 1 costs. Rows with no due date sort last. */
export interface Cursor {
  due: string | null;
  id: number;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.due, c.id])).toString('base64url');
export function decodeCursor(raw: string): Cursor | undefined {
  try {
    const [due, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if ((due === null || (typeof due === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(due))) && Number.isInteger(id))
      return { due: due as string | null, id: id as number };
  } catch {
    // fall through
  }
  return undefined;
}

/** A page of the queue ordered by the date that counts (overdue first, then soonest), undated last. */
export async function listQueue(
  db: Knex,
  filters: QueueFilters,
  page: { limit: number; cursor?: Cursor },
  today: string,
) {
  const parts = statusesOf(filters, today).map((status) => {
    const query = filtered(db, filters, today, status)
      .select('r.id', 'r.due_on')
      .orderByRaw('r.due_on asc nulls last, r.id asc')
      .limit(page.limit + 1);
    const c = page.cursor;
    if (c && c.due === null) query.whereNull('r.due_on').where('r.id', '>', c.id);
    else if (c)
      query.where((w) =>
        w
          .where('r.due_on', '>', c.due!)
          .orWhere((x) => x.where('r.due_on', c.due!).where('r.id', '>', c.id))
          .orWhereNull('r.due_on'),
      );
    return query;
  });
  const page1 = db
    .select('p.id')
    .from(
      parts.length === 1
        ? parts[0]!.as('p')
        : db
            .unionAll(
              parts.map((p) => db.select('*').from(p.as('s'))),
              true,
            )
            .as('p'),
    )
    .orderByRaw('p.due_on asc nulls last, p.id asc')
    .limit(page.limit + 1);
  const rows: QueueDbRow[] = await db('requests as r')
    .join(page1.as('page'), 'page.id', 'r.id')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .leftJoin('requesters as p', 'p.id', 'r.requester_id')
    .leftJoin('accounts as a', 'a.id', 'r.assignee_id')
    .leftJoin('accounts as g', 'g.id', 'r.agent_account_id')
    .select(
      'r.id',
      'r.reference',
      'v.name as vendor',
      'v.slug as vendor_slug',
      'r.right',
      'r.jurisdiction',
      'r.status',
      'r.channel_type',
      'p.name as requester',
      'r.filed_by',
      'r.due_on as due',
      'a.id as assignee_id',
      'a.name as assignee_name',
      'g.id as agent_id',
      'g.name as agent_name',
      'g.organisation as agent_organisation',
    )
    .orderByRaw('r.due_on asc nulls last, r.id asc');
  const more = rows.length > page.limit;
  const items: QueueRow[] = rows.slice(0, page.limit).map((row) => ({
    id: row.id,
    reference: row.reference,
    vendor: row.vendor,
    vendor_slug: row.vendor_slug,
    right: row.right,
    jurisdiction: row.jurisdiction,
    status: row.status,
    channel_type: row.channel_type,
    requester: row.requester ?? '(erased)',
    filed_by: row.filed_by,
    due: row.due,
    days_left: row.due ? daysBetween(today, row.due) : null,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    agent: row.agent_id ? { id: row.agent_id, name: row.agent_name ?? '', organisation: row.agent_organisation } : null,
  }));
  const last = items[items.length - 1];
  return { items, next_cursor: more && last ? encodeCursor({ due: last.due, id: last.id }) : null };
}

/**
 * Every bucket's count, for the tabs. Unfiltered (the common case) it sums the tallies the database keeps per
 * (status, channel, due date) — a few hundred rows whatever the number of requests; filtered, it counts the requests,
 * one indexed count per bucket and status.
 */
export async function countBuckets(
  db: Knex,
  filters: Omit<QueueFilters, 'bucket'>,
  today: string,
): Promise<Record<Bucket, number>> {
  const unfiltered =
    filters.assignee === undefined && !filters.vendor && !filters.jurisdiction && !filters.right && !filters.q;
  return unfiltered ? countFromTallies(db, today) : countRequests(db, filters, today);
}

async function countFromTallies(db: Knex, today: string): Promise<Record<Bucket, number>> {
  const tallies: { status: string; channel_type: string; due_on: string | null; n: string }[] = await db(
    'queue_tallies',
  )
    .select('status', 'channel_type', db.raw("to_char(due_on, 'YYYY-MM-DD') as due_on"))
    .sum({ n: 'n' })
    .groupBy('status', 'channel_type', 'due_on');
  const counts = Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
  for (const bucket of BUCKETS) {
    const def = bucketDefinition(bucket, today);
    for (const t of tallies) {
      if (!def.statuses.includes(t.status)) continue;
      if (def.channel && !def.channel.includes(t.channel_type)) continue;
      if (def.due && !withinDue(t.due_on, def.due)) continue;
      counts[bucket] += Number(t.n);
    }
  }
  return counts;
}

function withinDue(due: string | null, [from, to]: [string | null, string | null]): boolean {
  if (due === null) return false;
  return (from === null || due >= from) && (to === null || due <= to);
}

export async function countRequests(
  db: Knex,
  filters: Omit<QueueFilters, 'bucket'>,
  today: string,
): Promise<Record<Bucket, number>> {
  const counts = await Promise.all(
    BUCKETS.map(async (bucket) => {
      const counts = await Promise.all(
        statusesOf({ ...filters, bucket }, today).map((status) =>
          filtered(db, { ...filters, bucket }, today, status).count<{ n: number }[]>({ n: '*' }),
        ),
      );
      return [bucket, counts.reduce((sum, [row]) => sum + Number(row?.n ?? 0), 0)] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<Bucket, number>;
}

/** Folds the tallies appended since the last run into one row per key (the worker runs it every minute). */
export async function compactQueueTallies(db: Knex): Promise<{ rows: number }> {
  const { rows } = await db.raw<{ rows: { rows: number }[] }>('select compact_queue_tallies() as rows');
  return { rows: rows[0]?.rows ?? 0 };
}
