import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { PolicyLabels } from '../../bench/extract-score';
import { ingestPolicy, reviewFact } from '../../server/vendors';
import { privateVendorFrom } from '../factories/vendors';
import { createTestContext, unique, type TestContext } from '../setup/context';

const root = path.resolve(__dirname, '../..');
const SEEDS = [
  'ntt-sonority',
  'sony-headphones-connect',
  'ntt-communications',
  'sony-network-communications-nordics',
  'sonos',
];

const labels = (slug: string) =>
  JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/registry', `${slug}.json`), 'utf8')) as PolicyLabels;
const digits = (s: string) => s.replace(/\D/g, '');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('published registry after db:seed', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext();
  });
  afterAll(() => ctx.close());

  test.each(SEEDS)(
    'when %s is read, then it has the labelled facts, each quote an exact span of the stored document',
    async (slug) => {
      const res = await request(ctx.app).get(`/api/vendors/${slug}`);
      expect(res.status).toBe(200);
      const vendor = res.body;
      const expected = labels(slug);
      expect(expected.company.some((c) => vendor.name.startsWith(c))).toBe(true);
      expect(vendor.policy.effective_date).toBe(expected.effective_date);
      expect(vendor.policy.sha256).toMatch(/^[0-9a-f]{64}$/);

      const byType = (type: string) =>
        vendor.channels.filter((c: { type: string }) => c.type === type).map((c: { value: string }) => c.value);
      expect(byType('email').sort()).toEqual([...expected.emails].sort());
      expect(byType('phone').map(digits).sort()).toEqual(expected.phones.map(digits).sort());
      for (const postal of expected.postal) {
        expect(
          byType('postal')
            .map(squash)
            .some((v: string) => v.includes(squash(postal))),
        ).toBe(true);
      }
      expect(byType('webform')).toEqual(expected.webforms);
      expect(vendor.deadlines.map((d: { days: number; unit: string }) => `${d.days} ${d.unit}`).sort()).toEqual(
        expected.deadlines.map((d) => `${d.days} ${d.unit}`).sort(),
      );
      expect(vendor.gaps).toHaveLength(expected.gaps.length);

      const { normalized_text: text } = await ctx
        .db('policy_documents')
        .where({ id: vendor.policy.document_id })
        .first('normalized_text');
      const all = ['channels', 'rights', 'deadlines', 'requirements', 'warnings', 'gaps', 'products'].flatMap(
        (k) => vendor[k],
      );
      expect(all.length).toBeGreaterThan(0);
      for (const fact of all) expect(text.slice(fact.citation.start, fact.citation.end)).toBe(fact.citation.quote);
    },
  );

  test('when a vendor lists no contact at all, then it has no usable channel and says what is missing', async () => {
    // NTT Communications' policy, as a vendor of this test's own: staff channels other tests add to the seeded one stay
    const slug = await privateVendorFrom(ctx.db, 'ntt-communications');
    const res = await request(ctx.app).get(`/api/vendors/${slug}`);
    expect(res.body).toMatchObject({ has_usable_channel: false, staff_channels: [] });
    expect(res.body.gaps[0]).toMatchObject({ missing: 'email', citation: { quote: expect.any(String) } });
  });

  test('when searching by product, name or email domain, then the vendor is found', async () => {
    const byProduct = await request(ctx.app).get('/api/vendors').query({ q: 'headphones connect' });
    expect(byProduct.body.items.map((v: { slug: string }) => v.slug)).toContain('sony-headphones-connect');
    const byDomain = await request(ctx.app).get('/api/vendors').query({ q: 'sonos.com' });
    // other tests ingest copies of the Sonos policy under slugs of their own, and they stay in the shared database;
    // sony.com is near enough to be listed too (typos are tolerated), after every exact match
    const seeded = byDomain.body.items.filter((v: { slug: string }) => SEEDS.includes(v.slug));
    expect(seeded[0]).toMatchObject({ slug: 'sonos', match: { kind: 'domain', type: 'exact' } });
    for (const other of seeded.slice(1)) expect(other.match.type).toBe('similar');
    expect(seeded[0]).toMatchObject({ response_times: [{ days: 30, unit: 'calendar' }] });
  });

  test('when paging, then limit and offset apply and total counts every match', async () => {
    const first = await request(ctx.app).get('/api/vendors').query({ q: 'sony', limit: 1 });
    const second = await request(ctx.app).get('/api/vendors').query({ q: 'sony', limit: 1, offset: 1 });
    expect(first.body.total).toBeGreaterThanOrEqual(2);
    expect(first.body.items).toHaveLength(1);
    expect(second.body.items[0].slug).not.toBe(first.body.items[0].slug);
  });

  test('when query parameters are bad, then 422 names them; an unknown slug is 404', async () => {
    const bad = await request(ctx.app).get('/api/vendors').query({ limit: 0, offset: -1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'offset']);
    const badSlug = await request(ctx.app).get('/api/vendors/NOT_A_SLUG');
    expect(badSlug.status).toBe(422);
    expect(badSlug.body.errors[0].field).toBe('slug');
    const missing = await request(ctx.app).get('/api/vendors/no-such-vendor');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('policy ingestion', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext();
  });
  afterAll(() => ctx.close());

  const policy = (extra = '') => `Example Gadgets, Inc. Privacy Policy
Last updated: March 3, 2025

We collect personal information when you use our devices and may disclose it to third parties with your consent.
${extra}
Your rights. California residents may request access to and deletion of their personal information.
We will respond to verified requests within 30 days.
To exercise your rights, email privacy@example-gadgets.test or write to us at:
Example Gadgets, Inc.
Attn: Privacy Office
100 Main Street
Springfield, IL 62701
We do not sell your personal information.
`;
  const ingest = (slug: string, raw: string | Buffer) =>
    ingestPolicy(ctx.db, {
      slug,
      source: 'test',
      raw,
      retrievedAt: new Date(),
      actor: { type: 'staff', id: 'tester' },
    });

  test('when the same file is ingested twice, then the second time is a no-op', async () => {
    const slug = unique('gadgets');
    const first = await ingest(slug, policy());
    const second = await ingest(slug, policy());
    expect(first.unchanged).toBe(false);
    expect(second).toMatchObject({ unchanged: true, documentId: first.documentId });
    expect(await ctx.db('policy_documents').where({ vendor_id: first.vendorId }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  test('when a changed policy is ingested, then the diff is fact-level, the vendor is flagged and kept facts keep their approval', async () => {
    const slug = unique('gadgets');
    const first = await ingest(slug, policy());
    const email = await ctx
      .db('vendor_facts')
      .where({ document_id: first.documentId, family: 'channel' })
      .whereLike('fact_key', '%privacy@%')
      .first();
    await ctx
      .db('vendor_facts')
      .where({ id: email.id })
      .update({ review_status: 'approved', reviewed_by: 'tester', reviewed_at: new Date() });

    const second = await ingest(slug, policy('You may also call us at 1-800-555-0199 to make a request.\n'));
    expect(second.unchanged).toBe(false);
    expect(second.needsReview).toBe(true);
    expect(second.diff.added.some((k) => k.startsWith('channel:phone'))).toBe(true);
    expect(second.diff.kept).toContain(email.fact_key);

    const carried = await ctx
      .db('vendor_facts')
      .where({ document_id: second.documentId, fact_key: email.fact_key })
      .first();
    expect(carried).toMatchObject({ review_status: 'approved', change: 'kept', reviewed_by: 'tester' });
    const vendor = await ctx.db('vendors').where({ id: second.vendorId }).first();
    expect(vendor).toMatchObject({ needs_review: true, current_document_id: second.documentId });
    const events = await ctx
      .db('events')
      .where({ subject_type: 'vendor', subject_id: second.vendorId, type: 'policy_ingested' });
    expect(events).toHaveLength(2);
  });

  test('when the seed decisions are applied, then each decision is an audited event', async () => {
    const event = await ctx
      .db('events')
      .where({ type: 'fact_reviewed' })
      .whereRaw("data->>'decision' = 'reject'")
      .first();
    // a rejection of seeds/registry-review.json, with the reason recorded there
    const review = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../../seeds/registry-review.json'), 'utf8'),
    ) as Record<string, Record<string, { decision: string; reason?: string }>>;
    const reasons = Object.values(review)
      .flatMap((facts) => Object.values(facts))
      .filter((d) => d.decision === 'reject')
      .map((d) => d.reason);
    expect(event).toMatchObject({ subject_type: 'vendor_fact', actor_type: 'system' });
    expect(reasons).toContain(event.reason);
  });

  test.each([
    ['empty', ''],
    ['binary', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 0, 7])],
    ['huge', 'a'.repeat(5 * 1024 * 1024 + 10)],
  ])('when the file is %s, then ingestion is refused naming the file and nothing is stored', async (_label, raw) => {
    const slug = unique('bad');
    await expect(ingest(slug, raw)).rejects.toMatchObject({
      code: 'validation_failed',
      extra: { errors: [{ field: 'file' }] },
    });
    expect(await ctx.db('vendors').where({ slug }).first()).toBeUndefined();
  });
});

