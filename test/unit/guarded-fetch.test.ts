import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { AddressPolicy, embeddedIpv4 } from '../../server/http/address-policy';
import { createGuardedFetch, GuardedFetchError, type GuardedFetchOptions } from '../../server/http/guarded-fetch';

/** A loopback server whose answers each test sets by path. */
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const handler = routes.get(req.url ?? '');
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const loopbackAllowed = (extra: GuardedFetchOptions = {}) =>
  createGuardedFetch({ allowPrivate: ['127.0.0.1'], ...extra });

async function refusal(promise: Promise<unknown>): Promise<GuardedFetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GuardedFetchError);
  const refused = err as GuardedFetchError;
  expect(refused.status).toBe(422);
  expect(refused.extra.errors).toEqual([{ field: 'url', message: expect.any(String) }]);
  return refused;
}

describe('address policy', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'private'],
    ['100.64.0.1', 'carrier-grade'],
  ])('when the address is %s, then it is refused as %s', (address, why) => {
    expect(new AddressPolicy().refusal(address)).toContain(why);
  });

  test.each(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::ffff:93.184.215.14', '8.8.8.8'])(
    'when the address %s is public, then it is allowed',
    (address) => {
      expect(new AddressPolicy().refusal(address)).toBeNull();
    },
  );

  test('when configuration allows an address or a range, then exactly those become reachable', () => {
    const policy = new AddressPolicy(['127.0.0.1', '10.20.0.0/16']);
    expect(policy.refusal('127.0.0.1')).toBeNull();
    expect(policy.refusal('::ffff:127.0.0.1')).toBeNull();
    expect(policy.refusal('10.20.5.5')).toBeNull();
    expect(policy.refusal('127.0.0.2')).toContain('loopback');
    expect(policy.refusal('10.21.0.1')).toContain('private');
    expect(policy.refusal('::1')).toContain('loopback');
  });

  test('IPv4 carried in IPv6 is read in each spelling', () => {
    expect(embeddedIpv4('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(embeddedIpv4('::ffff:0a00:0001')).toBe('10.0.0.1');
    expect(embeddedIpv4('64:ff9b::7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('2001:db8::1')).toBeUndefined();
  });
});

describe('guarded fetch: SSRF refusals', () => {
  const strict = createGuardedFetch();

  test.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://10.0.0.8/policy', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:a9fe:a9fe]/', 'link-local'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://2130706433/', 'loopback'], // the WHATWG URL parser turns it into 127.0.0.1
  ])('when the URL is %s, then it is refused without connecting (%s)', async (url, why) => {
    const err = await refusal(strict(url));
    expect(err.reason).toBe('address');
    expect(err.extra.errors![0]!.message).toContain(why);
  });

  test('when a host name resolves to a loopback address, then it is refused after resolving', async () => {
    const port = (server.address() as AddressInfo).port;
    routes.set('/reachable', (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('reached'));
    const err = await refusal(strict(`http://localhost:${port}/reachable`));
    expect(err.reason).toBe('address');
    expect(err.extra.errors![0]!.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });

  test('when an allowed server redirects to a private or metadata address, then the hop is refused', async () => {
    routes.set('/to-metadata', (_req, res) =>
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
    routes.set('/to-ipv6-loopback', (_req, res) => res.writeHead(301, { location: 'http://[::1]/admin' }).end());
    routes.set('/to-mapped', (_req, res) => res.writeHead(307, { location: 'http://[::ffff:10.0.0.1]/' }).end());
    for (const [path, why] of [
      ['/to-metadata', 'link-local'],
      ['/to-ipv6-loopback', 'loopback'],
      ['/to-mapped', 'private'],
    ] as const) {
      const err = await refusal(loopbackAllowed()(`${base}${path}`));
      expect(err.reason).toBe('address');
      expect(err.extra.errors![0]!.message).toContain(why);
    }
  });

  test.each([
    ['file:///etc/passwd', 'scheme'],
    ['ftp://example.com/policy.txt', 'scheme'],
    ['http://user:secret@example.com/', 'credentials'],
    ['not a url', 'invalid_url'],
  ])('when the URL is %s, then it is refused (%s)', async (url, reason) => {
    expect((await refusal(strict(url))).reason).toBe(reason);
  });

  test('when the refusal names another field, then the problem names that field', async () => {
    const err = await createGuardedFetch({ field: 'gpc_url' })('http://127.0.0.1/').then(
      () => undefined,
      (e: unknown) => e as GuardedFetchError,
    );
    expect(err?.extra.errors).toEqual([{ field: 'gpc_url', message: expect.stringContaining('loopback') }]);
  });
});

describe('guarded fetch: limits', () => {
  test('when loopback is allowed by configuration, then the body, final URL, redirects and charset are returned (gzip decoded)', async () => {
    routes.set('/start', (_req, res) => res.writeHead(301, { location: '/policy' }).end());
    routes.set('/policy', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=UTF-8', 'content-encoding': 'gzip' })
        .end(zlib.gzipSync('<p>Privacy</p>')),
    );
    const got = await loopbackAllowed()(`${base}/start`);
    expect(got).toMatchObject({
      url: `${base}/policy`,
      status: 200,
      contentType: 'text/html',
      charset: 'utf-8',
      redirects: [`${base}/start`],
    });
    expect(got.body.toString()).toBe('<p>Privacy</p>');
  });

  test('when the answer declares or streams more than the size limit, then it is refused', async () => {
    routes.set('/declared', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' }).end('x'.repeat(5000)),
    );
    routes.set('/streamed', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('x'.repeat(3000));
      res.end('y'.repeat(3000));
    });
    routes.set('/bomb', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
        .end(zlib.gzipSync('z'.repeat(100_000))),
    );
    const small = loopbackAllowed({ maxBytes: 4096 });
    expect((await refusal(small(`${base}/declared`))).reason).toBe('too_large');
    expect((await refusal(small(`${base}/streamed`))).reason).toBe('too_large');
    expect((await refusal(small(`${base}/bomb`))).reason).toBe('too_large');
  });

  test('when the server does not answer within the timeout, or stalls mid-body, then the fetch is refused as timed out', async () => {
    routes.set('/silent', () => undefined);
    routes.set('/stall', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    const quick = loopbackAllowed({ timeoutMs: 300 });
    expect((await refusal(quick(`${base}/silent`))).reason).toBe('timeout');
    expect((await refusal(quick(`${base}/stall`))).reason).toBe('timeout');
  });

  test('when redirects exceed the limit, then the fetch is refused', async () => {
    routes.set('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const err = await refusal(loopbackAllowed({ maxRedirects: 3 })(`${base}/loop`));
    expect(err.reason).toBe('too_many_redirects');
    expect(err.extra.errors![0]!.message).toContain('more than 3 redirects');
  });

  test('when the content type is not an accepted one, or the status is not 2xx, then it is refused', async () => {
    routes.set('/image', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end('png'));
    routes.set('/untyped', (_req, res) => res.writeHead(200).end('bytes'));
    routes.set('/gone', (_req, res) => res.writeHead(410, { 'content-type': 'text/html' }).end('gone'));
    const fetch = loopbackAllowed();
    const image = await refusal(fetch(`${base}/image`));
    expect(image.reason).toBe('content_type');
    expect(image.extra.errors![0]!.message).toContain('image/png');
    expect((await refusal(fetch(`${base}/untyped`))).reason).toBe('content_type');
    const gone = await refusal(fetch(`${base}/gone`));
    expect(gone.reason).toBe('http_status');
    expect(gone.extra.errors![0]!.message).toContain('410');
  });

  test('when nothing listens on the port, then the refusal says it could not be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await refusal(loopbackAllowed()(`http://127.0.0.1:${port}/`))).reason).toBe('network');
  });
});
