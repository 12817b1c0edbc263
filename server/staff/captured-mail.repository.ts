import type { Knex } from 'knex';

/** Development capture server's mail (captured_mail), newest first, optionally below an id and matching a text. */
export async function listCapturedMail(db: Knex, query: { q?: string; limit: number; before?: number }) {
  const q = db('captured_mail')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .select('id', 'message_id', 'envelope_from', 'envelope_to', 'subject', 'size_bytes', 'received_at');
  if (query.before) q.where('id', '<', query.before);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((w) => w.whereILike('subject', like).orWhereRaw("array_to_string(envelope_to, ',') ilike ?", [like]));
  }
  const rows = await q;
  return rows.map((r) => ({ ...r, received_at: new Date(r.received_at).toISOString() }));
}

/** One captured message with its bodies and headers, or undefined. */
export async function findCapturedMail(db: Knex, id: number) {
  const row = await db('captured_mail').where({ id }).first();
  return row ? { ...row, received_at: new Date(row.received_at).toISOString() } : undefined;
}
