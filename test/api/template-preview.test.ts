import request from 'supertest';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createTestContext, type TestContext } from '../setup/context';

describe('staff template preview', () => {
  let ctx: TestContext;
  let agent: Awaited<ReturnType<typeof signIn>>['agent'];
  beforeAll(async () => {
    ctx = createTestContext();
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    ({ agent } = await signIn(ctx.app, staff.email));
  });
  afterAll(() => ctx.close());

  test('when staff list templates, then every template and every letter combination is there', async () => {
    const res = await agent.get('/api/staff/templates');
    expect(res.status).toBe(200);
    expect(res.body.templates).toEqual(
      expect.arrayContaining(['access', 'nevada_opt_out', 'consumer_verify', 'regulator_complaint_draft']),
    );
    expect(res.body.letters).toContainEqual({ right: 'nevada_opt_out', regime: 'NV_603A', template: 'nevada_opt_out' });
  });

  test('when every template is previewed with its sample data, then each renders subject, text and HTML without blanks', async () => {
    const { templates } = (await agent.get('/api/staff/templates')).body as { templates: string[] };
    for (const name of templates) {
      const res = await agent.get(`/api/staff/templates/${name}/preview`);
      expect(res.status).toBe(200);
      expect(res.body.subject.length).toBeGreaterThan(5);
      expect(res.body.text).not.toMatch(/undefined|\[object Object\]|\{\{/);
      expect(res.body.html).toContain('<');
    }
  });

  test('when a letter is previewed for a right and regime, then it cites that law', async () => {
    const res = await agent
      .get('/api/staff/templates/nevada_opt_out/preview')
      .query({ right: 'nevada_opt_out', regime: 'NV_603A' });
    expect(res.status).toBe(200);
    expect(res.body.text).toMatch(/603A\.345/);
  });

  test('when the combination has no letter or the parameters are incomplete, then 422 names the field', async () => {
    const none = await agent.get('/api/staff/templates/appeal/preview').query({ right: 'appeal', regime: 'GDPR' });
    expect(none.status).toBe(422);
    expect(none.body.errors[0].field).toBe('right');
    const half = await agent.get('/api/staff/templates/access/preview').query({ right: 'access' });
    expect(half.body.errors[0].field).toBe('regime');
    const unknown = await agent.get('/api/staff/templates/no_such_template/preview');
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('name');
  });

  test('when nobody is signed in, then previews are refused', async () => {
    expect((await request(ctx.app).get('/api/staff/templates')).status).toBe(401);
  });
});
