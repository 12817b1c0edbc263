import type { Knex } from 'knex';
import type { Config } from '../config';
import { conflict, notFound } from '../http';
import type { Clock } from '../shared/clock';
import { getVendorProfile } from '../vendors';
import { enqueueInTransaction } from '../queue';
import { recordEvent } from './events';
import { LinkGoneError } from './link-errors';
import { initialStatus, type RequestStatus } from './request-status';
import { chooseChannel } from './routing';
import { issueVerification } from './submission-mail';
import { ACCESS_TTL_MS, hashToken, newToken } from './tokens';

export interface VerificationDeps {
  config: Config;
  db: Knex;
  clock: Clock;
}

interface PlanItem {
  vendor_id: number;
  vendor_slug: string;
  right: string;
  requested_as: string;
}

export interface CreatedRequest {
  id: number;
  reference: string;
  vendor: string;
  right: string;
  status: RequestStatus;
  channel: { type: string; value: string } | null;
}

export interface VerifyResult {
  submission_id: string;
  status: 'verified';
  requests: CreatedRequest[];
  access: { token: string; url: string; expires_at: string };
}

async function nextReference(trx: Knex.Transaction, now: Date): Promise<string> {
  const { rows } = await trx.raw<{ rows: { n: number }[] }>("select nextval('request_reference_seq')::bigint as n");
  return `DR-${now.getUTCFullYear()}-${String(rows[0]!.n % 1_000_000).padStart(6, '0')}`;
}

/**
 * Redeems a one-time verification link: creates one request per planned vendor × right, each with its reference,
 * channel and `request_created` event, and issues the consumer's access token. One transaction; the token row is
 * locked first, so two clicks on the same link create the requests once.
 */
export async function verifySubmission(deps: VerificationDeps, token: string): Promise<VerifyResult> {
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const link = await trx('verification_tokens').where({ token_hash: hashToken(token) }).forUpdate().first();
    if (!link) throw notFound('This verification link is not valid. Check that the whole link was copied, or ask for a new one.');
    if (link.used_at) throw new LinkGoneError('used', 'This verification link was already used: your requests exist. Follow them with your access link.');
    if (link.revoked_at) throw new LinkGoneError('replaced', 'A newer verification link was sent for this submission; use the most recent email.');
    if (new Date(link.expires_at) <= now) {
      throw new LinkGoneError('expired', `This verification link expired at ${new Date(link.expires_at).toISOString()}; ask for a new one.`);
    }
    const submission = await trx('submissions').where({ id: link.submission_id }).forUpdate().first();
    if (submission.status !== 'pending_verification') throw new LinkGoneError('already_verified', 'This submission is already verified.');

    await trx('verification_tokens').where({ id: link.id }).update({ used_at: now });
    await trx('verification_tokens').where({ submission_id: submission.id }).whereNull('used_at').whereNull('revoked_at').update({ revoked_at: now });
    await trx('submissions').where({ id: submission.id }).update({ status: 'verified', verified_at: now });

    // The channel is chosen now, from the registry as published at verification (staff may have added one since).
    const profiles = new Map<string, Awaited<ReturnType<typeof getVendorProfile>>>();
    const created: CreatedRequest[] = [];
    for (const item of submission.plan as PlanItem[]) {
      if (!profiles.has(item.vendor_slug)) profiles.set(item.vendor_slug, await getVendorProfile(trx, item.vendor_slug));
      const profile = profiles.get(item.vendor_slug);
      const channel = profile ? chooseChannel(profile, submission.jurisdiction) : null;
      const status = initialStatus(channel !== null);
      const reference = await nextReference(trx, now);
      const [row] = await trx('requests')
        .insert({
          reference,
          requester_id: submission.requester_id,
          vendor_id: item.vendor_id,
          right: item.right,
          jurisdiction: submission.jurisdiction,
          status,
          channel_type: channel?.type ?? 'none',
          channel_value: channel?.value ?? null,
          channel_fact_id: channel?.fact_id ?? null,
          filed_by: 'consumer',
          created_at: now,
          submission_id: submission.id,
        })
        .returning<{ id: number }[]>('id');
      await recordEvent(trx, {
        subject: 'request',
        subjectId: row!.id,
        type: 'request_created',
        actor: 'consumer',
        actorId: submission.requester_id,
        occurredAt: now,
        data: {
          submission_id: submission.id,
          vendor_id: item.vendor_id,
          right: item.right,
          requested_as: item.requested_as,
          status,
          channel_type: channel?.type ?? 'none',
          channel_fact_id: channel?.fact_id ?? null,
        },
      });
      // the letter goes out through the outbox: committed with the request, or not at all
      if (status === 'ready_to_dispatch') await enqueueInTransaction(trx, 'dispatch-request', { requestId: row!.id });
      created.push({ id: row!.id, reference, vendor: item.vendor_slug, right: item.right, status, channel: channel ? { type: channel.type, value: channel.value } : null });
    }
    await recordEvent(trx, {
      subject: 'submission', subjectId: submission.id, type: 'submission_verified', actor: 'consumer', actorId: submission.requester_id,
      occurredAt: now, data: { verification_token_id: link.id, request_ids: created.map((c) => c.id) },
    });

    const access = newToken();
    const expiresAt = new Date(now.getTime() + ACCESS_TTL_MS);
    await trx('consumer_access_tokens').insert({ submission_id: submission.id, token_hash: hashToken(access), expires_at: expiresAt, created_at: now });
    return {
      submission_id: submission.public_id,
      status: 'verified' as const,
      requests: created,
      // The token travels in the fragment: browsers never send it to a server, so it stays out of logs and referrers.
      access: { token: access, url: `${deps.config.publicUrl}/submissions/${submission.public_id}#access=${access}`, expires_at: expiresAt.toISOString() },
    };
  });
}

/** Sends a new verification link; earlier unused links stop working so only the newest email counts. */
export async function resendVerification(deps: VerificationDeps, publicId: string): Promise<{ submission_id: string; status: 'pending_verification'; verification: { expires_at: string } }> {
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const submission = await trx('submissions').where({ public_id: publicId }).forUpdate().first();
    if (!submission) throw notFound('No such submission.');
    if (submission.status !== 'pending_verification') throw conflict('This submission is already verified; nothing to resend.');
    const requester = await trx('requesters').where({ id: submission.requester_id }).first('name', 'email');
    await trx('verification_tokens').where({ submission_id: submission.id }).whereNull('used_at').whereNull('revoked_at').update({ revoked_at: now });
    const { expiresAt, emailId } = await issueVerification(trx, deps, submission, requester);
    await recordEvent(trx, {
      subject: 'submission', subjectId: submission.id, type: 'verification_resent', actor: 'consumer', occurredAt: now,
      data: { verification_email_id: emailId },
    });
    return { submission_id: publicId, status: 'pending_verification' as const, verification: { expires_at: expiresAt.toISOString() } };
  });
}
