import { randomUUID } from 'node:crypto';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { replyAddressFor, startInboundReceiver } from '../../server/correspondence';
import { createDb } from '../../server/db';
import { createReplyWorkflow } from '../../server/staff';
import type { SmtpSink } from '../../server/mail';
import { fixedClock } from '../../server/shared/clock';
import { decrypt } from '../../server/shared/encryption';
import { createRequestRow, createSentLetterEmail } from '../factories/correspondence';
import { silentLogger, testConfig } from '../setup/context';

describe('inbound replies and bounces over SMTP', () => {
  const config = testConfig();
  const db = createDb(config.databaseUrl, 4, undefined, { queuePrefix: config.queuePrefix });
  let receiver: SmtpSink;
  let transport: Transporter;
  // The receiver's time is the injected clock's, never the machine's: an hour back, so it cannot pass by chance
  const receivedAt = new Date(Date.now() - 3_600_000);
  const clock = fixedClock(receivedAt);

  beforeAll(async () => {
    receiver = await startInboundReceiver(
      { db, config, logger: silentLogger, clock, replies: createReplyWorkflow({ config, clock }) },
      0,
    );
    transport = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    transport.close();
    await receiver.close();
    await db.destroy();
  });

  const vendorMail = (overrides: SendMailOptions) => ({
    from: 'privacy@sonos.com',
    to: 'someone@portal.localhost',
    subject: 'Your request',
    text: 'We have received your request and will answer within 30 days.',
    messageId: `<${randomUUID()}@vendor.example>`,
    ...overrides,
  });
  const storedByMessageId = (messageId: string) => db('inbound_messages').where({ message_id: messageId }).first();

  test('when a vendor answers to the request reply address, then the reply is threaded, and staff and consumer are told', async () => {
    const { request, requester } = await createRequestRow(db);
    const mail = vendorMail({ to: replyAddressFor(request.reference, config.appSecret, config.replyDomain) });
    await transport.sendMail(mail);
    const stored = await storedByMessageId(mail.messageId!);
    expect(stored).toMatchObject({
      request_id: request.id,
      kind: 'reply',
      threaded_by: 'reply_address',
      received_at: receivedAt,
    });
    expect(
      await db('events').where({ subject_type: 'request', subject_id: request.id, type: 'vendor_replied' }),
    ).toHaveLength(1);
    const notices = await db('outbound_emails').where({ related_type: 'inbound_message', related_id: stored.id });
    expect(notices.map((n) => n.to_address).sort()).toEqual([config.staffEmail, requester.email].sort());
    expect(notices.every((n) => n.subject.includes(request.reference))).toBe(true);
  });

  test('when a reply address has a forged tag, then nothing is threaded by it', async () => {
    const { request } = await createRequestRow(db);
    const mail = vendorMail({ to: `reply+${request.reference.toLowerCase()}.000000000000@${config.replyDomain}` });
    await transport.sendMail(mail);
    expect(await storedByMessageId(mail.messageId!)).toMatchObject({ request_id: null, kind: 'reply' });
  });

  test('when a reply carries In-Reply-To of our letter, then it threads by it', async () => {
    const { request } = await createRequestRow(db);
    const { messageId: letterId } = await createSentLetterEmail(db, config, request.id);
    const mail = vendorMail({ inReplyTo: letterId, references: [letterId] });
    await transport.sendMail(mail);
    expect(await storedByMessageId(mail.messageId!)).toMatchObject({
      request_id: request.id,
      threaded_by: 'in_reply_to',
    });
  });

  test('when only the subject quotes the reference, then it threads by the subject', async () => {
    const { request } = await createRequestRow(db);
    const mail = vendorMail({ subject: `RE: Request to access personal information [${request.reference}]` });
    await transport.sendMail(mail);
    expect(await storedByMessageId(mail.messageId!)).toMatchObject({
      request_id: request.id,
      threaded_by: 'subject_reference',
    });
  });

  test('when nothing matches, then the message is kept unthreaded for staff', async () => {
    const mail = vendorMail({ subject: 'Newsletter' });
    await transport.sendMail(mail);
    expect(await storedByMessageId(mail.messageId!)).toMatchObject({
      request_id: null,
      kind: 'reply',
      threaded_by: null,
    });
  });

  test('when the same message is delivered twice, then it is stored once', async () => {
    const { request } = await createRequestRow(db);
    const mail = vendorMail({ subject: `Re: ${request.reference}` });
    await transport.sendMail(mail);
    await transport.sendMail(mail);
    expect(await db('inbound_messages').where({ message_id: mail.messageId })).toHaveLength(1);
    expect(await db('events').where({ subject_id: request.id, type: 'vendor_replied' })).toHaveLength(1);
  });

  test('when a reply has an attachment, then it is stored encrypted and opens to the same bytes', async () => {
    const { request } = await createRequestRow(db);
    const content = Buffer.from('Your data export: name, email, listening history');
    const mail = vendorMail({
      subject: `Re: ${request.reference}`,
      attachments: [{ filename: 'export.txt', content, contentType: 'text/plain' }],
    });
    await transport.sendMail(mail);
    const stored = await storedByMessageId(mail.messageId!);
    const [attachment] = await db('inbound_attachments').where({ inbound_message_id: stored.id });
    expect(attachment).toMatchObject({ filename: 'export.txt', size_bytes: content.length });
    expect(Buffer.from(attachment.sealed_content).includes(content)).toBe(false);
    expect(decrypt(config.appSecret, 'reply-attachment', attachment.sealed_content)).toEqual(content);
  });

  test('when the vendor server bounces our letter, then the dispatch is marked failed on the request', async () => {
    const { request } = await createRequestRow(db);
    const { id: letterEmailId, messageId: letterId } = await createSentLetterEmail(db, config, request.id, {
      to_address: 'gone@sonos.com',
    });
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.sonos.example>',
      'To: requests@portal.localhost',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${randomUUID()}@mx.sonos.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.sonos.example',
      '',
      'Final-Recipient: rfc822; gone@sonos.com',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${letterId}`,
      'Subject: s',
      '--b1--',
      '',
    ].join('\r\n');
    await transport.sendMail({ envelope: { from: '', to: ['requests@portal.localhost'] }, raw: dsn });
    expect(await db('outbound_emails').where({ id: letterEmailId }).first()).toMatchObject({
      status: 'failed',
      last_error: expect.stringContaining('550'),
    });
    expect(await db('requests').where({ id: request.id }).first()).toMatchObject({ status: 'dispatch_failed' });
    const failed = await db('events').where({
      subject_type: 'request',
      subject_id: request.id,
      type: 'dispatch_failed',
    });
    expect(failed.map((e) => e.occurred_at)).toEqual([receivedAt]);
  });

  test('when a bounce arrives for a request the vendor already answered, then the request stays as it is', async () => {
    const { request } = await createRequestRow(db, { status: 'completed' });
    const { messageId: letterId } = await createSentLetterEmail(db, config, request.id);
    const dsn = [
      'From: MAILER-DAEMON@mx.sonos.example',
      'To: requests@portal.localhost',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${randomUUID()}@mx.sonos.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b2"',
      '',
      '--b2',
      'Content-Type: message/delivery-status',
      '',
      'Status: 5.2.2',
      '',
      '--b2',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${letterId}`,
      '--b2--',
      '',
    ].join('\r\n');
    await transport.sendMail({ envelope: { from: '', to: ['requests@portal.localhost'] }, raw: dsn });
    expect(await db('requests').where({ id: request.id }).first()).toMatchObject({ status: 'completed' });
    expect(await db('events').where({ subject_id: request.id, type: 'dispatch_failed' })).toHaveLength(0);
  });

  test('when malformed mail arrives, then it is stored and the receiver keeps working', async () => {
    const junk = Buffer.concat([
      Buffer.from('Subject: =?broken?=\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n'),
      Buffer.from([0xff, 0xfe, 0x00, 0x41]),
    ]);
    await transport.sendMail({ envelope: { from: 'x@y.example', to: ['requests@portal.localhost'] }, raw: junk });
    const followUp = vendorMail({ subject: 'still alive' });
    await transport.sendMail(followUp);
    expect(await storedByMessageId(followUp.messageId!)).toMatchObject({ kind: 'reply', subject: 'still alive' });
    const junkRow = await db('inbound_messages').where({ from_address: 'x@y.example' }).orderBy('id', 'desc').first();
    expect(junkRow).toMatchObject({
      kind: 'reply',
      request_id: null,
      envelope_to: ['requests@portal.localhost'],
      received_at: receivedAt,
    });
  });

  test('when a message is over 25 MB, then the receiver refuses it with 552 and stores nothing', async () => {
    const mail = vendorMail({ attachments: [{ filename: 'big.bin', content: Buffer.alloc(26 * 1024 * 1024, 1) }] });
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 552 });
    expect(await storedByMessageId(mail.messageId!)).toBeUndefined();
  });
});
