import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The one place that reads process.env. Parsed once at start, frozen; a missing or invalid value stops the process
 * with a message naming the variable. In production there are no insecure defaults.
 */
const DEV_SECRET = 'development-only-secret-do-not-use-in-production-0000';

const port = z.coerce.number().int().min(0).max(65535);

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(3000),
    PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/drp_dev'),
    APP_DATABASE_ROLE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case role name (letters, digits, _)')
      .default('drp_app'),
    APP_DATABASE_PASSWORD: z.string().min(1).optional(),
    APP_DATABASE_URL: z.url().optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]+$/i, 'letters, digits, - and _ only')
      .default('drp'),
    SMTP_URL: z.url().optional(),
    SMTP_CAPTURE_PORT: port.default(1025),
    INBOUND_SMTP_PORT: port.default(2525),
    MAIL_FROM: z.string().min(3).default('Data Rights Portal <requests@portal.localhost>'),
    REPLY_DOMAIN: z.string().min(1).default('portal.localhost'),
    STAFF_EMAIL: z.email().default('staff@portal.localhost'),
    APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'a size like 100kb')
      .default('100kb'),
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60000).default(500),
    RETENTION_DAYS: z.coerce.number().int().min(1).default(730),
    FETCH_ALLOW_PRIVATE_HOSTS: z
      .string()
      .regex(
        /^\s*[0-9a-f.:]+(\/\d{1,3})?\s*(,\s*[0-9a-f.:]+(\/\d{1,3})?\s*)*$/i,
        'a comma-separated list of IP addresses or CIDRs',
      )
      .refine(
        (v) => v.split(',').every((e) => isIP(e.trim().split('/')[0]!) !== 0),
        'a comma-separated list of IP addresses or CIDRs',
      )
      .optional(),
    POLICY_RECHECK_HOURS: z.coerce
      .number()
      .min(1)
      .max(24 * 90)
      .default(24),
    // how often each vendor's /.well-known/gpc.json is fetched again; 0 (the default) never fetches it
    GPC_CHECK_DAYS: z.coerce.number().int().min(0).max(365).default(0),
    LETTER_RETRY_WINDOW_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(24 * 3600_000),
    SEND_LEASE_MS: z.coerce.number().int().min(200).max(3600_000).default(30_000),
    JOB_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3600_000).default(2_000),
    JOB_RETRY_MAX_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(24 * 3600_000)
      .default(300_000),
    WORKER_LOCK_MS: z.coerce.number().int().min(500).max(3600_000).default(30_000),
    WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(200).max(3600_000).default(30_000),
    RECONCILE_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(24 * 3600_000)
      .default(60_000),
    RECONCILE_GRACE_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 3600_000)
      .default(60_000),
    SMTP_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    SMTP_GREETING_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    SMTP_SOCKET_TIMEOUT_MS: z.coerce.number().int().min(100).max(3600_000).default(60_000),
    OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    CAPTURED_MAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    DRP_AGENT_ID: z
      .string()
      .regex(/^[A-Z_]+$/, 'upper-case letters and _ only (DRP 1.0 §3.05.1)')
      .default('DATA_RIGHTS_PORTAL'),
    DRP_AGENT_NAME: z.string().min(1).max(200).default('Data Rights Portal'),
    DRP_IDENTITY_ASSURANCE_URL: z.url().optional(),
    DRP_TECHNICAL_CONTACT: z.email().optional(),
    DRP_BUSINESS_CONTACT: z.email().optional(),
    DRP_POLL_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(24 * 3600_000)
      .default(3600_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.APP_SECRET) ctx.addIssue({ code: 'custom', path: ['APP_SECRET'], message: 'is required in production' });
      if (!env.PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required in production' });
      if (!env.SMTP_URL)
        ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required in production (no capture server)' });
    }
  });

