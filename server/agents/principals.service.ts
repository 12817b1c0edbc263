import type { Knex } from 'knex';
import { AppError, notFound } from '../http';
import { recordEvent } from '../events';
import type { AuthorizationSummary, AuthorizationView, PrincipalBody } from './principals.schema';

export interface PrincipalRow {
  id: number;
  agent_account_id: number;
  name: string;
  email: string;
  phone: string | null;
  address: PrincipalBody['address'] | null;
  created_at: Date;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** The agent's own principal, or 404: another agent's principal does not exist for them. */
export async function ownPrincipal(
  db: Knex | Knex.Transaction,
  agentId: number,
  principalId: number,
  options: { lock?: boolean } = {},
): Promise<PrincipalRow> {
  const query = db('principals').where({ id: principalId, agent_account_id: agentId }).whereNull('erased_at');
  const row = await (options.lock ? query.forUpdate() : query).first<PrincipalRow | undefined>();
  if (!row) throw notFound(`No principal ${principalId}.`);
  return row;
}

export async function createPrincipal(db: Knex, agentId: number, body: PrincipalBody, now: Date) {
  return db.transaction(async (trx) => {
    const [row] = await trx('principals')
      .insert({
        agent_account_id: agentId,
        name: body.name,
        email: body.email,
        phone: body.phone ?? null,
        address: body.address ? JSON.stringify(body.address) : null,
        created_at: now,
      })
      .onConflict()
      .ignore()
      .returning<PrincipalRow[]>('*');
    if (!row)
      throw new AppError('conflict', 'You already represent a principal with this email address.', {
        errors: [{ field: 'email', message: 'already one of your principals' }],
      });
    await recordEvent(trx, {
      subjectId: row.id,
      type: 'principal_created',
      actor: { type: 'agent', id: agentId },
      at: now,
      payload: { agent_account_id: agentId },
    });
    return { id: row.id, name: row.name, email: row.email, authorization: NO_AUTHORIZATION };
  });
}

const NO_AUTHORIZATION: AuthorizationSummary = {
  state: 'none',
  kind: null,
  id: null,
  confirmed_at: null,
  uploaded_at: null,
};

/**
 * The authorization that counts for a principal: a valid one (newest), else a pending link that has not expired, else
 * the newest revoked one; an expired pending link alone counts as none.
 */
const SUMMARY_JOIN = `left join lateral (
       select a.id as auth_id, a.kind as auth_kind, a.state as auth_state, a.confirmed_at as auth_confirmed_at, a.uploaded_at as auth_uploaded_at
         from agent_authorizations a
        where a.principal_id = p.id and (a.state <> 'pending' or a.expires_at > ?)
        order by case a.state when 'valid' then 0 when 'pending' then 1 else 2 end, a.id desc
        limit 1) auth on true`;

interface SummaryColumns {
  auth_id: number | null;
  auth_kind: 'upload' | 'e_authorization' | null;
  auth_state: 'pending' | 'valid' | 'revoked' | null;
  auth_confirmed_at: Date | null;
  auth_uploaded_at: Date | null;
}

const summaryOf = (r: SummaryColumns): AuthorizationSummary =>
  r.auth_id === null
    ? NO_AUTHORIZATION
    : {
        state: r.auth_state!,
        kind: r.auth_kind,
        id: r.auth_id,
        confirmed_at: iso(r.auth_confirmed_at),
        uploaded_at: iso(r.auth_uploaded_at),
      };

export async function listPrincipals(
  db: Knex,
  agentId: number,
  query: { q?: string; cursor?: string; limit: number },
  now: Date,
) {
  const rows = await db
    .from('principals as p')
    .joinRaw(SUMMARY_JOIN, [now])
    .where('p.agent_account_id', agentId)
    .whereNull('p.erased_at')
    .modify((qb) => {
      if (query.q) {
        const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        qb.where((w) => w.whereILike('p.name', like).orWhereILike('p.email', like));
      }
      if (query.cursor) qb.where('p.id', '<', Number(query.cursor));
    })
    .orderBy('p.id', 'desc')
    .limit(query.limit + 1)
    .select<(SummaryColumns & { id: number; name: string; email: string })[]>('p.id', 'p.name', 'p.email', 'auth.*');
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({ id: r.id, name: r.name, email: r.email, authorization: summaryOf(r) })),
    next_cursor: rows.length > query.limit ? String(page.at(-1)!.id) : null,
  };
}

export async function principalDetail(db: Knex, agentId: number, principalId: number, now: Date) {
  const row = await db
    .from('principals as p')
    .joinRaw(SUMMARY_JOIN, [now])
    .where({ 'p.id': principalId, 'p.agent_account_id': agentId })
    .whereNull('p.erased_at')
    .first<(SummaryColumns & PrincipalRow) | undefined>('p.*', 'auth.*');
  if (!row) throw notFound(`No principal ${principalId}.`);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    address: row.address ?? null,
    created_at: iso(row.created_at)!,
    authorization: summaryOf(row),
    authorizations: await authorizationsOf(db, principalId),
  };
}

async function authorizationsOf(db: Knex | Knex.Transaction, principalId: number): Promise<AuthorizationView[]> {
  const rows = await db('agent_authorizations as a')
    .leftJoin('documents as d', 'd.id', 'a.document_id')
    .where('a.principal_id', principalId)
    .orderBy('a.id', 'desc')
    .select('a.*', 'd.content_type', 'd.byte_size');
  return rows.map(authorizationView);
}

export function authorizationView(a: Record<string, unknown>): AuthorizationView {
  return {
    id: a.id as number,
    kind: a.kind as AuthorizationView['kind'],
    state: a.state as AuthorizationView['state'],
    revoked_reason: (a.revoked_reason as string | null) ?? null,
    content_type: (a.content_type as string | null) ?? null,
    byte_size: (a.byte_size as number | null) ?? null,
    uploaded_at: iso(a.uploaded_at as Date | null),
    confirmed_at: iso(a.confirmed_at as Date | null),
    expires_at: a.kind === 'e_authorization' ? iso(a.expires_at as Date | null) : null,
    created_at: iso(a.created_at as Date)!,
  };
}

/** The newest valid authorization of a principal (the one that backs new requests), if any. */
export async function validAuthorization(db: Knex | Knex.Transaction, principalId: number) {
  return db('agent_authorizations')
    .where({ principal_id: principalId, state: 'valid' })
    .orderBy('id', 'desc')
    .first<{ id: number; kind: string } | undefined>('id', 'kind');
}
