import http from 'node:http';
import type { AddressInfo } from 'node:net';
import PDFDocument from 'pdfkit';
import { createGuardedFetch } from '../../server/http';
import { recheckDuePolicies } from '../../server/vendors';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createIntakeContext } from '../factories/intake';
import { fixedClock, testConfig, type TestContext } from '../setup/context';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

/** A company name no other test uses (letters only, so the extractor reads it as a name). */
function uniqueCompany(): { name: string; slug: string; domain: string } {
  const letters = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  const word = `Quill${letters}`;
  return { name: `${word} Labs, Inc.`, slug: `${word.toLowerCase()}-labs-inc`, domain: `${word.toLowerCase()}.test` };
}

function policy(
  company: { name: string; domain: string },
  options: { email?: string; days?: number; format?: 'md' | 'html' } = {},
): string {
  const email = options.email ?? `privacy@${company.domain}`;
  const days = options.days ?? 30;
  if (options.format === 'html') {
    return `<!doctype html><html><body><h1>Privacy Policy</h1><p>Effective date: March 3, 2026</p>
<p>This Privacy Policy describes how ${company.name} collects, uses and shares personal information when you use our app.</p>
<h2>Your rights</h2><p>You have the right to access, correct and delete the personal information we hold about you. To exercise these rights, email us at ${email}. We will respond to your request within ${days} days.</p></body></html>`;
  }
  return `# Privacy Policy

Effective date: March 3, 2026

This Privacy Policy describes how ${company.name} collects, uses and shares personal information when you use our app.

## Your rights

You have the right to access, correct and delete the personal information we hold about you. To exercise these rights, email us at ${email}. We will respond to your request within ${days} days.

We do not sell your personal information.

## Contact

${company.name}
Attn: Privacy Office
100 Market Street
San Francisco, CA 94105
`;
}

function pdfOf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    for (const paragraph of text.split('\n\n')) doc.text(paragraph.replace(/^#+ /gm, '')).moveDown();
    doc.end();
  });
}

/** The policy server a vendor publishes on, on loopback: each test sets what it serves. */
const served = new Map<string, { status?: number; type: string; body: string | Buffer }>();
let policyServer: http.Server;
let origin: string;

