import type { Knex } from 'knex';
import type { Config } from '../config';
import { conflict, notFound } from '../http';
import type { Clock } from '../shared/clock';
import { recordEvent } from '../events';
import { LinkGoneError } from './link-errors';
import { createRequests, type CreatedRequest, type PlanItem } from './request-creation';
import { issueVerification, submissionDuplicates } from './submission-mail';
import { fileUnlistedCompanies } from './unlisted';
import { ACCESS_TTL_MS, hashToken, newToken } from './tokens';

export interface VerificationDeps {
  config: Config;
  db: Knex;
  clock: Clock;
}

export interface VerifyResult {
  submission_id: string;
  status: 'verified';
  requests: CreatedRequest[];
  access: { token: string; url: string; expires_at: string };
}

/**
 * Redeems a one-time verification link: creates one request per planned vendor × right, each with its reference,
 * channel and `request_created` event, and issues the consumer's access token. One transaction; the submission and
 * then the token row are locked first, so two clicks on the same link create the requests once.
 */
export async function verifySubmission(deps: VerificationDeps, token: string): Promise<VerifyResult> {
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    // Locks in one order everywhere: the submission first, then its tokens (resendVerification does the same), so a
    // verification and a resend of the same submission at once queue behind each other instead of deadlocking.
    const found = await trx('verification_tokens')
      .where({ token_hash: hashToken(token) })
      .first('submission_id');
    if (!found)
      throw notFound(
        'This verification link is not valid. Check that the whole link was copied, or ask for a new one.',
      );
    await trx('submissions').where({ id: found.submission_id }).forUpdate().first('id');
    const link = await trx('verification_tokens')
      .where({ token_hash: hashToken(token) })
      .forUpdate()
      .first();
    if (!link)
      throw notFound(
        'This verification link is not valid. Check that the whole link was copied, or ask for a new one.',
      );
    if (link.used_at)
      throw new LinkGoneError(
        'used',
        'This verification link was already used: your requests exist. Follow them with your access link.',
      );
    if (link.revoked_at)
      throw new LinkGoneError(
        'replaced',
        'A newer verification link was sent for this submission; use the most recent email.',
      );
    if (new Date(link.expires_at) <= now) {
      throw new LinkGoneError(
        'expired',
        `This verification link expired at ${new Date(link.expires_at).toISOString()}; ask for a new one.`,
      );
    }
    const submission = await trx('submissions').where({ id: link.submission_id }).forUpdate().first();
    if (submission.status !== 'pending_verification')
      throw new LinkGoneError('already_verified', 'This submission is already verified.');

    // Open requests for the same thing were listed in the email this link came in: following it files anyway.
    const requester = await trx('requesters').where({ id: submission.requester_id }).first('email');
    const duplicates = await submissionDuplicates(trx, submission, requester.email, now);
    await trx('verification_tokens').where({ id: link.id }).update({ used_at: now });
    await trx('verification_tokens')
      .where({ submission_id: submission.id })
      .whereNull('used_at')
      .whereNull('revoked_at')
      .update({ revoked_at: now });
    await trx('submissions')
      .where({ id: submission.id })
      .update({ status: 'verified', verified_at: now, confirmed_duplicates: duplicates.length > 0 });

    // The channel is chosen now, from the registry as published at verification (staff may have added one since).
    const filed = await createRequests(trx, {
      now,
      submissions: [
        {
          id: submission.id,
          requester_id: submission.requester_id,
          jurisdiction: submission.jurisdiction,
          plan: submission.plan as PlanItem[],
          filer: { type: 'consumer', requesterId: submission.requester_id },
        },
      ],
    });
    // companies the registry does not list: their requests wait for staff to confirm a contact (unlisted.ts)
    const created = [
      ...filed.get(submission.id)!,
      ...(await fileUnlistedCompanies(trx, {
        now,
        submission,
        filer: { type: 'consumer', requesterId: submission.requester_id },
      })),
    ];
    await recordEvent(trx, {
      subjectId: submission.id,
      type: 'submission_verified',
      actor: { type: 'consumer', id: submission.requester_id },
      at: now,
      payload: {
        verification_token_id: link.id,
        request_ids: created.map((c) => c.id),
        duplicates_confirmed: duplicates.map((d) => d.reference),
      },
    });

    const access = newToken();
    const expiresAt = new Date(now.getTime() + ACCESS_TTL_MS);
    await trx('consumer_access_tokens').insert({
      submission_id: submission.id,
      token_hash: hashToken(access),
      expires_at: expiresAt,
      created_at: now,
    });
    return {
      submission_id: submission.public_id,
      status: 'verified' as const,
      requests: created,
      // The token travels in the fragment: browsers never send it to a server, so it stays out of logs and referrers.
      access: {
        token: access,
        url: `${deps.config.publicUrl}/submissions/${submission.public_id}#access=${access}`,
        expires_at: expiresAt.toISOString(),
      },
    };
  });
}

/** Sends a new verification link; earlier unused links stop working so only the newest email counts. */
export async function resendVerification(
  deps: VerificationDeps,
  publicId: string,
): Promise<{ submission_id: string; status: 'pending_verification'; verification: { expires_at: string } }> {
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const submission = await trx('submissions').where({ public_id: publicId }).forUpdate().first();
    if (!submission) throw notFound('No such submission.');
    if (submission.status !== 'pending_verification')
      throw conflict('This submission is already verified; nothing to resend.');
    const requester = await trx('requesters').where({ id: submission.requester_id }).first('name', 'email');
    await trx('verification_tokens')
      .where({ submission_id: submission.id })
      .whereNull('used_at')
      .whereNull('revoked_at')
      .update({ revoked_at: now });
    const { expiresAt, emailId } = await issueVerification(trx, deps, submission, requester);
    await recordEvent(trx, {
      subjectId: submission.id,
      type: 'verification_resent',
      actor: { type: 'consumer' },
      at: now,
      payload: { verification_email_id: emailId },
    });
    return {
      submission_id: publicId,
      status: 'pending_verification' as const,
      verification: { expires_at: expiresAt.toISOString() },
    };
  });
}
