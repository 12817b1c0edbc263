import request from 'supertest';
import { createIntakeContext, intakeBody } from '../factories/intake';
import type { TestContext } from '../setup/context';

describe('POST /api/requests/preview and GET /api/jurisdictions', () => {
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
    expect(sonos).toMatchObject({ vendor_name: 'Sonos, Inc.', right: 'access', channel: { type: 'email', value: 'privacy@sonos.com' }, letter_problem: null });
    expect(sonos.letter.text).toContain(body.requester.name);
    expect(sonos.letter.subject).toMatch(/DR-\d{4}-000000/);
    // a new request states the due date; it never claims the vendor extended it
    expect(sonos.letter.text).not.toMatch(/extended the time/i);
    expect(sonos.letter.text).toContain('respond');
    expect(sonos.deadline).toMatchObject({ regime: 'CCPA', effective: 'vendor', basis_text: expect.stringContaining('privacy policy promises') });
    const after = await ctx.db('submissions').count<{ count: string }[]>('* as count');
    expect(after[0]!.count).toBe(before[0]!.count);
  });

  test('when a vendor requires fields the submission lacks, then the preview answers the same 422 as intake, naming the fields', async () => {
    const body = intakeBody({ vendors: ['sony-headphones-connect'], requester: { address: undefined } });
    const [preview, intake] = await Promise.all([
      request(ctx.app).post('/api/requests/preview').send(body),
      request(ctx.app).post('/api/requests').send(body),
    ]);
    expect(preview.status).toBe(422);
    expect(preview.body.errors.map((e: { field: string }) => e.field)).toEqual(intake.body.errors.map((e: { field: string }) => e.field));
    expect(preview.body.errors.map((e: { field: string }) => e.field)).toContain('requester.address');
  });

  test('when the jurisdictions are listed, then each has its law and rights', async () => {
    const res = await request(ctx.app).get('/api/jurisdictions');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'US-CA', laws: expect.arrayContaining([expect.stringContaining('California Consumer Privacy Act')]), rights: expect.arrayContaining(['access', 'deletion']) }),
      expect.objectContaining({ code: 'SE', laws: ['EU GDPR'] }),
    ]));
  });
});