describe('staff add and refresh a company from its policy', () => {
  let ctx: TestContext;
  let agent: Agent;
  let csrf: string;

  beforeAll(async () => {
    policyServer = http.createServer((req, res) => {
      const page = served.get(req.url ?? '');
      if (!page) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(page.status ?? 200, { 'content-type': page.type }).end(page.body);
    });
    await new Promise<void>((resolve) => policyServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(policyServer.address() as AddressInfo).port}`;
    // configuration allows this loopback address only: every other private or loopback address stays refused
    ctx = createIntakeContext({ config: testConfig({ FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1' }) });
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    ({ agent, csrf } = await signIn(ctx.app, staff.email));
  });
  afterAll(async () => {
    await ctx.close();
    policyServer.closeAllConnections();
    await new Promise((resolve) => policyServer.close(resolve));
  });

  const post = (path: string, body: object) => agent.post(path).set('X-CSRF-Token', csrf).send(body);
  const factValues = (facts: { family: string; fact: { value?: string; days?: number } }[]) =>
    facts
      .filter((f) => f.family === 'channel' || f.family === 'deadline')
      .map((f) => (f.family === 'deadline' ? `${f.fact.days} days` : f.fact.value));

  test('when staff paste a policy, then its facts come back as drafts with their quotes, and nothing is in the registry yet', async () => {
    const company = uniqueCompany();
    const res = await post('/api/staff/policy-intakes', { text: policy(company) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'paste',
      status: 'draft',
      company: company.name,
      slug: company.slug,
      vendor: null,
      content_type: 'text/markdown',
      unchanged: false,
    });
    const email = res.body.facts.find((f: { key: string }) => f.key === `channel:email:privacy@${company.domain}`);
    expect(email).toMatchObject({ change: 'added', current_review_status: null, quote: `privacy@${company.domain}` });
    expect(factValues(res.body.facts)).toEqual(expect.arrayContaining([`privacy@${company.domain}`, '30 days']));
    expect(await ctx.db('vendors').where({ slug: company.slug }).first()).toBeUndefined();
    const list = await agent.get('/api/staff/policy-intakes');
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(res.body.id);
    expect((await agent.get(`/api/staff/policy-intakes/${res.body.id}`)).body.facts).toEqual(res.body.facts);
  });

  test('when staff upload files, then the type is sniffed from the content, not the name (HTML named .txt, PDF named .txt), and binary is refused', async () => {
    const company = uniqueCompany();
    const html = await agent
      .post('/api/staff/policy-intakes')
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from(policy(company, { format: 'html' })), {
        filename: 'policy.txt',
        contentType: 'text/plain',
      });
    expect(html.status).toBe(201);
    expect(html.body).toMatchObject({
      kind: 'upload',
      source: 'policy.txt',
      content_type: 'text/html',
      company: company.name,
    });
    expect(factValues(html.body.facts)).toEqual(expect.arrayContaining([`privacy@${company.domain}`, '30 days']));

    const pdf = await agent
      .post('/api/staff/policy-intakes')
      .set('X-CSRF-Token', csrf)
      .attach('file', await pdfOf(policy(company, { email: `dpo@${company.domain}`, days: 45 })), {
        filename: 'notes.txt',
        contentType: 'text/plain',
      });
    expect(pdf.status).toBe(201);
    expect(pdf.body.content_type).toBe('application/pdf');
    expect(factValues(pdf.body.facts)).toEqual(expect.arrayContaining([`dpo@${company.domain}`, '45 days']));

    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 0)]);
    const binary = await agent
      .post('/api/staff/policy-intakes')
      .set('X-CSRF-Token', csrf)
      .attach('file', png, { filename: 'policy.md', contentType: 'text/markdown' });
    expect(binary.status).toBe(422);
    expect(binary.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(binary.body.errors[0].field).toBe('file');

    const broken = await agent
      .post('/api/staff/policy-intakes')
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from('%PDF-1.7\nthis is not really a pdf'), { filename: 'p.pdf' });
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0].field).toBe('file');
  });

  test('when the submission gives none or several sources, then 422 says to give exactly one', async () => {
    const none = await post('/api/staff/policy-intakes', {});
    expect(none.status).toBe(422);
    const both = await post('/api/staff/policy-intakes', { text: 'x', url: 'https://example.com/privacy' });
    expect(both.status).toBe(422);
    expect(both.body.errors[0]).toMatchObject({ field: 'url', message: expect.stringContaining('exactly one') });
  });

  test('when staff give a URL on a loopback server that configuration allows, then the server fetches it; other private targets are refused naming url', async () => {
    const company = uniqueCompany();
    served.set(`/${company.slug}/old`, { status: 301, type: 'text/plain', body: '' });
    served.set(`/${company.slug}/privacy`, {
      type: 'text/html; charset=utf-8',
      body: policy(company, { format: 'html' }),
    });
    const res = await post('/api/staff/policy-intakes', { url: `${origin}/${company.slug}/privacy` });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'url',
      source: `${origin}/${company.slug}/privacy`,
      fetched_url: `${origin}/${company.slug}/privacy`,
      content_type: 'text/html',
      company: company.name,
    });

    const port = (policyServer.address() as AddressInfo).port;
    for (const [url, why] of [
      [`http://[::1]:${port}/`, 'loopback'],
      ['http://169.254.169.254/latest/meta-data/', 'link-local'],
      ['http://10.0.0.7/privacy', 'private'],
      [`http://[::ffff:127.0.0.2]:${port}/`, 'loopback'],
      ['file:///etc/passwd', 'only http and https'],
    ] as const) {
      const refused = await post('/api/staff/policy-intakes', { url });
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.errors).toEqual([{ field: 'url', message: expect.stringContaining(why) }]);
    }
    served.set(`/${company.slug}/logo`, { type: 'image/png', body: Buffer.from('png') });
    const image = await post('/api/staff/policy-intakes', { url: `${origin}/${company.slug}/logo` });
    expect(image.body.errors[0]).toMatchObject({ field: 'url', message: expect.stringContaining('image/png') });
    expect(await ctx.db('policy_intakes').where('source', 'like', '%169.254%').first()).toBeUndefined();
  });

  test('when staff publish a draft with decisions, then the vendor is created with those decisions audited; a second publish is refused', async () => {
    const company = uniqueCompany();
    const draft = (await post('/api/staff/policy-intakes', { text: policy(company) })).body;
    const emailKey = `channel:email:privacy@${company.domain}`;
    const postal = draft.facts.find(
      (f: { family: string; fact: { type?: string } }) => f.family === 'channel' && f.fact.type === 'postal',
    );
    const unknown = await post(`/api/staff/policy-intakes/${draft.id}/publish`, {
      decisions: { 'channel:email:nobody@x.test': { decision: 'approve' } },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('decisions.channel:email:nobody@x.test');
    const noReason = await post(`/api/staff/policy-intakes/${draft.id}/publish`, {
      decisions: { [postal.key]: { decision: 'reject' } },
    });
    expect(noReason.body.errors[0].field).toBe(`decisions.${postal.key}.reason`);

    const published = await post(`/api/staff/policy-intakes/${draft.id}/publish`, {
      decisions: {
        [emailKey]: { decision: 'approve' },
        [postal.key]: { decision: 'reject', reason: 'head office, not for requests' },
      },
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ slug: company.slug, unchanged: false, needsReview: false, watching: null });
    const vendor = await ctx.db('vendors').where({ slug: company.slug }).first();
    expect(vendor).toMatchObject({ name: company.name, current_document_id: published.body.documentId });
    const facts = await ctx
      .db('vendor_facts')
      .where({ document_id: published.body.documentId })
      .select('fact_key', 'review_status', 'reviewed_by');
    expect(facts.find((f) => f.fact_key === emailKey)).toMatchObject({ review_status: 'approved' });
    expect(facts.find((f) => f.fact_key === postal.key)).toMatchObject({ review_status: 'rejected' });
    expect(facts.filter((f) => f.review_status === 'draft').length).toBeGreaterThan(0);
    const events = await ctx
      .db('events')
      .where({ subject_type: 'vendor_fact', type: 'fact_reviewed' })
      .whereRaw("data->>'source' = ?", [`policy intake ${draft.id}`]);
    expect(events).toHaveLength(2);
    expect(
      (await agent.get(`/api/vendors/${company.slug}`)).body.channels.map((c: { value: string }) => c.value),
    ).toContain(`privacy@${company.domain}`);
    expect((await post(`/api/staff/policy-intakes/${draft.id}/publish`, {})).status).toBe(409);
    expect((await post(`/api/staff/policy-intakes/${draft.id}/discard`, {})).status).toBe(409);
    expect((await agent.get('/api/staff/policy-intakes').query({ status: 'published' })).body.items[0]).toMatchObject({
      id: draft.id,
      vendor_slug: company.slug,
    });
  });

  test("when two staff publish the same draft at once, then one publishes and the other is refused, with only the winner's decisions applied", async () => {
    const company = uniqueCompany();
    const draft = (await post('/api/staff/policy-intakes', { text: policy(company) })).body;
    const key = `channel:email:privacy@${company.domain}`;
    const [a, b] = await Promise.all([
      post(`/api/staff/policy-intakes/${draft.id}/publish`, { decisions: { [key]: { decision: 'approve' } } }),
      post(`/api/staff/policy-intakes/${draft.id}/publish`, {
        decisions: { [key]: { decision: 'reject', reason: 'seen elsewhere' } },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'approved' : 'rejected';
    const vendor = await ctx.db('vendors').where({ slug: company.slug }).first('current_document_id');
    expect(
      await ctx
        .db('vendor_facts')
        .where({ document_id: vendor.current_document_id, fact_key: key })
        .first('review_status'),
    ).toEqual({ review_status: winner });
    expect(
      await ctx
        .db('events')
        .where({ subject_type: 'vendor_fact', type: 'fact_reviewed' })
        .whereRaw("data->>'source' = ?", [`policy intake ${draft.id}`]),
    ).toHaveLength(1);
  });

  test('when a newer policy of a known company is submitted, then the draft names the vendor it refreshes and the diff; publishing flags the vendor', async () => {
    const company = uniqueCompany();
    const first = (await post('/api/staff/policy-intakes', { text: policy(company) })).body;
    await post(`/api/staff/policy-intakes/${first.id}/publish`, {});
    const same = (await post('/api/staff/policy-intakes', { text: policy(company) })).body;
    expect(same).toMatchObject({ vendor: { slug: company.slug, has_policy: true }, unchanged: true, removed: [] });

    const newer = (
      await post('/api/staff/policy-intakes', { text: policy(company, { email: `rights@${company.domain}` }) })
    ).body;
    expect(newer.vendor).toMatchObject({ slug: company.slug });
    expect(newer.facts.find((f: { key: string }) => f.key === `channel:email:rights@${company.domain}`).change).toBe(
      'added',
    );
    expect(newer.facts.find((f: { key: string }) => f.key.startsWith('deadline:30')).change).toBe('kept');
    expect(newer.removed.map((f: { key: string }) => f.key)).toEqual([`channel:email:privacy@${company.domain}`]);
    const published = await post(`/api/staff/policy-intakes/${newer.id}/publish`, {});
    expect(published.body).toMatchObject({
      needsReview: true,
      diff: { added: [`channel:email:rights@${company.domain}`], removed: [`channel:email:privacy@${company.domain}`] },
    });
    expect(await ctx.db('vendors').where({ slug: company.slug }).first('needs_review')).toEqual({ needs_review: true });
    expect((await post(`/api/staff/policy-intakes/${same.id}/discard`, {})).body).toEqual({
      id: same.id,
      status: 'discarded',
    });
  });

  test('when a watched policy URL is re-checked: unchanged bytes change nothing; a changed policy becomes a new document, flags the vendor and shows the diff', async () => {
    const company = uniqueCompany();
    const path = `/${company.slug}/privacy.md`;
    served.set(path, { type: 'text/markdown', body: policy(company) });
    const draft = (await post('/api/staff/policy-intakes', { url: `${origin}${path}` })).body;
    const published = await post(`/api/staff/policy-intakes/${draft.id}/publish`, {});
    expect(published.body).toMatchObject({ slug: company.slug, watching: `${origin}${path}` });
    // staff review everything, so the vendor is clean before the policy changes
    for (const fact of await ctx.db('vendor_facts').where({ document_id: published.body.documentId })) {
      expect((await post(`/api/staff/registry/facts/${fact.id}/review`, { decision: 'approve' })).status).toBe(200);
    }
    const vendor = await ctx.db('vendors').where({ slug: company.slug }).first();
    expect(vendor.needs_review).toBe(false);

    const clock = fixedClock(new Date(Date.now() + 25 * 3600_000));
    const job = {
      db: ctx.db,
      clock,
      fetch: createGuardedFetch({ allowPrivate: ctx.config.fetchAllowPrivateHosts }),
      recheckHours: 24,
    };
    const mine = (outcomes: { vendor: string }[]) => outcomes.filter((o) => o.vendor === company.slug);
    expect(mine(await recheckDuePolicies(job, 1000))).toEqual([{ vendor: company.slug, outcome: 'unchanged' }]);
    expect(await ctx.db('policy_documents').where({ vendor_id: vendor.id }).count('* as n').first()).toEqual({ n: 1 });
    expect(mine(await recheckDuePolicies(job, 1000))).toEqual([]); // not due again until 24 hours later

    served.set(path, { type: 'text/markdown', body: policy(company, { email: `rights@${company.domain}`, days: 45 }) });
    clock.advance(25 * 3600_000);
    const [changed] = mine(await recheckDuePolicies(job, 1000));
    expect(changed).toMatchObject({ outcome: 'changed', needs_review: true });
    expect(await ctx.db('vendors').where({ id: vendor.id }).first('needs_review', 'review_note')).toEqual({
      needs_review: true,
      review_note: 'Policy changed: 2 facts added, 2 removed.',
    });

    const changes = await agent.get(`/api/staff/vendors/${company.slug}/policy-changes`);
    expect(changes.status).toBe(200);
    expect(changes.body.watch).toMatchObject({ url: `${origin}${path}`, last_error: null });
    const [latest, original] = changes.body.versions;
    expect(latest.by).toBe('policy-recheck');
    expect(latest.added.map((f: { key: string; review_status: string }) => [f.key, f.review_status])).toEqual(
      expect.arrayContaining([
        [`channel:email:rights@${company.domain}`, 'draft'],
        [expect.stringMatching(/^deadline:45:calendar:/), 'draft'],
      ]),
    );
    expect(latest.removed.map((f: { key: string }) => f.key)).toEqual(
      expect.arrayContaining([
        `channel:email:privacy@${company.domain}`,
        expect.stringMatching(/^deadline:30:calendar:/),
      ]),
    );
    expect(latest.removed.find((f: { key: string }) => f.key.startsWith('channel:email')).quote).toBe(
      `privacy@${company.domain}`,
    );
    expect(original.by).toMatch(/^staff /);

    served.set(path, { status: 500, type: 'text/plain', body: 'down' });
    clock.advance(25 * 3600_000);
    expect(mine(await recheckDuePolicies(job, 1000))).toEqual([
      { vendor: company.slug, outcome: 'failed', error: expect.stringContaining('HTTP 500') },
    ]);
    expect((await agent.get(`/api/staff/vendors/${company.slug}/policy-changes`)).body.watch.last_error).toContain(
      'HTTP 500',
    );
    expect(await ctx.db('policy_documents').where({ vendor_id: vendor.id }).count('* as n').first()).toEqual({ n: 2 });

    served.set(path, { type: 'text/markdown', body: policy(company, { email: `rights@${company.domain}`, days: 45 }) });
    expect((await post(`/api/staff/vendors/${company.slug}/policy-recheck`, {})).body).toEqual({
      vendor: company.slug,
      outcome: 'unchanged',
    });
    expect((await post('/api/staff/vendors/no-such-vendor/policy-recheck', {})).status).toBe(404);
  });
});