describe('staff review of registry facts', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext();
  });
  afterAll(() => ctx.close());

  const newVendor = async () => {
    const slug = unique('reviewed');
    const text = `Example Speakers Ltd Privacy Notice
Effective date: 1 June 2024
We collect personal data when you use our speakers and share it with third parties only with your consent.
You have the right to access and to erasure of your personal data. We will respond to your request within one month.
Contact our data protection officer at dpo@example-speakers.test.
`;
    const result = await ingestPolicy(ctx.db, {
      slug,
      source: 'test',
      raw: text,
      retrievedAt: new Date(),
      actor: { type: 'staff', id: 'tester' },
    });
    const facts = await ctx.db('vendor_facts').where({ document_id: result.documentId }).orderBy('id');
    return { slug, facts, ...result };
  };

  test('when staff approve, edit with a reason, or reject, then the published profile follows and each decision is audited', async () => {
    const { slug, facts } = await newVendor();
    const email = facts.find((f) => f.family === 'channel')!;
    const deadline = facts.find((f) => f.family === 'deadline')!;
    const right = facts.find((f) => f.family === 'right')!;
    await reviewFact(ctx.db, { factId: email.id, reviewer: 'staff-1', decision: 'approve' });
    await reviewFact(ctx.db, {
      factId: deadline.id,
      reviewer: 'staff-1',
      decision: 'edit',
      reason: 'the notice says one calendar month',
      editedValue: '1 month',
    });
    await reviewFact(ctx.db, {
      factId: right.id,
      reviewer: 'staff-2',
      decision: 'reject',
      reason: 'not a right offered to consumers',
    });

    const profile = (await request(ctx.app).get(`/api/vendors/${slug}`)).body;
    expect(profile.channels.find((c: { id: number }) => c.id === email.id).review_status).toBe('approved');
    expect(profile.deadlines.find((d: { id: number }) => d.id === deadline.id)).toMatchObject({
      review_status: 'edited',
      edited_value: '1 month',
    });
    expect(profile.rights.find((r: { id: number }) => r.id === right.id)).toBeUndefined();

    const audit = await ctx
      .db('events')
      .where({ subject_type: 'vendor_fact', type: 'fact_reviewed' })
      .whereIn('subject_id', [email.id, deadline.id, right.id]);
    expect(audit.map((e) => [e.actor_id, e.data.decision]).sort()).toEqual([
      ['staff-1', 'approve'],
      ['staff-1', 'edit'],
      ['staff-2', 'reject'],
    ]);
  });

  test('when an edit or rejection has no reason, then it is refused naming the field and nothing changes', async () => {
    const { facts } = await newVendor();
    const fact = facts[0]!;
    await expect(
      reviewFact(ctx.db, { factId: fact.id, reviewer: 's', decision: 'reject', reason: ' ' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      extra: { errors: [{ field: 'reason' }] },
    });
    expect((await ctx.db('vendor_facts').where({ id: fact.id }).first()).review_status).toBe('draft');
    await expect(reviewFact(ctx.db, { factId: 987654321, reviewer: 's', decision: 'approve' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  test('when the last draft of a flagged vendor is decided, then the review flag clears', async () => {
    const { vendorId, facts } = await newVendor();
    await ctx.db('vendors').where({ id: vendorId }).update({ needs_review: true, review_note: 'Policy changed' });
    for (const fact of facts) await reviewFact(ctx.db, { factId: fact.id, reviewer: 's', decision: 'approve' });
    expect(await ctx.db('vendors').where({ id: vendorId }).first()).toMatchObject({
      needs_review: false,
      review_note: null,
    });
  });
});
