import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createDb } from './db';
import { createLogger } from './http';
import { createProducerConnection } from './queue';
import { systemClock } from './shared/clock';

/** HTTP entry: config -> db -> listen -> graceful shutdown (stop accepting, finish in-flight, close pools). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'api');
  const db = createDb(config.appDatabaseUrl, config.databasePoolMax, logger, { queuePrefix: config.queuePrefix });
  const redis = createProducerConnection(config.redisUrl);
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const { app, close: closeApp } = createApp({ config, db, redis, logger, clock: systemClock });

  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port }, `API listening on http://${config.host}:${port}`);
  });
  server.keepAliveTimeout = 5_000;

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('in-flight requests did not finish within 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
    server.close(async () => {
      await Promise.allSettled([closeApp(), db.destroy(), redis.quit()]);
      clearTimeout(force);
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('API failed to start:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
