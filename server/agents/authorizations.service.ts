import type { Knex } from 'knex';
import { AppError, notFound, validationFailed } from '../http';
import { queueEmails, renderTemplate } from '../mail';
import { recordEvent, recordEvents } from '../events';
import { LinkGoneError, hashToken, newToken } from '../requests';
import { readDocument, storeDocument } from '../shared/documents';
import {
  AUTHORIZATION_SCOPE,
  renderAuthorizationLetter,
  signRecord,
  type ConfirmationRecord,
} from './authorization-letter';
import type { AgentWorkerDeps } from './deps';
import { releaseHeldRows } from './held-rows';
import { authorizationView, ownPrincipal } from './principals.service';
import { requireVerifiedAgent } from './signup.service';
import { sniffDocumentType } from './sniff';

export const MAX_AUTHORIZATION_BYTES = 10 * 1024 * 1024;
const E_AUTHORIZATION_TTL_MS = 7 * 24 * 3600_000;

interface AgentRow {
  id: number;
  name: string;
  organisation: string | null;
  email: string;
}

const agentRow = (db: Knex | Knex.Transaction, id: number) =>
  db('accounts').where({ id }).first<AgentRow>('id', 'name', 'organisation', 'email');

/** A signed permission uploaded by the agent: valid at once; its type is read from the bytes. */
export async function uploadAuthorization(
  deps: AgentWorkerDeps,
  agentId: number,
  principalId: number,
  file: { buffer: Buffer },
) {
  const type = sniffDocumentType(file.buffer);
  if (!type) {
    throw validationFailed([
      {
        field: 'file',
        message: 'must be a PDF, PNG or JPEG document (recognised from its content, not its name or declared type)',
      },
    ]);
  }
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    await ownPrincipal(trx, agentId, principalId, { lock: true });
    const documentId = await storeDocument(trx, deps.config.appSecret, {
      purpose: 'agent-authorization',
      contentType: type.contentType,
      filename: `authorization-${principalId}.${type.extension}`,
      content: file.buffer,
      now,
    });
    const [row] = await trx('agent_authorizations')
      .insert({
        principal_id: principalId,
        agent_account_id: agentId,
        kind: 'upload',
        state: 'valid',
        document_id: documentId,
        uploaded_at: now,
        created_at: now,
      })
      .returning('*');
    await recordEvent(trx, {
      subjectId: row.id,
      type: 'authorization_uploaded',
      actor: { type: 'agent', id: agentId },
      at: now,
      payload: {
        principal_id: principalId,
        document_id: documentId,
        content_type: type.contentType,
        byte_size: file.buffer.length,
      },
    });
    await releaseHeldRows(trx, { principalId, authorizationId: row.id, now });
    return authorizationView({ ...row, content_type: type.contentType, byte_size: file.buffer.length });
  });
}

/**
 * Emails each principal a one-time link to confirm the agent (hashed, single use, expiring). Earlier pending links
 * of those principals stop working, so only the newest email counts. Runs in the caller's transaction, set-based
 * (a bulk batch issues hundreds in a few statements).
 */
