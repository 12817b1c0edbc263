import { addPrincipal, createAgentContext, filingBody, PDF_BYTES, signedInAgent, uploadAuthorization } from '../factories/agents';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createRequestRow } from '../factories/correspondence';
import type { TestContext } from '../setup/context';

/** Staff see who filed for whom, and can download the agent's authorization to enclose it with a posted letter. */
describe('agent-filed requests in the staff views', () => {
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createAgentContext();
  });
  afterAll(() => ctx.close());

  test('when an agent files for a principal, then staff see the authorization and download its exact bytes', async () => {
    const a = await signedInAgent(ctx.app, ctx.db);
    const principal = await addPrincipal(a);
    expect((await uploadAuthorization(a, principal.id)).status).toBe(201);
    const filed = await a.http.post('/api/agent/requests').set('X-CSRF-Token', a.csrf).send(filingBody(principal.id));
    expect(filed.status).toBe(201);
    const requestId = filed.body.requests[0].id as number;

    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const { agent } = await signIn(ctx.app, staff.email);
    // the queue row names the agent, and the principal as the requester
    const row = (await agent.get('/api/staff/queue').query({ q: filed.body.requests[0].reference })).body.items[0];
    expect(row).toMatchObject({ id: requestId, filed_by: 'agent', requester: principal.name, agent: { id: a.account.id, name: a.account.name } });
    const detail = await agent.get(`/api/staff/requests/${requestId}`);
    expect(detail.body.authorization).toMatchObject({ kind: 'upload', state: 'valid', document_url: `/api/staff/requests/${requestId}/authorization` });
    const download = await agent.get(detail.body.authorization.document_url).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toMatch(/^application\/pdf/);
    expect(Buffer.compare(download.body as Buffer, PDF_BYTES)).toBe(0);

    // a consumer's own request has none
    const { request: consumerRequest } = await createRequestRow(ctx.db);
    expect((await agent.get(`/api/staff/requests/${consumerRequest.id}`)).body.authorization).toBeNull();
    expect((await agent.get(`/api/staff/requests/${consumerRequest.id}/authorization`)).status).toBe(404);
    // and the agent cannot use the staff route
    expect((await a.http.get(`/api/staff/requests/${requestId}/authorization`)).status).toBe(403);
  });
});