export type Env = z.infer<typeof configSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  /** the owner's connection: migrations and the set-up of the app role run as this user */
  readonly databaseUrl: string;
  /** the login role the API and worker connect as: data rights only, owns nothing (see server/db/app-role.ts) */
  readonly appDatabaseRole: string;
  readonly appDatabasePassword: string | undefined;
  /** APP_DATABASE_URL, or DATABASE_URL with the app role (and its password) as the user */
  readonly appDatabaseUrl: string;
  readonly databasePoolMax: number;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  /** undefined: development capture server (in-process SMTP sink storing mail in Postgres) */
  readonly smtpUrl: string | undefined;
  readonly smtpCapturePort: number;
  readonly inboundSmtpPort: number;
  readonly mailFrom: string;
  readonly replyDomain: string;
  /** the staff team's mailbox: deadline reminders and vendor replies go here until a request has an assignee */
  readonly staffEmail: string;
  readonly appSecret: string;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly bodyLimit: string;
  readonly outboxPollMs: number;
  readonly retentionDays: number;
  /** addresses or CIDRs outbound fetches may reach although private or loopback (empty: none) */
  readonly fetchAllowPrivateHosts: readonly string[];
  /** how often a vendor's stored policy URL is fetched again */
  readonly policyRecheckHours: number;
  /** how often a vendor's /.well-known/gpc.json is fetched again (days); 0: GPC support is never fetched */
  readonly gpcCheckDays: number;
  /** a message the mail server keeps refusing for now (4xx), or cannot be reached for, is failed this long after it was stored */
  readonly letterRetryWindowMs: number;
  /** the send claim's lease (extended while the send runs) */
  readonly sendLeaseMs: number;
  readonly jobRetryBaseMs: number;
  readonly jobRetryMaxMs: number;
  /** BullMQ job lock (renewed every half of it) and stalled-job check interval */
  readonly workerLockMs: number;
  readonly workerStalledIntervalMs: number;
  /** how often the reconciler compares Postgres with Redis, and how old a relayed job must be before it is looked at */
  readonly reconcileIntervalMs: number;
  readonly reconcileGraceMs: number;
  /** SMTP phase timeouts: TCP connect, server greeting, and any silence on the socket afterwards */
  readonly smtpTimeouts: { connectionMs: number; greetingMs: number; socketMs: number };
  /** relayed outbox rows are deleted after this many days (a job id can be enqueued again only after that) */
  readonly outboxRetentionDays: number;
  /** development capture server: captured mail is deleted after this many days */
  readonly capturedMailRetentionDays: number;
  /** bearer token GET /metrics requires; undefined: open outside production, 404 in production */
  readonly metricsToken: string | undefined;
  /** port of the worker's own /metrics listener; 0: none */
  readonly workerMetricsPort: number;
  /** the portal as a DRP Authorized Agent: its directory entry (DRP 1.0 §3.05.1) and how often open requests are polled */
  readonly drp: {
    agentId: string;
    agentName: string;
    identityAssuranceUrl: string;
    technicalContact: string;
    businessContact: string;
    pollIntervalMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Names of every variable the configuration reads; the compose file test checks against it. */
export const CONFIG_VARIABLES = Object.keys(configSchema.shape) as (keyof Env)[];

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = source[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const env = parsed.data;
  return Object.freeze({
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL,
    appDatabaseRole: env.APP_DATABASE_ROLE,
    appDatabasePassword: env.APP_DATABASE_PASSWORD,
    appDatabaseUrl:
      env.APP_DATABASE_URL ?? appUrlFrom(env.DATABASE_URL, env.APP_DATABASE_ROLE, env.APP_DATABASE_PASSWORD),
    databasePoolMax: env.DATABASE_POOL_MAX,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    smtpUrl: env.SMTP_URL,
    smtpCapturePort: env.SMTP_CAPTURE_PORT,
    inboundSmtpPort: env.INBOUND_SMTP_PORT,
    mailFrom: env.MAIL_FROM,
    replyDomain: env.REPLY_DOMAIN,
    staffEmail: env.STAFF_EMAIL,
    appSecret: env.APP_SECRET ?? DEV_SECRET,
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.BODY_LIMIT,
    outboxPollMs: env.OUTBOX_POLL_MS,
    retentionDays: env.RETENTION_DAYS,
    fetchAllowPrivateHosts: Object.freeze(
      (env.FETCH_ALLOW_PRIVATE_HOSTS ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    ),
    policyRecheckHours: env.POLICY_RECHECK_HOURS,
    gpcCheckDays: env.GPC_CHECK_DAYS,
    letterRetryWindowMs: env.LETTER_RETRY_WINDOW_MS,
    sendLeaseMs: env.SEND_LEASE_MS,
    jobRetryBaseMs: env.JOB_RETRY_BASE_MS,
    jobRetryMaxMs: env.JOB_RETRY_MAX_MS,
    workerLockMs: env.WORKER_LOCK_MS,
    workerStalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
    reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
    reconcileGraceMs: env.RECONCILE_GRACE_MS,
    smtpTimeouts: {
      connectionMs: env.SMTP_CONNECTION_TIMEOUT_MS,
      greetingMs: env.SMTP_GREETING_TIMEOUT_MS,
      socketMs: env.SMTP_SOCKET_TIMEOUT_MS,
    },
    outboxRetentionDays: env.OUTBOX_RETENTION_DAYS,
    capturedMailRetentionDays: env.CAPTURED_MAIL_RETENTION_DAYS,
    metricsToken: env.METRICS_TOKEN,
    workerMetricsPort: env.WORKER_METRICS_PORT,
    drp: Object.freeze({
      agentId: env.DRP_AGENT_ID,
      agentName: env.DRP_AGENT_NAME,
      identityAssuranceUrl:
        env.DRP_IDENTITY_ASSURANCE_URL ??
        `${(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')}/api/drp/identity-assurance`,
      technicalContact: env.DRP_TECHNICAL_CONTACT ?? env.STAFF_EMAIL,
      businessContact: env.DRP_BUSINESS_CONTACT ?? env.STAFF_EMAIL,
      pollIntervalMs: env.DRP_POLL_INTERVAL_MS,
    }),
  });
}

/** DATABASE_URL with the app role (and its password, or none) in place of the owner's credentials. */
function appUrlFrom(databaseUrl: string, role: string, password: string | undefined): string {
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = password ? encodeURIComponent(password) : '';
  return url.toString();
}
