import { timingSafeEqual, createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { AppError, notFound, type ApiRouter } from '../http';
import { closeQueues, createQueues, type QueueName } from '../queue';
import type { Clock } from '../shared/clock';
import { httpMetricsMiddleware, registerStateGauges, Registry } from './metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The API's metrics: `middleware` counts and times every request (mount it first), `register` adds GET /metrics,
 * `close` releases the queue handles the depth gauges use (on the API's producer connection, created on first scrape).
 */
export function createApiMetrics(deps: { config: Config; db: Knex; redis: Redis; clock: Clock }): {
  middleware: RequestHandler;
  register(api: ApiRouter): void;
  close(): Promise<void>;
} {
  const registry = new Registry();
  const middleware = httpMetricsMiddleware(registry);
  let queues: Record<QueueName, Queue> | undefined;
  const gauges = registerStateGauges(registry, {
    db: deps.db,
    clock: deps.clock,
    queues: () => (queues ??= createQueues(deps.redis, deps.config.queuePrefix)),
  });
  const { metricsToken, env } = deps.config;

  return {
    middleware,
    register: (api) =>
      api.route(
        {
          method: 'get',
          path: '/metrics',
          summary:
            'Prometheus metrics (a bearer token when METRICS_TOKEN is set; not served in production without one)',
          tags: ['health'],
          responses: {
            200: { description: 'Prometheus text exposition format', schema: z.string(), contentType: 'text/plain' },
          },
        },
        async ({ req, res }) => {
          if (metricsToken) {
            const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
            if (!timingSafeEqual(digest(given), digest(metricsToken))) {
              res.set('WWW-Authenticate', 'Bearer realm="metrics"');
              throw new AppError('unauthenticated', 'Send the metrics token as a bearer token.');
            }
          } else if (env === 'production') {
            throw notFound();
          }
          await gauges.refresh();
          res.set('Content-Type', registry.contentType);
          res.send(await registry.metrics());
        },
      ),
    close: async () => {
      if (queues) await closeQueues(queues);
    },
  };
}
