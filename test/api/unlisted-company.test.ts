import request from 'supertest';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { addPrincipal, signedInAgent, uploadAuthorization, type SignedInAgent } from '../factories/agents';
import { intakeBody, storedVerificationToken, submitAndVerify } from '../factories/intake';
import { privateVendorFrom, randomWord } from '../factories/vendors';
import { createTestContext, uniqueEmail, type TestContext } from '../setup/context';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

describe("my company isn't listed", () => {
  let ctx: TestContext;
  let staff: Agent;
  let csrf: string;
  let staffId: number;
  beforeAll(async () => {
    ctx = createTestContext({ intake: { rateLimits: false }, agents: { rateLimits: false } });
    const account = await createAccountWithPassword(ctx.db, 'staff');
    staffId = account.id;
    ({ agent: staff, csrf } = await signIn(ctx.app, account.email));
  });
  afterAll(() => ctx.close());

  const post = (path: string, body: object) => staff.post(path).set('X-CSRF-Token', csrf).send(body);
  const company = () => `${randomWord()[0]!.toUpperCase()}${randomWord(7)} Médias GmbH`;
  const dispatchJobs = (requestId: number) =>
    ctx
      .db('outbox')
      .where({ job_name: 'dispatch-request' })
      .whereRaw("(payload->>'requestId')::bigint = ?", [requestId]);

  async function fileUnlisted(name: string, typedContact: string) {
    const body = intakeBody({
      vendors: [],
      unlisted_vendors: [{ name, website: 'https://www.example-unlisted.test/', contact: typedContact }],
    });
    const submitted = await request(ctx.app).post('/api/requests').send(body);
    expect(submitted.status).toBe(202);
    const token = await storedVerificationToken(ctx, submitted.body.submission_id);
    const verified = await request(ctx.app).post('/api/verify').send({ token });
    expect(verified.status).toBe(200);
    return { submitted: submitted.body, verified: verified.body, body };
  }

  test('when a consumer names an unlisted company, then its request waits for research, the consumer is told honestly, and nothing is sent to the contact they typed', async () => {
    const name = company();
    const typed = uniqueEmail('typed-by-consumer');
    const { submitted, verified, body } = await fileUnlisted(name, typed);
    expect(submitted.unlisted).toEqual([
      { name, website: 'https://www.example-unlisted.test/', contact: typed, status: 'needs_research' },
    ]);
    expect(submitted.planned).toEqual([]);
    expect(submitted.warnings).toContainEqual(
      expect.objectContaining({
        code: 'no_usable_contact',
        message: expect.stringContaining(`"${name}" is not in our registry yet`),
      }),
    );

    const mail = await ctx
      .db('outbound_emails')
      .where({ template: 'consumer_verify', to_address: body.requester.email })
      .first('text_body');
    expect(mail.text_body).toContain(`Not in our registry yet: ${name}.`);
    expect(mail.text_body).toContain('Nothing is sent to a company until they have found and confirmed its contact');

    expect(verified.requests).toHaveLength(1);
    const [req] = verified.requests;
    expect(req).toMatchObject({
      status: 'needs_research',
      channel: null,
      vendor: expect.stringMatching(/-unlisted-[0-9a-f]{8}$/),
    });
    expect(await dispatchJobs(req.id)).toHaveLength(0);
    expect(await ctx.db('outbound_emails').where('to_address', 'ilike', `%${typed}%`)).toHaveLength(0);
    const vendor = await ctx.db('vendors').where({ slug: req.vendor }).first();
    expect(vendor).toMatchObject({ name, listed: false });
    expect(await ctx.db('vendor_channels').where({ vendor_id: vendor.id })).toHaveLength(0);

    const status = await request(ctx.app)
      .get(`/api/requests/${req.id}`)
      .set('Authorization', `Bearer ${verified.access.token}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      status: 'needs_research',
      research: { company: name, contact_given: typed, status: 'looking_up_contact' },
    });
    expect(status.body.research.message).toContain('nothing is sent until they have confirmed the contact');

    // not offered to other consumers by the search until staff confirm it
    expect(
      (await request(ctx.app).get('/api/vendors').query({ q: name })).body.items.map((i: { slug: string }) => i.slug),
    ).not.toContain(req.vendor);
  });

  test('when the body names no vendor or a malformed unlisted company, then 422 names each field and nothing is stored', async () => {
    const before = await ctx.db('submissions').count({ n: '*' });
    const none = await request(ctx.app)
      .post('/api/requests')
      .send(intakeBody({ vendors: [] }));
    expect(none.status).toBe(422);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toEqual(['vendors']);

    const bad = await request(ctx.app)
      .post('/api/requests')
      .send(
        intakeBody({ vendors: [], unlisted_vendors: [{ name: ' ', website: 'not a site', contact: 'x'.repeat(501) }] }),
      );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'unlisted_vendors.0.contact',
      'unlisted_vendors.0.name',
      'unlisted_vendors.0.website',
    ]);
    const tooMany = await request(ctx.app)
      .post('/api/requests')
      .send(intakeBody({ unlisted_vendors: Array.from({ length: 6 }, (_, i) => ({ name: `Company ${i}` })) }));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toEqual(['unlisted_vendors']);
    expect(await ctx.db('submissions').count({ n: '*' })).toEqual(before);
  });

  test('when staff open the research task and add a confirmed channel, then the held request is dispatched and the company is listed', async () => {
    const name = company();
    const { verified } = await fileUnlisted(name, 'call them on +1 555 0100');
    const [req] = verified.requests;

    const queue = await staff.get('/api/staff/queue').query({ bucket: 'needs_research', limit: 100 });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { id: number }) => i.id)).toContain(req.id);
    const tasks = await staff.get('/api/staff/research');
    const task = tasks.body.items.find((t: { vendor: string }) => t.vendor === req.vendor);
    expect(task).toMatchObject({
      name,
      website: 'https://www.example-unlisted.test/',
      contact: 'call them on +1 555 0100',
      requested_by: 'consumer',
      status: 'open',
      waiting_requests: 1,
    });
    const detail = await staff.get(`/api/staff/requests/${req.id}`);
    expect(detail.body.research).toMatchObject({
      id: task.id,
      name,
      contact: 'call them on +1 555 0100',
      status: 'open',
      requested_by: { type: 'consumer' },
      add_channel_url: `/api/staff/vendors/${req.vendor}/channels`,
      link_url: `/api/staff/research/${task.id}/link`,
    });

    const confirmed = uniqueEmail('privacy-confirmed');
    const added = await post(`/api/staff/vendors/${req.vendor}/channels`, {
      type: 'email',
      value: confirmed,
      source: 'https://www.example-unlisted.test/privacy',
    });
    expect(added.status).toBe(201);
    expect(added.body.moved_to_dispatch).toEqual([req.id]);
    expect(await ctx.db('requests').where({ id: req.id }).first()).toMatchObject({
      status: 'ready_to_dispatch',
      channel_type: 'email',
      channel_value: confirmed,
    });
    expect(await dispatchJobs(req.id)).toHaveLength(1);
    expect(await ctx.db('vendor_research').where({ id: task.id }).first()).toMatchObject({
      status: 'resolved',
      resolution: 'channel_added',
      resolved_by: staffId,
    });
    expect((await ctx.db('vendors').where({ slug: req.vendor }).first()).listed).toBe(true);
    const found = await request(ctx.app).get('/api/vendors').query({ q: name });
    expect(found.body.items[0]).toMatchObject({ slug: req.vendor, match: { type: 'exact' } });
    expect((await staff.get('/api/staff/research')).body.items.map((t: { id: number }) => t.id)).not.toContain(task.id);
  });

  test('when staff link the research to a listed vendor, then the request moves to it and goes out by its channel; a second link is refused', async () => {
    const sonos = await privateVendorFrom(ctx.db, 'sonos');
    const { verified } = await fileUnlisted(company(), uniqueEmail('typed'));
    const [req] = verified.requests;
    const task = (await staff.get('/api/staff/research')).body.items.find(
      (t: { vendor: string }) => t.vendor === req.vendor,
    );

    const unknown = await post(`/api/staff/research/${task.id}/link`, { vendor: 'no-such-vendor-at-all' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['vendor']);
    const self = await post(`/api/staff/research/${task.id}/link`, { vendor: req.vendor });
    expect(self.status).toBe(422);

    const linked = await post(`/api/staff/research/${task.id}/link`, {
      vendor: sonos,
      reason: 'It is Sonos under another name',
    });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({
      research_id: task.id,
      vendor: sonos,
      moved_to_dispatch: [req.id],
      still_needs_research: [],
    });
    const row = await ctx.db('requests').where({ id: req.id }).first();
    const sonosRow = await ctx.db('vendors').where({ slug: sonos }).first('id');
    expect(row).toMatchObject({
      vendor_id: sonosRow.id,
      status: 'ready_to_dispatch',
      channel_type: 'email',
      channel_value: 'privacy@sonos.com',
    });
    expect(row.channel_fact_id).not.toBeNull();
    expect(await dispatchJobs(req.id)).toHaveLength(1);
    expect(
      await ctx.db('events').where({ subject_type: 'request', subject_id: req.id, type: 'research_linked' }).first(),
    ).toMatchObject({ actor_id: String(staffId), reason: 'It is Sonos under another name' });
    expect((await staff.get(`/api/staff/requests/${req.id}`)).body.research).toMatchObject({
      status: 'resolved',
      resolution: 'linked',
      link_url: null,
    });

    const again = await post(`/api/staff/research/${task.id}/link`, { vendor: sonos });
    expect(again.status).toBe(409);
  });

  describe('an authorized agent', () => {
    let a: SignedInAgent;
    beforeAll(async () => {
      a = await signedInAgent(ctx.app, ctx.db);
    });

    test('when filing for a principal with an unlisted company, then its request is created in needs_research with a research task by the agent', async () => {
      const p = await addPrincipal(a);
      await uploadAuthorization(a, p.id);
      const name = company();
      const res = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .send({
          principal_id: p.id,
          jurisdiction: 'US-CA',
          rights: ['access'],
          vendors: ['sonos'],
          unlisted_vendors: [{ name, contact: 'dpo@typed-by-agent.test' }],
        });
      expect(res.status).toBe(201);
      expect(res.body.unlisted).toEqual([
        { name, website: null, contact: 'dpo@typed-by-agent.test', status: 'needs_research' },
      ]);
      const unlisted = res.body.requests.find((r: { vendor: string }) => r.vendor !== 'sonos');
      expect(unlisted).toMatchObject({ status: 'needs_research', channel: null });
      expect(res.body.requests.find((r: { vendor: string }) => r.vendor === 'sonos')).toMatchObject({
        status: 'ready_to_dispatch',
      });
      expect(await dispatchJobs(unlisted.id)).toHaveLength(0);
      const research = await ctx.db('vendor_research').where({ name }).first();
      expect(research).toMatchObject({
        requested_by_type: 'agent',
        requested_by_id: String(a.account.id),
        contact: 'dpo@typed-by-agent.test',
        status: 'open',
      });
    });

    test('when the agent names an unlisted company without a name, then 422 names the field', async () => {
      const p = await addPrincipal(a);
      await uploadAuthorization(a, p.id);
      const res = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .send({
          principal_id: p.id,
          jurisdiction: 'US-CA',
          rights: ['access'],
          vendors: [],
          unlisted_vendors: [{ website: 'example.com' }],
        });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['unlisted_vendors.0.name']);
    });
  });

  test('when the consumer names both a listed and an unlisted company, then the listed one is dispatched and only the other waits', async () => {
    const { verified } = await submitAndVerify(ctx, intakeBody({ unlisted_vendors: [{ name: company() }] }));
    const statuses = Object.fromEntries(
      verified.requests.map((r) => [r.vendor === 'sonos' ? 'sonos' : 'unlisted', r.status]),
    );
    expect(statuses).toEqual({ sonos: 'ready_to_dispatch', unlisted: 'needs_research' });
  });
});
