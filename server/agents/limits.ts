import type { Request, RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createRateLimiter, ipKey, type RateLimitRule } from '../http/rate-limit';

export interface AgentLimits {
  /** agent sign-ups per client address */
  signupIp: RateLimitRule;
  /** email-verification and e-authorization link redemptions per client address */
  linkIp: RateLimitRule;
  /** e-authorization emails per principal: each one lands in a consumer's inbox */
  eAuthorizationPrincipal: RateLimitRule;
}

const HOUR = 3600_000;
const DEFAULT_AGENT_LIMITS: AgentLimits = {
  signupIp: { limit: 10, windowMs: HOUR },
  linkIp: { limit: 60, windowMs: 15 * 60_000 },
  eAuthorizationPrincipal: { limit: 3, windowMs: HOUR },
};

export interface AgentOptions {
  /** false: no limits (tests, benchmarks); otherwise overrides of the defaults */
  rateLimits?: Partial<AgentLimits> | false;
}

/**
 * Sign-up and e-authorization send mail to an address someone typed in, so they fail CLOSED when Redis is down;
 * redeeming a link writes to Postgres only and fails open.
 */
export function agentLimiters(deps: { config: Config; redis: Redis; logger: Logger }, options: AgentOptions = {}) {
  const none: RequestHandler[] = [];
  if (options.rateLimits === false) return { signup: none, link: none, eAuthorization: none };
  const limits = { ...DEFAULT_AGENT_LIMITS, ...options.rateLimits };
  const make = (name: keyof AgentLimits, key: (req: Request) => string | undefined, onRedisDown: 'open' | 'closed') =>
    createRateLimiter(deps.redis, deps.logger, {
      prefix: deps.config.queuePrefix,
      secret: deps.config.appSecret,
      limits: [{ ...limits[name], name, key, onRedisDown }],
    });
  return {
    signup: [make('signupIp', ipKey, 'closed')],
    link: [make('linkIp', ipKey, 'open')],
    eAuthorization: [
      make(
        'eAuthorizationPrincipal',
        (req) => (req.user ? `${req.user.id}:${String(req.params.id ?? '')}` : undefined),
        'closed',
      ),
    ],
  };
}
