import { createServer, type Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import type { Knex } from 'knex';
import type { Config } from '../config';
import type { QueueName } from '../queue';
import type { Clock } from '../shared/clock';
import { registerStateGauges, sendOutcomeCounter, Registry, type SendOutcome } from './metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** What a finished send-email job counts as; undefined: nothing was sent (the email was no longer pending). */
export function sendOutcomeOf(
  event: { completed: unknown } | { failed: Job | undefined; error: Error },
): SendOutcome | undefined {
  if ('completed' in event) {
    const kind = (event.completed as { kind?: string } | null)?.kind;
    if (kind === 'sent' || kind === 'sent_answer_unrecorded') return 'sent';
    if (kind === 'uncertain') return 'uncertain';
    return undefined;
  }
  const job = event.failed;
  if (!job) return undefined;
  // it will not run again: attempts used up, or an UnrecoverableError (a permanent refusal)
  const final =
    job.finishedOn !== undefined ||
    event.error.name === 'UnrecoverableError' ||
    job.attemptsMade >= (job.opts.attempts ?? 1);
  return final ? 'failed' : 'retried';
}

/**
 * The worker's metrics: send outcomes counted by this process and the deployment-wide gauges (computed when scraped).
 * Served on WORKER_METRICS_PORT (0: no listener), guarded like the API's by METRICS_TOKEN.
 */
export async function startWorkerMetrics(deps: {
  config: Config;
  db: Knex;
  clock: Clock;
  queues: Record<QueueName, Queue>;
}): Promise<{
  record(outcome: SendOutcome): void;
  port: number | undefined;
  close(): Promise<void>;
}> {
  const registry = new Registry();
  const record = sendOutcomeCounter(registry);
  const gauges = registerStateGauges(registry, { db: deps.db, clock: deps.clock, queues: () => deps.queues });
  const { metricsToken, workerMetricsPort } = deps.config;
  if (workerMetricsPort === 0) return { record, port: undefined, close: async () => undefined };

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      if (metricsToken) {
        const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        if (!timingSafeEqual(digest(given), digest(metricsToken))) {
          res
            .writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer realm="metrics"' })
            .end('metrics token required\n');
          return;
        }
      }
      await gauges.refresh();
      res.writeHead(200, { 'Content-Type': registry.contentType }).end(await registry.metrics());
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // on HOST, like the API
    server.listen(workerMetricsPort, deps.config.host, () => resolve());
  });
  const address = server.address();
  return {
    record,
    port: typeof address === 'object' && address ? address.port : undefined,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
