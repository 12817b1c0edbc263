import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

export type TokenPurpose = 'set_password' | 'reset_password' | 'verify_email';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a one-time token; only its hash is stored, so a database leak does not leak working links. */
export async function issueAccountToken(
  trx: Knex | Knex.Transaction,
  accountId: number,
  purpose: TokenPurpose,
  expiresAt: Date,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await trx('account_tokens').insert({
    account_id: accountId,
    purpose,
    token_hash: hashToken(token),
    expires_at: expiresAt,
  });
  return token;
}

/** Uses a token once: the row is marked used in the same statement that checks it, so two uses cannot both win. */
export async function consumeAccountToken(trx: Knex.Transaction, token: string, purpose: TokenPurpose, now: Date) {
  const [row] = await trx('account_tokens')
    .where({ token_hash: hashToken(token), purpose })
    .whereNull('used_at')
    .andWhere('expires_at', '>', now)
    .update({ used_at: now })
    .returning<{ account_id: number }[]>('account_id');
  return row?.account_id;
}
