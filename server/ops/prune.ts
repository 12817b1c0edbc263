/**
 * Bounded growth: the scheduled prune deletes rows that only exist because of traffic once nothing can need them
 * again. Each table is deleted from in batches of `batchSize` rows (one short statement each), so a run never holds
 * many row locks or one long transaction, however far behind it is. The personal-data retention purge
 * (server/requests/retention.ts) is separate: it erases people, this deletes plumbing.
 *
 * What is never deleted: an outbox row not yet relayed (its job has not reached Redis), a sign-in request not yet
 * handled (its job still reads it), a token or idempotency key before it expired (an open request or link needs it),
 * a session before it expired.
 */
import type { Knex } from 'knex';
import type { Clock } from '../shared/clock';

const DAY_MS = 86_400_000;

/** An expired link stays recognisable as "expired" (not "unknown") for this long, then its row is deleted. */
const EXPIRED_TOKEN_GRACE_DAYS = 30;
/** A handled "find my requests" sign-in request is kept this long (it holds no address once handled). */
const SIGN_IN_REQUEST_RETENTION_DAYS = 7;
/** An idempotency key is kept this long after it expired (a replay after that is a new request anyway). */
const IDEMPOTENCY_GRACE_DAYS = 1;

export interface PruneOptions {
  outboxRetentionDays: number;
  capturedMailRetentionDays: number;
  batchSize?: number;
}

interface Rule {
  table: string;
  /** the row's age column and the cutoff: rows with `column < cutoff` are deleted */
  column: string;
  cutoff: Date;
}

function rules(now: Date, options: PruneOptions): Rule[] {
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return [
    // relayed_at is null while the row waits for Redis: `null < cutoff` is never true, so a pending row is never deleted
    { table: 'outbox', column: 'relayed_at', cutoff: ago(options.outboxRetentionDays) },
    { table: 'captured_mail', column: 'received_at', cutoff: ago(options.capturedMailRetentionDays) },
    { table: 'verification_tokens', column: 'expires_at', cutoff: ago(EXPIRED_TOKEN_GRACE_DAYS) },
    { table: 'consumer_access_tokens', column: 'expires_at', cutoff: ago(EXPIRED_TOKEN_GRACE_DAYS) },
    { table: 'account_tokens', column: 'expires_at', cutoff: ago(EXPIRED_TOKEN_GRACE_DAYS) },
    { table: 'consumer_sign_in_tokens', column: 'expires_at', cutoff: ago(EXPIRED_TOKEN_GRACE_DAYS) },
    { table: 'consumer_sign_in_requests', column: 'handled_at', cutoff: ago(SIGN_IN_REQUEST_RETENTION_DAYS) },
    { table: 'idempotency_keys', column: 'expires_at', cutoff: ago(IDEMPOTENCY_GRACE_DAYS) },
    { table: 'sessions', column: 'expire', cutoff: now },
  ];
}

export type PruneResult = Record<string, number>;

/** Deletes every row past its retention, table by table, `batchSize` rows per statement; returns the counts. */
export async function pruneExpiredRows(db: Knex, clock: Clock, options: PruneOptions): Promise<PruneResult> {
  const batchSize = options.batchSize ?? 1_000;
  const result: PruneResult = {};
  for (const rule of rules(clock.now(), options)) {
    let deleted = 0;
    for (;;) {
      // ctid: one statement for every table whatever its key; the condition is checked again on the deleted row
      const { rowCount } = await db.raw<{ rowCount: number }>(
        `delete from ?? where ctid = any(array(select ctid from ?? where ?? < ? limit ?)) and ?? < ?`,
        [rule.table, rule.table, rule.column, rule.cutoff, batchSize, rule.column, rule.cutoff],
      );
      deleted += rowCount;
      if (rowCount < batchSize) break;
    }
    result[rule.table] = deleted;
  }
  return result;
}
