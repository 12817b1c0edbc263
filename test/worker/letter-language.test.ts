import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { openLetterPdf } from '../../server/shared/encryption';
import { detectStoredPolicyLanguages, ingestPolicy, pdfToText } from '../../server/vendors';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createIntakeContext, intakeBody, storedVerificationToken } from '../factories/intake';
import { unique, type TestContext } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { startWorkerWithSink } from '../setup/worker';

/**
 * Issue 20: a company that works in Swedish (its own policy is written in Swedish) receives its letter in Swedish
 * through the real dispatch path (intake, verification, outbox, worker, SMTP), and the consumer gets the English copy;
 * both PDFs are stored sealed. Staff see where the language comes from and can set another one.
 */
describe('letters in the company language', () => {
  let ctx: TestContext;
  let sink: TestSink;
  let stopWorker: () => Promise<void>;
  let staff: Awaited<ReturnType<typeof signIn>>;
  const swedishPolicy = fs.readFileSync(
    path.resolve(__dirname, '../fixtures/policies/nordvik-integritetspolicy.txt'),
    'utf8',
  );

  beforeAll(async () => {
    ctx = createIntakeContext();
    ({ sink, stop: stopWorker } = await startWorkerWithSink(ctx.config, ctx.db));
    const account = await createAccountWithPassword(ctx.db, 'staff');
    staff = await signIn(ctx.app, account.email);
  });
  afterAll(async () => {
    await stopWorker();
    await ctx.close();
  });

  /** A company known from its Swedish policy, reachable at an address staff found (the extractor reads English). */
  async function swedishCompany(): Promise<{ slug: string; address: string }> {
    const slug = unique('nordvik');
    await ingestPolicy(ctx.db, {
      slug,
      source: 'test fixture nordvik-integritetspolicy.txt',
      raw: swedishPolicy,
      retrievedAt: new Date(),
      actor: { type: 'staff', id: 'tester' },
    });
    const address = `integritet-${randomUUID().slice(0, 8)}@nordvik-ljud.example`;
    const added = await staff.agent
      .post(`/api/staff/vendors/${slug}/channels`)
      .set('X-CSRF-Token', staff.csrf)
      .send({ type: 'email', value: address, source: 'https://nordvik-ljud.example/integritetspolicy' });
    expect(added.status).toBe(201);
    return { slug, address };
  }

  /** Files and verifies an access request under the GDPR (Sweden); answers the request row. */
  async function file(slug: string, headers: Record<string, string> = {}) {
    const body = intakeBody({
      jurisdiction: 'SE',
      rights: ['access'],
      vendors: [slug],
      requester: {
        name: `Astrid ${unique('n')}`,
        address: {
          line1: 'Storgatan 1',
          city: 'Stockholm',
          region: 'Stockholm',
          postal_code: '111 22',
          country: 'Sweden',
        },
      },
    });
    const filed = await request(ctx.app).post('/api/requests').set(headers).send(body);
    expect(filed.status).toBe(202);
    const token = await storedVerificationToken(ctx, filed.body.submission_id);
    const verified = await request(ctx.app).post('/api/verify').send({ token });
    expect(verified.status).toBe(200);
    return {
      body,
      id: verified.body.requests[0].id as number,
      reference: verified.body.requests[0].reference as string,
      bearer: { Authorization: `Bearer ${verified.body.access.token}` },
    };
  }

  async function pdfText(sealed: Buffer): Promise<string> {
    const pdf = openLetterPdf(ctx.config.appSecret, sealed);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    return (await pdfToText(pdf)).text.replace(/\s+/g, ' ');
  }

  test('when a consumer files to a company whose policy is Swedish, then the company gets its letter in Swedish and the consumer the English copy, both PDFs stored sealed', async () => {
    const { slug, address } = await swedishCompany();
    const language = await staff.agent.get(`/api/staff/vendors/${slug}/letter-language`);
    expect(language.status).toBe(200);
    expect(language.body).toMatchObject({ language: 'sv', source: 'policy', signals: { policy: 'sv' } });
    expect(swedishPolicy).toContain(language.body.citation.quote);
    expect(language.body.counts.sv).toBeGreaterThan(language.body.counts.en);

    const { body, id, reference, bearer } = await file(slug);
    const toVendor = (m: (typeof sink.messages)[number]) =>
      m.envelopeTo.includes(address) && !!m.parsed.subject?.includes(reference);
    await sink.waitFor((all) => all.some(toVendor));
    const letter = sink.messages.filter(toVendor);
    expect(letter).toHaveLength(1);
    expect(letter[0]!.parsed.subject).toBe(`Begäran om tillgång till personuppgifter [${reference}]`);
    expect(letter[0]!.parsed.text).toContain('Till dataskyddsansvarig');
    expect(letter[0]!.parsed.text).toContain('artikel 15 i dataskyddsförordningen (EU) 2016/679');
    expect(letter[0]!.parsed.text).toContain('artiklarna 12.3–12.6 och 15–22 i dataskyddsförordningen');
    expect(letter[0]!.parsed.text).not.toMatch(/Dear|Please|request/);
    expect(letter[0]!.parsed.html).toContain('<html lang="sv">');

    // the consumer is told, with their English copy of the letter
    const toConsumer = (m: (typeof sink.messages)[number]) =>
      m.envelopeTo.includes(body.requester.email) && !!m.parsed.text?.includes('The letter went in Swedish');
    await sink.waitFor((all) => all.some(toConsumer));
    const notice = sink.messages.find(toConsumer)!;
    expect(notice.parsed.text).toContain('Dear Privacy Team');
    expect(notice.parsed.text).toContain(
      'This request is made under Article 15 of the General Data Protection Regulation',
    );
    expect(notice.parsed.text).not.toContain('dataskyddsförordningen');

    const stored = await ctx.db('letters').where({ request_id: id, purpose: 'request' }).first();
    expect(stored).toMatchObject({ language: 'sv', copy_language: 'en' });
    expect(stored.text_body).toBe(letter[0]!.parsed.text!.replace(/\r\n/g, '\n'));
    expect(stored.copy_text_body).toContain('Dear Privacy Team');
    // both PDFs sealed at rest (not plain "%PDF"), each in its language, both naming the requester
    expect(stored.pdf.subarray(0, 4).toString('latin1')).not.toBe('%PDF');
    expect(stored.copy_pdf.subarray(0, 4).toString('latin1')).not.toBe('%PDF');
    const swedishPdf = await pdfText(stored.pdf);
    expect(swedishPdf).toContain('Begäran om tillgång till personuppgifter');
    expect(swedishPdf).toContain('Sida 1 av');
    expect(swedishPdf).toContain(body.requester.name);
    const englishPdf = await pdfText(stored.copy_pdf);
    expect(englishPdf).toContain('Request to access personal information');
    expect(englishPdf).toContain(body.requester.name);

    // the consumer downloads both from their request's page
    const view = await request(ctx.app).get(`/api/requests/${id}`).set(bearer);
    expect(view.body.letters[0]).toMatchObject({ language: 'sv', copy_language: 'en' });
    const copy = await request(ctx.app)
      .get(view.body.letters[0].copy_pdf_url)
      .set(bearer)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(copy.status).toBe(200);
    expect((await pdfToText(copy.body as Buffer)).text).toContain('Request to access personal information');
  });

  test('when staff set a company to Japanese and the consumer browses in French, then the letter is Japanese (its PDF in Japanese script) and the copy French', async () => {
    const { slug, address } = await swedishCompany();
    const set = await staff.agent
      .post(`/api/staff/vendors/${slug}/letter-language`)
      .set('X-CSRF-Token', staff.csrf)
      .send({ language: 'ja', reason: 'The company asked to be written to in Japanese.' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ language: 'ja', source: 'staff', signals: { staff: 'ja', policy: 'sv' } });
    const vendor = await ctx.db('vendors').where({ slug }).first('id');
    expect(
      await ctx
        .db('events')
        .where({ subject_type: 'vendor', subject_id: vendor.id, type: 'letter_language_set' })
        .first(),
    ).toMatchObject({ reason: 'The company asked to be written to in Japanese.' });

    const { id, reference } = await file(slug, { 'Accept-Language': 'fr-CH, fr;q=0.9, en;q=0.8' });
    const toVendor = (m: (typeof sink.messages)[number]) =>
      m.envelopeTo.includes(address) && !!m.parsed.subject?.includes(reference);
    await sink.waitFor((all) => all.some(toVendor));
    const letter = sink.messages.find(toVendor)!;
    expect(letter.parsed.subject).toBe(`個人情報の開示請求 [${reference}]`);
    expect(letter.parsed.text).toContain('GDPR第12条第3項から第6項まで');
    const stored = await ctx.db('letters').where({ request_id: id, purpose: 'request' }).first();
    expect(stored).toMatchObject({ language: 'ja', copy_language: 'fr' });
    expect(await pdfText(stored.pdf)).toContain('個人情報の開示請求');
    expect(await pdfText(stored.copy_pdf)).toContain("Demande d'accès aux données personnelles");

    // back to the registry's signals: the policy's Swedish
    const auto = await staff.agent
      .post(`/api/staff/vendors/${slug}/letter-language`)
      .set('X-CSRF-Token', staff.csrf)
      .send({ language: 'auto', reason: 'Back to the policy language.' });
    expect(auto.body).toMatchObject({ language: 'sv', source: 'policy' });
    const refused = await staff.agent
      .post(`/api/staff/vendors/${slug}/letter-language`)
      .set('X-CSRF-Token', staff.csrf)
      .send({ language: 'it', reason: 'x' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('language');
  });

  test('when policies were stored before languages were detected, then db:migrate detects them', async () => {
    const { slug } = await swedishCompany();
    const vendor = await ctx.db('vendors').where({ slug }).first('current_document_id');
    await ctx
      .db('policy_documents')
      .where({ id: vendor.current_document_id })
      .update({ language: null, language_evidence: null });
    expect((await staff.agent.get(`/api/staff/vendors/${slug}/letter-language`)).body).toMatchObject({
      language: 'en',
      source: 'default',
    });
    expect(await detectStoredPolicyLanguages(ctx.db)).toBeGreaterThanOrEqual(1);
    expect((await staff.agent.get(`/api/staff/vendors/${slug}/letter-language`)).body).toMatchObject({
      language: 'sv',
      source: 'policy',
    });
  });

  test('when the consumer names a language at intake, then their copy is in it whatever the browser says', async () => {
    const { slug } = await swedishCompany();
    const body = intakeBody({ jurisdiction: 'SE', rights: ['access'], vendors: [slug], language: 'es' });
    const filed = await request(ctx.app).post('/api/requests').set('Accept-Language', 'de').send(body);
    expect(filed.status).toBe(202);
    expect(await ctx.db('submissions').where({ public_id: filed.body.submission_id }).first('language')).toEqual({
      language: 'es',
    });
    const bad = await request(ctx.app)
      .post('/api/requests')
      .send({ ...intakeBody({ vendors: [slug], jurisdiction: 'SE' }), language: 'klingon' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('language');
  });
});
