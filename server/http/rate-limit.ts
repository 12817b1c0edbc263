import { createHmac, hash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from './errors';

/** A limit: at most `limit` requests per `windowMs`. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/** One counted limit of a route. */
export interface RateLimit extends RateLimitRule {
  /** stable name, part of the Redis key: e.g. "intakeIp" */
  name: string;
  /** what is counted; undefined skips this limit (e.g. no email in the body: validation will answer instead) */
  key: (req: Request) => string | undefined;
  /**
   * What happens when Redis cannot be reached: `open` lets the request through (and logs), `closed` answers 503.
   * Open suits endpoints whose work is written to Postgres first; closed suits those whose only effect is a mail.
   * When a route has several limits, one that fails closed closes the route.
   */
  onRedisDown: 'open' | 'closed';
}

export interface RateLimiterOptions {
  /** Redis key prefix; tests give each file its own (the BullMQ prefix) so limits never leak between them */
  prefix: string;
  /** secret for hashing keys: Redis must never hold personal data such as an email address */
  secret: string;
  /**
   * `accepted`: only requests that succeed (status < 400) use up the limits; a refused one (a validation error, a 429,
   * a client that went away) is given back when its answer ends, so a person correcting a form is not locked out.
   * Default: every request counts.
   */
  count?: 'all' | 'accepted';
  /** every limit is counted at once, in one Redis call; the request goes on when none is exceeded */
  limits: RateLimit[];
}

/**
 * Fixed windows: a counter per key, made with the window as its lifetime by the request that finds none. KEYS are
 * the counters, ARGV[i] the window of KEYS[i] in ms; the reply is each counter's hits and the ms left in its window.
 * On Redis Cluster the keys share a slot when the prefix is hash-tagged (`{drp}`), as BullMQ's own keys must be.
 */
const COUNT_SCRIPT = `
local replies = {}
for i, key in ipairs(KEYS) do
  local hits = redis.call('INCR', key)
  local left = redis.call('PTTL', key)
  if left <= 0 then
    left = tonumber(ARGV[i])
    redis.call('PEXPIRE', key, left)
  end
  replies[2 * i - 1] = hits
  replies[2 * i] = left
end
return replies`;

/** Gives a request back: only to a window still open (a counter that expired meanwhile is not brought back). */
const REFUND_SCRIPT = `
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('DECR', key) end
end
return 0`;

const COUNT = 'drpRateLimitCount';
const REFUND = 'drpRateLimitRefund';
type Scripted = Record<string, (...args: (string | number)[]) => unknown>;

/**
 * The scripts as ioredis commands: ioredis sends a script with EVAL the first time on each connection, then by its
 * hash, and again with EVAL when Redis answers NOSCRIPT (restarted empty), so the limiter recovers by itself.
 */
const scriptsDefined = new WeakSet<Redis>();
function defineScripts(redis: Redis): void {
  if (scriptsDefined.has(redis)) return;
  redis.defineCommand(COUNT, { lua: COUNT_SCRIPT });
  redis.defineCommand(REFUND, { lua: REFUND_SCRIPT });
  scriptsDefined.add(redis);
}

const FIRST_CONNECT_WAIT_MS = 1_000;
/** How long a batch of limiter commands may wait for Redis before its requests are treated as Redis being down. */
const BATCH_TIMEOUT_MS = 1_000;

/**
 * The producer connection refuses commands until it is ready (no offline queue). Right after start that would make
 * the first requests skip the limiter, so a command waits, briefly, for the FIRST connection only; during a later
 * outage ('reconnecting') it fails at once and the limiter's Redis-down policy applies.
 */
const firstConnectWaits = new WeakMap<Redis, Promise<void>>();

function firstConnection(redis: Redis): Promise<void> {
  if (!['wait', 'connecting', 'connect'].includes(redis.status)) return Promise.resolve();
  let wait = firstConnectWaits.get(redis);
  if (!wait) {
    // One shared wait per connection, however many commands queue behind it.
    wait = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        redis.off('error', done);
        firstConnectWaits.delete(redis);
        resolve();
      };
      const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
      timer.unref();
      redis.on('ready', done);
      redis.on('error', done);
    });
    firstConnectWaits.set(redis, wait);
  }
  return wait;
}

/**
 * Limiter commands are sent in batches: every command asked for during one turn of the event loop (the limits of one
 * request, and of every other request that arrived in the same turn), and every command asked for while the previous
 * batch is still on its way, goes to Redis as one pipeline, one write and one read instead of one round trip each. On a
 * busy host each round trip to a local server costs a system call and a wake-up of the other process (issue #18). A
 * command's own error rejects that command only; a connection error rejects the batch, as it would each call.
 */
interface PendingCall {
  command: string;
  args: (string | number)[];
  resolve: (reply: unknown) => void;
  reject: (err: unknown) => void;
}
interface Batches {
  waiting: PendingCall[];
  scheduled: boolean;
  inFlight: boolean;
}
const batchesOf = new WeakMap<Redis, Batches>();

