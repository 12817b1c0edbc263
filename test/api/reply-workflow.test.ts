import { randomUUID } from 'node:crypto';
import type { SendMailOptions, Transporter } from 'nodemailer';
import request from 'supertest';
import { dispatchRequest, onRequestEmailAccepted, replyAddressFor } from '../../server/correspondence';
import { systemClock } from '../../server/shared/clock';
import { createAccountWithPassword, signIn } from '../factories/accounts';
import { startInboundWithReplies } from '../factories/correspondence';
import { createIntakeContext, intakeBody, submitAndVerify } from '../factories/intake';
import { type TestContext } from '../setup/context';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

/**
 * Issue 20: what the portal does with a classified vendor reply. Every reply goes through the real inbound SMTP
 * receiver; the staff and consumer sides through the API.
 */
describe('classified vendor replies: proposals, one-click confirmation, automatic application, the consumer told', () => {
  let ctx: TestContext;
  let transport: Transporter;
  let closeInbound: () => Promise<void>;
  let staffAgent: Agent;
  let csrf: string;
  const started: number[] = [];

  beforeAll(async () => {
    ctx = createIntakeContext();
    ({ transport, close: closeInbound } = await startInboundWithReplies(ctx));
    const staff = await createAccountWithPassword(ctx.db, 'staff');
    ({ agent: staffAgent, csrf } = await signIn(ctx.app, staff.email));
  });
  afterAll(async () => {
    // the clocks started here run against the real date: leave no milestone for another file's sweep to fire
    if (started.length)
      await ctx
        .db('deadline_milestones')
        .whereIn('request_id', started)
        .whereNull('fired_at')
        .whereNull('cancelled_at')
        .update({ cancelled_at: new Date() });
    await closeInbound();
    await ctx.close();
  });

  /** A verified consumer request whose letter the vendor accepted `daysAgo` days ago: sent, its deadline running. */
  async function sentRequest(jurisdiction = 'US-CA', daysAgo = 3) {
    const filed = await submitAndVerify(ctx, intakeBody({ jurisdiction }));
    const mine = filed.verified.requests[0]!;
    const outcome = await dispatchRequest(ctx.db, { config: ctx.config, clock: systemClock }, mine.id);
    if (outcome.kind !== 'email_queued') throw new Error(`dispatch answered ${outcome.kind}`);
    const receipt = new Date(Date.now() - daysAgo * 86_400_000);
    await ctx.db.transaction((trx) =>
      onRequestEmailAccepted(trx, { config: ctx.config, clock: systemClock }, mine.id, outcome.emailId, receipt),
    );
    started.push(mine.id);
    return {
      id: mine.id,
      reference: mine.reference,
      token: filed.verified.access.token,
      email: filed.body.requester.email,
    };
  }

  async function vendorReplies(reference: string, mail: Partial<SendMailOptions>) {
    const messageId = `<${randomUUID()}@sonos.example>`;
    await transport.sendMail({
      from: 'Sonos Privacy <privacy@sonos.com>',
      to: replyAddressFor(reference, ctx.config.appSecret, ctx.config.replyDomain),
      subject: `RE: Your data request [${reference}]`,
      messageId,
      ...mail,
    });
    const message = await ctx.db('inbound_messages').where({ message_id: messageId }).first('id');
    return ctx.db('reply_classifications').where({ inbound_message_id: message.id }).first();
  }

  const ASKS_FOR_ID = [
    'Hello,',
    '',
    'Thank you for contacting Sonos about your personal data.',
    'To verify your identity, please provide a copy of your government-issued ID (passport or driving licence) by replying to this email.',
    'We will continue processing your request once we have received it.',
    '',
    'Kind regards,',
    'Sonos Privacy Team',
  ].join('\n');

  const setAutoApply = (cls: string, auto: boolean, min = 0.6) =>
    staffAgent
      .put(`/api/staff/reply-settings/${cls}`)
      .set('X-CSRF-Token', csrf)
      .send({ auto_apply: auto, min_confidence: min });

  test('when Sonos asks for proof of identity and staff confirm the proposal, then the request awaits the consumer, the UK clock pauses, and the consumer is told how to answer', async () => {
    const r = await sentRequest('GB');
    const classified = await vendorReplies(r.reference, { text: ASKS_FOR_ID });
    expect(classified).toMatchObject({
      request_id: r.id,
      class: 'information_requested',
      proposed_action: 'needs_information',
      status: 'proposed',
    });
    expect(classified.evidence.length).toBeGreaterThan(0);
    expect(classified.proposal).toMatchObject({ outcome: 'needs_information', pauses_clock: true });
    // nothing happened to the request yet: staff decide
    expect((await ctx.db('requests').where({ id: r.id }).first()).status).toBe('sent');

    const detail = await staffAgent.get(`/api/staff/requests/${r.id}`);
    expect(detail.body.reply_classifications[0]).toMatchObject({ id: Number(classified.id), status: 'proposed' });
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['vendor_replied', 'reply_classified']),
    );
    const queue = await staffAgent.get('/api/staff/reply-proposals');
    expect(queue.body.items.map((i: { id: number }) => i.id)).toContain(Number(classified.id));

    const confirmed = await staffAgent
      .post(`/api/staff/reply-proposals/${classified.id}/confirm`)
      .set('X-CSRF-Token', csrf)
      .send({});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'applied', action: 'needs_information' });

    expect((await ctx.db('requests').where({ id: r.id }).first()).status).toBe('awaiting_information');
    expect((await ctx.db('request_deadlines').where({ request_id: r.id }).first()).paused_since).not.toBeNull();
    const events = await ctx.db('events').where({ subject_type: 'request', subject_id: r.id }).orderBy('id');
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['vendor_response_recorded', 'deadline_paused', 'reply_proposal_applied']),
    );
    const mail = await ctx
      .db('outbound_emails')
      .where({ related_type: 'request_notice', related_id: r.id, template: 'consumer_reply_explained' })
      .first();
    expect(mail.to_address).toBe(r.email);
    expect(mail.subject).toContain('Sonos, Inc. asked for proof of identity');
    expect(mail.text_body).toContain('a copy of a government-issued ID');
    expect(mail.text_body).toContain(`${ctx.config.publicUrl}/requests/${r.reference}#answer-${r.id}`);
    // the generic "the company replied" summary is not sent a second time
    expect(
      await ctx
        .db('outbound_emails')
        .where({ related_type: 'request_notice', related_id: r.id, template: 'consumer_vendor_replied' }),
    ).toHaveLength(0);

    const status = await request(ctx.app).get(`/api/requests/${r.id}`).set('Authorization', `Bearer ${r.token}`);
    expect(status.body.status).toBe('awaiting_information');
    expect(status.body.allowed_actions).toContain('answer');
    expect(status.body.reply_notices[0]).toMatchObject({ headline: 'Sonos, Inc. asked for proof of identity' });
    // and the answer form the link points to works: the answer goes back and the clock runs again
    const answered = await request(ctx.app)
      .post(`/api/requests/${r.id}/answer`)
      .set('Authorization', `Bearer ${r.token}`)
      .field('text', 'Attached is my passport.');
    expect(answered.status).toBe(201);
    expect((await ctx.db('request_deadlines').where({ request_id: r.id }).first()).paused_since).toBeNull();

    const again = await staffAgent
      .post(`/api/staff/reply-proposals/${classified.id}/confirm`)
      .set('X-CSRF-Token', csrf)
      .send({});
    expect(again.status).toBe(409);
  });

  test('when information requests are set to apply automatically, then a confident one moves the request at once, marked auto-applied by the portal', async () => {
    expect((await setAutoApply('information_requested', true)).status).toBe(200);
    try {
      const r = await sentRequest('US-CA');
      const classified = await vendorReplies(r.reference, { text: ASKS_FOR_ID });
      expect(classified.status).toBe('auto_applied');
      expect(classified.decided_by).toBeNull();
      expect((await ctx.db('requests').where({ id: r.id }).first()).status).toBe('awaiting_information');
      // California does not stop the clock while the company waits
      expect((await ctx.db('request_deadlines').where({ request_id: r.id }).first()).paused_since).toBeNull();
      const auto = await ctx
        .db('events')
        .where({ subject_type: 'request', subject_id: r.id, type: 'reply_proposal_auto_applied' })
        .first();
      expect(auto).toMatchObject({ actor_type: 'system' });
      const moved = await ctx
        .db('events')
        .where({ subject_type: 'request', subject_id: r.id, type: 'vendor_response_recorded' })
        .first();
      expect(moved.actor_type).toBe('system');
      const listed = await staffAgent.get('/api/staff/reply-proposals?status=auto_applied');
      expect(listed.body.items.map((i: { id: number }) => i.id)).toContain(Number(classified.id));
    } finally {
      await setAutoApply('information_requested', false, 0.9);
    }
  });

  test('when the vendor answers "use our web form", then the form URL waits for review as a channel report and is not a channel until staff confirm it', async () => {
    const r = await sentRequest('US-CA');
    const form = `https://www.sonos.com/en-us/privacy-request-${randomUUID().slice(0, 8)}`;
    const classified = await vendorReplies(r.reference, {
      text: `Hello,\n\nWe cannot process requests sent by email. Please use our web form at ${form} to submit your request.\n\nSonos Privacy`,
    });
    expect(classified).toMatchObject({ class: 'wrong_channel', proposed_action: 'channel_review' });
    // reports only create review tasks, so they apply themselves by default
    expect(classified.status).toBe('auto_applied');
    const reports = await staffAgent.get('/api/staff/channel-reports?vendor=sonos');
    const report = reports.body.items.find((i: { proposed: { value: string } | null }) => i.proposed?.value === form);
    expect(report).toMatchObject({ kind: 'wrong_channel', status: 'open', request_id: r.id });
    expect(report.flagged).toMatchObject({ type: 'email' });
    expect(await ctx.db('vendor_channels').where({ value: form })).toHaveLength(0);
    const publicProfile = await request(ctx.app).get('/api/vendors/sonos');
    expect(JSON.stringify(publicProfile.body)).not.toContain(form);

    const confirmed = await staffAgent
      .post(`/api/staff/channel-reports/${report.id}/confirm`)
      .set('X-CSRF-Token', csrf)
      .send({});
    expect(confirmed.status).toBe(200);
    const channel = await ctx.db('vendor_channels').where({ value: form }).first();
    expect(channel).toMatchObject({ type: 'webform', source_kind: 'note' });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', vendor_channel_id: Number(channel.id) });
  });

  test('when the vendor announces an extension beyond the law’s limit, then the proposal is flagged, never applied automatically, and confirming records it as refused', async () => {
    expect((await setAutoApply('extension', true)).status).toBe(200);
    try {
      const r = await sentRequest('US-CA');
      const classified = await vendorReplies(r.reference, {
        text: 'Dear customer,\n\nDue to the complexity of your request we are extending the response period by 90 days.\n\nRegards, Sonos',
      });
      expect(classified).toMatchObject({ class: 'extension', proposed_action: 'extension', status: 'proposed' });
      expect(classified.legal_issue).toMatch(/beyond the maximum/);
      const confirmed = await staffAgent
        .post(`/api/staff/reply-proposals/${classified.id}/confirm`)
        .set('X-CSRF-Token', csrf)
        .send({});
      expect(confirmed.status).toBe(422);
      const after = await ctx.db('reply_classifications').where({ id: classified.id }).first();
      expect(after.status).toBe('proposed');
      expect(after.apply_error).toMatch(/beyond the maximum/);
      expect(
        await ctx.db('events').where({ subject_type: 'request', subject_id: r.id, type: 'extension_refused' }),
      ).toHaveLength(1);
      expect((await ctx.db('requests').where({ id: r.id }).first()).status).toBe('sent');
    } finally {
      await setAutoApply('extension', false, 0.9);
    }
  });

  test('when the vendor announces a lawful extension and staff confirm it, then the deadline moves by the days given and the consumer gets the new date', async () => {
    const r = await sentRequest('US-CA');
    const before = await ctx.db('request_deadlines').where({ request_id: r.id }).first();
    const classified = await vendorReplies(r.reference, {
      text: 'Dear customer,\n\nWe need more time: we are extending the response period by 30 days, as the law permits, because of the number of requests we received.\n\nSonos Privacy',
    });
    expect(classified).toMatchObject({ class: 'extension', status: 'proposed', legal_issue: null });
    const confirmed = await staffAgent
      .post(`/api/staff/reply-proposals/${classified.id}/confirm`)
      .set('X-CSRF-Token', csrf)
      .send({});
    expect(confirmed.status).toBe(200);
    const after = await ctx.db('request_deadlines').where({ request_id: r.id }).first();
    // "by 30 days" counts from the date that counted when the notice came (here Sonos's own 30-day promise)
    const expected = new Date(Date.parse(`${before.effective_due}T00:00:00Z`) + 30 * 86_400_000).toISOString();
    expect(after.effective_due).toBe(expected.slice(0, 10));
    expect(classified.proposal.notice_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await ctx.db('requests').where({ id: r.id }).first()).status).toBe('extended');
    const notice = await ctx
      .db('outbound_emails')
      .where({ related_type: 'request_notice', related_id: r.id, template: 'consumer_extension_announced' })
      .first();
    expect(notice.to_address).toBe(r.email);
  });

  test('when the vendor refuses under a law with an appeal, then confirming records the denial with its reason and the consumer is told the reason and how to appeal', async () => {
    const r = await sentRequest('US-VA');
    const classified = await vendorReplies(r.reference, {
      text: 'Hello,\n\nWe were unable to verify your identity with the information provided, so we must deny your request.\n\nSonos Privacy',
    });
    expect(classified).toMatchObject({ class: 'denied', proposed_action: 'denied', status: 'proposed' });
    expect(classified.proposal.appeal).toMatchObject({ kind: 'appeal' });
    const confirmed = await staffAgent
      .post(`/api/staff/reply-proposals/${classified.id}/confirm`)
      .set('X-CSRF-Token', csrf)
      .send({});
    expect(confirmed.status).toBe(200);
    expect(await ctx.db('requests').where({ id: r.id }).first()).toMatchObject({ status: 'denied', outcome: 'denied' });
    const mail = await ctx
      .db('outbound_emails')
      .where({ related_type: 'request_notice', related_id: r.id, template: 'consumer_reply_explained' })
      .first();
    expect(mail.subject).toContain('refused your request');
    expect(mail.text_body).toContain('Reason given:');
    expect(mail.text_body).toMatch(/appeal/);
  });

  test('when the letter bounces, then the channel it went to is flagged for research and the request shows the failure', async () => {
    const r = await sentRequest('US-CA');
    const letter = await ctx
      .db('outbound_emails')
      .where({ related_type: 'request', related_id: r.id })
      .first('message_id', 'to_address');
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.sonos.example>',
      `To: requests@${ctx.config.replyDomain}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${randomUUID()}@mx.sonos.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'This is the mail system. Your message could not be delivered to one or more recipients.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.sonos.example',
      '',
      `Final-Recipient: rfc822; ${letter.to_address}`,
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${letter.message_id}`,
      'Subject: Request',
      '--b1--',
      '',
    ].join('\r\n');
    await transport.sendMail({ envelope: { from: '', to: [`requests@${ctx.config.replyDomain}`] }, raw: dsn });
    expect((await ctx.db('requests').where({ id: r.id }).first()).status).toBe('dispatch_failed');
    const classified = await ctx.db('reply_classifications').where({ request_id: r.id }).first();
    expect(classified).toMatchObject({ class: 'bounce', proposed_action: 'channel_flag', status: 'auto_applied' });
    // the report this bounce opened, or the open one another bounce from the same address already opened (one per
    // vendor and address): the applied proposal's event names it
    const applied = await ctx
      .db('events')
      .where({ subject_type: 'request', subject_id: r.id, type: 'reply_proposal_auto_applied' })
      .first('data');
    const report = await ctx.db('vendor_channel_reports').where({ id: applied.data.vendor_channel_report_id }).first();
    expect(report).toMatchObject({ kind: 'bounce', status: 'open', channel_value: letter.to_address });
    // a bounce report needs the replacement staff researched
    const bare = await staffAgent
      .post(`/api/staff/channel-reports/${report.id}/confirm`)
      .set('X-CSRF-Token', csrf)
      .send({});
    expect(bare.status).toBe(422);
    expect(bare.body.errors[0].field).toBe('channel');
  });

  test('when staff dismiss a proposal, then the request stays as it was and the dismissal is on the timeline', async () => {
    const r = await sentRequest('US-CA');
    const classified = await vendorReplies(r.reference, { text: ASKS_FOR_ID });
    const dismissed = await staffAgent
      .post(`/api/staff/reply-proposals/${classified.id}/dismiss`)
      .set('X-CSRF-Token', csrf)
      .send({ reason: 'They asked the wrong person' });
    expect(dismissed.status).toBe(200);
    expect((await ctx.db('requests').where({ id: r.id }).first()).status).toBe('sent');
    const event = await ctx
      .db('events')
      .where({ subject_type: 'request', subject_id: r.id, type: 'reply_proposal_dismissed' })
      .first();
    expect(event).toMatchObject({ actor_type: 'staff', reason: 'They asked the wrong person' });
  });

  test('when a message matches no request, then its classification is kept without a proposal, and attaching it proposes for that request', async () => {
    const r = await sentRequest('US-CA');
    const messageId = `<${randomUUID()}@sonos.example>`;
    await transport.sendMail({
      from: 'privacy@sonos.com',
      to: `privacy-desk@${ctx.config.replyDomain}`,
      subject: 'Ticket #48213: your privacy request',
      text: ASKS_FOR_ID,
      messageId,
    });
    const message = await ctx.db('inbound_messages').where({ message_id: messageId }).first('id');
    const kept = await ctx.db('reply_classifications').where({ inbound_message_id: message.id }).first();
    expect(kept).toMatchObject({ request_id: null, class: 'information_requested', status: 'no_action' });
    const attached = await staffAgent
      .post(`/api/staff/inbound/${message.id}/attach`)
      .set('X-CSRF-Token', csrf)
      .send({ request: r.reference });
    expect(attached.status).toBe(200);
    const now = await ctx.db('reply_classifications').where({ id: kept.id }).first();
    expect(now).toMatchObject({ request_id: r.id, status: 'proposed', proposed_action: 'needs_information' });
  });

  test('when the settings are changed with a bad threshold or class, then the answer is a 422 naming the field', async () => {
    const bad = await staffAgent
      .put('/api/staff/reply-settings/information_requested')
      .set('X-CSRF-Token', csrf)
      .send({ auto_apply: true, min_confidence: 0.2 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('min_confidence');
    const unknown = await staffAgent
      .put('/api/staff/reply-settings/acknowledgement')
      .set('X-CSRF-Token', csrf)
      .send({ auto_apply: true, min_confidence: 0.9 });
    expect(unknown.status).toBe(422);
    const listed = await staffAgent.get('/api/staff/reply-settings');
    expect(listed.body.items.map((i: { class: string }) => i.class)).toEqual(
      expect.arrayContaining(['information_requested', 'wrong_channel', 'bounce']),
    );
  });
});
