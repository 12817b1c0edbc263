import type { Request, RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createRateLimiter, ipKey, type RateLimit, type RateLimitRule } from '../http/rate-limit';

export interface IntakeLimits {
  /** submissions per client address */
  intakeIp: RateLimitRule;
  /** submissions per requester email (hashed) */
  intakeEmail: RateLimitRule;
  /** verification attempts per client address: tokens cannot be guessed, this stops hammering */
  verifyIp: RateLimitRule;
  resendIp: RateLimitRule;
  /** resends per submission: each one mails the requester, so it is the tightest */
  resendSubmission: RateLimitRule;
  /** "find my requests" per client address */
  signInIp: RateLimitRule;
  /** "find my requests" per typed address (hashed): each one may mail that inbox */
  signInEmail: RateLimitRule;
}

const HOUR = 3600_000;
const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  intakeIp: { limit: 30, windowMs: HOUR },
  intakeEmail: { limit: 10, windowMs: HOUR },
  verifyIp: { limit: 60, windowMs: 15 * 60_000 },
  resendIp: { limit: 10, windowMs: HOUR },
  resendSubmission: { limit: 3, windowMs: HOUR },
  signInIp: { limit: 10, windowMs: HOUR },
  signInEmail: { limit: 3, windowMs: HOUR },
};

export interface IntakeOptions {
  /** false: no limits (benchmarks); otherwise overrides of the defaults */
  rateLimits?: Partial<IntakeLimits> | false;
}

const emailOf = (req: Request): string | undefined => {
  const email = (req.body as { requester?: { email?: unknown } } | undefined)?.requester?.email;
  return typeof email === 'string' && email.length <= 254 ? email.trim().toLowerCase() : undefined;
};

const typedEmailOf = (req: Request): string | undefined => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 254 ? email.trim().toLowerCase() : undefined;
};

/**
 * The intake limiters. Redis down: intake and verification fail OPEN (logged) because their work is written to
 * Postgres first and a consumer must not lose a legal request to a cache outage; resend fails CLOSED because its only
 * effect is an email to someone's inbox, the one thing a limiter outage would let an attacker abuse.
 */
export function intakeLimiters(deps: { config: Config; redis: Redis; logger: Logger }, options: IntakeOptions = {}) {
  const none: RequestHandler[] = [];
  if (options.rateLimits === false) return { intake: none, verify: none, resend: none, signIn: none, redeem: none };
  const limits = { ...DEFAULT_INTAKE_LIMITS, ...options.rateLimits };
  const limit = (
    name: keyof IntakeLimits,
    key: (req: Request) => string | undefined,
    onRedisDown: 'open' | 'closed',
  ) => ({
    ...limits[name],
    name,
    key,
    onRedisDown,
  });
  const limiter = (count: 'all' | 'accepted', ...rules: RateLimit[]) => [
    createRateLimiter(deps.redis, deps.logger, {
      prefix: deps.config.queuePrefix,
      secret: deps.config.appSecret,
      count,
      limits: rules,
    }),
  ];
  return {
    // Only accepted submissions count: one refused for a missing field or a typo must not use up the hour. Both limits
    // are counted in one Redis call; one that refuses gives both counts back.
    intake: limiter('accepted', limit('intakeIp', ipKey, 'open'), limit('intakeEmail', emailOf, 'open')),
    verify: limiter('all', limit('verifyIp', ipKey, 'open')),
    resend: limiter(
      'all',
      limit('resendIp', ipKey, 'closed'),
      limit('resendSubmission', (req) => String(req.params.id ?? ''), 'closed'),
    ),
    // like resend, its only effect is an email to someone's inbox: closed when Redis is down
    signIn: limiter('all', limit('signInIp', ipKey, 'closed'), limit('signInEmail', typedEmailOf, 'closed')),
    redeem: limiter('all', limit('verifyIp', ipKey, 'open')),
  };
}
