import { randomUUID } from 'node:crypto';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import request from 'supertest';
import {
  dispatchRequest,
  onRequestEmailAccepted,
  replyAddressFor,
  startInboundReceiver,
} from '../../server/correspondence';
import type { SmtpSink } from '../../server/mail';
import { systemClock } from '../../server/shared/clock';
import { createReplyWorkflow } from '../../server/staff';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { createReceivedRequest, createRequestRow, createSentLetterEmail } from '../factories/correspondence';
import { createIntakeContext, intakeBody, submitAndVerify } from '../factories/intake';
import { silentLogger, type TestContext } from '../setup/context';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

/** Issue 16, "Mail must never be lost from sight": replies in full, unmatched mail, returned letters. */
describe('vendor mail never lost from sight', () => {
  let ctx: TestContext;
  let receiver: SmtpSink;
  let transport: Transporter;
  let staffAgent: Agent;
  let csrf: string;
  let staff: { id: number; email: string };

  beforeAll(async () => {
    ctx = createIntakeContext();
    receiver = await startInboundReceiver(
      {
        db: ctx.db,
        config: ctx.config,
        logger: silentLogger,
        clock: ctx.clock,
        replies: createReplyWorkflow({ config: ctx.config, clock: ctx.clock }),
      },
      0,
    );
    transport = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
    staff = await createAccountWithPassword(ctx.db, 'staff');
    ({ agent: staffAgent, csrf } = await signIn(ctx.app, staff.email));
  });
  const restarted: number[] = [];
  afterAll(async () => {
    // the deadlines restarted here run against the real date: leave no milestone for another file's sweep to fire
    if (restarted.length)
      await ctx
        .db('deadline_milestones')
        .whereIn('request_id', restarted)
        .whereNull('fired_at')
        .whereNull('cancelled_at')
        .update({ cancelled_at: new Date() });
    transport.close();
    await receiver.close();
    await ctx.close();
  });

  const vendorMail = (overrides: SendMailOptions) => ({
    from: 'privacy@sonos.com',
    to: `someone@${ctx.config.replyDomain}`,
    subject: 'Your request',
    text: 'We have received your request.',
    messageId: `<${randomUUID()}@vendor.example>`,
    ...overrides,
  });
  const stored = (messageId: string) => ctx.db('inbound_messages').where({ message_id: messageId }).first();
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  const LONG_TEXT = `Dear customer,\n\n${'We looked everywhere for your data. '.repeat(40)}\n\nThe export is attached. Final sentence at the very end.`;
  const HOSTILE_HTML = [
    '<html><head><style>body{background:url(https://tracker.example/css.png)}</style><script>alert(1)</script></head><body>',
    '<p onclick="steal()">Your <b>export</b> is attached.</p>',
    '<img src="https://tracker.example/pixel.gif?u=1" width="1" height="1">',
    '<a href="javascript:alert(2)">click</a> <a href="https://sonos.com/privacy" style="color:red">policy</a>',
    '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="x"></form>',
    '<div style="background-image:url(https://tracker.example/bg.png)">styled</div>',
    '</body></html>',
  ].join('');

  describe('replies readable in full', () => {
    test('when a vendor replies with long text, hostile HTML and an attachment, then staff get the whole text, safe HTML and the attachment, and the download is audited', async () => {
      const { request: row } = await createRequestRow(ctx.db);
      const content = Buffer.from('name,email\nJane,jane@example.test\n');
      const mail = vendorMail({
        to: replyAddressFor(row.reference, ctx.config.appSecret, ctx.config.replyDomain),
        text: LONG_TEXT,
        html: HOSTILE_HTML,
        attachments: [{ filename: '../../etc/export".csv', content, contentType: 'text/csv' }],
      });
      await transport.sendMail(mail);
      const detail = await staffAgent.get(`/api/staff/requests/${row.id}`);
      expect(detail.status).toBe(200);
      const [reply] = detail.body.replies;
      expect(reply.text_body).toContain('Final sentence at the very end.');
      expect(reply.text_body.length).toBeGreaterThan(500);
      const html: string = reply.html_sanitized;
      expect(html).toContain('<b>export</b>');
      expect(html).toContain('href="https://sonos.com/privacy"');
      for (const banned of [
        '<script',
        'alert(',
        '<style',
        'onclick',
        '<img',
        'tracker.example',
        'javascript:',
        '<iframe',
        '<form',
        '<input',
        'style=',
      ]) {
        expect(html).not.toContain(banned);
      }
      expect(reply.attachments).toEqual([
        expect.objectContaining({
          content_type: 'text/csv',
          size_bytes: content.length,
          url: expect.stringMatching(/^\/api\/staff\/inbound\/\d+\/attachments\/\d+$/),
        }),
      ]);

      const download = await staffAgent
        .get(reply.attachments[0].url)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect(Buffer.from(download.body)).toEqual(content);
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename="[^"/\\]+"$/);
      const audit = await ctx
        .db('events')
        .where({ subject_type: 'request', subject_id: row.id, type: 'reply_attachment_downloaded' });
      expect(audit).toEqual([expect.objectContaining({ actor_type: 'staff', actor_id: String(staff.id) })]);

      expect((await request(ctx.app).get(reply.attachments[0].url)).status).toBe(401);
      const full = await staffAgent.get(`/api/staff/inbound/${reply.id}`);
      expect(full.body).toMatchObject({
        id: reply.id,
        request: { id: row.id, reference: row.reference },
        text_body: reply.text_body,
      });
    });

    test("when a vendor replies to a consumer's request, then the consumer reads it in full and downloads its attachment; another consumer cannot", async () => {
      const alice = await submitAndVerify(ctx, intakeBody());
      const bob = await submitAndVerify(ctx, intakeBody());
      const mine = alice.verified.requests[0]!;
      const content = Buffer.from('%PDF-1.4 your data');
      const mail = vendorMail({
        to: replyAddressFor(mine.reference, ctx.config.appSecret, ctx.config.replyDomain),
        text: LONG_TEXT,
        html: HOSTILE_HTML,
        attachments: [{ filename: 'export.pdf', content, contentType: 'application/pdf' }],
      });
      await transport.sendMail(mail);
      const res = await request(ctx.app)
        .get(`/api/requests/${mine.id}/replies`)
        .set(bearer(alice.verified.access.token));
      expect(res.status).toBe(200);
      expect(res.body.replies).toHaveLength(1);
      expect(res.body.replies[0].text_body).toContain('Final sentence at the very end.');
      expect(res.body.replies[0].html_sanitized).not.toMatch(/<script|<img|onclick|tracker\.example/);
      const url = res.body.replies[0].attachments[0].url as string;
      const download = await request(ctx.app)
        .get(url)
        .set(bearer(alice.verified.access.token))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect(Buffer.from(download.body)).toEqual(content);
      expect(
        await ctx
          .db('events')
          .where({ subject_id: mine.id, type: 'reply_attachment_downloaded', actor_type: 'consumer' }),
      ).toHaveLength(1);

      expect((await request(ctx.app).get(url).set(bearer(bob.verified.access.token))).status).toBe(404);
      expect(
        (await request(ctx.app).get(`/api/requests/${mine.id}/replies`).set(bearer(bob.verified.access.token))).status,
      ).toBe(404);
      // the attachment of Alice's reply cannot be reached through Bob's own request either
      const viaBob = url.replace(`/api/requests/${mine.id}/`, `/api/requests/${bob.verified.requests[0]!.id}/`);
      expect((await request(ctx.app).get(viaBob).set(bearer(bob.verified.access.token))).status).toBe(404);
    });
  });

  describe('unmatched mail', () => {
    test('when a ticket system replies without reply address or reference, then it waits in the unmatched inbox, staff are told, and attaching it is audited and tells staff and the consumer', async () => {
      const { request: row, requester } = await createRequestRow(ctx.db);
      const mail = vendorMail({
        from: 'support@tickets.example',
        subject: `Ticket #${randomUUID().slice(0, 6)} updated`,
        text: 'Please send a copy of your ID.',
      });
      await transport.sendMail(mail);
      const message = await stored(mail.messageId!);
      expect(message).toMatchObject({ request_id: null, kind: 'reply' });
      const staffNotice = await ctx
        .db('outbound_emails')
        .where({ related_type: 'inbound_message', related_id: message.id, template: 'staff_unmatched_mail' });
      expect(staffNotice).toEqual([expect.objectContaining({ to_address: ctx.config.staffEmail })]);

      const inbox = await staffAgent.get('/api/staff/inbound?limit=200');
      expect(inbox.status).toBe(200);
      expect(inbox.body.items.map((i: { id: number }) => i.id)).toContain(Number(message.id));

      const attach = await staffAgent
        .post(`/api/staff/inbound/${message.id}/attach`)
        .set('X-CSRF-Token', csrf)
        .send({ request: row.reference, reason: 'ticket number matches our letter' });
      expect(attach.status).toBe(200);
      expect(attach.body).toMatchObject({ request: { id: row.id, reference: row.reference }, threaded_by: 'staff' });
      const events = await ctx.db('events').where({ subject_type: 'request', subject_id: row.id }).orderBy('id');
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['inbound_attached', 'vendor_replied']));
      expect(events.find((e) => e.type === 'inbound_attached')).toMatchObject({
        actor_type: 'staff',
        actor_id: String(staff.id),
        reason: 'ticket number matches our letter',
      });
      const told = await ctx
        .db('outbound_emails')
        .where({ related_type: 'inbound_message', related_id: message.id })
        .whereIn('template', ['staff_vendor_replied', 'consumer_vendor_replied']);
      expect(told.map((t) => t.to_address).sort()).toEqual([ctx.config.staffEmail, requester.email].sort());

      const again = await staffAgent
        .post(`/api/staff/inbound/${message.id}/attach`)
        .set('X-CSRF-Token', csrf)
        .send({ request: row.reference });
      expect(again.status).toBe(409);
      const unknown = await staffAgent
        .post(`/api/staff/inbound/${message.id}/attach`)
        .set('X-CSRF-Token', csrf)
        .send({ request: 'not a request' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'request' })]);
    });

    test('when mail is addressed outside REPLY_DOMAIN, then it is refused at RCPT time with 550 and nothing is stored', async () => {
      const mail = vendorMail({ to: 'victim@elsewhere.example' });
      await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 550 });
      expect(await stored(mail.messageId!)).toBeUndefined();
    });
  });

  describe('a bounced letter stops the deadline', () => {
    const dsnFor = (letterId: string) =>
      [
        'From: MAILER-DAEMON@mx.sonos.example',
        `To: requests@${ctx.config.replyDomain}`,
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <${randomUUID()}@mx.sonos.example>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b9"',
        '',
        '--b9',
        'Content-Type: message/delivery-status',
        '',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
        '',
        '--b9',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${letterId}`,
        '--b9--',
        '',
      ].join('\r\n');

    async function sentWithDeadline(agentAccountId?: number) {
      const receivedAt = new Date();
      const { request: row, requester } = await createReceivedRequest(ctx.db, {
        receivedAt,
        clock: systemClock,
        columns: agentAccountId ? { agent_account_id: agentAccountId, filed_by: 'agent' } : {},
      });
      const { id: emailId, messageId: letterId } = await createSentLetterEmail(ctx.db, ctx.config, row.id, {
        to_address: 'gone@sonos.com',
        accepted_at: receivedAt,
      });
      await ctx.db('letters').insert({
        request_id: row.id,
        purpose: 'request',
        channel_type: 'email',
        channel_value: 'gone@sonos.com',
        template: 'access',
        subject: `Access request [${row.reference}]`,
        text_body: 'letter',
        html_body: '<p>letter</p>',
        pdf: Buffer.from('%PDF-1.4'),
        stated_due: '2026-12-31',
        outbound_email_id: emailId,
      });
      return { row, requester, letterId, emailId };
    }

    test('when the letter bounces after acceptance, then the request is dispatch_failed, every pending milestone is cancelled, and staff and the consumer are told', async () => {
      const { row, requester, letterId } = await sentWithDeadline();
      expect(
        await ctx.db('deadline_milestones').where({ request_id: row.id }).whereNull('cancelled_at'),
      ).not.toHaveLength(0);
      await transport.sendMail({
        envelope: { from: '', to: [`requests@${ctx.config.replyDomain}`] },
        raw: dsnFor(letterId),
      });
      expect(await ctx.db('requests').where({ id: row.id }).first()).toMatchObject({
        status: 'dispatch_failed',
        received_at: null,
        due_on: null,
      });
      expect(
        await ctx
          .db('deadline_milestones')
          .where({ request_id: row.id })
          .whereNull('cancelled_at')
          .whereNull('fired_at'),
      ).toHaveLength(0);
      expect(await ctx.db('request_deadlines').where({ request_id: row.id }).first()).toBeUndefined();
      expect(await ctx.db('events').where({ subject_id: row.id, type: 'deadline_voided' })).toHaveLength(1);
      const notices = await ctx.db('outbound_emails').where({ related_type: 'request_notice', related_id: row.id });
      expect(notices.map((n) => [n.template, n.to_address]).sort()).toEqual(
        [
          ['consumer_letter_returned', requester.email],
          ['staff_letter_returned', ctx.config.staffEmail],
        ].sort(),
      );
    });

    test("when an agent's letter bounces, then the agent is told", async () => {
      const agentAccount = await createAccountWithPassword(ctx.db, 'agent');
      const { row, letterId } = await sentWithDeadline(agentAccount.id);
      await transport.sendMail({
        envelope: { from: '', to: [`requests@${ctx.config.replyDomain}`] },
        raw: dsnFor(letterId),
      });
      const notices = await ctx
        .db('outbound_emails')
        .where({ related_type: 'request_notice', related_id: row.id, template: 'consumer_letter_returned' });
      expect(notices.map((n) => n.to_address)).toEqual([agentAccount.email]);
    });

    test('when the letter is resent after a bounce, then staff may resend, and the deadline starts again from the new receipt', async () => {
      const { row, letterId, emailId } = await sentWithDeadline();
      restarted.push(row.id);
      await transport.sendMail({
        envelope: { from: '', to: [`requests@${ctx.config.replyDomain}`] },
        raw: dsnFor(letterId),
      });
      const resend = await staffAgent
        .post(`/api/staff/requests/${row.id}/resend`)
        .set('X-CSRF-Token', csrf)
        .send({ reason: 'address fixed' });
      expect(resend.status).toBe(200);
      const newReceipt = new Date(Date.now() + 3 * 24 * 3600_000);
      await ctx.db.transaction((trx) =>
        onRequestEmailAccepted(trx, { config: ctx.config, clock: systemClock }, row.id, emailId, newReceipt),
      );
      const stored = await ctx.db('request_deadlines').where({ request_id: row.id }).first();
      expect(new Date(stored.received_at).toISOString()).toBe(newReceipt.toISOString());
      expect(stored.generation).toBe(2);
      const live = await ctx.db('deadline_milestones').where({ request_id: row.id }).whereNull('cancelled_at');
      expect(live.length).toBeGreaterThan(0);
      expect(live.every((m) => m.generation === 2)).toBe(true);
      expect(await ctx.db('requests').where({ id: row.id }).first()).toMatchObject({ status: 'sent' });
    });

    test('when staff add a new contact after a bounce, then a new letter goes to it and the deadline starts from its receipt', async () => {
      const { row, letterId } = await sentWithDeadline();
      restarted.push(row.id);
      await ctx.db('requests').where({ id: row.id }).update({ jurisdiction: 'US-CA' });
      await transport.sendMail({
        envelope: { from: '', to: [`requests@${ctx.config.replyDomain}`] },
        raw: dsnFor(letterId),
      });
      const newAddress = `privacy-${randomUUID().slice(0, 8)}@sonos.example`;
      const added = await staffAgent
        .post('/api/staff/vendors/sonos/channels')
        .set('X-CSRF-Token', csrf)
        .send({
          type: 'email',
          value: newAddress,
          source: 'https://www.sonos.com/legal/privacy',
          jurisdictions: ['US-CA'],
        });
      expect(added.status).toBe(201);
      expect(added.body.moved_to_dispatch).toContain(row.id);
      expect(await ctx.db('requests').where({ id: row.id }).first()).toMatchObject({
        status: 'ready_to_dispatch',
        channel_value: newAddress,
      });
      expect(await ctx.db('letters').where({ request_id: row.id }).pluck('purpose')).toEqual([
        expect.stringMatching(/^returned-\d+$/),
      ]);
      const outcome = await dispatchRequest(ctx.db, { config: ctx.config, clock: systemClock }, row.id);
      expect(outcome.kind).toBe('email_queued');
      const email = await ctx
        .db('outbound_emails')
        .where({ id: (outcome as { emailId: number }).emailId })
        .first();
      expect(email.to_address).toBe(newAddress);
      const receipt = new Date(Date.now() + 24 * 3600_000);
      await ctx.db.transaction((trx) =>
        onRequestEmailAccepted(trx, { config: ctx.config, clock: systemClock }, row.id, email.id, receipt),
      );
      const stored = await ctx.db('request_deadlines').where({ request_id: row.id }).first();
      expect(new Date(stored.received_at).toISOString()).toBe(receipt.toISOString());
      expect(stored.generation).toBe(2);
    });
  });
});
