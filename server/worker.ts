import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { markBulkUploadFailed, processBulkUpload } from './agents';
import { ConfigError, loadConfig, type Config } from './config';
import { dispatchRequest, onRequestEmailAccepted, onRequestEmailRefused, startInboundReceiver } from './correspondence';
import { issueConsumerSignIn, issueFirstVerification, purgeExpiredPersonalData } from './requests';
import { createDb, isTransientDbError } from './db';
import { deliverMilestone, sweepDueMilestones, SWEEP_SCHEDULER } from './deadlines';
import { dispatchDrpRequest, pollOpenDrpRequests, sendDrpRevoke } from './drp';
import { createGuardedFetch, createGuardedSend, createLogger } from './http';
import { createMailTransport, sendStoredEmail, startCaptureServer, verifyFinalDotHook, type SmtpSink } from './mail';
import {
  cappedBackoff,
  closeQueues,
  createProducerConnection,
  createQueues,
  createWorkerConnection,
  JOBS,
  QUEUES,
  startOutboxRelay,
  type JobName,
  type QueueName,
} from './queue';
import { reconcile } from './reconciler';
import { pruneExpiredRows, sendOutcomeOf, startWorkerMetrics } from './ops';
import { systemClock, type Clock } from './shared/clock';
import { compactQueueTallies, createReplyWorkflow } from './staff';
import { checkDueGpcSupport, GPC_FETCH_OPTIONS, recheckDuePolicies, refreshVendorResponsiveness } from './vendors';

export interface WorkerDeps {
  config: Config;
  db: Knex;
  logger: Logger;
  clock: Clock;
  transport: Transporter;
}

/** DRP calls go through the guarded client (FETCH_ALLOW_PRIVATE_HOSTS lets tests reach a loopback business). */
const drpDeps = (deps: WorkerDeps) => ({
  ...deps,
  send: createGuardedSend({ allowPrivate: deps.config.fetchAllowPrivateHosts }),
});

/** What the worker itself provides to the jobs that look after the queues. */
interface QueueContext {
  queues: Record<QueueName, Queue>;
  kickRelay(): void;
}

type Handler = (job: Job, deps: WorkerDeps, context: QueueContext) => Promise<unknown>;

