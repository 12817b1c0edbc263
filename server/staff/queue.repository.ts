import type { Knex } from 'knex';

/** The buckets of the staff queue. A request can sit in several (overdue AND awaiting vendor). */
export const BUCKETS = ['overdue', 'due_7d', 'awaiting_vendor', 'awaiting_consumer', 'needs_dispatch', 'needs_research', 'dispatch_failed', 'closed'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Statuses in which the vendor owes an answer, so the clock runs. */
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

export interface QueueRow {
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
}

interface QueueDbRow extends Omit<QueueRow, 'requester' | 'days_left' | 'assignee'> {
  requester: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
}

function applyBucket(query: Knex.QueryBuilder, bucket: Bucket, today: string): void {
  switch (bucket) {
    case 'overdue':
      query.whereIn('r.status', RUNNING).whereNull('d.closed_at').where('d.effective_due', '<', today);
      return;
    case 'due_7d':
      query.whereIn('r.status', RUNNING).whereNull('d.closed_at').whereBetween('d.effective_due', [today, addDays(today, 7)]);
      return;
    case 'awaiting_vendor':
      query.whereIn('r.status', WAITING_ON_VENDOR);
      return;
    case 'awaiting_consumer':
      query.where('r.status', 'awaiting_information');
      return;
    case 'needs_dispatch':
      query.where('r.status', 'ready_to_dispatch').whereIn('r.channel_type', ['postal', 'webform', 'phone']);
      return;
    case 'needs_research':
      query.where('r.status', 'needs_research');
      return;
    case 'dispatch_failed':
      query.where('r.status', 'dispatch_failed');
      return;
    case 'closed':
      query.whereIn('r.status', CLOSED);
      return;
  }
}

function baseQuery(db: Knex, filters: QueueFilters, today: string): Knex.QueryBuilder {
  const query = db('requests as r')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .leftJoin('request_deadlines as d', 'd.request_id', 'r.id');
  if (filters.bucket) applyBucket(query, filters.bucket, today);
  if (filters.assignee === 'none') query.whereNull('r.assignee_id');
  else if (filters.assignee !== undefined) query.where('r.assignee_id', filters.assignee);
  if (filters.vendor) query.where('v.slug', filters.vendor);
  if (filters.jurisdiction) query.where('r.jurisdiction', filters.jurisdiction);
  if (filters.right) query.where('r.right', filters.right);
  if (filters.q) query.where('r.reference', filters.q.toUpperCase());
  return query;
}

/** Keyset cursor: the (due, id) of the last row, so page N costs what page 1 costs. Rows with no due date sort last. */
export interface Cursor {
  due: string | null;
  id: number;
}
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.due, c.id])).toString('base64url');
export function decodeCursor(raw: string): Cursor | undefined {
  try {
    const [due, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if ((due === null || (typeof due === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(due))) && Number.isInteger(id)) return { due: due as string | null, id: id as number };
  } catch {
    // fall through
  }
  return undefined;
}

/** A page of the queue ordered by the date that counts (overdue first, then soonest), undated last. */
export async function listQueue(db: Knex, filters: QueueFilters, page: { limit: number; cursor?: Cursor }, today: string) {
  const query = baseQuery(db, filters, today)
    .leftJoin('requesters as p', 'p.id', 'r.requester_id')
    .leftJoin('accounts as a', 'a.id', 'r.assignee_id')
    .select(
      'r.id', 'r.reference', 'v.name as vendor', 'v.slug as vendor_slug', 'r.right', 'r.jurisdiction', 'r.status', 'r.channel_type',
      'p.name as requester', 'r.filed_by', 'd.effective_due as due', 'a.id as assignee_id', 'a.name as assignee_name',
    )
    .orderByRaw('d.effective_due asc nulls last, r.id asc')
    .limit(page.limit + 1);
  const c = page.cursor;
  if (c) {
    if (c.due === null) query.whereNull('d.effective_due').where('r.id', '>', c.id);
    else query.where((w) => w.where('d.effective_due', '>', c.due!).orWhere((x) => x.where('d.effective_due', c.due!).where('r.id', '>', c.id)).orWhereNull('d.effective_due'));
  }
  const rows: QueueDbRow[] = await query;
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
  }));
  const last = items[items.length - 1];
  return { items, next_cursor: more && last ? encodeCursor({ due: last.due, id: last.id }) : null };
}

/** Every bucket's count, for the tabs: one indexed count per bucket, run in parallel. */
export async function countBuckets(db: Knex, filters: Omit<QueueFilters, 'bucket'>, today: string): Promise<Record<Bucket, number>> {
  const counts = await Promise.all(
    BUCKETS.map(async (bucket) => {
      const [row] = await baseQuery(db, { ...filters, bucket }, today).count<{ n: number }[]>({ n: '*' });
      return [bucket, Number(row?.n ?? 0)] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<Bucket, number>;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
