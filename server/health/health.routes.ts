import { z } from 'zod';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { isDatabaseReachable } from '../db';
import { AppError, type ApiRouter } from '../http';
import { isRedisReachable } from '../queue';

const healthSchema = z.object({ status: z.literal('ok') });
const readySchema = z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.literal('up')) });

export function registerHealthRoutes(api: ApiRouter, deps: { db: Knex; redis: Redis }): void {
  api.route(
    { method: 'get', path: '/healthz', summary: 'The process is up', tags: ['health'], responses: { 200: { description: 'Up', schema: healthSchema } } },
    () => ({ status: 'ok' as const }),
  );
  api.route(
    {
      method: 'get',
      path: '/readyz',
      summary: 'Postgres and Redis answer',
      tags: ['health'],
      responses: { 200: { description: 'Ready', schema: readySchema }, 503: { description: 'A dependency does not answer' } },
    },
    async () => {
      const [postgres, redis] = await Promise.all([isDatabaseReachable(deps.db), isRedisReachable(deps.redis)]);
      const down = [...(postgres ? [] : ['postgres']), ...(redis ? [] : ['redis'])];
      if (down.length > 0) {
        throw new AppError('dependency_unavailable', `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'do' : 'does'} not answer.`, {
          dependencies: down,
          errors: down.map((d) => ({ field: d, message: 'does not answer' })),
        });
      }
      return { status: 'ready' as const, checks: { postgres: 'up' as const, redis: 'up' as const } };
    },
  );
}