/** Every job the worker runs. A job name missing here is a compile error (the record is keyed by JobName). */
const HANDLERS: Record<JobName, Handler> = {
  'send-email': async (job, deps) => {
    const { emailId } = JOBS['send-email'].payload.parse(job.data);
    const outcome = await sendStoredEmail(deps.db, deps.transport, emailId, {
      now: () => deps.clock.now(),
      secret: deps.config.appSecret,
      leaseMs: deps.config.sendLeaseMs,
      retryWindowMs: deps.config.letterRetryWindowMs,
      isTransientDbError,
      // a vendor letter accepted by SMTP is the vendor's receipt: the request is sent and its deadline starts
      onSent: (trx, email, acceptedAt) =>
        email.related_type === 'request' && email.related_id
          ? onRequestEmailAccepted(trx, deps, email.related_id, email.id, acceptedAt)
          : Promise.resolve(),
      onFailed: (trx, email, error) =>
        email.related_type === 'request' && email.related_id
          ? onRequestEmailRefused(trx, email.related_id, email.id, error)
          : Promise.resolve(),
    });
    if (outcome.kind === 'failed_permanently') throw new UnrecoverableError(outcome.error);
    return outcome;
  },
  'issue-verification': async (job, deps) => {
    const { submissionId } = JOBS['issue-verification'].payload.parse(job.data);
    return issueFirstVerification(deps, submissionId);
  },
  'issue-consumer-sign-in': async (job, deps) => {
    const { signInRequestId } = JOBS['issue-consumer-sign-in'].payload.parse(job.data);
    return issueConsumerSignIn(deps, signInRequestId);
  },
  'dispatch-request': async (job, deps) => {
    const { requestId, attempt } = JOBS['dispatch-request'].payload.parse(job.data);
    // a vendor with a DRP channel for this right gets a signed DRP exercise instead of a letter (server/drp)
    const channel = await deps.db('requests').where({ id: requestId }).first('channel_type');
    if (channel?.channel_type === 'drp') return dispatchDrpRequest(drpDeps(deps), requestId, attempt);
    return dispatchRequest(deps.db, deps, requestId);
  },
  'drp-revoke': async (job, deps) => {
    const { requestId } = JOBS['drp-revoke'].payload.parse(job.data);
    return sendDrpRevoke(drpDeps(deps), requestId);
  },
  'drp-poll-status': async (_job, deps) => pollOpenDrpRequests(drpDeps(deps)),
  'sweep-deadlines': async (_job, deps) =>
    sweepDueMilestones(deps.db, deps.clock).then((r) => ({ fired: r.fired.length, batches: r.batches })),
  'compact-queue-tallies': async (_job, deps) => compactQueueTallies(deps.db),
  'purge-personal-data': async (_job, deps) => purgeExpiredPersonalData(deps.db, deps.clock, deps.config.retentionDays),
  'prune-expired-rows': async (_job, deps) =>
    pruneExpiredRows(deps.db, deps.clock, {
      outboxRetentionDays: deps.config.outboxRetentionDays,
      capturedMailRetentionDays: deps.config.capturedMailRetentionDays,
    }),
  'recheck-policies': async (_job, deps) => {
    const fetch = createGuardedFetch({ allowPrivate: deps.config.fetchAllowPrivateHosts });
    const outcomes = await recheckDuePolicies({
      db: deps.db,
      clock: deps.clock,
      fetch,
      recheckHours: deps.config.policyRecheckHours,
    });
    for (const o of outcomes) if (o.outcome !== 'unchanged') deps.logger.info(o, 'policy re-check');
    return {
      checked: outcomes.length,
      changed: outcomes.filter((o) => o.outcome === 'changed').length,
      failed: outcomes.filter((o) => o.outcome === 'failed').length,
    };
  },
  'refresh-responsiveness': async (_job, deps) => ({
    vendors: await refreshVendorResponsiveness(deps.db, deps.clock),
  }),
  'check-gpc-support': async (_job, deps) =>
    checkDueGpcSupport({
      db: deps.db,
      clock: deps.clock,
      fetch: createGuardedFetch({ ...GPC_FETCH_OPTIONS, allowPrivate: deps.config.fetchAllowPrivateHosts }),
      recheckDays: deps.config.gpcCheckDays,
    }),
  'process-bulk-upload': async (job, deps) => {
    const { uploadId } = JOBS['process-bulk-upload'].payload.parse(job.data);
    try {
      return await processBulkUpload(deps, uploadId);
    } catch (err) {
      // the last attempt: the upload shows `failed` (its unprocessed rows stay pending) instead of `processing` forever
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1) && !isTransientDbError(err))
        await markBulkUploadFailed(
          deps.db,
          uploadId,
          err instanceof Error ? err.message : String(err),
          deps.clock.now(),
        );
      throw err;
    }
  },
  'deliver-milestone': async (job, deps) => {
    const { milestoneId } = JOBS['deliver-milestone'].payload.parse(job.data);
    return deliverMilestone(deps.db, deps, milestoneId);
  },
  reconcile: async (_job, deps, context) => {
    const result = await reconcile(deps.db, context.queues, {
      queuePrefix: deps.config.queuePrefix,
      graceMs: deps.config.reconcileGraceMs,
    });
    const requeued = result.requeued.missing + result.requeued.failed + result.requeued.completed;
    if (requeued > 0) {
      deps.logger.warn(
        { ...result.requeued },
        'reconciler: unfinished work whose job was lost or failed, queued again',
      );
      context.kickRelay();
    }
    return result;
  },
};

/**
 * Recurring work, upserted at start so a redeploy never creates duplicates, and again whenever Redis comes back
 * without them (restarted without persistence, flushed): see keepSchedulers.
 */
