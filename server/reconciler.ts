/**
 * The reconciler: Postgres decides, Redis carries. Redis holds only pointers to work, and can lose them (restarted
 * without persistence, a job BullMQ failed for good, a job removed while its work was unfinished). Postgres holds the
 * work itself. On every run (a scheduled job, RECONCILE_INTERVAL_MS) the reconciler lists the work Postgres still
 * shows unfinished whose job was relayed more than RECONCILE_GRACE_MS ago:
 * - a stored email still `pending` (its `send-email` job);
 * - a fired deadline milestone whose notification was not queued (`deliver-milestone`);
 * - a request `ready_to_dispatch` with no letter yet (its latest `dispatch-request` job);
 * - a submission awaiting verification that was never sent its first link (`issue-verification`);
 * - a DRP revoke asked for whose business has not answered `revoked` (or another final state) yet (`drp-revoke`);
 *   (a request sent by DRP is the `ready_to_dispatch` case above: it has no letter until its exercise is accepted)
 * and asks BullMQ for the state of that job, by its deterministic id. A job that is missing, failed or completed
 * (while its work is still unfinished) is removed from Redis and its outbox row is handed back to the relay, which adds
 * it again under the same id: idempotent, and a job still waiting, delayed or running is left alone. The jobs
 * themselves decide outcomes from their rows: a send fails its letter with the reason once the letter's retry window
 * has passed (so the request is `dispatch_failed`, in a staff bucket, and can be resent), never because of BullMQ's
 * attempt count. Only the outbox rows of this deployment's queue prefix are considered.
 */
import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import type { QueueName } from './queue';

export interface ReconcileResult {
  /** jobs looked at in Redis */
  checked: number;
  /** jobs handed back to the relay, by the state BullMQ had them in */
  requeued: { missing: number; failed: number; completed: number };
}

interface Candidate {
  outbox_id: number;
  queue: QueueName;
  job_id: string;
}

const STUCK_WORK_SQL = `
  with stuck as (
    select 'send-email-' || e.id as job_id from outbound_emails e where e.status = 'pending'
    union all
    select 'milestone-' || m.id from deadline_milestones m where m.fired_at is not null and m.notified_at is null
    union all
    select coalesce(
      (select 'dispatch-request-' || r.id || '-' || max(ev.id) from events ev
        where ev.subject_type = 'request' and ev.subject_id = r.id and ev.type = 'resend_requested' having max(ev.id) is not null),
      'dispatch-request-' || r.id)
    from requests r
    where r.status = 'ready_to_dispatch' and not exists (select 1 from letters l where l.request_id = r.id and l.purpose = 'request')
    union all
    select 'issue-verification-' || s.id from submissions s
    where s.status = 'pending_verification' and not exists (select 1 from verification_tokens t where t.submission_id = s.id)
    union all
    select 'drp-revoke-' || d.request_id from drp_requests d
    where d.revoke_requested_at is not null and (d.drp_status is null or d.drp_status in ('open', 'in_progress'))
  )
  select o.id as outbox_id, o.queue, o.job_id
  from stuck join outbox o on o.job_id = stuck.job_id
  where o.queue_prefix = ? and o.relayed_at is not null and o.relayed_at <= now() - make_interval(secs => ?)
  order by o.id
  limit ?`;

export async function reconcile(
  db: Knex,
  queues: Record<QueueName, Queue>,
  options: { queuePrefix: string; graceMs: number; batchSize?: number },
): Promise<ReconcileResult> {
  const { rows } = (await db.raw(STUCK_WORK_SQL, [
    options.queuePrefix,
    options.graceMs / 1000,
    options.batchSize ?? 1000,
  ])) as { rows: Candidate[] };
  const result: ReconcileResult = { checked: rows.length, requeued: { missing: 0, failed: 0, completed: 0 } };
  const handBack: number[] = [];
  for (const row of rows) {
    const queue = queues[row.queue];
    if (!queue) continue;
    const state = await queue.getJobState(row.job_id);
    if (state === 'unknown') {
      result.requeued.missing++;
      handBack.push(row.outbox_id);
    } else if (state === 'failed' || state === 'completed') {
      const job = await queue.getJob(row.job_id);
      try {
        await job?.remove();
      } catch {
        continue; // taken by a worker in the meantime: it is running again
      }
      result.requeued[state]++;
      handBack.push(row.outbox_id);
    }
  }
  if (handBack.length)
    await db('outbox').whereIn('id', handBack).update({ relayed_at: null, available_at: db.fn.now() });
  return result;
}
