import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import nodemailer, { type Transporter } from 'nodemailer';
import { startInboundReceiver } from '../../server/correspondence';
import type { Config } from '../../server/config';
import { startDeadline } from '../../server/deadlines';
import type { SmtpSink } from '../../server/mail';
import { systemClock, type Clock } from '../../server/shared/clock';
import { createReplyWorkflow } from '../../server/staff';
import { silentLogger, unique, uniqueEmail } from '../setup/context';
import { nextReference } from './requests';

/** A requester and a request to a seeded vendor, with a reference from the real sequence. */
export async function createRequestRow(db: Knex, options: { vendorSlug?: string; status?: string } = {}) {
  const vendor = await db('vendors')
    .where({ slug: options.vendorSlug ?? 'sonos' })
    .first('id', 'name');
  const [requester] = await db('requesters')
    .insert({ name: unique('Jane'), email: uniqueEmail('jane') })
    .returning('*');
  const [request] = await db('requests')
    .insert({
      reference: await nextReference(db),
      requester_id: requester.id,
      vendor_id: vendor.id,
      right: 'access',
      jurisdiction: 'US-CA',
      status: options.status ?? 'sent',
      channel_type: 'email',
      channel_value: 'privacy@sonos.com',
    })
    .returning('*');
  return { request, requester, vendor };
}

/**
 * A request the vendor received at `receivedAt`, its deadline started from then (as the SMTP acceptance of a letter,
 * or a recorded delivery, starts it). `columns` sets other columns of the request first (an assignee, the agent).
 */
export async function createReceivedRequest(
  db: Knex,
  options: { receivedAt: Date; clock: Clock; status?: string; columns?: Record<string, unknown> },
) {
  const created = await createRequestRow(db, { status: options.status });
  const { receivedAt, clock } = options;
  await db('requests')
    .where({ id: created.request.id })
    .update({ ...options.columns, received_at: receivedAt });
  await db.transaction((trx) => startDeadline(trx, { requestId: created.request.id, receivedAt, clock }));
  return created;
}

/** A request ready to dispatch to a vendor address of its own, so that a test's sink can tell its letter apart. */
export async function createReadyRequest(db: Knex) {
  const { request } = await createRequestRow(db, { status: 'ready_to_dispatch' });
  const vendorAddress = `privacy-${request.id}@sonos.test`;
  await db('requests').where({ id: request.id }).update({ channel_value: vendorAddress });
  return { id: request.id as number, vendorAddress };
}

/**
 * The stored email of a request's letter, as sent to the vendor (a reply or a bounce can then refer to its fresh
 * Message-ID). `columns` overrides any column (the recipient, `accepted_at`, ...).
 */
export async function createSentLetterEmail(
  db: Knex,
  config: Pick<Config, 'mailFrom' | 'replyDomain'>,
  requestId: number,
  columns: Record<string, unknown> = {},
): Promise<{ id: number; messageId: string }> {
  const messageId = `<${randomUUID()}@${config.replyDomain}>`;
  const [email] = await db('outbound_emails')
    .insert({
      template: 'access',
      from_address: config.mailFrom,
      to_address: 'privacy@sonos.com',
      subject: 's',
      text_body: 't',
      message_id: messageId,
      status: 'sent',
      related_type: 'request',
      related_id: requestId,
      ...columns,
    })
    .returning<{ id: number }[]>('id');
  if (!email) throw new Error('no email stored');
  return { id: email.id, messageId };
}

/**
 * The real inbound SMTP receiver on an ephemeral port, wired to the reply workflow as the worker wires it, and a
 * nodemailer transport that delivers to it (as a vendor's mail server would).
 */
export async function startInboundWithReplies(ctx: {
  db: Knex;
  config: Config;
}): Promise<{ receiver: SmtpSink; transport: Transporter; close(): Promise<void> }> {
  const receiver = await startInboundReceiver(
    {
      db: ctx.db,
      config: ctx.config,
      logger: silentLogger,
      clock: systemClock,
      replies: createReplyWorkflow({ config: ctx.config, clock: systemClock }),
    },
    0,
  );
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: receiver.port,
    secure: false,
    ignoreTLS: true,
  });
  return {
    receiver,
    transport,
    close: async () => {
      transport.close();
      await receiver.close();
    },
  };
}