function schedulers(config: Config): { queue: QueueName; id: string; every: number; job: JobName }[] {
  return [
    { queue: 'deadlines', id: SWEEP_SCHEDULER.id, every: SWEEP_SCHEDULER.every, job: 'sweep-deadlines' },
    { queue: 'deadlines', id: 'compact-queue-tallies', every: 60_000, job: 'compact-queue-tallies' },
    { queue: 'deadlines', id: 'purge-personal-data', every: 6 * 3600_000, job: 'purge-personal-data' },
    { queue: 'deadlines', id: 'reconcile', every: config.reconcileIntervalMs, job: 'reconcile' },
    // relayed outbox rows, expired tokens and sessions, old captured mail: batched deletes (server/ops/prune.ts)
    { queue: 'deadlines', id: 'prune-expired-rows', every: 3600_000, job: 'prune-expired-rows' },
    // each watched policy URL is due every POLICY_RECHECK_HOURS; this looks for due ones
    { queue: 'imports', id: 'recheck-policies', every: 15 * 60_000, job: 'recheck-policies' },
    // each vendor's observed responsiveness for its public page
    { queue: 'deadlines', id: 'refresh-responsiveness', every: 15 * 60_000, job: 'refresh-responsiveness' },
    // each vendor's gpc.json is due every GPC_CHECK_DAYS; off (never fetched) when that is 0
    ...(config.gpcCheckDays > 0
      ? [{ queue: 'imports' as const, id: 'check-gpc-support', every: 15 * 60_000, job: 'check-gpc-support' as const }]
      : []),
    // open DRP requests not heard of for DRP_POLL_INTERVAL_MS are asked for their status (server/drp)
    {
      queue: 'mail',
      id: 'drp-poll-status',
      every: Math.min(config.drp.pollIntervalMs, 15 * 60_000),
      job: 'drp-poll-status',
    },
  ];
}

/**
 * Registers every scheduler that Redis does not hold: at start, each time the Redis connection is ready again (a
 * restart), and every RECONCILE_INTERVAL_MS (a flush or a failover leaves the connection up). Runs one check at a time.
 */
function keepSchedulers(
  queues: Record<QueueName, Queue>,
  producer: Redis,
  config: Config,
  logger: Logger,
): { ensure(): Promise<void>; stop(): void } {
  let running: Promise<void> | undefined;
  let stopped = false;
  const check = async () => {
    for (const s of schedulers(config)) {
      if (stopped) return;
      const existing = await queues[s.queue].getJobScheduler(s.id);
      if (existing && existing.every === s.every) continue;
      await queues[s.queue].upsertJobScheduler(s.id, { every: s.every }, { name: s.job, data: {} });
      if (existing === undefined) logger.info({ scheduler: s.id }, 'scheduler registered');
    }
  };
  const ensure = () => {
    running ??= check().finally(() => (running = undefined));
    return running;
  };
  const quiet = () =>
    void ensure().catch((err: unknown) =>
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'schedulers: will check again'),
    );
  producer.on('ready', quiet);
  const timer = setInterval(quiet, config.reconcileIntervalMs);
  timer.unref();
  return {
    ensure,
    stop: () => {
      stopped = true;
      clearInterval(timer);
      producer.off('ready', quiet);
    },
  };
}

export interface RunningWorker {
  /** the port of the worker's /metrics listener (WORKER_METRICS_PORT), if any */
  metricsPort: number | undefined;
  stop(): Promise<void>;
}

