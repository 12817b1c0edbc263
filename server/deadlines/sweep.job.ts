/**
 * The deadline sweep: claims due milestones and writes one delivery job per milestone to the outbox, in the same
 * transaction that marks them fired. It reads only the partial index on unfired milestones, so its cost follows the
 * number of DUE milestones, not the number of open requests.
 */
import type { Knex } from 'knex';
import { enqueueManyInTransaction } from '../queue';
import type { Clock } from '../shared/clock';

export interface SweepResult {
  /** milestone ids this call fired, in due order (fire_at, id) */
  fired: number[];
  batches: number;
}

/**
 * Fires every milestone due at `clock.now()`, in batches of `batchSize`, one transaction per batch.
 * FOR UPDATE SKIP LOCKED lets several workers sweep at once without waiting on, or double-firing, each other's rows;
 * a crash rolls the batch back and the next sweep picks it up (catch-up after downtime is the same code path).
 */
export async function sweepDueMilestones(
  db: Knex,
  clock: Clock,
  options: { batchSize?: number } = {},
): Promise<SweepResult> {
  const batchSize = options.batchSize ?? 1000;
  const now = clock.now();
  const fired: number[] = [];
  let batches = 0;
  for (;;) {
    const claimed = await db.transaction(async (trx) => {
      const rows: { id: number }[] = await trx('deadline_milestones')
        .select('id')
        .whereNull('fired_at')
        .whereNull('cancelled_at')
        .where('fire_at', '<=', now)
        .orderBy([{ column: 'fire_at' }, { column: 'id' }])
        .limit(batchSize)
        .forUpdate()
        .skipLocked();
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      await trx('deadline_milestones').whereIn('id', ids).update({ fired_at: now });
      // One multi-row insert: outbox ids follow due order, and a re-fired id (impossible, but cheap to guard) is ignored.
      await enqueueManyInTransaction(
        trx,
        'deliver-milestone',
        ids.map((milestoneId) => ({ milestoneId })),
      );
      return ids;
    });
    if (claimed.length > 0) {
      batches++;
      fired.push(...claimed);
    }
    if (claimed.length < batchSize) break;
  }
  return { fired, batches };
}

/** The scheduler's id is stable, so every start (and every worker process) upserts the same one. */
export const SWEEP_SCHEDULER = { id: 'deadline-sweep', every: 60_000 } as const;
