import IORedis, { type Redis } from 'ioredis';

/**
 * Producers fail fast when Redis is down (no offline queue, one retry), so an HTTP request never hangs on Redis;
 * work still is not lost because it is written to the outbox first. Workers wait forever (BullMQ requires
 * maxRetriesPerRequest: null for blocking connections).
 */
export function createProducerConnection(redisUrl: string): Redis {
  return new IORedis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  });
}

export function createWorkerConnection(redisUrl: string): Redis {
  return new IORedis(redisUrl, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

export async function isRedisReachable(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  try {
    const pong = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return pong === 'PONG';
  } catch {
    return false;
  }
}
