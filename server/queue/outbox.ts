import type { Knex } from 'knex';
import type { Queue } from 'bullmq';
import { queuePrefixOf } from '../db';
import { JOBS, jobOptionsFor, jobIdFor, type JobName, type JobPayload, type QueueName } from './jobs';

/**
 * Writes a job into the outbox inside the caller's transaction: the job exists if and only if the state change that
 * caused it committed. Writing the same job id twice is a no-op.
 */
export async function enqueueInTransaction<N extends JobName>(
  trx: Knex | Knex.Transaction,
  name: N,
  payload: JobPayload<N>,
  options: { availableAt?: Date } = {},
): Promise<string> {
  const definition = JOBS[name];
  const parsed = definition.payload.parse(payload);
  const jobId = jobIdFor(name, parsed as JobPayload<N>);
  await trx('outbox')
    .insert({
      queue_prefix: queuePrefixOf(trx),
      queue: definition.queue,
      job_name: name,
      job_id: jobId,
      payload: JSON.stringify(parsed),
      ...(options.availableAt ? { available_at: options.availableAt } : {}),
    })
    .onConflict('job_id')
    .ignore();
  return jobId;
}

/** Many jobs of one kind in one statement (bulk work): same guarantees as enqueueInTransaction. */
export async function enqueueManyInTransaction<N extends JobName>(
  trx: Knex | Knex.Transaction,
  name: N,
  payloads: JobPayload<N>[],
): Promise<void> {
  if (payloads.length === 0) return;
  const definition = JOBS[name];
  const rows = payloads.map((payload) => {
    const parsed = definition.payload.parse(payload);
    return {
      queue_prefix: queuePrefixOf(trx),
      queue: definition.queue,
      job_name: name,
      job_id: jobIdFor(name, parsed as JobPayload<N>),
      payload: JSON.stringify(parsed),
    };
  });
  await trx('outbox').insert(rows).onConflict('job_id').ignore();
}

/**
 * The same writer as SQL, for a statement that must write its job itself (the consumer intake's single prepared
 * statement): `insert into outbox ... select ... from <from>`, one job `name` per row of `from` (a CTE of the caller's
 * statement), its payload built from `payload` (each key of the job's payload -> an integer SQL expression over the
 * columns of `from`). The job id is the one `jobIdFor` gives (checked when built), the queue prefix the handle's
 * (`bindings(conn)`, the fragment's two placeholders). Writing the same job id twice is a no-op, as above.
 */
export function outboxInsertSql<N extends JobName>(
  name: N,
  shape: { from: string; payload: Record<keyof JobPayload<N> & string, string> },
): { sql: string; bindings(conn: Knex | Knex.Transaction): [string, QueueName] } {
  const definition = JOBS[name];
  const keys = Object.keys(shape.payload);
  // Probe values stand for the columns: whatever jobIdFor makes of them is rebuilt in SQL around the same expressions.
  const probes = keys.map((_, i) => 900_000_001 + i);
  const probe = definition.payload.parse(Object.fromEntries(keys.map((k, i) => [k, probes[i]]))) as JobPayload<N>;
  const parts = jobIdFor(name, probe).split(new RegExp(`(${probes.join('|')})`));
  const jobIdSql = parts
    .map((part, i) => {
      if (i % 2 === 0) return `'${part.replace(/'/g, "''")}'`;
      const expression = shape.payload[keys[probes.indexOf(Number(part))]! as keyof JobPayload<N> & string];
      return `(${expression})::text`;
    })
    .filter((s) => s !== "''")
    .join(' || ');
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`job name "${name}" cannot be written into SQL`);
  const payloadSql = keys.map((k) => `'${k.replace(/'/g, "''")}', ${shape.payload[k as keyof JobPayload<N> & string]}`);
  return {
    sql:
      'insert into outbox (queue_prefix, queue, job_name, job_id, payload) ' +
      `select ?, ?, '${name}', ${jobIdSql}, jsonb_build_object(${payloadSql.join(', ')}) from ${shape.from} ` +
      'on conflict (job_id) do nothing',
    bindings: (conn) => [queuePrefixOf(conn), definition.queue],
  };
}

const REDIS_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface RelayResult {
  relayed: number;
  failed: boolean;
  error?: string;
}

/**
 * Moves pending outbox rows into BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED so several relays (API and
 * worker processes) never fight over a row, and marked relayed only after Redis accepted the jobs; if Redis is down
 * the transaction rolls back and the rows wait for the next pass. BullMQ ignores a job id it already holds, so a
 * relay that crashed after adding but before committing cannot make a duplicate. Only rows of this deployment's queue
 * prefix (`queuePrefix`, else the one the db handle was created with) are claimed.
 */
export async function relayOutbox(
  db: Knex,
  queues: Record<QueueName, Queue>,
  options: { batchSize?: number; now?: Date; queuePrefix?: string } = {},
): Promise<RelayResult> {
  const batchSize = options.batchSize ?? 500;
  const queuePrefix = options.queuePrefix ?? queuePrefixOf(db);
  try {
    const relayed = await db.transaction(async (trx) => {
      const rows: { id: number; queue: QueueName; job_name: string; job_id: string; payload: unknown }[] = await trx(
        'outbox',
      )
        .select('id', 'queue', 'job_name', 'job_id', 'payload')
        .where('queue_prefix', queuePrefix)
        .whereNull('relayed_at')
        .andWhere('available_at', '<=', options.now ?? trx.fn.now())
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked();
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, typeof rows>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queueName, queueRows] of byQueue) {
        const queue = queues[queueName];
        if (!queue) throw new Error(`outbox row names unknown queue "${queueName}"`);
        // BullMQ waits for a reconnecting client instead of failing; bound it so a Redis outage never holds the row
        // locks (and a pooled connection) for long.
        await withTimeout(
          queue.addBulk(
            queueRows.map((row) => ({
              name: row.job_name,
              data: row.payload,
              opts: { ...jobOptionsFor(row.job_name), jobId: row.job_id },
            })),
          ),
          REDIS_TIMEOUT_MS,
          'Redis did not accept the jobs in time',
        );
      }
      await trx('outbox')
        .whereIn(
          'id',
          rows.map((r) => r.id),
        )
        .update({ relayed_at: trx.fn.now() });
      return rows.length;
    });
    return { relayed, failed: false };
  } catch (err) {
    // Nothing to record in Postgres: the rows stay pending, and Postgres may be the thing that is down.
    const message = err instanceof Error ? err.message : String(err);
    return { relayed: 0, failed: true, error: message };
  }
}

/** Runs the relay in a loop until stopped: immediately again while there is a backlog, else every pollMs. */
export function startOutboxRelay(
  db: Knex,
  queues: Record<QueueName, Queue>,
  options: { pollMs: number; queuePrefix?: string; onError?: (error: string) => void },
): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      const result = await relayOutbox(db, queues, { queuePrefix: options.queuePrefix });
      if (result.failed) options.onError?.(result.error ?? 'unknown');
      if (result.relayed > 0 && !result.failed) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, options.pollMs);
      });
    }
  })();
  return {
    kick: () => wake?.(),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
