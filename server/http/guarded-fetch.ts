import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { AddressPolicy } from './address-policy';
import { AppError } from './errors';

/**
 * The one outbound HTTP client (policy URLs now; DRP endpoints and gpc.json later). Every hop is checked: only http
 * and https, no credentials in the URL, the host resolved and EVERY resolved address checked against the address
 * policy, and the connection made to the address that was checked (the socket's lookup is this check), so a DNS
 * answer that changes between check and connect (rebinding) cannot reach a refused address. Redirects are followed
 * by hand, each one re-checked, up to a limit; the whole fetch has one time limit (on the monotonic timer); the body is counted as it arrives
 * (after decompression) and cut at the size limit; only the listed content types are accepted.
 *
 * Every refusal is a GuardedFetchError: a 422 problem naming the field (default `url`) with the reason.
 */
export interface GuardedFetchOptions {
  /** addresses or CIDRs that may be reached although private or loopback (configuration: FETCH_ALLOW_PRIVATE_HOSTS) */
  allowPrivate?: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** media types accepted for the final answer (parameters such as charset are ignored) */
  contentTypes?: readonly string[];
  /** the request field the URL came from, named in refusals */
  field?: string;
  userAgent?: string;
}

interface FetchedResource {
  /** the URL that answered (after redirects) */
  url: string;
  status: number;
  /** media type without parameters, lower-case */
  contentType: string;
  charset: string | null;
  body: Buffer;
  /** every URL visited before the final one */
  redirects: string[];
}

export type RefusalReason =
  | 'invalid_url'
  | 'scheme'
  | 'credentials'
  | 'address'
  | 'dns'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'content_type'
  | 'http_status'
  | 'network';

export class GuardedFetchError extends AppError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    field: string,
  ) {
    super('validation_failed', `${field}: ${message}`, { errors: [{ field, message }], reason });
    this.name = 'GuardedFetchError';
  }
}

const FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  contentTypes: ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'application/pdf'],
  userAgent: 'DataRightsPortal/1 (+policy fetcher)',
} as const;

export type GuardedFetch = (url: string) => Promise<FetchedResource>;

export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  const policy = new AddressPolicy(options.allowPrivate ?? []);
  const settings = {
    timeoutMs: options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
    maxBytes: options.maxBytes ?? FETCH_DEFAULTS.maxBytes,
    maxRedirects: options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
    contentTypes: (options.contentTypes ?? FETCH_DEFAULTS.contentTypes).map((t) => t.toLowerCase()),
    field: options.field ?? 'url',
    userAgent: options.userAgent ?? FETCH_DEFAULTS.userAgent,
  };
  return (url) => guardedFetch(url, policy, settings);
}

type Settings = Required<Omit<GuardedFetchOptions, 'allowPrivate' | 'contentTypes'>> & { contentTypes: string[] };

async function guardedFetch(start: string, policy: AddressPolicy, s: Settings): Promise<FetchedResource> {
  const refuse = (reason: RefusalReason, message: string) => new GuardedFetchError(reason, message, s.field);
  const giveUpAt = performance.now() + s.timeoutMs;
  const redirects: string[] = [];
  let current = parseUrl(start, refuse);
  for (;;) {
    checkLiteralHost(current, policy, refuse);
    const res = await request(current, policy, s, giveUpAt, refuse);
    const status = res.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status)) {
      res.resume();
      const location = res.headers.location;
      if (!location) throw refuse('http_status', `${current.href} answered ${status} without a Location to follow`);
      if (redirects.length >= s.maxRedirects)
        throw refuse('too_many_redirects', `more than ${s.maxRedirects} redirects (last: ${current.href})`);
      redirects.push(current.href);
      current = parseUrl(new URL(location, current).href, refuse);
      continue;
    }
    if (status < 200 || status > 299) {
      res.resume();
      throw refuse('http_status', `${current.href} answered HTTP ${status}`);
    }
    const [type, ...params] = (res.headers['content-type'] ?? '').split(';').map((p) => p.trim());
    const contentType = (type ?? '').toLowerCase();
    if (!s.contentTypes.includes(contentType)) {
      res.resume();
      throw refuse(
        'content_type',
        `the content type "${contentType || 'none'}" is not accepted (accepted: ${s.contentTypes.join(', ')})`,
      );
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > s.maxBytes) {
      res.destroy();
      throw refuse('too_large', `the answer is ${declared} bytes; the limit is ${s.maxBytes} bytes`);
    }
    const body = await readBody(res, s, giveUpAt, refuse);
    const charset =
      params
        .map((p) => /^charset=("?)([^"]+)\1$/i.exec(p)?.[2])
        .find(Boolean)
        ?.toLowerCase() ?? null;
    return { url: current.href, status, contentType, charset, body, redirects };
  }
}

/** A call with a method, headers and a body (DRP 1.0 §2): one hop, no redirect followed. */
interface GuardedSendInit {
  method: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
}

export type GuardedSend = (url: string, init: GuardedSendInit) => Promise<FetchedResource>;

/**
 * The same guard (scheme, credentials, every resolved address, deadline, size) for an API call: any HTTP status is
 * returned with its body for the caller to judge (a DRP error state is JSON with a 4xx), no redirect is followed (a
 * signed request is meant for the host it names), and any content type is read.
 */
