import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_JOB_OPTIONS, QUEUES, type QueueName } from './jobs';

export function createQueues(connection: Redis, prefix: string): Record<QueueName, Queue> {
  return Object.fromEntries(
    QUEUES.map((name) => {
      const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queue.on('error', () => undefined); // connection errors surface where they matter: in the relay's result
      return [name, queue];
    }),
  ) as Record<QueueName, Queue>;
}

export async function closeQueues(queues: Record<QueueName, Queue>): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