export async function issueEAuthorizations(
  trx: Knex.Transaction,
  deps: AgentWorkerDeps,
  agent: AgentRow,
  principals: { id: number; name: string; email: string }[],
  now: Date,
) {
  if (principals.length === 0) return [];
  await trx('agent_authorizations')
    .whereRaw('principal_id = any(?)', [principals.map((p) => p.id)])
    .where({ state: 'pending' })
    .update({ state: 'revoked', revoked_at: now, revoked_reason: 'replaced' });
  const tokens = principals.map(() => newToken());
  const expiresAt = new Date(now.getTime() + E_AUTHORIZATION_TTL_MS);
  const rows = await trx('agent_authorizations')
    .insert(
      principals.map((p, i) => ({
        principal_id: p.id,
        agent_account_id: agent.id,
        kind: 'e_authorization',
        state: 'pending',
        token_hash: hashToken(tokens[i]!),
        expires_at: expiresAt,
        created_at: now,
      })),
    )
    .returning('*');
  const byHash = new Map(rows.map((r) => [r.token_hash as string, r]));
  const ordered = tokens.map((t) => byHash.get(hashToken(t))!);
  const emails = await queueEmails(
    trx,
    principals.map((principal, i) => {
      const url = `${deps.config.publicUrl}/authorize/${tokens[i]}`;
      const mail = renderTemplate('agent_authorization_request', {
        principal_name: principal.name,
        agent_name: agent.name,
        ...(agent.organisation ? { agent_organisation: agent.organisation } : {}),
        vendor_names: ['any business your agent names in a request for you'],
        rights: [...AUTHORIZATION_SCOPE.rights],
        confirm_url: url,
        decline_url: `${url}/decline`,
        expires_at: expiresAt.toISOString(),
      });
      return {
        template: 'agent_authorization_request',
        from: deps.config.mailFrom,
        to: principal.email,
        messageIdDomain: deps.config.replyDomain,
        related: { type: 'authorization', id: ordered[i]!.id as number },
        ...mail,
      };
    }),
  );
  await recordEvents(
    trx,
    principals.map((principal, i) => ({
      type: 'e_authorization_requested' as const,
      subjectId: ordered[i]!.id as number,
      actor: { type: 'agent' as const, id: agent.id },
      at: now,
      payload: {
        principal_id: principal.id,
        outbound_email_id: emails[i]!.id,
        expires_at: expiresAt.toISOString(),
      },
    })),
  );
  return ordered.map((row) => authorizationView(row));
}

export async function requestEAuthorization(deps: AgentWorkerDeps, agentId: number, principalId: number) {
  // an unverified account must not make the portal mail strangers
  await requireVerifiedAgent(deps.db, agentId);
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const principal = await ownPrincipal(trx, agentId, principalId, { lock: true });
    const [view] = await issueEAuthorizations(trx, deps, await agentRow(trx, agentId), [principal], now);
    return view!;
  });
}

/** The e-authorization behind a link, refusing unknown (404) and used, replaced, declined or expired links (410). */
async function openLink(trx: Knex | Knex.Transaction, token: string, now: Date, options: { lock?: boolean } = {}) {
  const query = trx('agent_authorizations').where({ token_hash: hashToken(token), kind: 'e_authorization' });
  const row = await (options.lock ? query.forUpdate() : query).first();
  if (!row) throw notFound('This authorization link is not valid. Check that the whole link was copied.');
  if (row.state === 'valid') throw new LinkGoneError('used', 'This authorization was already confirmed.');
  if (row.state === 'revoked') {
    if (row.revoked_reason === 'declined')
      throw new AppError('gone', 'This authorization was declined.', { reason: 'declined' });
    throw new LinkGoneError('replaced', 'A newer authorization link was sent; use the most recent email.');
  }
  if (new Date(row.expires_at) <= now)
    throw new LinkGoneError(
      'expired',
      `This authorization link expired at ${new Date(row.expires_at).toISOString()}; ask your agent for a new one.`,
    );
  return row;
}

/** Public: who is asking and what they will be allowed to do, so the principal can decide. */
export async function viewEAuthorization(deps: AgentWorkerDeps, token: string) {
  const now = deps.clock.now();
  const row = await openLink(deps.db, token, now);
  const agent = await agentRow(deps.db, row.agent_account_id);
  const principal = await deps.db('principals').where({ id: row.principal_id }).first('name');
  return {
    state: 'pending' as const,
    agent: { name: agent.name, organisation: agent.organisation, email: agent.email },
    principal: { name: principal.name as string },
    scope: { description: AUTHORIZATION_SCOPE.description, rights: [...AUTHORIZATION_SCOPE.rights] },
    expires_at: new Date(row.expires_at).toISOString(),
  };
}

