import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { importDatasetRecords, ingestPolicy, reviewFact } from '../../server/vendors';
import { caRegistryRecords, datenanfragenRecords, type DatasetInfo } from '../../server/vendors/datasets';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createTestContext, unique, type TestContext } from '../setup/context';

/**
 * The importer against the real database: each test imports records of a dataset id of its own, for companies on
 * domains of its own, so nothing it does can meet another test's vendors.
 */
describe('importing dataset records into the registry', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext();
  });
  afterAll(() => ctx.close());

  const options = () => ({ actor: { type: 'system' as const, id: 'test' }, now: new Date('2026-12-01T00:00:00Z') });
  const policyOf = (name: string, email: string) =>
    `${name} Privacy Policy\nEffective date: January 1, 2026\nThis privacy policy explains how ${name} collects and discloses personal information.\nTo exercise your privacy rights, email ${email}.\n`;
  const company = (u: string, over: Record<string, unknown> = {}) =>
    JSON.stringify({
      slug: u,
      'relevant-countries': ['de'],
      name: `${u} Widgets GmbH`,
      address: `Hauptstraße 1\n10115 Berlin\nDeutschland`,
      phone: '+49 30 1234567',
      email: `datenschutz@${u}.test`,
      web: `https://www.${u}.test`,
      sources: [`https://www.${u}.test/datenschutz`],
      quality: 'verified',
      ...over,
    });
  const records = (info: DatasetInfo, lines: string[]) =>
    datenanfragenRecords({ companies: lines.join('\n') }, info, []);

  test('when a dataset record names the same company as a policy vendor, then it is merged, both privacy emails are kept and flagged, and the profile shows each source', async () => {
    const tag = unique('zed').replace(/[^a-z0-9]/g, '');
    const u = tag;
    const dataset = unique('ds');
    const policySlug = unique('policy');
    await ingestPolicy(ctx.db, {
      slug: policySlug,
      source: 'https://example.test/privacy',
      raw: policyOf(`${tag[0]!.toUpperCase()}${tag.slice(1)} Widgets Inc.`, `privacy@${u}.test`),
      retrievedAt: new Date('2026-11-01T00:00:00Z'),
      actor: { type: 'staff', id: 'tester' },
    });
    const info = { id: dataset, name: 'Test company database', version: 'v1', date: '2026-07-21' };
    const [report] = await importDatasetRecords(ctx.db, records(info, [company(u)]), options());
    expect(report).toMatchObject({
      imported: 0,
      merged: [{ record: u, vendor: policySlug, reasons: expect.arrayContaining(['email domain', 'name']) }],
    });
    expect(report!.conflicts).toEqual([
      {
        vendor: policySlug,
        values: expect.arrayContaining([
          expect.stringContaining(`privacy@${u}.test`),
          expect.stringContaining(`datenschutz@${u}.test`),
        ]),
      },
    ]);

    const res = await request(ctx.app).get(`/api/vendors/${policySlug}`);
    expect(res.status).toBe(200);
    const emails = res.body.channels.filter((c: { type: string }) => c.type === 'email');
    expect(emails).toHaveLength(2);
    const fromPolicy = emails.find((c: { value: string }) => c.value === `privacy@${u}.test`);
    const fromDataset = emails.find((c: { value: string }) => c.value === `datenschutz@${u}.test`);
    expect(fromPolicy).toMatchObject({
      source: { kind: 'policy', retrieved_at: '2026-11-01T00:00:00.000Z' },
      conflict: expect.stringContaining(`datenschutz@${u}.test`),
    });
    expect(fromDataset).toMatchObject({
      review_status: 'draft',
      source: {
        kind: 'dataset',
        dataset,
        dataset_name: 'Test company database',
        record: u,
        version: 'v1',
        date: '2026-07-21',
        quality: 'verified',
        source_urls: [`https://www.${u}.test/datenschutz`],
      },
      conflict: expect.stringContaining(`privacy@${u}.test`),
    });
    expect(res.body).toMatchObject({
      needs_review: true,
      review_note: expect.stringContaining('Sources disagree'),
      countries: ['DE'],
      data_quality: 'verified',
    });
    expect(res.body.sources.map((s: { kind: string }) => s.kind)).toEqual(['policy', 'dataset']);
    // each dataset fact cites its stored record text
    const { normalized_text: text } = await ctx
      .db('policy_documents')
      .where({ id: fromDataset.source.document_id })
      .first('normalized_text');
    expect(text.slice(fromDataset.citation.start, fromDataset.citation.end)).toBe(`datenschutz@${u}.test`);
    // the search summaries (the type-ahead) name each contact's source too
    const found = await request(ctx.app).get('/api/vendors').query({ q: u });
    expect(found.body.items.find((v: { slug: string }) => v.slug === policySlug).channels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: `privacy@${u}.test`, source: 'privacy policy (retrieved 2026-11-01)' }),
        expect.objectContaining({ value: `datenschutz@${u}.test`, source: 'Test company database (2026-07-21)' }),
      ]),
    );
  });

  test('when the same records are imported twice, then the second import changes nothing', async () => {
    const u = unique('twice');
    const info = { id: unique('ds'), name: 'Test company database', version: 'v1', date: '2026-07-21' };
    const [first] = await importDatasetRecords(ctx.db, records(info, [company(u), company(`${u}-b`)]), options());
    expect(first).toMatchObject({ imported: 2, unchanged: 0 });
    const count = async () => ({
      documents: (await ctx.db('policy_documents').where({ dataset: info.id }).count({ n: '*' }))[0]!.n,
      facts: (
        await ctx
          .db('vendor_facts')
          .whereIn('document_id', ctx.db('policy_documents').where({ dataset: info.id }).select('id'))
          .count({ n: '*' })
      )[0]!.n,
      events: (
        await ctx
          .db('events')
          .where({ type: 'dataset_record_imported' })
          .whereRaw(`data->>'dataset' = ?`, [info.id])
          .count({ n: '*' })
      )[0]!.n,
      vendor: await ctx.db('vendors').where({ slug: u }).first('needs_review', 'updated_at', 'search_text'),
    });
    const before = await count();
    const [second] = await importDatasetRecords(ctx.db, records(info, [company(u), company(`${u}-b`)]), options());
    expect(second).toMatchObject({ imported: 0, merged: [], changed: [], unchanged: 2, facts: 0 });
    expect(await count()).toEqual(before);
  });

  test('when a newer version changes a record, then the facts are diffed, reviewed decisions of unchanged facts are kept and the vendor is flagged', async () => {
    const u = unique('changed');
    const v1 = { id: unique('ds'), name: 'Test company database', version: 'v1', date: '2026-07-21' };
    await importDatasetRecords(ctx.db, records(v1, [company(u)]), options());
    const email = await ctx
      .db('vendor_facts as f')
      .join('vendors as v', 'v.id', 'f.vendor_id')
      .where('v.slug', u)
      .where('f.fact_key', 'like', 'channel:email:%')
      .first('f.id');
    await reviewFact(ctx.db, { factId: Number(email.id), reviewer: 'staff-1', decision: 'approve' });
    expect(await ctx.db('vendors').where({ slug: u }).first('needs_review')).toEqual({ needs_review: false });

    const v2 = { ...v1, version: 'v2', date: '2026-09-01' };
    const [report] = await importDatasetRecords(ctx.db, records(v2, [company(u, { phone: '+49 30 7654321' })]), {
      ...options(),
      complete: true,
    });
    expect(report!.changed).toEqual([
      {
        record: u,
        vendor: u,
        added: [expect.stringMatching(/^channel:phone:/)],
        removed: [expect.stringMatching(/^channel:phone:/)],
      },
    ]);
    const profile = (await request(ctx.app).get(`/api/vendors/${u}`)).body;
    expect(profile).toMatchObject({ needs_review: true, review_note: expect.stringContaining('changed (version v2)') });
    const channels = profile.channels as {
      type: string;
      value: string;
      review_status: string;
      source: { version: string };
    }[];
    expect(channels.find((c) => c.type === 'email')).toMatchObject({
      review_status: 'approved',
      source: { version: 'v2' },
    });
    expect(channels.filter((c) => c.type === 'phone').map((c) => c.value)).toEqual(['+49 30 7654321']);
    const event = await ctx
      .db('events')
      .where({ type: 'dataset_record_imported', subject_type: 'vendor' })
      .whereRaw(`data->>'dataset' = ? and data->>'version' = 'v2'`, [v1.id])
      .first('data');
    expect(event.data).toMatchObject({ changed: true, added: [expect.any(String)], removed: [expect.any(String)] });
    // the superseded version's facts can no longer be reviewed
    const old = await ctx
      .db('vendor_facts as f')
      .join('policy_documents as d', 'd.id', 'f.document_id')
      .where({ 'd.dataset': v1.id, 'd.dataset_version': 'v1' })
      .first('f.id');
    await expect(
      reviewFact(ctx.db, { factId: Number(old.id), reviewer: 'staff-1', decision: 'approve' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  test('when the California registry is imported, then brokers are marked registered data brokers with their metrics, and routing uses their emails', async () => {
    const info = { id: unique('ca'), name: 'California data broker registry', version: '2026-01', date: '2026-01' };
    // the fixture's brokers on domains and under names of this test's own
    const u = unique('nw').replace(/[^a-z0-9]/g, '');
    const csv = fs
      .readFileSync(path.resolve(__dirname, '../fixtures/datasets/ca-registry-2026-77col.csv'), 'utf8')
      .replace(/northwind-data/g, `northwind-${u}`)
      .replace(/fabrikam-analytics/g, `fabrikam-${u}`)
      .replace(/Northwind Data Solutions/g, `Northwind ${u} Data Solutions`)
      .replace(/Fabrikam Analytics/g, `Fabrikam ${u} Analytics`);
    const loaded = { records: caRegistryRecords(csv, info, []).records };
    const [report] = await importDatasetRecords(ctx.db, loaded.records, options());
    expect(report).toMatchObject({ imported: 2 });
    const slug = loaded.records[0]!.preferredSlug;
    const profile = (await request(ctx.app).get(`/api/vendors/${slug}`)).body;
    expect(profile).toMatchObject({
      registered_data_broker: true,
      countries: ['US'],
      metrics: [{ dataset: info.id, metrics: { delete: { received: 1204, median_days: 12 } } }],
      products: [{ name: 'Northwind People Search' }],
      deadlines: [{ days: 45, source: { kind: 'dataset', dataset: info.id } }],
    });
    expect(profile.channels.map((c: { value: string }) => c.value)).toEqual(
      expect.arrayContaining([`privacy@northwind-${u}.test`, `optout@northwind-${u}.test`]),
    );
    const preview = await request(ctx.app)
      .post('/api/requests/preview')
      .send({
        requester: { name: 'Casey Test', email: 'casey@example.test' },
        jurisdiction: 'US-CA',
        rights: ['deletion'],
        vendors: [slug],
      });
    expect(preview.status).toBe(200);
    expect(JSON.stringify(preview.body)).toContain(`privacy@northwind-${u}.test`);
  });

  test('when two sources disagree, then staff find both facts among the conflicts, with their sources, and review the dataset fact like a policy fact', async () => {
    const tag = unique('rev').replace(/[^a-z0-9]/g, '');
    const policySlug = unique('policy');
    await ingestPolicy(ctx.db, {
      slug: policySlug,
      source: 'https://example.test/privacy',
      raw: policyOf(`${tag[0]!.toUpperCase()}${tag.slice(1)} Widgets Inc.`, `privacy@${tag}.test`),
      retrievedAt: new Date(),
      actor: { type: 'staff', id: 'tester' },
    });
    const info = { id: unique('ds'), name: 'Test company database', version: 'v1', date: '2026-07-21' };
    await importDatasetRecords(ctx.db, records(info, [company(tag)]), options());

    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const { agent, csrf } = await signIn(ctx.app, staff.email);
    const listed = await agent.get('/api/staff/registry/facts').query({ vendor: policySlug, conflicts: 'true' });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((f: { fact: { value: string } }) => f.fact.value).sort()).toEqual([
      `datenschutz@${tag}.test`,
      `privacy@${tag}.test`,
    ]);
    const fromDataset = listed.body.items.find((f: { document_kind: string }) => f.document_kind === 'dataset_record');
    expect(fromDataset).toMatchObject({
      dataset: info.id,
      dataset_record: tag,
      dataset_version: 'v1',
      conflict: expect.stringContaining(`privacy@${tag}.test`),
    });
    expect(
      (await agent.get('/api/staff/registry/facts').query({ vendor: policySlug })).body.items.length,
    ).toBeGreaterThan(2);

    const rejected = await agent
      .post(`/api/staff/registry/facts/${fromDataset.id}/review`)
      .set('X-CSRF-Token', csrf)
      .send({ decision: 'reject', reason: 'The company confirmed its policy address by phone.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ review_status: 'rejected' });
    const profile = (await request(ctx.app).get(`/api/vendors/${policySlug}`)).body;
    expect(
      profile.channels.filter((c: { type: string }) => c.type === 'email').map((c: { value: string }) => c.value),
    ).toEqual([`privacy@${tag}.test`]);
    const event = await ctx
      .db('events')
      .where({ subject_type: 'vendor_fact', subject_id: fromDataset.id, type: 'fact_reviewed' })
      .first('actor_id', 'reason');
    expect(event).toEqual({ actor_id: String(staff.id), reason: 'The company confirmed its policy address by phone.' });
  });

  test('when a newer version of a dataset no longer has a record, then it is reported withdrawn, its vendor flagged, and its facts kept marked as such', async () => {
    const u = unique('gone');
    const v1 = { id: unique('ds'), name: 'Test company database', version: 'v1', date: '2026-07-21' };
    await importDatasetRecords(ctx.db, records(v1, [company(u), company(`${u}-stays`)]), {
      ...options(),
      complete: true,
    });
    const [report] = await importDatasetRecords(ctx.db, records({ ...v1, version: 'v2' }, [company(`${u}-stays`)]), {
      ...options(),
      complete: true,
    });
    // the record that stays is re-cited to v2 (its text names the version) without a change of facts
    expect(report).toMatchObject({ withdrawn: [u], changed: [], unchanged: 0 });
    expect((await request(ctx.app).get(`/api/vendors/${u}-stays`)).body).toMatchObject({
      needs_review: false,
      sources: [{ version: 'v2' }],
    });
    const profile = (await request(ctx.app).get(`/api/vendors/${u}`)).body;
    expect(profile).toMatchObject({
      needs_review: true,
      review_note: expect.stringContaining('no longer in version v2'),
    });
    expect(profile.channels[0].source).toMatchObject({ record: u, withdrawn: true });
    // withdrawing is reported once, not on every later import
    const [again] = await importDatasetRecords(ctx.db, records({ ...v1, version: 'v2' }, [company(`${u}-stays`)]), {
      ...options(),
      complete: true,
    });
    expect(again!.withdrawn).toEqual([]);
  });
});
