import { createHmac } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { AppError } from './errors';

/** A limit: at most `limit` requests per `windowMs`. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export interface RateLimiterOptions extends RateLimitRule {
  /** stable name, part of the Redis key: e.g. "intake-ip" */
  name: string;
  /** Redis key prefix; tests give each file its own (the BullMQ prefix) so limits never leak between them */
  prefix: string;
  /** what is counted; undefined skips the limiter (e.g. no email in the body: validation will answer instead) */
  key: (req: Request) => string | undefined;
  /**
   * What happens when Redis cannot be reached: `open` lets the request through (and logs), `closed` answers 503.
   * Open suits endpoints whose work is written to Postgres first; closed suits those whose only effect is a mail.
   */
  onRedisDown: 'open' | 'closed';
  /** secret for hashing keys: Redis must never hold personal data such as an email address */
  secret: string;
  /**
   * `accepted`: only requests that succeed (status < 400) use up the limit; a refused one (a validation error, a 429)
   * is given back when its answer is sent, so a person correcting a form is not locked out. Default: every request.
   */
  count?: 'all' | 'accepted';
}

/**
 * rate-limit-redis loads its Lua scripts once, at start. Our producer connection fails fast (no offline queue), so a
 * load attempted while Redis is still connecting or down would leave a rejected promise that every later call
 * re-throws: the limiter would never recover. This store loads the scripts lazily and reloads after any failure.
 */
class ResilientRedisStore extends RedisStore {
  override async init(options: Options): Promise<void> {
    this.windowMs = options.windowMs;
    this.incrementScriptSha = this.loadIncrementScript();
    this.getScriptSha = this.loadGetScript();
    // Failures are handled on first use; without these handlers they would be unhandled rejections.
    this.incrementScriptSha.catch(() => undefined);
    this.getScriptSha.catch(() => undefined);
  }

  override async increment(key: string) {
    try {
      await this.incrementScriptSha;
    } catch {
      this.incrementScriptSha = this.loadIncrementScript(this.prefixKey(key));
    }
    return super.increment(key);
  }
}

const FIRST_CONNECT_WAIT_MS = 1_000;

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
 * Limiter commands are sent in batches: every command asked for during one turn of the event loop (the limiters of
 * one request, and of every other request that arrived in the same turn), and every command asked for while the
 * previous batch is still on its way, goes to Redis as one pipeline, one write and one read instead of one round trip
 * each. On a busy host each round trip to a local server costs a system call and a wake-up of the other process, which
 * was a fifth of intake's time (issue #18). A command's own error (e.g. a script not loaded yet) rejects that command
 * only; a connection error rejects the batch, as it would each call.
 */
interface PendingCall {
  command: string;
  args: string[];
  resolve: (reply: RedisReply) => void;
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
  const pipeline = redis.pipeline();
  for (const call of calls) pipeline.call(call.command, ...call.args);
  pipeline
    .exec()
    .then(
      (results) =>
        calls.forEach((call, i) => {
          const [err, reply] = results?.[i] ?? [new Error('no reply from Redis'), null];
          if (err) call.reject(err);
          else call.resolve(reply as RedisReply);
        }),
      (err: unknown) => calls.forEach((call) => call.reject(err)),
    )
    .finally(() => {
      batches.inFlight = false;
      scheduleBatch(redis, batches);
    });
}

function scheduleBatch(redis: Redis, batches: Batches): void {
  if (batches.scheduled || batches.inFlight || batches.waiting.length === 0) return;
  batches.scheduled = true;
  setImmediate(() => sendWaiting(redis, batches));
}

function batchedCall(redis: Redis, command: string, args: string[]): Promise<RedisReply> {
  return new Promise<RedisReply>((resolve, reject) => {
    let batches = batchesOf.get(redis);
    if (!batches) batchesOf.set(redis, (batches = { waiting: [], scheduled: false, inFlight: false }));
    batches.waiting.push({ command, args, resolve, reject });
    scheduleBatch(redis, batches);
  });
}

/** HMAC of a key (e.g. a lower-cased email), so the counter's name reveals nothing. */
function hashedKey(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url').slice(0, 32);
}

/** The client's address, IPv6 grouped by /56 (one household or host gets one bucket). */
export const ipKey = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown');

/**
 * A Redis-backed limiter, shared by every API process (the count lives in Redis, not in memory). Over the limit it
 * answers a 429 problem with Retry-After.
 */
export function createRateLimiter(redis: Redis, logger: Logger, options: RateLimiterOptions): RequestHandler {
  const store = new ResilientRedisStore({
    prefix: `${options.prefix}:rl:${options.name}:`,
    sendCommand: async (command: string, ...args: string[]) => {
      await firstConnection(redis);
      return batchedCall(redis, command, args);
    },
  });
  // each limiter's own request property: limiters that run at once (limits.ts) must not read each other's reset time
  const property = `rateLimit_${options.name}`;
  const limiter = rateLimit({
    requestPropertyName: property,
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store,
    skip: (req) => options.key(req) === undefined,
    skipFailedRequests: options.count === 'accepted',
    keyGenerator: (req) => hashedKey(options.secret, options.key(req)!),
    handler: (req, res, next) => {
      const reset = (req as unknown as Record<string, { resetTime?: Date } | undefined>)[property]?.resetTime;
      const seconds = reset
        ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000))
        : Math.ceil(options.windowMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      next(
        new AppError('rate_limited', `Too many requests; try again in ${seconds} seconds.`, { retry_after: seconds }),
      );
    },
    // We decide below; the library's own pass-through would not let us fail closed with a problem document.
    passOnStoreError: false,
    // Our keys are HMACs, not raw addresses, so the IPv6 key-generator check does not apply.
    validate: { keyGeneratorIpFallback: false },
    logger: {
      error: (err, message) => logger.warn({ err }, message),
      warn: (err, message) => logger.warn({ err }, message),
    },
  });
  return (req, res, next) => {
    limiter(req, res, (err?: unknown) => {
      if (!err) return next();
      if (err instanceof AppError) return next(err);
      // The store failed (Redis down or unreachable). Log without the key: it may be derived from personal data.
      logger.warn(
        { limiter: options.name, err: err instanceof Error ? err.message : String(err) },
        `rate limiter unavailable: failing ${options.onRedisDown}`,
      );
      if (options.onRedisDown === 'open') return next();
      res.setHeader('Retry-After', '30');
      next(new AppError('dependency_unavailable', 'This action is briefly unavailable; please try again in a minute.'));
    });
  };
}
