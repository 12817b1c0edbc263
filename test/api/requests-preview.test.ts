import request from 'supertest';
import { createIntakeContext, intakeBody } from '../factories/intake';
import { privateVendorFrom } from '../factories/vendors';
import type { TestContext } from '../setup/context';

describe('POST /api/requests/preview, GET /api/requests/required-fields and GET /api/jurisdictions', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createIntakeContext();
  });
  afterAll(() => ctx.close());

  test('when a valid submission is previewed, then each vendor letter is rendered with its deadline and nothing is stored', async () => {
    const body = intakeBody({ vendors: ['sonos', 'ntt-sonority'], rights: ['access'] });
    const before = await ctx.db('submissions').count<{ count: string }[]>('* as count');
    const res = await request(ctx.app).post('/api/requests/preview').send(body);
    expect(res.status).toBe(200);
    expect(res.body.planned).toHaveLength(2);
    const sonos = res.body.planned.find((p: { vendor: string }) => p.vendor === 'sonos');
    expect(sonos).toMatchObject({
      vendor_name: 'Sonos, Inc.',
      right: 'access',
      channel: { type: 'email', value: 'privacy@sonos.com' },
      letter_problem: null,
    });
    expect(sonos.letter.text).toContain(body.requester.name);
    expect(sonos.letter.subject).toMatch(/DR-\d{4}-000000/);
    // a new request states the due date; it never claims the vendor extended it
    expect(sonos.letter.text).not.toMatch(/extended the time/i);
    expect(sonos.letter.text).toContain('respond');
    expect(sonos.deadline).toMatchObject({
      regime: 'CCPA',
      effective: 'vendor',
      basis_text: expect.stringContaining('privacy policy promises'),
    });
    // the page says what the date is: Sonos's promise, with the CCPA's later deadline beside it
    expect(sonos.deadline.statement).toMatchObject({
      kind: 'promise',
      legal_citation: expect.stringContaining('1798.130'),
    });
    expect(sonos.deadline.statement.legal_due > sonos.deadline.due).toBe(true);
    expect(sonos.letter.text).toContain('Your own privacy policy promises a response within 30 calendar days');
    const after = await ctx.db('submissions').count<{ count: string }[]>('* as count');
    expect(after[0]!.count).toBe(before[0]!.count);
  });

  test("when the company works in German and the consumer's browser asks for Spanish, then the preview shows the Spanish copy and the German letter the company will get", async () => {
    const slug = await privateVendorFrom(ctx.db, 'sonos');
    await ctx.db('vendors').where({ slug }).update({ letter_language: 'de' });
    const body = intakeBody({ vendors: [slug], rights: ['deletion'] });
    const res = await request(ctx.app)
      .post('/api/requests/preview')
      .set('Accept-Language', 'es-MX,es;q=0.9')
      .send(body);
    expect(res.status).toBe(200);
    const [planned] = res.body.planned;
    expect(planned.letter).toMatchObject({
      language: 'es',
      subject: expect.stringContaining('Solicitud de supresión'),
    });
    expect(planned.company_letter).toMatchObject({
      language: 'de',
      subject: expect.stringContaining('Antrag auf Löschung personenbezogener Daten'),
    });
    expect(planned.company_letter.text).toContain(body.requester.name);
    // an English consumer of an English company sees one letter
    const plain = await request(ctx.app)
      .post('/api/requests/preview')
      .send(intakeBody({ vendors: ['sonos'] }));
    expect(plain.body.planned[0]).toMatchObject({ letter: { language: 'en' }, company_letter: null });
  });

  test('when a vendor requires fields the submission lacks, then the preview answers the same 422 as intake, naming the fields', async () => {
    const body = intakeBody({ vendors: ['sony-headphones-connect'], requester: { address: undefined } });
    const [preview, intake] = await Promise.all([
      request(ctx.app).post('/api/requests/preview').send(body),
      request(ctx.app).post('/api/requests').send(body),
    ]);
    expect(preview.status).toBe(422);
    expect(preview.body.errors.map((e: { field: string }) => e.field)).toEqual(
      intake.body.errors.map((e: { field: string }) => e.field),
    );
    expect(preview.body.errors.map((e: { field: string }) => e.field)).toContain('requester.address');
  });

  test('when no letter can be written, then letter_problem is a sentence a person understands, and no developer hint is shown', async () => {
    const body = intakeBody({
      jurisdiction: 'SE',
      vendors: ['sony-network-communications-nordics'],
      rights: ['restriction'],
    });
    const res = await request(ctx.app).post('/api/requests/preview').send(body);
    expect(res.status).toBe(200);
    const [planned] = res.body.planned;
    expect(planned.letter).toBeNull();
    expect(planned.letter_problem).toBe(
      'We cannot write a letter for restriction of processing under the General Data Protection Regulation (EU) 2016/679 yet: our staff will handle this request by hand.',
    );
    const nevada = await request(ctx.app)
      .post('/api/requests/preview')
      .send(
        intakeBody({
          jurisdiction: 'US-NV',
          rights: ['opt_out'],
          vendors: ['sony-headphones-connect'],
          requester: {
            address: {
              line1: '1 Test Street',
              city: 'Reno',
              region: 'NV',
              postal_code: '89501',
              country: 'United States',
            },
          },
        }),
      );
    expect(nevada.status).toBe(200);
    const text = JSON.stringify(nevada.body);
    expect(text).not.toMatch(/pass the verification date|as "received"|not modelled/);
    for (const w of nevada.body.warnings ?? []) expect(w.message).not.toMatch(/\w\.\.\.$/);
    // a posted letter states the rule; its delivery date is not known yet
    expect(nevada.body.planned[0].letter.text).toContain('within 60 calendar days of receiving this letter');
    expect(nevada.body.planned[0].letter.text).toMatch(/^Sony Electronics Inc\.\n/);
  });

  test('when the jurisdictions are listed, then each has its law and rights', async () => {
    const res = await request(ctx.app).get('/api/jurisdictions');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'US-CA',
          laws: expect.arrayContaining([expect.stringContaining('California Consumer Privacy Act')]),
          rights: expect.arrayContaining(['access', 'deletion']),
        }),
        expect.objectContaining({ code: 'SE', laws: ['EU GDPR'] }),
      ]),
    );
  });

  test('when the form asks what the chosen vendors require, then it gets the fields intake would refuse without', async () => {
    const res = await request(ctx.app)
      .get('/api/requests/required-fields')
      .query({ jurisdiction: 'US-NV', rights: 'opt_out', vendors: 'sony-headphones-connect,sonos' });
    expect(res.status).toBe(200);
    const paths = res.body.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['requester.address', 'requester.address.postal_code']));
    expect(res.body.fields.find((f: { path: string }) => f.path === 'requester.address').vendors).toEqual([
      'Sony Corporation',
    ]);
    // the same rule as intake: leaving out exactly those fields is what intake refuses, naming them
    const refused = await request(ctx.app)
      .post('/api/requests')
      .send(
        intakeBody({
          jurisdiction: 'US-NV',
          rights: ['opt_out'],
          vendors: ['sony-headphones-connect'],
          requester: { address: undefined },
        }),
      );
    expect(refused.status).toBe(422);
    for (const e of refused.body.errors) expect(paths).toContain(e.field);

    // a right the jurisdiction does not grant, or an unknown vendor, adds nothing; bad input is a 422 naming the parameter
    const none = await request(ctx.app)
      .get('/api/requests/required-fields')
      .query({ jurisdiction: 'US-CA', rights: 'access', vendors: 'no-such-vendor' });
    expect(none.body).toEqual({ fields: [] });
    const bad = await request(ctx.app)
      .get('/api/requests/required-fields')
      .query({ jurisdiction: 'california', rights: 'flying', vendors: 'Bad Slug' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field.split('.')[0]).sort()).toEqual([
      'jurisdiction',
      'rights',
      'vendors',
    ]);
    const unsupported = await request(ctx.app)
      .get('/api/requests/required-fields')
      .query({ jurisdiction: 'ZZ', rights: 'access', vendors: 'sonos' });
    expect(unsupported.status).toBe(422);
    expect(unsupported.body.errors[0].field).toBe('jurisdiction');
  });
});
