import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { z } from 'zod';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { isDatabaseReachable } from '../db';
import { AppError, type ApiRouter } from '../http';
import { isRedisReachable } from '../queue';

const SMTP_TIMEOUT_MS = 1_500;

const checkSchema = z.object({
  state: z.enum(['up', 'down']),
  latency_ms: z.number(),
  /** a required dependency that is down makes the process not ready (503) */
  required: z.boolean(),
});
const healthSchema = z.object({ status: z.literal('ok') });
const readySchema = z.object({ status: z.literal('ready'), checks: z.record(z.string(), checkSchema) });

/**
 * Whether the SMTP relay accepts a connection: for smtp:// its 220 greeting (then QUIT), for smtps:// the TLS
 * handshake. Only the connection is tried: no login, no mail.
 */
function isSmtpReachable(smtpUrl: string, timeoutMs = SMTP_TIMEOUT_MS): Promise<boolean> {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port || (secure ? 465 : 587));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    let socket: Socket;
    let settled = false;
    const done = (up: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      if (up && !secure) socket.end('QUIT\r\n');
      else socket.destroy();
      resolve(up);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    timer.unref();
    if (secure) {
      socket = connectTls({ host, port, servername: host });
      socket.once('secureConnect', () => done(true));
    } else {
      socket = connectTcp({ host, port });
      socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('220')));
    }
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

async function timed(required: boolean, check: () => Promise<boolean>): Promise<z.infer<typeof checkSchema>> {
  const started = process.hrtime.bigint();
  const up = await check();
  return {
    state: up ? 'up' : 'down',
    latency_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
    required,
  };
}

export function registerHealthRoutes(api: ApiRouter, deps: { config: Config; db: Knex; redis: Redis }): void {
  api.route(
    {
      method: 'get',
      path: '/healthz',
      summary: 'The process is up',
      tags: ['health'],
      responses: { 200: { description: 'Up', schema: healthSchema } },
    },
    () => ({ status: 'ok' as const }),
  );
  const { smtpUrl } = deps.config;
  api.route(
    {
      method: 'get',
      path: '/readyz',
      summary:
        'Each dependency with its state and latency: Postgres and Redis (required), the SMTP relay when SMTP_URL is set (reported, not required)',
      tags: ['health'],
      responses: {
        200: { description: 'Ready', schema: readySchema },
        503: { description: 'A required dependency does not answer' },
      },
    },
    async () => {
      // SMTP is not required: mail waits in Postgres (the outbox and outbound_emails) until the relay answers again
      const [postgres, redis, smtp] = await Promise.all([
        timed(true, () => isDatabaseReachable(deps.db)),
        timed(true, () => isRedisReachable(deps.redis)),
        smtpUrl ? timed(false, () => isSmtpReachable(smtpUrl)) : undefined,
      ]);
      const checks = { postgres, redis, ...(smtp ? { smtp } : {}) };
      const down = Object.entries(checks)
        .filter(([, c]) => c.required && c.state === 'down')
        .map(([name]) => name);
      if (down.length > 0) {
        throw new AppError(
          'dependency_unavailable',
          `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'do' : 'does'} not answer.`,
          {
            dependencies: down,
            checks,
            errors: down.map((d) => ({ field: d, message: 'does not answer' })),
          },
        );
      }
      return { status: 'ready' as const, checks };
    },
  );
}