function sendWaiting(redis: Redis, batches: Batches): void {
  batches.scheduled = false;
  const calls = batches.waiting;
  if (calls.length === 0) return;
  batches.waiting = [];
  batches.inFlight = true;
  let settled = false;
  const settle = (results: [Error | null, unknown][] | null, failure?: unknown) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    calls.forEach((call, i) => {
      const [err, reply] = failure ? [failure, null] : (results?.[i] ?? [new Error('no reply from Redis'), null]);
      if (err) call.reject(err);
      else call.resolve(reply);
    });
    batches.inFlight = false;
    scheduleBatch(redis, batches);
  };
  // A batch whose connection drops while it is on its way may wait for a reconnection that keeps failing; every later
  // request would queue behind it. Past the timeout its requests get the Redis-down policy and the next batch goes.
  const timer = setTimeout(() => settle(null, new Error('Redis did not answer in time')), BATCH_TIMEOUT_MS);
  const pipeline = redis.pipeline() as ChainableCommander & Scripted;
  for (const call of calls) pipeline[call.command]!(...call.args);
  pipeline.exec().then(
    (results) => settle(results),
    (err: unknown) => settle(null, err),
  );
}

function scheduleBatch(redis: Redis, batches: Batches): void {
  if (batches.scheduled || batches.inFlight || batches.waiting.length === 0) return;
  batches.scheduled = true;
  setImmediate(() => sendWaiting(redis, batches));
}

/** Runs one of the scripts on `keys` in the next batch. */
function batchedScript(redis: Redis, command: string, keys: string[], args: number[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let batches = batchesOf.get(redis);
    if (!batches) batchesOf.set(redis, (batches = { waiting: [], scheduled: false, inFlight: false }));
    batches.waiting.push({ command, args: [keys.length, ...keys, ...args], resolve, reject });
    scheduleBatch(redis, batches);
  });
}

/**
 * Names counters by a keyed SHA-256 of what they count (e.g. a lower-cased email), so a name reveals nothing. The key is
 * derived from the app secret once; each name is then one hash (an HMAC per name cost five times as much, issue #18).
 */
function counterNamer(secret: string): (value: string) => string {
  const key = createHmac('sha256', secret).update('rate-limit counter names').digest('base64url');
  return (value) => hash('sha256', `${key}:${value}`, 'base64url').slice(0, 32);
}

/** The client's address, IPv6 grouped by /56 (one household or host gets one bucket). */
export const ipKey = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown');

/** Gives the counts back when the answer is a refusal (4xx/5xx) or never finished (the client went away). */
function refundUnlessAccepted(redis: Redis, logger: Logger, res: Response, keys: string[]): void {
  const ended = () => {
    res.off('finish', ended);
    res.off('close', ended);
    if (res.writableFinished && res.statusCode < 400) return;
    batchedScript(redis, REFUND, keys, []).catch((err: unknown) =>
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'rate limiter: a refund was not counted'),
    );
  };
  res.on('finish', ended);
  res.on('close', ended);
}

/**
 * A route's rate limits, counted in Redis (shared by every API process) with one call per request, whatever the
 * number of limits. Over a limit it answers a 429 problem with Retry-After; every answer carries the tightest limit in
 * the RateLimit and RateLimit-Policy headers (IETF draft 7).
 */
export function createRateLimiter(redis: Redis, logger: Logger, options: RateLimiterOptions): RequestHandler {
  defineScripts(redis);
  const { prefix, limits } = options;
  const counterName = counterNamer(options.secret);
  return (req, res, next) => {
    const counted: { limit: RateLimit; key: string }[] = [];
    for (const limit of limits) {
      const value = limit.key(req);
      if (value !== undefined) counted.push({ limit, key: `${prefix}:rl:${limit.name}:${counterName(value)}` });
    }
    if (counted.length === 0) return next();
    const keys = counted.map((c) => c.key);
    firstConnection(redis)
      .then(() =>
        batchedScript(
          redis,
          COUNT,
          keys,
          counted.map((c) => c.limit.windowMs),
        ),
      )
      .then(
        (reply) => {
          if (options.count === 'accepted') refundUnlessAccepted(redis, logger, res, keys);
          const counts = reply as number[];
          let tightest: { limit: RateLimit; remaining: number; seconds: number } | undefined;
          let retryAfter = 0;
          counted.forEach(({ limit }, i) => {
            const hits = counts[2 * i]!;
            const seconds = Math.max(1, Math.ceil(counts[2 * i + 1]! / 1000));
            const remaining = Math.max(0, limit.limit - hits);
            if (hits > limit.limit) retryAfter = Math.max(retryAfter, seconds);
            if (!tightest || remaining < tightest.remaining) tightest = { limit, remaining, seconds };
          });
          const { limit, remaining, seconds } = tightest!;
          res.setHeader('RateLimit-Policy', `${limit.limit};w=${Math.ceil(limit.windowMs / 1000)}`);
          res.setHeader('RateLimit', `limit=${limit.limit}, remaining=${remaining}, reset=${seconds}`);
          if (retryAfter === 0) return next();
          res.setHeader('Retry-After', String(retryAfter));
          next(
            new AppError('rate_limited', `Too many requests; try again in ${retryAfter} seconds.`, {
              retry_after: retryAfter,
            }),
          );
        },
        (err: unknown) => {
          // Redis down or unreachable. Logged without the keys: they may be derived from personal data.
          const closed = counted.some((c) => c.limit.onRedisDown === 'closed');
          logger.warn(
            {
              limiter: counted.map((c) => c.limit.name).join(','),
              err: err instanceof Error ? err.message : String(err),
            },
            `rate limiter unavailable: failing ${closed ? 'closed' : 'open'}`,
          );
          if (!closed) return next();
          res.setHeader('Retry-After', '30');
          next(
            new AppError('dependency_unavailable', 'This action is briefly unavailable; please try again in a minute.'),
          );
        },
      );
  };
}
