import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import type { AgentOptions } from '../../server/agents';
import { createApp, type AppDeps } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { createDb } from '../../server/db';
import type { ApiRouter } from '../../server/http';
import { createProducerConnection } from '../../server/queue';
import type { IntakeOptions } from '../../server/requests';
import { fixedClock, systemClock, type Clock } from '../../server/shared/clock';

export const silentLogger = pino({ level: 'silent' });

/** Test configuration: the test database, and a BullMQ prefix unique to this test file so files never share jobs. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}`,
    OUTBOX_POLL_MS: '50',
    ...overrides,
  });
}

export interface TestContext {
  config: Config;
  db: Knex;
  redis: Redis;
  app: Express;
  api: ApiRouter;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * The app on the test database. `intake` and `agents` set those features' rate limits (createIntakeContext and
 * createAgentContext turn them off: every test request comes from 127.0.0.1); `redisUrl` points the app at another
 * Redis (a cut-able proxy).
 */
export function createTestContext(
  options: {
    config?: Config;
    clock?: Clock;
    configure?: (api: ApiRouter) => void;
    redisUrl?: string;
    intake?: IntakeOptions;
    agents?: AgentOptions;
    /** the app's logger (default: silent) */
    logger?: Logger;
  } = {},
): TestContext {
  const config = options.config ?? testConfig();
  const db = createDb(config.databaseUrl, 5, silentLogger, { queuePrefix: config.queuePrefix });
  const redis = createProducerConnection(options.redisUrl ?? config.redisUrl);
  redis.on('error', () => undefined);
  const clock = options.clock ?? systemClock;
  const deps: AppDeps & { intake?: IntakeOptions; agents?: AgentOptions } = {
    config,
    db,
    redis,
    logger: options.logger ?? silentLogger,
    clock,
    configure: options.configure,
    ...(options.intake ? { intake: options.intake } : {}),
    ...(options.agents ? { agents: options.agents } : {}),
  };
  const { app, api, close: closeApp } = createApp(deps);
  return {
    config,
    db,
    redis,
    app,
    api,
    clock,
    close: async () => {
      await closeApp();
      await Promise.allSettled([db.destroy(), redis.quit()]);
      redis.disconnect(); // stops the reconnect loop of a connection that never reached Redis
    },
  };
}

export { fixedClock };

/** Unique values for factories. */
export const unique = (label = 'x') => `${label}-${randomUUID().slice(0, 12)}`;
export const uniqueEmail = (label = 'person') => `${unique(label)}@example.test`;
