import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Clock } from '../shared/clock';
import type { AgentOptions } from './limits';

/** What the agents feature needs; createApp passes its deps through, so a test or bench may add `agents`. */
export interface AgentDeps {
  config: Config;
  db: Knex;
  redis: Redis;
  logger: Logger;
  clock: Clock;
  agents?: AgentOptions;
}

/** The worker's side: no Redis producer or HTTP. */
export interface AgentWorkerDeps {
  config: Config;
  db: Knex;
  clock: Clock;
}
