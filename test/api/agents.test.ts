import request from 'supertest';
import {
  addPrincipal,
  createAgentContext,
  filingBody,
  PDF_BYTES,
  PNG_BYTES,
  requestEAuthorization,
  signedInAgent,
  tokenFromStoredMail,
  uploadAuthorization,
  VERIFY_EMAIL_LINK,
  type SignedInAgent,
} from '../factories/agents';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { intakeBody, submitAndVerify } from '../factories/intake';
import { testConfig, uniqueEmail, type TestContext } from '../setup/context';

const PROBLEM = /application\/problem\+json/;
const fields = (res: request.Response) => ((res.body.errors ?? []) as { field: string }[]).map((e) => e.field);
const eventsOf = (ctx: TestContext, subject: string, id: number) =>
  ctx.db('events').where({ subject_type: subject, subject_id: id }).orderBy('id');

describe('authorized agents: accounts, principals, authorizations, filing', () => {
  let ctx: TestContext;
  let a: SignedInAgent;
  let b: SignedInAgent;

  beforeAll(async () => {
    ctx = createAgentContext();
    a = await signedInAgent(ctx.app, ctx.db);
    b = await signedInAgent(ctx.app, ctx.db);
  });
  afterAll(() => ctx.close());

  describe('sign-up and email verification', () => {
    test('when an agent signs up, then the account exists unverified, a hashed single-use link is emailed, and it verifies once', async () => {
      const email = uniqueEmail('agent');
      const res = await request(ctx.app)
        .post('/api/agents/signup')
        .send({ email, name: 'Alex Rivera', organisation: 'Rights LLC', password: 'a long enough passphrase' });
      expect(res.status).toBe(201);
      expect(res.body.account).toMatchObject({
        email,
        role: 'agent',
        organisation: 'Rights LLC',
        email_verified: false,
      });
      const account = await ctx.db('accounts').where({ id: res.body.account.id }).first();
      expect(account.email_verified_at).toBeNull();
      expect(account.password_hash).toMatch(/^\$argon2id\$/);
      const token = await tokenFromStoredMail(ctx.db, 'agent_verify_email', email, VERIFY_EMAIL_LINK);
      expect(await ctx.db('account_tokens').where({ token_hash: token }).first()).toBeUndefined();
      expect((await eventsOf(ctx, 'account', account.id)).map((e) => e.type)).toEqual(['agent_signed_up']);

      // signing in works before verification; filing does not (below)
      const { agent: http, csrf } = await signIn(ctx.app, email, 'a long enough passphrase');
      expect((await http.get('/api/agent/me')).body.account.email_verified).toBe(false);
      const principal = await http
        .post('/api/agent/principals')
        .set('X-CSRF-Token', csrf)
        .send({ name: 'P', email: uniqueEmail('p') });
      const refused = await http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', csrf)
        .send(filingBody(principal.body.id));
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body).toMatchObject({
        missing: 'email_verification',
        detail: expect.stringContaining('Verify your email'),
      });

      const eAuth = await http
        .post(`/api/agent/principals/${principal.body.id}/e-authorizations`)
        .set('X-CSRF-Token', csrf);
      expect(eAuth.status).toBe(403);
      expect(eAuth.body.missing).toBe('email_verification');

      const verified = await request(ctx.app).post('/api/agents/verify-email').send({ token });
      expect(verified.status).toBe(200);
      expect((await ctx.db('accounts').where({ id: account.id }).first()).email_verified_at).not.toBeNull();
      const again = await request(ctx.app).post('/api/agents/verify-email').send({ token });
      expect(again.status).toBe(410);
      expect(again.body.reason).toBe('used');
      expect((await eventsOf(ctx, 'account', account.id)).map((e) => e.type)).toEqual([
        'agent_signed_up',
        'email_verified',
      ]);
      for (const e of await eventsOf(ctx, 'account', account.id)) expect(JSON.stringify(e.data)).not.toContain(email);
    });

    test('when the sign-up is invalid or the email is taken, then 422 or 409 names the field', async () => {
      const short = await request(ctx.app)
        .post('/api/agents/signup')
        .send({ email: uniqueEmail('agent'), name: 'A', password: 'short' });
      expect(short.status).toBe(422);
      expect(fields(short)).toEqual(['password']);
      const bad = await request(ctx.app)
        .post('/api/agents/signup')
        .send({ email: 'not-an-email', name: '', password: 'a long enough passphrase' });
      expect(fields(bad).sort()).toEqual(['email', 'name']);
      const taken = await request(ctx.app)
        .post('/api/agents/signup')
        .send({ email: a.account.email, name: 'A', password: 'a long enough passphrase' });
      expect(taken.status).toBe(409);
      expect(fields(taken)).toEqual(['email']);
    });

    test('when a verification link is unknown or expired, then 404 or 410', async () => {
      expect(
        (
          await request(ctx.app)
            .post('/api/agents/verify-email')
            .send({ token: 'x'.repeat(43) })
        ).status,
      ).toBe(404);
      const email = uniqueEmail('agent');
      await request(ctx.app)
        .post('/api/agents/signup')
        .send({ email, name: 'Late', password: 'a long enough passphrase' })
        .expect(201);
      const token = await tokenFromStoredMail(ctx.db, 'agent_verify_email', email, VERIFY_EMAIL_LINK);
      await ctx
        .db('account_tokens')
        .where({ purpose: 'verify_email' })
        .whereIn('account_id', ctx.db('accounts').select('id').where({ email }))
        .update({ expires_at: new Date(Date.now() - 1000) });
      const res = await request(ctx.app).post('/api/agents/verify-email').send({ token });
      expect(res.status).toBe(410);
      expect(res.body.reason).toBe('expired');
    });

    test('when sign-ups from one address pass the limit, then 429', async () => {
      const limited = createAgentContext({
        config: testConfig(),
        rateLimits: { signupIp: { limit: 1, windowMs: 60_000 } },
      });
      try {
        await request(limited.app)
          .post('/api/agents/signup')
          .send({ email: uniqueEmail('agent'), name: 'One', password: 'a long enough passphrase' })
          .expect(201);
        const second = await request(limited.app)
          .post('/api/agents/signup')
          .send({ email: uniqueEmail('agent'), name: 'Two', password: 'a long enough passphrase' });
        expect(second.status).toBe(429);
        expect(second.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      } finally {
        await limited.close();
      }
    });
  });

  describe('principals', () => {
    test('when an agent adds principals, then they are listed with their authorization state, searchable and paged', async () => {
      const p1 = await addPrincipal(a, { name: 'Searchable Person Zed' });
      const p2 = await addPrincipal(a);
      const row = await ctx.db('principals').where({ id: p1.id }).first();
      expect(row).toMatchObject({ agent_account_id: a.account.id, name: 'Searchable Person Zed' });
      expect((await eventsOf(ctx, 'principal', p1.id)).map((e) => e.type)).toEqual(['principal_created']);

      const found = await a.http.get('/api/agent/principals').query({ q: 'person zed' });
      expect(found.status).toBe(200);
      expect(found.body.items).toEqual([
        {
          id: p1.id,
          name: p1.name,
          email: p1.email,
          authorization: { state: 'none', kind: null, id: null, confirmed_at: null, uploaded_at: null },
        },
      ]);
      const page1 = await a.http.get('/api/agent/principals').query({ limit: 1 });
      expect(page1.body.items).toHaveLength(1);
      expect(page1.body.items[0].id).toBe(p2.id);
      const page2 = await a.http.get('/api/agent/principals').query({ limit: 1, cursor: page1.body.next_cursor });
      expect(page2.body.items[0].id).toBe(p1.id);
      const detail = await a.http.get(`/api/agent/principals/${p1.id}`);
      expect(detail.body).toMatchObject({ id: p1.id, address: { city: 'Sacramento' }, authorizations: [] });
    });

    test('when a principal is invalid or repeats an email, then 422 or 409 names the field; without a session 401, without CSRF 403', async () => {
      const bad = await a.http
        .post('/api/agent/principals')
        .set('X-CSRF-Token', a.csrf)
        .send({ name: '', email: 'nope' });
      expect(bad.status).toBe(422);
      expect(fields(bad).sort()).toEqual(['email', 'name']);
      const p = await addPrincipal(a);
      const dup = await a.http
        .post('/api/agent/principals')
        .set('X-CSRF-Token', a.csrf)
        .send({ name: 'Again', email: p.email.toUpperCase() });
      expect(dup.status).toBe(409);
      expect(fields(dup)).toEqual(['email']);
      expect((await request(ctx.app).get('/api/agent/principals')).status).toBe(401);
      expect((await a.http.post('/api/agent/principals').send({ name: 'X', email: uniqueEmail('x') })).status).toBe(
        403,
      );
    });

    test("when agent B asks for agent A's principal, then 404; A's list never shows B's", async () => {
      const p = await addPrincipal(a);
      expect((await b.http.get(`/api/agent/principals/${p.id}`)).status).toBe(404);
      expect((await b.http.get('/api/agent/principals').query({ q: p.email })).body.items).toEqual([]);
      expect((await uploadAuthorization(b, p.id)).status).toBe(404);
      expect(
        (await b.http.post(`/api/agent/principals/${p.id}/e-authorizations`).set('X-CSRF-Token', b.csrf)).status,
      ).toBe(404);
    });
  });

  describe('uploaded authorizations', () => {
    test('when a signed PDF is uploaded, then it is stored encrypted with the sniffed type, valid, and downloadable decrypted', async () => {
      const p = await addPrincipal(a);
      const res = await uploadAuthorization(a, p.id, PDF_BYTES, 'whatever.png');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'upload',
        state: 'valid',
        content_type: 'application/pdf',
        byte_size: PDF_BYTES.length,
        uploaded_at: expect.any(String),
      });
      const auth = await ctx.db('agent_authorizations').where({ id: res.body.id }).first();
      const doc = await ctx.db('documents').where({ id: auth.document_id }).first();
      expect(doc).toMatchObject({
        purpose: 'agent-authorization',
        content_type: 'application/pdf',
        byte_size: PDF_BYTES.length,
      });
      expect(doc.sealed.includes(Buffer.from('%PDF'))).toBe(false);
      expect((await eventsOf(ctx, 'authorization', auth.id)).map((e) => e.type)).toEqual(['authorization_uploaded']);

      const list = await a.http.get('/api/agent/principals').query({ q: p.email });
      expect(list.body.items[0].authorization).toMatchObject({
        state: 'valid',
        kind: 'upload',
        id: auth.id,
        confirmed_at: null,
        uploaded_at: expect.any(String),
      });

      const png = await uploadAuthorization(a, p.id, PNG_BYTES, 'scan.pdf');
      expect(png.body.content_type).toBe('image/png');
      const download = await a.http
        .get(`/api/agent/principals/${p.id}/authorizations/${png.body.id}/document`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(download.body as Buffer, PNG_BYTES)).toBe(0);
      // another agent, or another principal's path: 404
      expect((await b.http.get(`/api/agent/principals/${p.id}/authorizations/${png.body.id}/document`)).status).toBe(
        404,
      );
      const other = await addPrincipal(a);
      expect(
        (await a.http.get(`/api/agent/principals/${other.id}/authorizations/${png.body.id}/document`)).status,
      ).toBe(404);
    });

    test('when the upload is not a PDF, PNG or JPEG by its bytes, is empty, missing, or over 10 MB, then it is refused naming `file`', async () => {
      const p = await addPrincipal(a);
      const fake = await uploadAuthorization(a, p.id, Buffer.from('GIF89a not allowed at all'), 'signed.pdf');
      expect(fake.status).toBe(422);
      expect(fake.headers['content-type']).toMatch(PROBLEM);
      expect(fields(fake)).toEqual(['file']);
      const html = await a.http
        .post(`/api/agent/principals/${p.id}/authorizations`)
        .set('X-CSRF-Token', a.csrf)
        .attach('file', Buffer.from('<html>%PDF-'), { filename: 'x.pdf', contentType: 'application/pdf' });
      expect(html.status).toBe(422);
      const missing = await a.http
        .post(`/api/agent/principals/${p.id}/authorizations`)
        .set('X-CSRF-Token', a.csrf)
        .field('note', 'no file');
      expect(missing.status).toBe(422);
      expect(fields(missing)).toEqual(['file']);
      const wrongField = await a.http
        .post(`/api/agent/principals/${p.id}/authorizations`)
        .set('X-CSRF-Token', a.csrf)
        .attach('document', PDF_BYTES, 'x.pdf');
      expect(wrongField.status).toBe(422);
      const json = await a.http
        .post(`/api/agent/principals/${p.id}/authorizations`)
        .set('X-CSRF-Token', a.csrf)
        .send({ file: 'x' });
      expect(json.status).toBe(415);
      const big = Buffer.concat([PDF_BYTES, Buffer.alloc(10 * 1024 * 1024 + 1 - PDF_BYTES.length, 0x20)]);
      const tooBig = await uploadAuthorization(a, p.id, big);
      expect(tooBig.status).toBe(413);
      expect(fields(tooBig)).toEqual(['file']);
      const exact = await uploadAuthorization(a, p.id, big.subarray(0, 10 * 1024 * 1024));
      expect(exact.status).toBe(201);
      expect(await ctx.db('agent_authorizations').where({ principal_id: p.id })).toHaveLength(1);
    });
  });

  describe('e-authorizations', () => {
    test('when requested, then the principal gets one link; the public page says who and what; confirming records IP and user agent and makes a signed PDF', async () => {
      const p = await addPrincipal(a);
      const { authorization, token } = await requestEAuthorization(a, ctx.db, p);
      const row = await ctx.db('agent_authorizations').where({ id: authorization.id }).first();
      expect(row).toMatchObject({ kind: 'e_authorization', state: 'pending', document_id: null });
      expect(row.token_hash).not.toBe(token);
      const mail = await ctx
        .db('outbound_emails')
        .where({ template: 'agent_authorization_request', to_address: p.email });
      expect(mail).toHaveLength(1);
      expect(mail[0].text_body).toContain(a.account.name);
      expect((await a.http.get(`/api/agent/principals/${p.id}`)).body.authorization).toMatchObject({
        state: 'pending',
        kind: 'e_authorization',
        id: authorization.id,
      });

      const view = await request(ctx.app).get(`/api/authorizations/${token}`);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        state: 'pending',
        agent: { name: a.account.name, email: a.account.email },
        principal: { name: p.name },
        scope: { rights: expect.arrayContaining(['access', 'deletion']) },
      });
      // the principal signs it: first person
      expect(view.body.scope.description).toContain('in my name');
      expect(view.body.scope.description).not.toContain('your');

      const confirmed = await request(ctx.app)
        .post(`/api/authorizations/${token}/confirm`)
        .set('User-Agent', 'TestBrowser/1.0');
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ id: authorization.id, state: 'valid' });
      const after = await ctx.db('agent_authorizations').where({ id: authorization.id }).first();
      expect(after).toMatchObject({
        state: 'valid',
        confirmed_user_agent: 'TestBrowser/1.0',
        signature: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(after.confirmed_ip).toMatch(/127\.0\.0\.1/);
      const events = await eventsOf(ctx, 'authorization', authorization.id);
      expect(events.map((e) => e.type)).toEqual(['e_authorization_requested', 'e_authorization_confirmed']);
      expect(JSON.stringify(events.map((e) => e.data))).not.toContain(p.email);

      const pdf = await a.http
        .get(`/api/agent/principals/${p.id}/authorizations/${authorization.id}/document`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

      const used = await request(ctx.app).post(`/api/authorizations/${token}/confirm`);
      expect(used.status).toBe(410);
      expect(used.body.reason).toBe('used');
      expect((await request(ctx.app).get(`/api/authorizations/${token}`)).status).toBe(410);
    });

    test('when a newer link is sent, then the older one is revoked (410 replaced); a declined link is 410 declined; an expired one 410 expired; unknown 404', async () => {
      const p = await addPrincipal(a);
      const first = await requestEAuthorization(a, ctx.db, p);
      const second = await requestEAuthorization(a, ctx.db, p);
      const replaced = await request(ctx.app).post(`/api/authorizations/${first.token}/confirm`);
      expect(replaced.status).toBe(410);
      expect(replaced.body.reason).toBe('replaced');
      expect(await ctx.db('agent_authorizations').where({ id: first.authorization.id }).first()).toMatchObject({
        state: 'revoked',
        revoked_reason: 'replaced',
      });

      const declined = await request(ctx.app).post(`/api/authorizations/${second.token}/decline`);
      expect(declined.status).toBe(200);
      const afterDecline = await request(ctx.app).post(`/api/authorizations/${second.token}/confirm`);
      expect(afterDecline.status).toBe(410);
      expect(afterDecline.body.reason).toBe('declined');
      expect((await a.http.get(`/api/agent/principals/${p.id}`)).body.authorization.state).toBe('revoked');

      const third = await requestEAuthorization(a, ctx.db, p);
      await ctx
        .db('agent_authorizations')
        .where({ id: third.authorization.id })
        .update({ expires_at: new Date(Date.now() - 1000) });
      const expired = await request(ctx.app).post(`/api/authorizations/${third.token}/confirm`);
      expect(expired.status).toBe(410);
      expect(expired.body.reason).toBe('expired');
      expect((await request(ctx.app).get(`/api/authorizations/${'y'.repeat(43)}`)).status).toBe(404);
    });
  });

  describe('filing for a principal', () => {
    test('when the principal has no valid authorization, then 403 says so and nothing is created', async () => {
      const p = await addPrincipal(a);
      const before = await ctx.db('requests').where({ principal_id: p.id });
      const res = await a.http.post('/api/agent/requests').set('X-CSRF-Token', a.csrf).send(filingBody(p.id));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        missing: 'authorization',
        errors: [{ field: 'principal_id', message: expect.any(String) }],
      });
      expect(await ctx.db('requests').where({ principal_id: p.id })).toEqual(before);
      // a pending e-authorization is not enough either
      await requestEAuthorization(a, ctx.db, p);
      expect((await a.http.post('/api/agent/requests').set('X-CSRF-Token', a.csrf).send(filingBody(p.id))).status).toBe(
        403,
      );
    });

    test('when authorized, then requests are created at once from the principal details, record agent, principal and authorization, and are queued for dispatch', async () => {
      const p = await addPrincipal(a);
      const auth = (await uploadAuthorization(a, p.id)).body;
      const res = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .send(filingBody(p.id, { rights: ['access', 'deletion'], details: 'Account since 2019' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'filed',
        principal_id: p.id,
        authorization_id: auth.id,
        jurisdiction: 'US-CA',
      });
      expect(res.body.requests).toHaveLength(2);
      const rows = await ctx
        .db('requests')
        .whereIn(
          'id',
          res.body.requests.map((r: { id: number }) => r.id),
        )
        .orderBy('id');
      for (const r of rows) {
        expect(r).toMatchObject({
          filed_by: 'agent',
          agent_account_id: a.account.id,
          principal_id: p.id,
          authorization_id: auth.id,
          status: 'ready_to_dispatch',
          channel_value: 'privacy@sonos.com',
        });
        expect(
          await ctx
            .db('outbox')
            .where({ job_id: `dispatch-request-${r.id}` })
            .first(),
        ).toMatchObject({ job_name: 'dispatch-request', payload: { requestId: r.id } });
        const [created] = await eventsOf(ctx, 'request', r.id);
        expect(created).toMatchObject({ type: 'request_created', actor_type: 'agent', actor_id: String(a.account.id) });
        expect(created.data).toMatchObject({ principal_id: p.id, authorization_id: auth.id });
      }
      const requester = await ctx.db('requesters').where({ id: rows[0].requester_id }).first();
      expect(requester).toMatchObject({ name: p.name, email: p.email });
      const submission = await ctx.db('submissions').where({ id: rows[0].submission_id }).first();
      expect(submission).toMatchObject({ status: 'verified', details: 'Account since 2019' });
      const subEvents = await eventsOf(ctx, 'submission', submission.id);
      expect(subEvents.map((e) => e.type)).toEqual(['submission_filed_by_agent']);
      expect(JSON.stringify(subEvents[0].data)).not.toContain(p.email);
      // no verification email: the agent is verified and authorized
      expect(
        await ctx.db('outbound_emails').where({ related_type: 'submission', related_id: submission.id }),
      ).toHaveLength(0);

      const list = await a.http.get('/api/agent/requests');
      expect(
        list.body.items
          .slice(0, 2)
          .map((i: { id: number }) => i.id)
          .sort(),
      ).toEqual(rows.map((r) => r.id).sort());
      expect(list.body.items[0]).toMatchObject({
        vendor: { slug: 'sonos' },
        principal: { id: p.id, name: p.name },
        authorization_id: auth.id,
        status: 'ready_to_dispatch',
      });
      const filtered = await a.http.get('/api/agent/requests').query({ status: 'sent' });
      expect(filtered.body.items.map((i: { id: number }) => i.id)).not.toContain(rows[0].id);
      const detail = await a.http.get(`/api/agent/requests/${rows[0].id}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        id: rows[0].id,
        reference: rows[0].reference,
        channel: { type: 'email' },
        timeline: [{ type: 'request_created' }],
      });
      // another agent: 404, and nothing of A's in B's list
      expect((await b.http.get(`/api/agent/requests/${rows[0].id}`)).status).toBe(404);
      expect((await b.http.get('/api/agent/requests')).body.items.map((i: { id: number }) => i.id)).not.toContain(
        rows[0].id,
      );

      // the same again is a duplicate unless confirmed
      const dup = await a.http.post('/api/agent/requests').set('X-CSRF-Token', a.csrf).send(filingBody(p.id));
      expect(dup.status).toBe(409);
      const confirmed = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .send(filingBody(p.id, { confirm_duplicates: true }));
      expect(confirmed.status).toBe(201);
      expect(confirmed.body.warnings).toContainEqual(expect.objectContaining({ code: 'duplicate_confirmed' }));
    });

    test('when an agent files for an email whose owner (or another agent) already has open requests, then nothing about them is revealed: 201, as for anyone', async () => {
      // the person filed themselves, and agent B filed for them too
      const email = uniqueEmail('watched');
      const own = await submitAndVerify(ctx, intakeBody({ requester: { email } }));
      const pb = await addPrincipal(b, { email });
      await uploadAuthorization(b, pb.id);
      const byB = await b.http.post('/api/agent/requests').set('X-CSRF-Token', b.csrf).send(filingBody(pb.id));
      expect(byB.status).toBe(201);
      // agent A types the same email
      const pa = await addPrincipal(a, { email: email.toUpperCase() });
      await uploadAuthorization(a, pa.id);
      const res = await a.http.post('/api/agent/requests').set('X-CSRF-Token', a.csrf).send(filingBody(pa.id));
      expect(res.status).toBe(201);
      for (const reference of [own.verified.requests[0]!.reference, byB.body.requests[0].reference])
        expect(res.text).not.toContain(reference);
      expect(res.body.warnings.map((w: { code: string }) => w.code)).not.toContain('duplicate_confirmed');
    });

    test('when the same Idempotency-Key is retried, then the response is replayed and nothing is filed twice', async () => {
      const p = await addPrincipal(a);
      await uploadAuthorization(a, p.id);
      const key = `agent-${Date.now()}-${Math.random()}`;
      const first = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .set('Idempotency-Key', key)
        .send(filingBody(p.id));
      const again = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .set('Idempotency-Key', key)
        .send(filingBody(p.id));
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await ctx.db('requests').where({ principal_id: p.id })).toHaveLength(1);
    });

    test("when the filing breaks the law, the registry or the agent rules, or names another agent's principal, then 422 names the field or 404", async () => {
      const p = await addPrincipal(a, { address: undefined });
      await uploadAuthorization(a, p.id);
      const badRight = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .send(filingBody(p.id, { jurisdiction: 'US-NV', rights: ['deletion'] }));
      expect(badRight.status).toBe(422);
      expect(fields(badRight)).toContain('rights.0');
      const unknownVendor = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .send(filingBody(p.id, { vendors: ['no-such-vendor-xyz'] }));
      expect(fields(unknownVendor)).toEqual(['vendors.0']);
      // Virginia recognises no general authorized agents
      const virginia = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .send(filingBody(p.id, { jurisdiction: 'US-VA', rights: ['access'] }));
      expect(virginia.status).toBe(422);
      expect(fields(virginia)).toEqual(['rights.0']);
      expect(virginia.body.errors[0].message).toMatch(/authorized agent/);
      const noPrincipal = await a.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', a.csrf)
        .send({ jurisdiction: 'US-CA', rights: ['access'], vendors: ['sonos'] });
      expect(fields(noPrincipal)).toEqual(['principal_id']);
      const theirs = await addPrincipal(b);
      await uploadAuthorization(b, theirs.id);
      expect(
        (await a.http.post('/api/agent/requests').set('X-CSRF-Token', a.csrf).send(filingBody(theirs.id))).status,
      ).toBe(404);
      expect((await b.http.post('/api/agent/requests').send(filingBody(theirs.id))).status).toBe(403);
    });

    test('when a staff account tries the agent routes, then 403', async () => {
      const staff = await createAccountWithPassword(ctx.db, 'staff');
      const { agent } = await signIn(ctx.app, staff.email);
      expect((await agent.get('/api/agent/principals')).status).toBe(403);
    });
  });

  describe('bulk uploads (the API side; processing is in test/worker/agent-bulk.test.ts)', () => {
    const HEADER = 'principal_email,principal_name,jurisdiction,vendor,right';
    const upload = (who: SignedInAgent, body: Buffer | string, name = 'rows.csv') =>
      who.http
        .post('/api/agent/bulk-uploads')
        .set('X-CSRF-Token', who.csrf)
        .attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);

    test('when a valid CSV is uploaded, then 202 with the row count; every row is stored pending and the job is in the outbox', async () => {
      const res = await upload(
        a,
        `\uFEFF${HEADER}\n${uniqueEmail('r')},R One,US-CA,sonos,access\n${uniqueEmail('r')},R Two,US-CA,sonos,deletion\n`,
      );
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'queued', rows_total: 2 });
      const rows = await ctx.db('bulk_upload_rows').where({ upload_id: res.body.id }).orderBy('row_number');
      expect(rows.map((r) => [r.row_number, r.status])).toEqual([
        [2, 'pending'],
        [3, 'pending'],
      ]);
      expect(
        await ctx
          .db('outbox')
          .where({ job_id: `bulk-upload-${res.body.id}` })
          .first(),
      ).toMatchObject({ payload: { uploadId: res.body.id } });
      expect((await eventsOf(ctx, 'bulk_upload', res.body.id)).map((e) => e.type)).toEqual(['bulk_upload_received']);
      await ctx
        .db('outbox')
        .where({ job_id: `bulk-upload-${res.body.id}` })
        .del(); // no worker here; keep other files' workers off it
      const status = await a.http.get(`/api/agent/bulk-uploads/${res.body.id}`);
      expect(status.body).toMatchObject({ status: 'queued', rows_total: 2, rows_done: 0 });
      expect((await b.http.get(`/api/agent/bulk-uploads/${res.body.id}`)).status).toBe(404);
      expect((await b.http.get(`/api/agent/bulk-uploads/${res.body.id}/errors.csv`)).status).toBe(404);
    });

    test.each([
      [
        'not UTF-8',
        Buffer.concat([
          Buffer.from(`${HEADER}\n`),
          Buffer.from([0x6a, 0xf6, 0x72, 0x67, 0x2c]),
          Buffer.from('x,US-CA,sonos,access\n'),
        ]),
        /UTF-8/,
      ],
      [
        'a wrong header',
        Buffer.from('email,name,jurisdiction,vendor,right\na@b.test,A,US-CA,sonos,access\n'),
        /missing column\(s\) principal_email, principal_name; unknown column\(s\) "email", "name"/,
      ],
      ['no data rows', Buffer.from(`${HEADER}\n`), /no data rows/],
      ['an unclosed quote', Buffer.from(`${HEADER}\n"a@b.test,A,US-CA,sonos,access\n`), /not readable CSV/],
      [
        '10,001 rows',
        Buffer.from(`${HEADER}\n${'a@b.test,A,US-CA,sonos,access\n'.repeat(10_001)}`),
        /10001 data rows; at most 10000/,
      ],
    ])('when the CSV has %s, then 422 names `file` and nothing is stored', async (_label, bytes, message) => {
      const before = Number(
        (await ctx.db('bulk_uploads').where({ agent_account_id: a.account.id }).count({ n: '*' }))[0]!.n,
      );
      const res = await upload(a, bytes);
      expect(res.status).toBe(422);
      expect(fields(res)).toEqual(['file']);
      expect(res.body.errors[0].message).toMatch(message);
      expect(
        Number((await ctx.db('bulk_uploads').where({ agent_account_id: a.account.id }).count({ n: '*' }))[0]!.n),
      ).toBe(before);
    });

    test('when exactly 10,000 rows are uploaded, then all are accepted', async () => {
      const res = await upload(a, `${HEADER}\n${'a@b.test,A,US-CA,sonos,access\n'.repeat(10_000)}`);
      expect(res.status).toBe(202);
      expect(res.body.rows_total).toBe(10_000);
      // not processed here (no worker): remove its job so a later worker test does not pick it up
      await ctx
        .db('outbox')
        .where({ job_id: `bulk-upload-${res.body.id}` })
        .del();
    });

    test('when an unverified agent uploads, then 403', async () => {
      const unverified = await signedInAgent(ctx.app, ctx.db, { verified: false });
      const res = await upload(unverified, `${HEADER}\na@b.test,A,US-CA,sonos,access\n`);
      expect(res.status).toBe(403);
      expect(res.body.missing).toBe('email_verification');
    });
  });
});
