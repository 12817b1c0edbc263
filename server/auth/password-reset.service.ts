import type { Knex } from 'knex';
import type { Config } from '../config';
import { queueEmail, renderTemplate } from '../mail';
import { issueAccountToken } from './tokens';

const RESET_LINK_HOURS = 2;

/**
 * Emails a password-reset link (valid 2 hours) to the active account with this email, through the outbox; does
 * nothing, silently, when there is none (the caller answers the same either way).
 */
export async function sendPasswordReset(
  db: Knex,
  deps: { config: Pick<Config, 'publicUrl' | 'mailFrom' | 'replyDomain'> },
  email: string,
  now: Date,
): Promise<void> {
  await db.transaction(async (trx) => {
    const account = await trx('accounts')
      .whereRaw('lower(email) = lower(?)', [email])
      .whereNull('disabled_at')
      .first('id', 'name', 'email');
    if (!account) return;
    const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3600_000);
    const token = await issueAccountToken(trx, account.id, 'reset_password', expiresAt);
    const rendered = renderTemplate('staff_password_set', {
      staff_name: account.name,
      set_url: `${deps.config.publicUrl}/password/${token}`,
      expires_at: expiresAt.toISOString(),
    });
    await queueEmail(trx, {
      template: 'staff_password_set',
      from: deps.config.mailFrom,
      to: account.email,
      messageIdDomain: deps.config.replyDomain,
      related: { type: 'account', id: account.id },
      ...rendered,
    });
  });
}
