import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { AppError, validationFailed } from '../http';
import type { Clock } from '../shared/clock';

const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** JSON with sorted keys, so the same body sent with its keys in another order is still "the same body". */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_PATTERN.test(header))
    throw validationFailed([
      { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters (a UUID is best)' },
    ]);
  return header;
}

/**
 * Runs `work` in a transaction, at most once per key. The key row is inserted first, in the same transaction: a
 * concurrent retry blocks on the unique index until the first commits, then replays its response; if the first
 * failed (rolled back) the retry simply runs. Only successful responses are stored, so a failed attempt can be
 * retried after the cause is fixed. Keys expire after 24 hours.
 */
export async function withIdempotency<T>(
  db: Knex,
  clock: Clock,
  options: { scope: string; key: string | undefined; body: unknown },
  work: (trx: Knex.Transaction) => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  if (options.key === undefined) return db.transaction(async (trx) => ({ ...(await work(trx)), replayed: false }));
  const { scope, key } = options;
  const requestHash = createHash('sha256').update(canonical(options.body)).digest('hex');
  const now = clock.now();
  return db.transaction(async (trx) => {
    await trx('idempotency_keys').where({ scope, key }).where('expires_at', '<=', now).del();
    const inserted = await trx('idempotency_keys')
      .insert({
        scope,
        key,
        request_hash: requestHash,
        created_at: now,
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      })
      .onConflict(['scope', 'key'])
      .ignore()
      .returning('key');
    if (inserted.length === 0) {
      const stored = await trx('idempotency_keys').where({ scope, key }).first();
      if (stored.request_hash !== requestHash) {
        throw validationFailed([
          { field: 'Idempotency-Key', message: 'was already used with a different request body; use a new key' },
        ]);
      }
      if (stored.status_code === null)
        throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed.');
      return { status: stored.status_code as number, body: stored.response as T, replayed: true };
    }
    const result = await work(trx);
    await trx('idempotency_keys')
      .where({ scope, key })
      .update({ status_code: result.status, response: JSON.stringify(result.body) });
    return { ...result, replayed: false };
  });
}