/**
 * The principal confirms: the record (time, IP, user agent, who authorized whom for what) is signed with an HMAC and
 * printed in an authorization letter (PDF), stored sealed; the authorization becomes valid and any bulk rows held
 * for the principal are released for filing. One transaction, the link row locked first: two clicks confirm once.
 */
export async function confirmEAuthorization(
  deps: AgentWorkerDeps,
  token: string,
  client: { ip: string; userAgent: string },
) {
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const row = await openLink(trx, token, now, { lock: true });
    const agent = await agentRow(trx, row.agent_account_id);
    const principal = await trx('principals').where({ id: row.principal_id }).first('id', 'name', 'email');
    const record: ConfirmationRecord = {
      authorization_id: row.id,
      agent: { account_id: agent.id, name: agent.name, organisation: agent.organisation, email: agent.email },
      principal: { id: principal.id, name: principal.name, email: principal.email },
      scope: AUTHORIZATION_SCOPE.description,
      link_sent_at: new Date(row.created_at).toISOString(),
      confirmed_at: now.toISOString(),
      ip: client.ip,
      user_agent: client.userAgent,
    };
    const signature = signRecord(deps.config.appSecret, record);
    const pdf = await renderAuthorizationLetter(record, signature);
    const documentId = await storeDocument(trx, deps.config.appSecret, {
      purpose: 'agent-authorization',
      contentType: 'application/pdf',
      filename: `authorization-${row.principal_id}.pdf`,
      content: pdf,
      now,
    });
    await trx('agent_authorizations').where({ id: row.id }).update({
      state: 'valid',
      confirmed_at: now,
      confirmed_ip: client.ip,
      confirmed_user_agent: client.userAgent,
      signature: signature.hmac,
      document_id: documentId,
    });
    await recordEvent(trx, {
      subjectId: row.id,
      type: 'e_authorization_confirmed',
      actor: { type: 'consumer' },
      at: now,
      payload: {
        principal_id: row.principal_id,
        document_id: documentId,
        record_sha256: signature.sha256,
        hmac: signature.hmac,
      },
    });
    const released = await releaseHeldRows(trx, { principalId: row.principal_id, authorizationId: row.id, now });
    return {
      id: row.id as number,
      state: 'valid' as const,
      confirmed_at: now.toISOString(),
      held_rows_released: released,
    };
  });
}

/** The principal declines: the link stops working and rows held for them in bulk uploads fail with the reason. */
export async function declineEAuthorization(deps: AgentWorkerDeps, token: string) {
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const row = await openLink(trx, token, now, { lock: true });
    await trx('agent_authorizations')
      .where({ id: row.id })
      .update({ state: 'revoked', revoked_at: now, revoked_reason: 'declined' });
    const failed = await trx('bulk_upload_rows')
      .where({ principal_id: row.principal_id, status: 'awaiting_authorization' })
      .update({
        status: 'failed',
        processed_at: now,
        errors: JSON.stringify([{ column: 'principal_email', message: 'the principal declined to authorize you' }]),
      });
    await recordEvent(trx, {
      subjectId: row.id,
      type: 'e_authorization_declined',
      actor: { type: 'consumer' },
      at: now,
      payload: { principal_id: row.principal_id, held_rows_failed: failed },
    });
    return { id: row.id as number, state: 'revoked' as const, reason: 'declined' as const };
  });
}

/** The agent's own authorization document, opened; anything else is 404. */
export async function authorizationDocument(
  deps: AgentWorkerDeps,
  agentId: number,
  principalId: number,
  authorizationId: number,
) {
  await ownPrincipal(deps.db, agentId, principalId);
  const row = await deps
    .db('agent_authorizations')
    .where({ id: authorizationId, principal_id: principalId, agent_account_id: agentId })
    .first('document_id');
  if (!row?.document_id) throw notFound(`No document for authorization ${authorizationId}.`);
  const doc = await readDocument(deps.db, deps.config.appSecret, row.document_id);
  if (!doc) throw notFound(`No document for authorization ${authorizationId}.`);
  return doc;
}
