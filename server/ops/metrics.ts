/**
 * Prometheus metrics (prom-client). Each process has its own registry (never the library's global one): the API's
 * holds the HTTP series, the worker's the send outcomes, and both hold the gauges derived from Postgres and Redis,
 * which are computed when scraped (cheap indexed queries, see migration 20261206950002) so any one process answers
 * for the whole deployment.
 */
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { queuePrefixOf } from '../db';
import { QUEUES, type QueueName } from '../queue';
import type { Clock } from '../shared/clock';
import { CLOSED_STATUSES } from '../requests';
import { addCalendarDays, utcDate } from '../deadlines';

/** An email still pending this long after it was written is stranded (its job was lost or keeps failing). */
const STRANDED_AFTER_MS = 15 * 60_000;
/** Requests due within this many days count as "due soon". */
const DUE_SOON_DAYS = 7;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
const REDIS_TIMEOUT_MS = 1_000;
/** literal, so the planner can use the partial index requests_open_due (its predicate lists the same statuses) */
const CLOSED_SQL = CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms))),
  ]).finally(() => clearTimeout(timer));
}

export interface StateGauges {
  /** recomputes every derived gauge; a source that does not answer sets drp_metrics_source_up{source} to 0 */
  refresh(): Promise<void>;
}

/** Gauges computed from Postgres (outbox, emails, deadlines) and Redis (queue depths) at scrape time. */
export function registerStateGauges(
  registry: Registry,
  deps: { db: Knex; clock: Clock; queues: () => Record<QueueName, Queue> },
): StateGauges {
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const sourceUp = gauge(
    'drp_metrics_source_up',
    'Whether the source of the derived gauges answered this scrape (1) or not (0)',
    ['source'],
  );
  const outboxBacklog = gauge(
    'drp_outbox_backlog',
    "Outbox rows of this deployment's queue prefix due and not yet relayed to Redis",
  );
  const outboxLag = gauge('drp_outbox_lag_seconds', 'Age of the oldest due outbox row not yet relayed (0 when none)');
  const emails = gauge('drp_emails_unsent', 'Stored emails not (yet) accepted by the mail relay, by status', [
    'status',
  ]);
  const stranded = gauge(
    'drp_letters_stranded',
    `Emails to vendors about a request still pending ${STRANDED_AFTER_MS / 60_000} minutes after they were written`,
  );
  const dueSoon = gauge(
    'drp_requests_due_soon',
    `Open requests whose legal deadline falls within ${DUE_SOON_DAYS} days (today included)`,
  );
  const overdue = gauge('drp_requests_overdue', 'Open requests past their legal deadline');
  const milestonesDue = gauge(
    'drp_milestones_due',
    'Deadline milestones whose time has come and which the sweep has not fired yet',
  );
  const queueJobs = gauge('drp_queue_jobs', 'BullMQ jobs by queue and state', ['queue', 'state']);

  const fromPostgres = async () => {
    const now = deps.clock.now();
    const today = utcDate(now);
    const soon = addCalendarDays(today, DUE_SOON_DAYS);
    const { rows } = await deps.db.raw<{ rows: Record<string, string | null>[] }>(
      `select
         (select count(*) from outbox where queue_prefix = :prefix and relayed_at is null and available_at <= :now) as backlog,
         (select extract(epoch from :now - min(available_at)) from outbox where queue_prefix = :prefix and relayed_at is null and available_at <= :now) as lag,
         (select count(*) from outbound_emails where status = 'pending') as pending,
         (select count(*) from outbound_emails where status = 'failed') as failed,
         (select count(*) from outbound_emails where status = 'uncertain') as uncertain,
         (select count(*) from outbound_emails where status = 'pending' and related_type = 'request' and created_at < :stranded) as stranded,
         (select count(*) from requests where status not in (${CLOSED_SQL}) and due_on >= :today and due_on < :soon) as due_soon,
         (select count(*) from requests where status not in (${CLOSED_SQL}) and due_on < :today) as overdue,
         (select count(*) from deadline_milestones where fired_at is null and cancelled_at is null and fire_at <= :now) as milestones`,
      { now, stranded: new Date(now.getTime() - STRANDED_AFTER_MS), today, soon, prefix: queuePrefixOf(deps.db) },
    );
    const r = rows[0]!;
    outboxBacklog.set(Number(r.backlog));
    outboxLag.set(Math.max(0, Number(r.lag ?? 0)));
    for (const status of ['pending', 'failed', 'uncertain']) emails.set({ status }, Number(r[status]));
    stranded.set(Number(r.stranded));
    dueSoon.set(Number(r.due_soon));
    overdue.set(Number(r.overdue));
    milestonesDue.set(Number(r.milestones));
  };
  const fromRedis = async () => {
    const queues = deps.queues();
    const counts = await withTimeout(
      Promise.all(QUEUES.map((q) => queues[q].getJobCounts(...QUEUE_STATES))),
      REDIS_TIMEOUT_MS,
    );
    QUEUES.forEach((queue, i) => {
      for (const state of QUEUE_STATES) queueJobs.set({ queue, state }, counts[i]![state] ?? 0);
    });
  };
  return {
    refresh: async () => {
      const [pg, redis] = await Promise.allSettled([fromPostgres(), fromRedis()]);
      sourceUp.set({ source: 'postgres' }, pg.status === 'fulfilled' ? 1 : 0);
      sourceUp.set({ source: 'redis' }, redis.status === 'fulfilled' ? 1 : 0);
      // a stale depth would read as a real one: no figure rather than a wrong one
      if (redis.status === 'rejected') queueJobs.reset();
    },
  };
}

/** HTTP request counts and latencies, labelled by route template (`/api/requests/:id`), never the raw URL. */
export function httpMetricsMiddleware(registry: Registry): (req: Request, res: Response, next: NextFunction) => void {
  const labelNames = ['method', 'route', 'status'];
  const requests = new Counter({
    name: 'drp_http_requests_total',
    help: 'HTTP requests answered',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'drp_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its answer',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // a request no route matched (404, the client app's pages) shares one label: URLs are unbounded
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

export type SendOutcome = 'sent' | 'failed' | 'uncertain' | 'retried';

/** Send outcomes counted by the worker process that ran the job. */
export function sendOutcomeCounter(registry: Registry): (outcome: SendOutcome) => void {
  const counter = new Counter({
    name: 'drp_email_sends_total',
    help: 'Outcomes of send-email jobs run by this worker',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['sent', 'failed', 'uncertain', 'retried']) counter.inc({ outcome }, 0);
  return (outcome) => counter.inc({ outcome });
}

export { Registry };
