import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { pollOpenDrpRequests } from '../../server/drp';
import { closeQueues, createProducerConnection, createQueues, enqueueInTransaction } from '../../server/queue';
import { reconcile } from '../../server/reconciler';
import { nextReference } from '../factories/requests';
import { createGuardedSend } from '../../server/http';
import { agentKey } from '../../server/drp/agent-key';
import { signJson } from '../../server/drp/signing';
import { addPrincipal, filingBody, signedInAgent, uploadAuthorization } from '../factories/agents';
import { intakeBody, submitAndVerify } from '../factories/intake';
import { drpBusinessFor, importDrpChannel } from '../factories/drp';
import { privateVendorFrom } from '../factories/vendors';
import { createTestContext, testConfig, uniqueEmail, type TestContext } from '../setup/context';
import { CHECKS_IN_ORDER, type DrpBusiness } from '../setup/drp-business';
import type { TestSink } from '../setup/smtp-sink';
import { waitUntil } from '../setup/wait';
import { startWorkerWithSink } from '../setup/worker';

describe('DRP 1.0: the portal as an authorized agent, against a loopback covered business', () => {
  let ctx: TestContext;
  let sink: TestSink;
  let stopWorker: () => Promise<void>;
  let business: DrpBusiness;
  let vendor: string;

  let server: http.Server;

  beforeAll(async () => {
    // the app listens, so the business's status callbacks (to PUBLIC_URL) reach it
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ctx = createTestContext({
      config: testConfig({
        FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        JOB_RETRY_BASE_MS: '50',
        PUBLIC_URL: publicUrl,
        // the reconciler test runs the reconciler itself
        RECONCILE_INTERVAL_MS: String(24 * 3600_000),
      }),
      intake: { rateLimits: false },
      agents: { rateLimits: false },
    });
    server.on('request', ctx.app);
    ({ sink, stop: stopWorker } = await startWorkerWithSink(ctx.config, ctx.db));
    business = await drpBusinessFor(ctx.db, ctx.config);
    vendor = await privateVendorFrom(ctx.db, 'sonos');
    await importDrpChannel(ctx.app, ctx.db, business, vendor);
  });
  afterAll(async () => {
    await business.close();
    await stopWorker();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await ctx.close();
  });

  /** An agent files one request to the DRP vendor; resolves when the business holds it and the request is sent. */
  async function file(right = 'deletion') {
    const a = await signedInAgent(ctx.app, ctx.db);
    const principal = await addPrincipal(a);
    expect((await uploadAuthorization(a, principal.id)).status).toBe(201);
    const res = await a.http
      .post('/api/agent/requests')
      .set('X-CSRF-Token', a.csrf)
      .send(filingBody(principal.id, { vendors: [vendor], rights: [right] }));
    expect(res.status).toBe(201);
    const reference = res.body.requests[0].reference as string;
    const row = await ctx.db('requests').where({ reference }).first('id', 'channel_type', 'channel_value');
    await waitUntil(
      async () => (await ctx.db('requests').where({ id: row.id }).first('status')).status !== 'ready_to_dispatch',
      'the exercise was answered',
    );
    const held = [...business.requests.values()].find((r) => r.agent_request_id === reference);
    return { a, principal, reference, id: Number(row.id), channel: row, held };
  }
  const statusOf = async (id: number) => (await ctx.db('requests').where({ id }).first('status')).status as string;
  const eventTypes = async (id: number) =>
    ctx.db('events').where({ subject_type: 'request', subject_id: id }).orderBy('id').pluck('type');

  test('when an agent files to a vendor with a DRP channel, then a signed exercise (§2.01) is accepted, validated in the order of §3.07, and the request is sent', async () => {
    const { id, reference, channel, held, principal } = await file('deletion');
    expect(channel.channel_type).toBe('drp');
    expect(await statusOf(id)).toBe('sent');
    expect(held).toBeDefined();
    const agent = await agentKey(ctx.db, ctx.config);
    expect(held!.message).toEqual(
      expect.objectContaining({
        'agent-id': agent.agentId,
        'business-id': business.businessId,
        'agent-request-id': reference,
        'drp.version': '1.0',
        exercise: 'deletion',
        regime: 'ccpa',
        name: principal.name,
        status_callback: expect.stringContaining(`/api/drp/status-callback/${reference}/`),
      }),
    );
    // the principal's authorization is an uploaded document: their email address was never verified, so not claimed
    expect(held!.message).not.toHaveProperty('email');
    expect(held!.message).not.toHaveProperty('email_verified');
    const issued = Date.parse(String(held!.message['issued-at']));
    expect(Date.parse(String(held!.message['expires-at'])) - issued).toBe(10 * 60_000);
    // pair-wise key setup once, then the exercise: each validated by every §3.07 check, in the spec's order
    const passed = business.validations.filter((v) => v.refused === null);
    expect(passed.map((v) => v.endpoint)).toEqual(expect.arrayContaining(['agent', 'exercise']));
    for (const v of passed) expect(v.ran).toEqual([...CHECKS_IN_ORDER]);
    expect(business.validations.filter((v) => v.endpoint === 'agent')).toHaveLength(1);
    const drp = await ctx.db('drp_requests').where({ request_id: id }).first();
    expect(drp).toEqual(expect.objectContaining({ business_request_id: held!.request_id, drp_status: 'open' }));
    const stored = await ctx.db('drp_channels').where({ business_id: business.businessId }).first('token_sealed');
    expect(stored.token_sealed.toString('utf8')).not.toContain([...business.tokens.keys()][0]);
    expect(await eventTypes(id)).toEqual(expect.arrayContaining(['request_created', 'dispatched', 'deadline_started']));
  });

  test('when the business calls back in_progress/need_user_verification and then fulfilled, then the consumer is mailed the verification link and the request completes', async () => {
    const { id, held, principal } = await file('access');
    const verifyAt = `https://business.example/verify/${held!.request_id}`;
    expect(
      await business.update(held!.request_id, {
        status: 'in_progress',
        reason: 'need_user_verification',
        user_verification_url: verifyAt,
      }),
    ).toBe(200);
    expect(await statusOf(id)).toBe('awaiting_information');
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(principal.email)));
    const mail = sink.messages.find((m) => m.envelopeTo.includes(principal.email))!;
    expect(mail.parsed.text).toContain(`${verifyAt}?redirect_to=`);
    expect(mail.parsed.text).toContain(`request_id=${held!.request_id}`);

    expect(await business.update(held!.request_id, { status: 'in_progress' })).toBe(200);
    expect(await statusOf(id)).toBe('sent');
    expect(
      await business.update(held!.request_id, { status: 'fulfilled', results_url: 'https://business.example/r/1' }),
    ).toBe(200);
    expect(await statusOf(id)).toBe('completed');
    const row = await ctx.db('requests').where({ id }).first('outcome');
    expect(row.outcome).toBe('fulfilled');
    expect(await eventTypes(id)).toEqual(
      expect.arrayContaining([
        'drp_need_user_verification',
        'drp_verification_link_sent',
        'drp_in_progress',
        'drp_fulfilled',
        'deadline_closed',
      ]),
    );
    const drp = await ctx.db('drp_requests').where({ request_id: id }).first('results_url');
    expect(drp.results_url).toBe('https://business.example/r/1');
  });

  test('when the business denies or lets a request expire, then the request is denied (with the reason) or closed', async () => {
    const denied = await file();
    await business.update(denied.held!.request_id, { status: 'denied', reason: 'no_match' });
    expect(await statusOf(denied.id)).toBe('denied');
    const event = await ctx.db('events').where({ subject_id: denied.id, type: 'drp_denied' }).first('reason');
    expect(event.reason).toBe('no_match');

    const expired = await file();
    await business.update(expired.held!.request_id, { status: 'expired' });
    expect(await statusOf(expired.id)).toBe('closed');
  });

  test('when the agent revokes, then the signed DELETE (§2.04) is sent by a job and the request is withdrawn', async () => {
    const { a, id, held } = await file();
    const res = await a.http
      .post(`/api/agent/requests/${id}/drp-revoke`)
      .set('X-CSRF-Token', a.csrf)
      .send({ reason: 'changed my mind' });
    expect(res.status).toBe(200);
    await waitUntil(async () => (await statusOf(id)) === 'withdrawn', 'revoked');
    expect(business.requests.get(held!.request_id)!.status).toBe('revoked');
    // the reason is the agent's free text: kept on the DRP row (erasable), not in the append-only event
    const asked = await ctx
      .db('events')
      .where({ subject_id: id, type: 'drp_revoke_requested' })
      .first('reason', 'data');
    expect(asked.reason).toBeNull();
    expect(JSON.stringify(asked.data)).not.toContain('changed my mind');
    expect((await ctx.db('drp_requests').where({ request_id: id }).first('revoke_reason')).revoke_reason).toBe(
      'changed my mind',
    );
    expect(business.validations.filter((v) => v.endpoint === 'revoke').at(-1)!.refused).toBeNull();
    const again = await a.http.post(`/api/agent/requests/${id}/drp-revoke`).set('X-CSRF-Token', a.csrf).send({});
    expect(again.status).toBe(409);
  });

  test('when expected_by is after the portal’s deadline, or moves later without processing_details, then both are flagged', async () => {
    const { id, held } = await file();
    await business.update(held!.request_id, { status: 'in_progress', expected_by: '2026-12-20T00:00:00Z' });
    await business.update(held!.request_id, { status: 'in_progress', expected_by: '2099-01-01T00:00:00Z' });
    const types = await eventTypes(id);
    expect(types).toContain('drp_expected_by_late');
    expect(types).toContain('drp_extension_without_reason');
  });

  test('when a callback has a wrong token, another request_id or is not a status, then it is refused and nothing changes', async () => {
    const { id, reference, held } = await file();
    const url = new URL(held!.status_callback!);
    const wrongToken = url.pathname.replace(/\/[^/]+$/, '/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const valid = { request_id: held!.request_id, status: 'fulfilled' };
    expect((await request(ctx.app).post(wrongToken).send(valid)).status).toBe(403);
    const other = await request(ctx.app)
      .post(url.pathname)
      .send({ ...valid, request_id: 'someone-else' });
    expect(other.status).toBe(422);
    const junk = await request(ctx.app).post(url.pathname).send({ request_id: held!.request_id, status: 'done' });
    expect(junk.status).toBe(422);
    expect(junk.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'status' })]));
    expect(await statusOf(id)).toBe('sent');
    expect(reference).toBeTruthy();
  });

  test('when no callback comes, then the poll (§2.02) picks the status up', async () => {
    const { id, held } = await file();
    await business.update(held!.request_id, { status: 'denied', reason: 'outside_jurisdiction' }, { callback: false });
    const later = { now: () => new Date(Date.now() + 2 * 3600_000) };
    const result = await pollOpenDrpRequests({
      db: ctx.db,
      config: ctx.config,
      clock: later,
      send: createGuardedSend({ allowPrivate: ['127.0.0.1'] }),
    });
    expect(result.changed).toBeGreaterThanOrEqual(1);
    expect(await statusOf(id)).toBe('denied');
  });

  test('when the business refuses the token, then the agent sets a new one up (§2.05) and the exercise goes through', async () => {
    business.tokens.clear();
    const { id } = await file();
    expect(await statusOf(id)).toBe('sent');
    const drp = await ctx.db('drp_requests').where({ request_id: id }).first('attempts');
    expect(drp.attempts).toBe(2);
  });

  test('when the business answers a fatal error state (§3.06), then the request fails with the reason for staff', async () => {
    business.nextExerciseAnswer = { status: 400, body: { code: '400', message: 'Unsupported identity', fatal: true } };
    const { id } = await file();
    expect(await statusOf(id)).toBe('dispatch_failed');
    const event = await ctx.db('events').where({ subject_id: id, type: 'dispatch_failed' }).first('reason');
    expect(event.reason).toContain('Unsupported identity');
  });

  test('when messages are expired, for another business, unsigned or wrongly signed, then the business refuses each at its §3.07 step', async () => {
    const key = await agentKey(ctx.db, ctx.config);
    const token = [...business.tokens.entries()].find(([, agent]) => agent === key.agentId)![0];
    const now = Date.now();
    const claims = (over: Record<string, unknown>) => ({
      'agent-id': key.agentId,
      'business-id': business.businessId,
      'issued-at': new Date(now - 1000).toISOString(),
      'expires-at': new Date(now + 600_000).toISOString(),
      'drp.version': '1.0',
      exercise: 'access',
      ...over,
    });
    const post = (body: string) =>
      fetch(`${business.url}/v1/data-rights-request`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
        body,
      });
    const cases: [string, string][] = [
      ['not base64!', 'base64'],
      [Buffer.concat([Buffer.alloc(64), Buffer.from(JSON.stringify(claims({})))]).toString('base64'), 'signature'],
      [signJson(key.signingKey, claims({ 'agent-id': 'SOMEONE_ELSE', 'business-id': 'OTHER' })), 'agent-id'],
      [
        signJson(key.signingKey, claims({ 'business-id': 'OTHER', 'expires-at': '2000-01-01T00:00:00Z' })),
        'business-id',
      ],
      [signJson(key.signingKey, claims({ 'issued-at': new Date(now + 3600_000).toISOString() })), 'issued-at'],
      [signJson(key.signingKey, claims({ 'expires-at': new Date(now - 1000).toISOString() })), 'expires-at'],
    ];
    for (const [body, step] of cases) {
      const before = business.validations.length;
      const res = await post(body);
      expect(res.status).toBe(403);
      expect(business.validations[before]!.refused).toBe(step);
    }
    const unknownToken = await fetch(`${business.url}/v1/data-rights-request`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: 'Bearer nope' },
      body: signJson(key.signingKey, claims({})),
    });
    expect(unknownToken.status).toBe(403);
  });

  test('when the portal’s own clock is behind the business’s by more than the validity window, then the exercise is refused and the request fails with the reason', async () => {
    const skewed = await drpBusinessFor(ctx.db, ctx.config, { now: () => new Date(Date.now() + 3600_000) });
    const slug = await privateVendorFrom(ctx.db, 'sonos');
    await importDrpChannel(ctx.app, ctx.db, skewed, slug);
    const a = await signedInAgent(ctx.app, ctx.db);
    const principal = await addPrincipal(a);
    await uploadAuthorization(a, principal.id);
    const res = await a.http
      .post('/api/agent/requests')
      .set('X-CSRF-Token', a.csrf)
      .send(filingBody(principal.id, { vendors: [slug], rights: ['access'] }));
    const row = await ctx.db('requests').where({ reference: res.body.requests[0].reference }).first('id');
    await waitUntil(async () => (await statusOf(row.id)) === 'dispatch_failed', 'refused');
    expect(skewed.validations.map((v) => v.refused)).toEqual(['expires-at']);
    await skewed.close();
  });

  test('when a consumer files and verifies their email, then the exercise claims the verified email, and the consumer can see the DRP state and revoke', async () => {
    const email = uniqueEmail('drp-consumer');
    const { verified } = await submitAndVerify(
      ctx,
      intakeBody({ vendors: [vendor], rights: ['opt_out'], requester: { email } }),
    );
    const id = verified.requests[0]!.id;
    await waitUntil(async () => (await statusOf(id)) === 'sent', 'accepted');
    const held = [...business.requests.values()].find((r) => r.agent_request_id === verified.requests[0]!.reference)!;
    // the business lists `sale:opt-out`: the opt-out is sent in its own spelling
    expect(held.message).toEqual(
      expect.objectContaining({ exercise: 'sale:opt-out', email, email_verified: true, regime: 'ccpa' }),
    );
    expect(held.message).not.toHaveProperty('phone_number');
    expect(held.message).not.toHaveProperty('address');
    const bearer = { Authorization: `Bearer ${verified.access.token}` };
    const state = await request(ctx.app).get(`/api/requests/${id}/drp`).set(bearer);
    expect(state.status).toBe(200);
    expect(state.body).toEqual(expect.objectContaining({ status: 'open', can_revoke: true }));
    const stranger = await request(ctx.app)
      .get(`/api/requests/${id}/drp`)
      .set({ Authorization: 'Bearer x'.padEnd(30, 'y') });
    expect(stranger.status).toBe(401);
    const revoked = await request(ctx.app).post(`/api/requests/${id}/drp-revoke`).set(bearer).send({});
    expect(revoked.status).toBe(200);
    await waitUntil(async () => (await statusOf(id)) === 'withdrawn', 'revoked');
  });

  test('when the business stores the exercise but its answer is lost, then the retry sends the same agent-request-id and the business holds one request', async () => {
    business.dropNextAnswer = true;
    const { id, reference } = await file();
    expect(await statusOf(id)).toBe('sent');
    expect([...business.requests.values()].filter((r) => r.agent_request_id === reference)).toHaveLength(1);
    const drp = await ctx.db('drp_requests').where({ request_id: id }).first('attempts', 'business_request_id');
    expect(drp.attempts).toBe(2);
  });

  test('when Redis loses the dispatch job of a DRP request, then the reconciler queues it again and the exercise goes out once', async () => {
    const vendorRow = await ctx.db('vendors').where({ slug: vendor }).first('id');
    const [requester] = await ctx
      .db('requesters')
      .insert({ name: 'Lost Job', email: uniqueEmail('lost') })
      .returning<{ id: number }[]>('id');
    const reference = await nextReference(ctx.db);
    const [row] = await ctx
      .db('requests')
      .insert({
        reference,
        requester_id: requester!.id,
        vendor_id: vendorRow.id,
        right: 'deletion',
        jurisdiction: 'US-CA',
        status: 'ready_to_dispatch',
        channel_type: 'drp',
        channel_value: business.businessId,
      })
      .returning<{ id: number }[]>('id');
    const id = Number(row!.id);
    // the job was relayed an hour ago and then lost with Redis (restarted without persistence)
    await enqueueInTransaction(ctx.db, 'dispatch-request', { requestId: id });
    await ctx
      .db('outbox')
      .where({ job_id: `dispatch-request-${id}` })
      .update({ relayed_at: new Date(Date.now() - 3600_000) });
    const producer = createProducerConnection(ctx.config.redisUrl);
    const queues = createQueues(producer, ctx.config.queuePrefix);
    try {
      const result = await reconcile(ctx.db, queues, { queuePrefix: ctx.config.queuePrefix, graceMs: 0 });
      expect(result.requeued.missing).toBeGreaterThanOrEqual(1);
    } finally {
      await closeQueues(queues);
      await producer.quit();
    }
    await waitUntil(async () => (await statusOf(id)) === 'sent', 'sent after the reconciler queued it again');
    expect([...business.requests.values()].filter((r) => r.agent_request_id === reference)).toHaveLength(1);
  });

  test('when a consumer withdraws a DRP request the usual way, then the business is told by a DRP revoke, not by a letter', async () => {
    const email = uniqueEmail('drp-withdraw');
    const { verified } = await submitAndVerify(
      ctx,
      intakeBody({ vendors: [vendor], rights: ['deletion'], requester: { email } }),
    );
    const id = verified.requests[0]!.id;
    await waitUntil(async () => (await statusOf(id)) === 'sent', 'accepted');
    const held = [...business.requests.values()].find((r) => r.agent_request_id === verified.requests[0]!.reference)!;
    const res = await request(ctx.app)
      .post(`/api/requests/${id}/withdraw`)
      .set({ Authorization: `Bearer ${verified.access.token}` })
      .send({ reason: 'no longer needed' });
    expect(res.status).toBe(200);
    expect(await statusOf(id)).toBe('withdrawn');
    await waitUntil(
      async () => business.requests.get(held.request_id)!.status === 'revoked',
      'revoked at the business',
    );
    await waitUntil(async () => (await eventTypes(id)).includes('drp_revoked'), 'the revoked status recorded');
    expect(await ctx.db('outbound_emails').where({ template: 'vendor_withdrawal', related_id: id })).toHaveLength(0);
  });
});