/** Starts the queue workers, the schedulers and the outbox relay; `stop` drains in-flight jobs before closing. */
export async function startWorker(deps: WorkerDeps, options: { concurrency?: number } = {}): Promise<RunningWorker> {
  const { config, logger } = deps;
  const producer = createProducerConnection(config.redisUrl);
  producer.on('error', () => undefined); // the relay reports Redis outages itself
  const queues = createQueues(producer, config.queuePrefix);
  const workerConnection = createWorkerConnection(config.redisUrl);
  workerConnection.on('error', () => undefined);

  const relayControl: { kick(): void } = { kick: () => undefined };
  const context: QueueContext = { queues, kickRelay: () => relayControl.kick() };
  const workers = QUEUES.map(
    (queueName) =>
      new Worker(
        queueName,
        async (job) => {
          const handler = HANDLERS[job.name as JobName];
          if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
          return handler(job, deps, context);
        },
        {
          connection: workerConnection,
          prefix: config.queuePrefix,
          concurrency: options.concurrency ?? 10,
          autorun: true,
          // A job in flight when a worker dies is given to another after the lock lapses, however often that happens:
          // BullMQ never fails work for good because of crashes (the job's own row decides; the reconciler catches the rest).
          maxStalledCount: 1_000_000,
          lockDuration: config.workerLockMs,
          stalledInterval: config.workerStalledIntervalMs,
          settings: { backoffStrategy: cappedBackoff({ baseMs: config.jobRetryBaseMs, maxMs: config.jobRetryMaxMs }) },
        },
      ),
  );
  const metrics = await startWorkerMetrics({ config, db: deps.db, clock: deps.clock, queues });
  const countSend = (outcome: ReturnType<typeof sendOutcomeOf>) => outcome && metrics.record(outcome);
  for (const worker of workers) {
    worker.on(
      'completed',
      (job, result) => job.name === 'send-email' && countSend(sendOutcomeOf({ completed: result })),
    );
    worker.on(
      'failed',
      (job, err) => job?.name === 'send-email' && countSend(sendOutcomeOf({ failed: job, error: err })),
    );
    worker.on('failed', (job, err) => logger.warn({ job: job?.id, name: job?.name, err: err.message }, 'job failed'));
    worker.on('error', (err) => logger.warn({ err: err.message }, 'worker error'));
  }
  const schedulerKeeper = keepSchedulers(queues, producer, config, logger);
  await schedulerKeeper.ensure();

  let lastRelayError: string | undefined;
  const relay = startOutboxRelay(deps.db, queues, {
    queuePrefix: config.queuePrefix,
    pollMs: config.outboxPollMs,
    onError: (error) => {
      if (error !== lastRelayError) logger.warn({ error }, 'outbox relay: will retry');
      lastRelayError = error;
    },
  });

  relayControl.kick = relay.kick;

  return {
    metricsPort: metrics.port,
    stop: async () => {
      schedulerKeeper.stop();
      await metrics.close();
      await relay.stop();
      await Promise.all(workers.map((w) => w.close()));
      await closeQueues(queues);
      await Promise.allSettled([workerConnection.quit(), producer.quit()]);
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'worker');
  // Exactly-once sending depends on a hook into nodemailer's and Node's internals: refuse to start without it.
  await verifyFinalDotHook();
  const db = createDb(config.appDatabaseUrl, config.databasePoolMax, logger, { queuePrefix: config.queuePrefix });
  let capture: SmtpSink | undefined;
  let smtpUrl = config.smtpUrl;
  if (!smtpUrl) {
    capture = await startCaptureServer(db, config.smtpCapturePort);
    smtpUrl = `smtp://127.0.0.1:${capture.port}?tls=off`;
    logger.info({ port: capture.port }, 'SMTP_URL not set: capturing mail in Postgres (captured_mail)');
  }
  const transport = createMailTransport(smtpUrl, config.smtpTimeouts);

  // The signal handlers come first: jobs start running as soon as the queue workers exist, and a SIGTERM that arrived
  // before the handlers would kill the process mid-job instead of draining it.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker draining in-flight jobs');
    const parts = await started.catch(() => undefined);
    await parts?.inbound.close();
    await parts?.running.stop();
    transport.close();
    await capture?.close();
    await db.destroy();
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // (declared after the handlers, but assigned before any signal can be delivered: this code runs without yielding)
  const started = (async () => {
    const running = await startWorker({ config, db, logger, clock: systemClock, transport });
    const replies = createReplyWorkflow({ config, clock: systemClock });
    const inbound = await startInboundReceiver({ db, config, logger, clock: systemClock, replies });
    return { running, inbound };
  })();
  const { inbound } = await started;
  logger.info({ inboundSmtpPort: inbound.port }, 'worker started; receiving vendor replies by SMTP');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(
      err instanceof ConfigError
        ? err.message
        : `worker failed to start: ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  });
}
