/**
 * "Find my requests": a consumer types their email address and, if requests were filed under it, gets a fresh sign-in
 * link by email; the link gives this browser an access token for every request under that address (see
 * consumer-access.ts for how long it lasts). The answer never says whether the address is known, and the route does
 * the same work either way (one insert and one outbox row): looking the address up, issuing the link and rendering
 * the email happen in the worker's `issue-consumer-sign-in` job.
 */
import type { Knex } from 'knex';
import type { Config } from '../config';
import { notFound } from '../http';
import { queueEmail, renderTemplate } from '../mail';
import { enqueueInTransaction } from '../queue';
import type { Clock } from '../shared/clock';
import { LinkGoneError } from './link-errors';
import { hashToken, newToken } from './tokens';

/** A sign-in link lasts a day: long enough to find the email, short enough that an old inbox is no key. */
const SIGN_IN_TTL_MS = 24 * 3600 * 1000;

/** Where a sign-in may send the browser afterwards: only our own request pages. */
const NEXT_PATH = /^\/(requests\/DR-\d{4}-\d{6,}|requests\/\d{1,15}|my-requests)$/;

interface Deps {
  db: Knex;
  config: Config;
  clock: Clock;
}

export async function requestSignInLink(
  deps: Deps,
  input: { email: string; next?: string },
): Promise<{ status: 'sent_if_known' }> {
  await deps.db.transaction(async (trx) => {
    const [row] = await trx('consumer_sign_in_requests')
      .insert({
        email: input.email.trim().toLowerCase(),
        next_path: input.next && NEXT_PATH.test(input.next) ? input.next : null,
        created_at: deps.clock.now(),
      })
      .returning<{ id: number }[]>('id');
    await enqueueInTransaction(trx, 'issue-consumer-sign-in', { signInRequestId: row!.id });
  });
  return { status: 'sent_if_known' };
}

/**
 * The worker's job: when requests were filed under the address (and not erased), a sign-in link is issued and its
 * email queued; otherwise nothing is sent. The typed address is cleared from the row either way.
 */
export async function issueConsumerSignIn(
  deps: Deps,
  signInRequestId: number,
): Promise<{ emailId: number } | { skipped: string }> {
  return deps.db.transaction(async (trx) => {
    const row = await trx('consumer_sign_in_requests').where({ id: signInRequestId }).forUpdate().first();
    if (!row || row.handled_at || !row.email) return { skipped: 'already handled' };
    const now = deps.clock.now();
    await trx('consumer_sign_in_requests').where({ id: row.id }).update({ handled_at: now, email: null });
    const known = await trx('requests as r')
      .join('requesters as p', 'p.id', 'r.requester_id')
      .whereRaw('lower(p.email) = ?', [row.email])
      .whereNull('p.erased_at')
      .first('p.email');
    if (!known) return { skipped: 'no requests under this address' };
    const token = newToken();
    const expiresAt = new Date(now.getTime() + SIGN_IN_TTL_MS);
    await trx('consumer_sign_in_tokens').insert({
      email: row.email,
      token_hash: hashToken(token),
      next_path: row.next_path,
      expires_at: expiresAt,
      created_at: now,
    });
    const mail = renderTemplate('consumer_sign_in', {
      sign_in_url: `${deps.config.publicUrl}/sign-in/${token}`,
      expires_at: expiresAt.toISOString(),
    });
    const { id } = await queueEmail(trx, {
      template: 'consumer_sign_in',
      from: deps.config.mailFrom,
      to: known.email,
      messageIdDomain: deps.config.replyDomain,
      related: { type: 'consumer_sign_in', id: row.id },
      ...mail,
    });
    return { emailId: id };
  });
}

/** Redeems a sign-in link (once) for an access token to every request under its address. */
export async function redeemSignIn(deps: Deps, token: string): Promise<{ access: { token: string }; next: string }> {
  return deps.db.transaction(async (trx) => {
    const link = await trx('consumer_sign_in_tokens')
      .where({ token_hash: hashToken(token) })
      .forUpdate()
      .first();
    if (!link)
      throw notFound('This sign-in link is not valid. Check that the whole link was copied, or ask for a new one.');
    const now = deps.clock.now();
    if (link.used_at)
      throw new LinkGoneError(
        'used',
        'This sign-in link was already used. Ask for a new one: enter your email address below.',
      );
    if (new Date(link.expires_at) <= now)
      throw new LinkGoneError(
        'expired',
        'This sign-in link has expired. Ask for a new one: enter your email address below.',
      );
    await trx('consumer_sign_in_tokens').where({ id: link.id }).update({ used_at: now });
    const access = newToken();
    // expires_at is informative only: validity follows the requests (open, or closed within RETENTION_DAYS)
    await trx('consumer_access_tokens').insert({
      email: link.email,
      token_hash: hashToken(access),
      expires_at: new Date(now.getTime() + 3650 * 24 * 3600_000),
      created_at: now,
    });
    return { access: { token: access }, next: link.next_path ?? '/my-requests' };
  });
}
