import type { Knex } from 'knex';
import type { Config } from '../config';
import { utcDate, type RightCode } from '../deadlines';
import { queueEmail, renderTemplate } from '../mail';
import type { Clock } from '../shared/clock';
import { DUPLICATE_WINDOW_MS, openDuplicates, type Duplicate } from './duplicates';
import { recordEvent } from '../events';
import type { IntakeWarning } from './intake.schema';
import type { PlanItem } from './request-creation';
import { hashToken, newToken, VERIFICATION_TTL_MS } from './tokens';

/** A link issued late (the worker was stopped for a while) still gets at least this long before it expires. */
const MIN_LATE_LINK_LIFETIME_MS = 24 * 3600 * 1000;

/** When a submission's first link expires: 48 hours after the submission, as its answer said, unless issued late. */
export function firstLinkExpiry(submittedAt: Date, now: Date): Date {
  return new Date(Math.max(submittedAt.getTime() + VERIFICATION_TTL_MS, now.getTime() + MIN_LATE_LINK_LIFETIME_MS));
}

/**
 * Open requests this address already has for the same vendor and right (within the duplicate window): read when the
 * link is issued (for the email) and again when it is used (recorded with the verification).
 */
export async function submissionDuplicates(
  trx: Knex | Knex.Transaction,
  submission: { plan: unknown },
  email: string,
  now: Date,
): Promise<Duplicate[]> {
  const plan = submission.plan as PlanItem[];
  return openDuplicates(trx, { email, planned: plan, since: new Date(now.getTime() - DUPLICATE_WINDOW_MS) });
}

/**
 * What the verification email says the click confirms: each company with the rights asked of it, every warning shown
 * before filing (routing notes, consequences such as "your products will stop working", ...), and open requests the
 * address already has for the same thing. It goes to the address owner only, so it may name their requests.
 */
async function whatItConfirms(
  trx: Knex.Transaction,
  submission: { plan: unknown; warnings: unknown },
  email: string,
  now: Date,
) {
  const plan = submission.plan as PlanItem[];
  const names = new Map<number, string>(
    (
      await trx('vendors')
        .whereIn('id', [...new Set(plan.map((p) => p.vendor_id))])
        .select<{ id: number; name: string }[]>('id', 'name')
    ).map((v) => [Number(v.id), v.name]),
  );
  const bySlug = new Map(plan.map((p) => [p.vendor_slug, names.get(Number(p.vendor_id)) ?? p.vendor_slug]));
  const requests: { vendor_name: string; rights: RightCode[] }[] = [];
  for (const item of plan) {
    const name = bySlug.get(item.vendor_slug)!;
    const entry =
      requests.find((r) => r.vendor_name === name) ?? requests[requests.push({ vendor_name: name, rights: [] }) - 1]!;
    if (!entry.rights.includes(item.right as RightCode)) entry.rights.push(item.right as RightCode);
  }
  const warnings = ((submission.warnings ?? []) as IntakeWarning[])
    .filter((w) => w.code !== 'duplicate_confirmed')
    .map((w) => ({ ...(w.vendor ? { vendor_name: bySlug.get(w.vendor) ?? w.vendor } : {}), message: w.message }));
  const duplicates = (await submissionDuplicates(trx, submission, email, now)).map((d) => ({
    reference: d.reference,
    vendor_name: d.vendor_name,
    right: d.right as RightCode,
    filed_on: utcDate(d.created_at),
  }));
  return { requests, warnings, duplicates };
}

/**
 * Issues a one-time verification link for a submission and queues the email that carries it, both in the caller's
 * transaction (outbox): the link exists only if the email will be sent, and vice versa. The email says what the
 * click confirms (see `whatItConfirms`).
 */
export async function issueVerification(
  trx: Knex.Transaction,
  deps: { config: Config; clock: Clock },
  submission: { id: number; plan: unknown; warnings: unknown },
  requester: { name: string; email: string },
  expiresAt = new Date(deps.clock.now().getTime() + VERIFICATION_TTL_MS),
): Promise<{ expiresAt: Date; emailId: number }> {
  const now = deps.clock.now();
  const token = newToken();
  await trx('verification_tokens').insert({
    submission_id: submission.id,
    token_hash: hashToken(token),
    expires_at: expiresAt,
    created_at: now,
  });
  // companies not in the registry: the email says honestly that their contact is being looked up (unlisted.ts)
  const stored = await trx('submissions')
    .where({ id: submission.id })
    .first<{ unlisted: { name: string }[] | null } | undefined>('unlisted');
  const unlisted = (stored?.unlisted ?? []).map((u) => u.name);
  const mail = renderTemplate('consumer_verify', {
    consumer_name: requester.name,
    verify_url: `${deps.config.publicUrl}/verify/${token}`,
    expires_at: expiresAt.toISOString(),
    ...(await whatItConfirms(trx, submission, requester.email, now)),
    ...(unlisted.length ? { unlisted_companies: unlisted } : {}),
  });
  const { id } = await queueEmail(trx, {
    template: 'consumer_verify',
    from: deps.config.mailFrom,
    to: requester.email,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageIdDomain: deps.config.replyDomain,
    related: { type: 'submission', id: submission.id },
  });
  return { expiresAt, emailId: id };
}

/**
 * The worker's `issue-verification` job: the first link of a consumer submission (intake only stores the submission,
 * see intake.service.ts). Runs at most once per submission: a retry, or a submission already verified or given a link
 * by a resend, does nothing. Answers the email queued, if any.
 */
export async function issueFirstVerification(
  deps: { db: Knex; config: Config; clock: Clock },
  submissionId: number,
): Promise<{ emailId: number } | { skipped: string }> {
  return deps.db.transaction(async (trx) => {
    const submission = await trx('submissions')
      .where({ id: submissionId })
      .forUpdate()
      .first('id', 'status', 'requester_id', 'created_at', 'plan', 'warnings');
    if (!submission) return { skipped: 'no such submission' };
    if (submission.status !== 'pending_verification') return { skipped: 'already verified' };
    if (await trx('verification_tokens').where({ submission_id: submissionId }).first('id'))
      return { skipped: 'a link was already issued' };
    const requester = await trx('requesters').where({ id: submission.requester_id }).first('name', 'email');
    const now = deps.clock.now();
    const { emailId } = await issueVerification(
      trx,
      deps,
      submission,
      requester,
      firstLinkExpiry(new Date(submission.created_at), now),
    );
    await recordEvent(trx, {
      subjectId: submissionId,
      type: 'verification_sent',
      actor: { type: 'system' },
      at: now,
      payload: { verification_email_id: emailId },
    });
    return { emailId };
  });
}
