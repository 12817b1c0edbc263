import type { Request, RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createRateLimiter, ipKey, type RateLimitRule } from '../http/rate-limit';

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
 * Runs several limiters at once: their Redis calls go out together and come back in one round trip instead of one
 * after another (intake is the busiest route). The request goes on when every limiter let it through; the first refusal
 * (or Redis error) is passed on. Only for limiters that count accepted requests: a limiter that counted this request
 * while another refused it gives the count back when the refusal (a 4xx) is sent, as if it had never been asked.
 */
function together(handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let waiting = handlers.length;
    let refusal: unknown;
    for (const handler of handlers)
      handler(req, res, (err?: unknown) => {
        if (err !== undefined && refusal === undefined) refusal = err;
        if (--waiting === 0) next(refusal);
      });
  };
}

/**
 * The intake limiters. Redis down: intake and verification fail OPEN (logged) because their work is written to
 * Postgres first and a consumer must not lose a legal request to a cache outage; resend fails CLOSED because its only
 * effect is an email to someone's inbox, the one thing a limiter outage would let an attacker abuse.
 */
export function intakeLimiters(deps: { config: Config; redis: Redis; logger: Logger }, options: IntakeOptions = {}) {
  const none: RequestHandler[] = [];
  if (options.rateLimits === false) return { intake: none, verify: none, resend: none, signIn: none, redeem: none };
  const limits = { ...DEFAULT_INTAKE_LIMITS, ...options.rateLimits };
  const make = (
    name: keyof IntakeLimits,
    key: (req: Request) => string | undefined,
    onRedisDown: 'open' | 'closed',
    count: 'all' | 'accepted' = 'all',
  ) =>
    createRateLimiter(deps.redis, deps.logger, {
      ...limits[name],
      name,
      key,
      onRedisDown,
      prefix: deps.config.queuePrefix,
      secret: deps.config.appSecret,
      count,
    });
  return {
    // Only accepted submissions count: one refused for a missing field or a typo must not use up the hour.
    intake: [together([make('intakeIp', ipKey, 'open', 'accepted'), make('intakeEmail', emailOf, 'open', 'accepted')])],
    verify: [make('verifyIp', ipKey, 'open')],
    resend: [
      make('resendIp', ipKey, 'closed'),
      make('resendSubmission', (req) => String(req.params.id ?? ''), 'closed'),
    ],
    // like resend, its only effect is an email to someone's inbox: closed when Redis is down
    signIn: [make('signInIp', ipKey, 'closed'), make('signInEmail', typedEmailOf, 'closed')],
    redeem: [make('verifyIp', ipKey, 'open')],
  };
}
