import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { ReceivedMail } from '../../server/mail';
import { ingestPolicy } from '../../server/vendors';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createIntakeContext, intakeBody, storedVerificationToken, submitAndVerify } from '../factories/intake';
import { privateVendorFrom } from '../factories/vendors';
import { unique, uniqueEmail, type TestContext } from '../setup/context';
import { startWorkerWithSink } from '../setup/worker';
import { waitFor } from '../setup/wait';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

describe('registry review and staff-added channels', () => {
  let ctx: TestContext;
  let staff: { id: number; email: string };
  let agent: Agent;
  let csrf: string;

  beforeAll(async () => {
    ctx = createIntakeContext();
    staff = await createAccountWithPassword(ctx.db, 'staff');
    ({ agent, csrf } = await signIn(ctx.app, staff.email));
  });
  afterAll(() => ctx.close());

  const post = (p: string, body: object) => agent.post(p).set('X-CSRF-Token', csrf).send(body);

  /** A vendor of its own, ingested from the Sonos policy text: every fact is a draft awaiting review. */
  async function draftVendor() {
    const slug = unique('gadgets');
    const raw = fs.readFileSync(path.resolve(__dirname, '../../seeds/policies/sonos.txt'), 'utf8');
    await ingestPolicy(ctx.db, {
      slug,
      source: 'test',
      raw,
      retrievedAt: new Date(),
      actor: { type: 'staff', id: 'tester' },
    });
    return slug;
  }

  test('when staff list facts awaiting review, then they get drafts of current policies with their citations', async () => {
    const slug = await draftVendor();
    const res = await agent.get('/api/staff/registry/facts').query({ vendor: slug, limit: 3 });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items[0]).toMatchObject({
      vendor_slug: slug,
      quote: expect.any(String),
      citation_start: expect.any(Number),
      document_title: expect.any(String),
    });
    const next = await agent
      .get('/api/staff/registry/facts')
      .query({ vendor: slug, limit: 3, after: res.body.next_after });
    expect(next.body.items[0].id).toBeGreaterThan(res.body.items[2].id);
  });

  test('when staff approve, edit and reject facts, then each decision is stored and audited, and decided facts leave the list', async () => {
    const slug = await draftVendor();
    const [a, b, c] = (await agent.get('/api/staff/registry/facts').query({ vendor: slug, limit: 3 })).body.items;
    expect((await post(`/api/staff/registry/facts/${a.id}/review`, { decision: 'approve' })).body).toMatchObject({
      id: a.id,
      review_status: 'approved',
      reviewed_by: String(staff.id),
    });
    const noReason = await post(`/api/staff/registry/facts/${b.id}/review`, { decision: 'edit', edited_value: 'x' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('reason');
    const noValue = await post(`/api/staff/registry/facts/${b.id}/review`, { decision: 'edit', reason: 'typo' });
    expect(noValue.body.errors[0].field).toBe('edited_value');
    expect(
      (
        await post(`/api/staff/registry/facts/${b.id}/review`, {
          decision: 'edit',
          reason: 'typo in the source',
          edited_value: 'privacy@example.com',
        })
      ).body,
    ).toMatchObject({
      review_status: 'edited',
      edited_value: 'privacy@example.com',
      review_reason: 'typo in the source',
    });
    expect(
      (await post(`/api/staff/registry/facts/${c.id}/review`, { decision: 'reject', reason: 'not a contact' })).body
        .review_status,
    ).toBe('rejected');
    const events = await ctx
      .db('events')
      .where({ subject_type: 'vendor_fact', type: 'fact_reviewed' })
      .whereIn('subject_id', [a.id, b.id, c.id])
      .orderBy('id');
    expect(events.map((e) => [e.subject_id, e.actor_type, e.actor_id, e.data.decision])).toEqual([
      [a.id, 'staff', String(staff.id), 'approve'],
      [b.id, 'staff', String(staff.id), 'edit'],
      [c.id, 'staff', String(staff.id), 'reject'],
    ]);
    const left = (await agent.get('/api/staff/registry/facts').query({ vendor: slug, limit: 500 })).body.items.map(
      (f: { id: number }) => f.id,
    );
    expect(left).not.toEqual(expect.arrayContaining([a.id]));
    expect(left).not.toContain(b.id);
    expect((await post('/api/staff/registry/facts/999999999/review', { decision: 'approve' })).status).toBe(404);
  });

  test('when a channel value or source is not what its type needs, then 422 names the field', async () => {
    const bad = await post('/api/staff/vendors/ntt-communications/channels', {
      type: 'email',
      value: 'not an address',
      source: 'x',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['source', 'value']);
    expect(
      (
        await post('/api/staff/vendors/no-such-vendor/channels', {
          type: 'email',
          value: 'a@b.test',
          source: 'https://example.test/contact',
        })
      ).status,
    ).toBe(404);
  });

  test('when staff add a channel for NTT Communications, then its requests needing research are dispatched end to end through the worker', async () => {
    const worker = await startWorkerWithSink(ctx.config, ctx.db);
    try {
      const ntt = await privateVendorFrom(ctx.db, 'ntt-communications');
      const { verified } = await submitAndVerify(ctx, intakeBody({ vendors: [ntt], rights: ['access'] }));
      const requestId = verified.requests[0]!.id;
      expect(verified.requests[0]!.status).toBe('needs_research');
      const address = uniqueEmail('privacy-ntt');
      const res = await post(`/api/staff/vendors/${ntt}/channels`, {
        type: 'email',
        value: address,
        source: 'https://www.ntt.com/en/about-us/contact.html',
        label: 'Privacy desk',
        jurisdictions: ['US'],
      });
      expect(res.status).toBe(201);
      expect(res.body.channel).toMatchObject({ type: 'email', value: address, source_kind: 'url', added_by: staff.id });
      expect(res.body.moved_to_dispatch).toContain(requestId);
      const event = await ctx
        .db('events')
        .where({ subject_type: 'vendor', type: 'channel_added' })
        .orderBy('id', 'desc')
        .first();
      expect(event).toMatchObject({
        actor_type: 'staff',
        actor_id: String(staff.id),
        data: expect.objectContaining({ vendor_channel_id: res.body.channel.id }),
      });
      expect(
        (
          await ctx
            .db('events')
            .where({ subject_type: 'request', subject_id: requestId, type: 'channel_found' })
            .first()
        ).actor_id,
      ).toBe(String(staff.id));

      const reference = verified.requests[0]!.reference;
      const ours = (m: ReceivedMail) => m.envelopeTo.includes(address) && (m.parsed.subject ?? '').includes(reference);
      const letter = (await worker.sink.waitFor((all) => all.some(ours))).find(ours)!;
      expect(letter.parsed.text).toContain('request for access');
      const row = await waitFor(
        () => ctx.db('requests').where({ id: requestId }).first(),
        (r) => r.status === 'sent',
        'the request sent',
      );
      expect(row).toMatchObject({
        status: 'sent',
        channel_type: 'email',
        channel_value: address,
        vendor_channel_id: res.body.channel.id,
      });
      expect(await ctx.db('request_deadlines').where({ request_id: requestId }).first()).toMatchObject({
        request_id: requestId,
        closed_at: null,
        effective_due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      const listed = await agent.get(`/api/staff/vendors/${ntt}/channels`);
      expect(listed.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: res.body.channel.id, source: 'https://www.ntt.com/en/about-us/contact.html' }),
        ]),
      );
    } finally {
      await worker.stop();
    }
  });

  describe('when staff have added a channel for NTT Communications (whose policy gives no usable contact)', () => {
    const source = 'https://www.ntt.com/en/about-us/contact.html';
    let ntt: string;
    let address: string;
    let channelId: number;

    beforeAll(async () => {
      ntt = await privateVendorFrom(ctx.db, 'ntt-communications');
      // read once before the channel exists, so the cached profile must be replaced when staff add it
      const before = await request(ctx.app).get(`/api/vendors/${ntt}`);
      expect(before.body).toMatchObject({ has_usable_channel: false, staff_channels: [] });
      const planned = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ vendors: [ntt], rights: ['access'] }));
      expect(planned.body.planned[0]).toMatchObject({
        channel: null,
        warnings: expect.arrayContaining([expect.objectContaining({ code: 'no_usable_contact' })]),
      });

      address = uniqueEmail('privacy-ntt');
      const res = await post(`/api/staff/vendors/${ntt}/channels`, {
        type: 'email',
        value: address,
        source,
        label: 'Privacy desk',
        jurisdictions: ['US'],
      });
      expect(res.status).toBe(201);
      channelId = res.body.channel.id;
    });

    test('then a new submission plans that channel, without the no-contact warning', async () => {
      const res = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ vendors: [ntt], rights: ['access', 'deletion'] }));
      expect(res.status).toBe(202);
      for (const p of res.body.planned) {
        expect(p.channel).toEqual({ type: 'email', value: address });
        expect(p.warnings.map((w: { code: string }) => w.code)).not.toContain('no_usable_contact');
      }
      expect(res.body.warnings.map((w: { code: string }) => w.code)).not.toContain('no_usable_contact');
      expect(res.body.warnings).toContainEqual(
        expect.objectContaining({ code: 'contact_gap', message: expect.stringContaining('Our staff found a contact') }),
      );
    });

    test('then verification creates the request ready to dispatch, recording the staff channel (not a policy fact) and queuing its letter', async () => {
      const body = intakeBody({ vendors: [ntt], rights: ['access'] });
      const submitted = await request(ctx.app).post('/api/requests').send(body);
      const token = await storedVerificationToken(ctx, submitted.body.submission_id);
      const verified = await request(ctx.app).post('/api/verify').send({ token });
      expect(verified.status).toBe(200);
      expect(verified.body.requests).toEqual([
        expect.objectContaining({
          vendor: ntt,
          status: 'ready_to_dispatch',
          channel: { type: 'email', value: address },
        }),
      ]);
      const id = verified.body.requests[0].id;
      expect(await ctx.db('requests').where({ id }).first()).toMatchObject({
        status: 'ready_to_dispatch',
        channel_type: 'email',
        channel_value: address,
        vendor_channel_id: channelId,
        channel_fact_id: null,
      });
      const created = await ctx
        .db('events')
        .where({ subject_type: 'request', subject_id: id, type: 'request_created' })
        .first();
      expect(created.data).toMatchObject({
        channel_type: 'email',
        vendor_channel_id: channelId,
        channel_fact_id: null,
      });
      expect(
        await ctx
          .db('outbox')
          .where({ job_id: `dispatch-request-${id}` })
          .first(),
      ).toMatchObject({ job_name: 'dispatch-request', payload: { requestId: id } });
    });

    test('then a submission from a jurisdiction the channel does not serve still waits for research', async () => {
      const res = await request(ctx.app)
        .post('/api/requests')
        .send(intakeBody({ vendors: [ntt], rights: ['access'], jurisdiction: 'GB' }));
      expect(res.status).toBe(202);
      expect(res.body.planned[0].channel).toBeNull();
      expect(res.body.planned[0].warnings).toContainEqual(expect.objectContaining({ code: 'no_usable_contact' }));
    });

    test('then the published profile shows the staff channel with its source, apart from the policy facts', async () => {
      const res = await request(ctx.app).get(`/api/vendors/${ntt}`);
      expect(res.status).toBe(200);
      expect(res.body.has_usable_channel).toBe(true);
      expect(res.body.staff_channels).toEqual([
        {
          vendor_channel_id: channelId,
          origin: 'staff',
          type: 'email',
          value: address,
          purpose: 'privacy_requests',
          jurisdictions: ['US'],
          label: 'Privacy desk',
          source,
          source_kind: 'url',
          added_at: expect.any(String),
        },
      ]);
      expect(res.body.channels.map((c: { value: string }) => c.value)).not.toContain(address);
    });

    test('then a source given as a note is not published, only that one exists (it may name a person)', async () => {
      const note = 'Phoned the switchboard; confirmed by J. Doe in Legal';
      const [channel] = await ctx
        .db('vendor_channels')
        .insert({
          vendor_id: ctx.db('vendors').select('id').where({ slug: ntt }),
          type: 'postal',
          value: 'NTT, Legal, Tokyo',
          source: note,
          source_kind: 'note',
          added_by: staff.id,
        })
        .returning('id');
      const res = await request(ctx.app).get(`/api/vendors/${ntt}`);
      const published = res.body.staff_channels.find(
        (c: { vendor_channel_id: number }) => c.vendor_channel_id === channel.id,
      );
      expect(published).toMatchObject({ source_kind: 'note', source: 'found by our staff (note on file)' });
      expect(JSON.stringify(res.body)).not.toContain('J. Doe');
    });
  });
});
