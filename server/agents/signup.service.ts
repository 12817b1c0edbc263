import type { Knex } from 'knex';
import { createAccount, hashPassword, issueAccountToken } from '../auth';
import { AppError, notFound, validationFailed } from '../http';
import { queueEmail, renderTemplate } from '../mail';
import { recordEvent } from '../events';
import { LinkGoneError, hashToken } from '../requests';
import type { AgentWorkerDeps } from './deps';

const MIN_PASSWORD_LENGTH = 12;
const VERIFY_EMAIL_TTL_MS = 48 * 3600_000;

export interface SignupBody {
  email: string;
  name: string;
  organisation?: string;
  password: string;
}

async function sendVerification(
  trx: Knex.Transaction,
  deps: AgentWorkerDeps,
  account: { id: number; name: string; email: string },
  now: Date,
) {
  const expiresAt = new Date(now.getTime() + VERIFY_EMAIL_TTL_MS);
  const token = await issueAccountToken(trx, account.id, 'verify_email', expiresAt);
  const mail = renderTemplate('agent_verify_email', {
    agent_name: account.name,
    verify_url: `${deps.config.publicUrl}/agent/verify-email/${token}`,
    expires_at: expiresAt.toISOString(),
  });
  const email = await queueEmail(trx, {
    template: 'agent_verify_email',
    from: deps.config.mailFrom,
    to: account.email,
    messageIdDomain: deps.config.replyDomain,
    related: { type: 'account', id: account.id },
    ...mail,
  });
  return { expiresAt, emailId: email.id };
}

/** A new agent account (argon2id password) and the link that verifies its email, in one transaction. */
export async function signUpAgent(deps: AgentWorkerDeps, body: SignupBody) {
  if (body.password.length < MIN_PASSWORD_LENGTH)
    throw validationFailed([{ field: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }]);
  const passwordHash = await hashPassword(body.password);
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const account = await createAccount(trx, {
      email: body.email,
      name: body.name,
      role: 'agent',
      ...(body.organisation ? { organisation: body.organisation } : {}),
    });
    await trx('accounts').where({ id: account.id }).update({ password_hash: passwordHash });
    const { expiresAt, emailId } = await sendVerification(trx, deps, account, now);
    await recordEvent(trx, {
      subjectId: account.id,
      type: 'agent_signed_up',
      actor: { type: 'agent', id: account.id },
      at: now,
      payload: { verification_email_id: emailId },
    });
    return { account: { ...account, email_verified: false }, verification: { expires_at: expiresAt.toISOString() } };
  });
}

/** Redeems an email-verification link: unknown 404; used, replaced or expired 410. */
export async function verifyAgentEmail(deps: AgentWorkerDeps, token: string) {
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const link = await trx('account_tokens')
      .where({ token_hash: hashToken(token), purpose: 'verify_email' })
      .forUpdate()
      .first();
    if (!link)
      throw notFound(
        'This verification link is not valid. Check that the whole link was copied, or ask for a new one.',
      );
    if (link.used_at) throw new LinkGoneError('used', 'This verification link was already used.');
    if (new Date(link.expires_at) <= now)
      throw new LinkGoneError('expired', 'This verification link has expired; sign in and ask for a new one.');
    await trx('account_tokens').where({ id: link.id }).update({ used_at: now });
    // Older links for the same address stop working too.
    await trx('account_tokens')
      .where({ account_id: link.account_id, purpose: 'verify_email' })
      .whereNull('used_at')
      .update({ used_at: now });
    const updated = await trx('accounts')
      .where({ id: link.account_id })
      .whereNull('email_verified_at')
      .update({ email_verified_at: now });
    if (updated)
      await recordEvent(trx, {
        subjectId: link.account_id,
        type: 'email_verified',
        actor: { type: 'agent', id: link.account_id },
        at: now,
        payload: { token_id: link.id },
      });
    return { status: 'verified' as const, account_id: link.account_id as number };
  });
}

/** A new verification link for the signed-in agent; earlier ones stop working. */
export async function resendAgentVerification(deps: AgentWorkerDeps, agentId: number) {
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const account = await trx('accounts')
      .where({ id: agentId })
      .forUpdate()
      .first('id', 'name', 'email', 'email_verified_at');
    if (account.email_verified_at) throw new AppError('conflict', 'Your email address is already verified.');
    await trx('account_tokens')
      .where({ account_id: agentId, purpose: 'verify_email' })
      .whereNull('used_at')
      .update({ used_at: now });
    const { expiresAt, emailId } = await sendVerification(trx, deps, account, now);
    await recordEvent(trx, {
      subjectId: agentId,
      type: 'email_verification_resent',
      actor: { type: 'agent', id: agentId },
      at: now,
      payload: { verification_email_id: emailId },
    });
    return { status: 'sent' as const, verification: { expires_at: expiresAt.toISOString() } };
  });
}

/** 403 unless the agent's email is verified: an unverified agent may sign in but may not act for anyone. */
export async function requireVerifiedAgent(db: Knex | Knex.Transaction, agentId: number): Promise<void> {
  const row = await db('accounts').where({ id: agentId }).first('email_verified_at');
  if (!row?.email_verified_at) {
    throw new AppError(
      'forbidden',
      'Verify your email address before filing: open the link we emailed you, or ask for a new one (POST /api/agent/verify-email/resend).',
      {
        missing: 'email_verification',
      },
    );
  }
}

/** The signed-in agent as the client shows them, with whether their email is verified (filing needs it). */
export async function agentProfile(db: Knex, agentId: number) {
  const row = await db('accounts')
    .where({ id: agentId })
    .first('id', 'email', 'name', 'organisation', 'email_verified_at');
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisation: row.organisation,
    role: 'agent' as const,
    email_verified: row.email_verified_at !== null,
  };
}