export function createGuardedSend(options: GuardedFetchOptions = {}): GuardedSend {
  const policy = new AddressPolicy(options.allowPrivate ?? []);
  const s: Settings = {
    timeoutMs: options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    maxRedirects: 0,
    contentTypes: ['application/json', '*/*'],
    field: options.field ?? 'url',
    userAgent: options.userAgent ?? 'DataRightsPortal/1 (+DRP agent)',
  };
  return async (raw, init) => {
    const refuse = (reason: RefusalReason, message: string) => new GuardedFetchError(reason, message, s.field);
    const giveUpAt = performance.now() + s.timeoutMs;
    const url = parseUrl(raw, refuse);
    checkLiteralHost(url, policy, refuse);
    const res = await request(url, policy, s, giveUpAt, refuse, init);
    const body = await readBody(res, s, giveUpAt, refuse);
    const [type] = (res.headers['content-type'] ?? '').split(';').map((p) => p.trim());
    return {
      url: url.href,
      status: res.statusCode ?? 0,
      contentType: (type ?? '').toLowerCase(),
      charset: null,
      body,
      redirects: [],
    };
  };
}

function parseUrl(raw: string, refuse: (r: RefusalReason, m: string) => GuardedFetchError): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('invalid_url', 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw refuse('scheme', `only http and https URLs can be fetched, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw refuse('credentials', 'a URL with a user name or password is not fetched');
  return url;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** An IP literal never goes through the lookup, so it is checked here. */
function checkLiteralHost(
  url: URL,
  policy: AddressPolicy,
  refuse: (r: RefusalReason, m: string) => GuardedFetchError,
): void {
  const host = hostOf(url);
  if (isIP(host) === 0) return;
  const why = policy.refusal(host);
  if (why) throw refuse('address', `${host} is ${why}; the portal does not fetch from private networks`);
}

/** The socket's DNS lookup: resolves every address, refuses the host if any is refused, connects to the first. */
function checkedLookup(
  policy: AddressPolicy,
  refuse: (r: RefusalReason, m: string) => GuardedFetchError,
): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err || addresses.length === 0) {
        return callback(
          refuse('dns', `the host ${hostname} could not be resolved${err ? ` (${err.code ?? err.message})` : ''}`),
          '',
          4,
        );
      }
      for (const a of addresses) {
        const why = policy.refusal(a.address);
        if (why)
          return callback(
            refuse(
              'address',
              `${hostname} resolves to ${a.address}, ${why}; the portal does not fetch from private networks`,
            ),
            '',
            4,
          );
      }
      const chosen = addresses[0]!;
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [chosen]);
      callback(null, chosen.address, chosen.family);
    });
  };
}

function request(
  url: URL,
  policy: AddressPolicy,
  s: Settings,
  giveUpAt: number,
  refuse: (r: RefusalReason, m: string) => GuardedFetchError,
  init: GuardedSendInit = { method: 'GET' },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const remaining = giveUpAt - performance.now();
    if (remaining <= 0) return reject(refuse('timeout', `no complete answer within ${s.timeoutMs} ms`));
    const client = url.protocol === 'https:' ? https : http;
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    const req = client.request(url, {
      method: init.method,
      lookup: checkedLookup(policy, refuse),
      agent: false,
      headers: {
        'user-agent': s.userAgent,
        accept: s.contentTypes.join(', '),
        'accept-encoding': 'gzip, deflate, br',
        ...(body ? { 'content-length': String(body.length) } : {}),
        ...init.headers,
      },
    });
    const timer = setTimeout(
      () => req.destroy(refuse('timeout', `no complete answer within ${s.timeoutMs} ms`)),
      remaining,
    );
    req.on('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(
        err instanceof GuardedFetchError
          ? err
          : refuse(
              'network',
              `${url.host} could not be reached (${(err as NodeJS.ErrnoException).code ?? err.message})`,
            ),
      );
    });
    req.end(body);
  });
}

function readBody(
  res: IncomingMessage,
  s: Settings,
  giveUpAt: number,
  refuse: (r: RefusalReason, m: string) => GuardedFetchError,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? zlib.createGunzip()
        : encoding === 'deflate'
          ? zlib.createInflate()
          : encoding === 'br'
            ? zlib.createBrotliDecompress()
            : null;
    if (!decoder && encoding !== 'identity') {
      res.destroy();
      return reject(refuse('content_type', `the content encoding "${encoding}" is not supported`));
    }
    const stream = decoder ? res.pipe(decoder) : res;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, body?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        res.destroy();
        decoder?.destroy();
        reject(err);
      } else resolve(body!);
    };
    const timer = setTimeout(
      () => finish(refuse('timeout', `no complete answer within ${s.timeoutMs} ms`)),
      Math.max(0, giveUpAt - performance.now()),
    );
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > s.maxBytes)
        return finish(refuse('too_large', `the answer is larger than the limit of ${s.maxBytes} bytes`));
      chunks.push(chunk);
    });
    stream.on('end', () => finish(null, Buffer.concat(chunks)));
    stream.on('error', (err) => finish(refuse('network', `the answer could not be read (${err.message})`)));
    res.on('close', () => {
      if (!res.complete) finish(refuse('network', 'the connection closed before the answer was complete'));
    });
  });
}
