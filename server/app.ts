import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import swaggerUi from 'swagger-ui-express';
import { registerAgentRoutes } from './agents';
import { createSessionMiddleware, registerAuthRoutes } from './auth';
import type { Config } from './config';
import { registerConsumerMailRoutes } from './correspondence';
import { registerDeadlineRoutes } from './deadlines';
import { registerDrpRoutes } from './drp';
import { registerHealthRoutes } from './health/health.routes';
import { accessLog, ApiRouter, clientApp, notFoundHandler, problemHandler } from './http';
import { createApiMetrics } from './ops';
import type { Clock } from './shared/clock';
import { registerRequestRoutes } from './requests';
import { registerCapturedMailRoutes, registerStaffRoutes } from './staff';
import { registerVendorRoutes } from './vendors';

export interface AppDeps {
  config: Config;
  db: Knex;
  /** producer connection: fails fast when Redis is down */
  redis: Redis;
  logger: Logger;
  clock: Clock;
  /** extra routes, mounted before the 404 handler (tests use it to provoke failures) */
  configure?: (api: ApiRouter) => void;
}

/** Where signed-in accounts work; only these routes read or create a session. */
const ACCOUNT_ROUTES = ['/api/auth', '/api/staff', '/api/agent', '/api/agents'];

/** The OpenAPI document served at /api/openapi.json (and the client's types are generated from it). */
export const openApiDocumentOf = (api: ApiRouter) =>
  api.openApiDocument({
    title: 'Data Rights Portal API',
    version: '1',
    description: 'File, track and answer data-rights requests.',
  });

/** Builds the Express app without listening: main.ts listens, tests use supertest. */
/** `close` releases what the app holds beyond the shared pools (the session store's connections). */
export function createApp(deps: AppDeps): { app: Express; api: ApiRouter; close(): Promise<void> } {
  const app = express();
  app.disable('x-powered-by');
  // API answers are never revalidated (the client asks afresh), so no hash of every body; the web client's files get
  // their ETag from the static file server, which does not use this setting
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  // request rates and latencies by route template, served at GET /metrics
  const metrics = createApiMetrics(deps);
  app.use(metrics.middleware);
  app.use(accessLog(deps.logger));
  const production = deps.config.env === 'production';
  app.use(
    helmet({
      // behind TLS only: on a plain-HTTP development host these would break every page
      strictTransportSecurity: production,
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: production ? [] : null } },
    }),
  );
  app.use(
    express.json({ limit: deps.config.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }),
  );
  // no route takes a form body (each declares the media types it consumes), so there is no urlencoded parser
  const sessions = createSessionMiddleware(deps);
  // Sessions belong to accounts (staff and agents); consumer and public routes use links and tokens, never a session.
  app.use(ACCOUNT_ROUTES, sessions.middleware);

  // in tests every answer is checked against the route's declared responses (the whole API suite is a contract test)
  const api = new ApiRouter({ checkResponses: deps.config.env === 'test' });
  registerHealthRoutes(api, deps);
  metrics.register(api);
  registerAuthRoutes(api, { ...deps, passport: sessions.passport });
  registerVendorRoutes(api, deps);
  registerDrpRoutes(api, deps);
  registerRequestRoutes(api, deps);
  registerConsumerMailRoutes(api, deps);
  registerDeadlineRoutes(api, deps);
  registerStaffRoutes(api, deps);
  registerCapturedMailRoutes(api, deps); // development only: not mounted in production
  registerAgentRoutes(api, deps);
  deps.configure?.(api);
  app.use(api.router);

  const openApi = () => openApiDocumentOf(api);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi());
  });
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(undefined, { swaggerOptions: { url: '/api/openapi.json' } }));
  // the web client (client/dist) when built: its files, and index.html for every other non-API page
  const client = clientApp();
  if (client) app.use(client);

  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return {
    app,
    api,
    close: async () => {
      await Promise.all([sessions.close(), metrics.close()]);
    },
  };
}
