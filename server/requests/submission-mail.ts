import type { Knex } from 'knex';
import type { Config } from '../config';
import { queueEmail, renderTemplate } from '../mail';
import type { Clock } from '../shared/clock';
import { hashToken, newToken, VERIFICATION_TTL_MS } from './tokens';

/**
 * Issues a fresh one-time verification link for a submission and queues the email that carries it, both in the
 * caller's transaction (outbox): the link exists only if the email will be sent, and vice versa.
 */
export async function issueVerification(
  trx: Knex.Transaction,
  deps: { config: Config; clock: Clock },
  submission: { id: number },
  requester: { name: string; email: string },
): Promise<{ expiresAt: Date; emailId: number }> {
  const now = deps.clock.now();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + VERIFICATION_TTL_MS);
  await trx('verification_tokens').insert({ submission_id: submission.id, token_hash: hashToken(token), expires_at: expiresAt, created_at: now });
  const mail = renderTemplate('consumer_verify', {
    consumer_name: requester.name,
    verify_url: `${deps.config.publicUrl}/verify/${token}`,
    expires_at: expiresAt.toISOString(),
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
