import { dispatchRequest } from '../../server/correspondence';
import { startDeadline } from '../../server/deadlines';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import {
  addPrincipal,
  createAgentContext,
  filingBody,
  PDF_BYTES,
  signedInAgent,
  uploadAuthorization,
} from '../factories/agents';
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
    expect(row).toMatchObject({
      id: requestId,
      filed_by: 'agent',
      requester: principal.name,
      agent: { id: a.account.id, name: a.account.name },
    });
    const detail = await agent.get(`/api/staff/requests/${requestId}`);
    expect(detail.body.authorization).toMatchObject({
      kind: 'upload',
      state: 'valid',
      document_url: `/api/staff/requests/${requestId}/authorization`,
    });
    const download = await agent
      .get(detail.body.authorization.document_url)
      .buffer(true)
      .parse((res, done) => {
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

  test('when an agent letter is resent after a refusal or followed up, then each new email carries the authorization again', async () => {
    const a = await signedInAgent(ctx.app, ctx.db);
    const principal = await addPrincipal(a);
    await uploadAuthorization(a, principal.id);
    const filed = await a.http.post('/api/agent/requests').set('X-CSRF-Token', a.csrf).send(filingBody(principal.id));
    const requestId = filed.body.requests[0].id as number;
    await dispatchRequest(ctx.db, { config: ctx.config, clock: ctx.clock }, requestId);
    const attachedTo = (emailId: number) =>
      ctx.db('outbound_email_attachments').where({ email_id: emailId }).pluck('document_id');
    const first = await ctx
      .db('letters')
      .where({ request_id: requestId, purpose: 'request' })
      .first('outbound_email_id');
    const authorizationDocs = await attachedTo(first.outbound_email_id);
    expect(authorizationDocs).toHaveLength(1);

    // the vendor's server refused it (as a 5xx would leave it), staff resend
    await ctx.db('outbound_emails').where({ id: first.outbound_email_id }).update({ status: 'failed' });
    await ctx.db('requests').where({ id: requestId }).update({ status: 'dispatch_failed' });
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    const { agent, csrf } = await signIn(ctx.app, staff.email);
    const resent = await agent
      .post(`/api/staff/requests/${requestId}/resend`)
      .set('X-CSRF-Token', csrf)
      .send({ reason: 'mailbox restored' });
    expect(resent.status).toBe(200);
    expect(await attachedTo(resent.body.queued.outbound_email_id)).toEqual(authorizationDocs);

    // once received and overdue (escalation before the due date is refused), a follow-up letter goes with it too
    const receivedAt = new Date(Date.now() - 60 * 86400_000);
    await ctx.db('requests').where({ id: requestId }).update({ status: 'sent', received_at: receivedAt });
    await ctx.db.transaction((trx) => startDeadline(trx, { requestId, receivedAt, clock: ctx.clock }));
    const escalated = await agent
      .post(`/api/staff/requests/${requestId}/escalate`)
      .set('X-CSRF-Token', csrf)
      .send({ reason: 'no answer' });
    expect(escalated.status).toBe(200);
    expect(await attachedTo(escalated.body.outbound_email_id)).toEqual(authorizationDocs);
  });
});
