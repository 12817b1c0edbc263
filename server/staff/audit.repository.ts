import type { Knex } from 'knex';

export interface AuditFilters {
  subject_type?: string;
  subject_id?: number;
  actor_type?: string;
  actor_id?: string;
  type?: string;
  /** ISO date-time, or a bare date (from its start) */
  from?: string;
  /** ISO date-time, or a bare date: the whole of that day (UTC) */
  to?: string;
}

/** The audit log (events), newest first: `limit + 1` rows below the `before` id, so the caller knows if more follow. */
export async function listAuditEvents(db: Knex, filters: AuditFilters, page: { limit: number; before?: number }) {
  const q = db('events')
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (filters.subject_type) q.where('subject_type', filters.subject_type);
  if (filters.subject_id !== undefined) q.where('subject_id', filters.subject_id);
  if (filters.actor_type) q.where('actor_type', filters.actor_type);
  if (filters.actor_id) q.where('actor_id', filters.actor_id);
  if (filters.type) q.where('type', filters.type);
  // A bare date as `to` means the whole of that day (UTC).
  if (filters.from) q.where('occurred_at', '>=', new Date(filters.from));
  if (filters.to)
    q.where(
      'occurred_at',
      filters.to.length === 10 ? '<' : '<=',
      filters.to.length === 10 ? new Date(Date.parse(filters.to) + 86_400_000) : new Date(filters.to),
    );
  if (page.before !== undefined) q.where('id', '<', page.before);
  const rows = await q.select(
    'id',
    'subject_type',
    'subject_id',
    'type',
    'actor_type',
    'actor_id',
    'reason',
    'data',
    'occurred_at',
  );
  return rows.map((r) => ({ ...r, occurred_at: new Date(r.occurred_at).toISOString() }));
}
